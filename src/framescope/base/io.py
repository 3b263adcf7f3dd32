"""Reading and writing result files: sorted, deterministic and atomic.

Every file is written under a temporary name in the same folder (".NAME.XXXX.tmp"),
flushed to disk and moved into place, so a killed job never leaves a file that looks
complete. A temporary file a killed job left behind is removed the next time the same
file is written.
"""

from __future__ import annotations

import contextlib
import glob
import io
import pickle
import json
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from framescope.base.tables import TABLES


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike):
    """Yield a temporary path beside `path`; move it onto `path` only on success.

    The file gets the permissions of a file created normally (mkstemp's are
    owner-only), and is flushed to disk before the move.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in glob.glob(os.path.join(glob.escape(str(path.parent)), f".{glob.escape(path.name)}.*.tmp")):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(stale)  # left by a job that was killed while writing this file
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_UMASK)
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_text(path, text: str) -> None:
    with atomic_path(path) as tmp:
        Path(tmp).write_text(text, encoding="utf-8")


def write_json(path, obj) -> None:
    write_text(path, json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n")


def empty_table(name: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in TABLES[name][0]})


def conform(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """Put the table's named columns first (adding missing ones) and sort by its keys."""
    cols, keys = TABLES[name]
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ValueError(f"table {name!r} lacks columns {missing}")
    extra = [c for c in df.columns if c not in cols]
    df = df[cols + extra]
    if len(df):
        df = df.sort_values(keys, kind="stable")
    return df.reset_index(drop=True)


# Shard files are read once, by collect, and decoding zstd was a third of its time there:
# LZ4 decodes about 3x faster, for 7% more bytes (sentence frames) to 60% (article texts).
# Corpus tables, the ones people keep and share, stay zstd.
SHARD_COMPRESSION = "lz4"


# Articles per row group of a corpus table keyed by article. Row groups follow article ids,
# never the shards, so the file's bytes do not depend on the shard count; a reader can take
# one row group at a time (whole articles) or skip row groups by their article_id statistics.
ARTICLES_PER_ROW_GROUP = 2048


@contextlib.contextmanager
def corpus_writer(path, schema: pa.Schema):
    """A Parquet writer for a corpus table keyed by article: zstd, article_id statistics.

    Each ``write_table(t, row_group_size=max(1, t.num_rows))`` call writes one row group.
    """
    with atomic_path(path) as tmp, pq.ParquetWriter(tmp, schema, compression="zstd",
                                                     write_statistics=["article_id"]) as writer:
        yield writer


def write_by_article(table: pa.Table, path) -> None:
    """Write a table sorted by article_id as collect writes corpus tables: row groups of
    :data:`ARTICLES_PER_ROW_GROUP` whole articles, with article_id statistics."""
    ids = table["article_id"].combine_chunks() if table.num_rows else None
    starts = [0]
    if ids is not None and len(ids) > 1:
        changed = pc.not_equal(ids.slice(1), ids.slice(0, len(ids) - 1)).fill_null(True)
        starts += (np.flatnonzero(changed.to_numpy(zero_copy_only=False)) + 1).tolist()
    bounds = starts[::ARTICLES_PER_ROW_GROUP] + [table.num_rows]
    with corpus_writer(path, table.schema) as writer:
        for lo, hi in zip(bounds, bounds[1:]):
            group = table.slice(lo, hi - lo)
            writer.write_table(group, row_group_size=max(1, group.num_rows))
        if not table.num_rows:
            writer.write_table(table)


def write_table(df: pd.DataFrame, path, name: str | None = None, compression: str = "zstd",
                by_article: bool = False) -> None:
    """Write a table as Parquet, sorted by its keys when `name` is a known table.

    The bytes depend only on the rows: no timestamps, no pandas index, fixed
    compression (zstd unless told; :data:`SHARD_COMPRESSION` for shard files), one row
    group; or, `by_article`, the row groups of whole articles of :func:`write_by_article`.
    """
    if name is not None:
        df = conform(df, name)
    table = pa.Table.from_pandas(df, preserve_index=False)
    # Drop the pandas schema blob: it carries the pandas version and column dtypes,
    # nothing the reader needs that the Arrow schema does not already say.
    table = table.replace_schema_metadata(None)
    if by_article:
        write_by_article(table, path)
        return
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression=compression, row_group_size=max(1, len(df)), write_statistics=False)


def arrow_columns(data: pd.DataFrame | pa.Table, names: list[str], what: str, hint: str = "") -> pa.Table:
    """The columns `names` of a DataFrame or an Arrow table, as an Arrow table.

    Raises ValueError naming the missing ones ("`what` lacks column(s) [...]" and `hint`).
    """
    present = data.column_names if isinstance(data, pa.Table) else list(data.columns)
    missing = [c for c in names if c not in present]
    if missing:
        raise ValueError(f"{what} lacks column(s) {missing}{hint}")
    if isinstance(data, pa.Table):
        return data.select(names)
    return pa.Table.from_pandas(data[names], preserve_index=False)


def sort_arrow(table: pa.Table, keys) -> pa.Table:
    """``table.sort_by([(key, "ascending"), ...])``, the same rows in the same order, faster.

    Arrow compares strings key by key, row pair by row pair; here each string key is first
    replaced by its rank among the key's distinct values (which sort the same way), so the
    sort compares integers only: 35-40% less time on a corpus table's row group of 870,000
    sentence x frame rows. Ties keep their order (both sorts are stable); nulls go last.
    """
    ranked = {}
    for key in keys:
        column = table[key]
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            values = pc.unique(column)
            column = pc.index_in(column, value_set=values.take(pc.sort_indices(values)))
        ranked[key] = column
    return table.take(pc.sort_indices(pa.table(ranked), sort_keys=[(k, "ascending") for k in keys]))


def write_arrow(table: pa.Table, path, name: str | None = None, compression: str = "zstd") -> None:
    """Write an Arrow table like :func:`write_table`, sorting by the table's keys."""
    if name is not None and table.num_rows:
        table = sort_arrow(table, TABLES[name][1])
    table = table.replace_schema_metadata(None)
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression=compression, row_group_size=max(1, table.num_rows),
                       write_statistics=False)


def read_table(path, columns=None, filters=None) -> pd.DataFrame:
    """A Parquet table as a frame; `filters` (pyarrow's, e.g. ``[("article_id", "in", ids)]``) keep the
    matching rows, in file order, and only they become pandas objects. Corpus tables keyed by article
    come in row groups of whole articles with article_id statistics (framescope collect), so a filter
    on article_id skips the others; shard files are one row group and are read whole."""
    return pq.read_table(path, columns=columns, filters=filters).to_pandas()


def read_tables(paths, columns=None) -> pd.DataFrame:
    """Concatenate several shard files of one table, in the order given."""
    frames = [read_table(p, columns=columns) for p in paths]
    frames = [f for f in frames if len(f.columns)]
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True)


def save_model(model, path) -> str:
    """Pickle a fitted model and record its sha256 beside it (`<path>.sha256`).

    Returns the hex digest. :func:`load_model` refuses a file whose digest differs.
    """
    import hashlib

    blob = pickle.dumps(model, protocol=5)
    digest = hashlib.sha256(blob).hexdigest()
    with atomic_path(path) as tmp:
        Path(tmp).write_bytes(blob)
    write_text(f"{path}.sha256", f"{digest}  {Path(path).name}\n")
    return digest


class ModelIntegrityError(RuntimeError):
    pass


def recorded_sha256(path) -> str:
    """The sha256 :func:`save_model` recorded for the model at `path` (checked by :func:`load_model`)."""
    record = Path(f"{path}.sha256")
    if not record.exists():
        raise ModelIntegrityError(f"{path}: no {record.name} beside it; retrain the model (snakemake ... --forcerun)")
    return record.read_text().split()[0]


def load_model(path):
    """Load a model saved by :func:`save_model`, after checking its recorded sha256."""
    import hashlib

    path = Path(path)
    expected = recorded_sha256(path)
    blob = path.read_bytes()
    actual = hashlib.sha256(blob).hexdigest()
    if actual != expected:
        raise ModelIntegrityError(
            f"{path}: sha256 {actual} does not match the {expected} recorded when it was trained; "
            "the file was changed or corrupted, so it is not loaded. Delete it and rerun the workflow."
        )
    try:
        return _ModelUnpickler(io.BytesIO(blob)).load()
    except (ImportError, AttributeError) as err:
        raise ModelIntegrityError(
            f"{path}: written by a framescope whose classes this one does not have ({err}); "
            "retrain it: delete the model folder and rerun the workflow (or its train rule)."
        ) from None


#: Where the classes that model files pickle live now, by the module framescope kept them in
#: before its modules moved into subpackages (December 2026): models trained before still load.
MOVED_MODULES = {
    "framescope.frames": ("framescope.frames.classifier", "framescope.frames.embeddings"),
    "framescope.textvec": ("framescope.text.vectorize",),
    "framescope.sentiment": ("framescope.sentiment.model",),
    "framescope.target_sentiment": ("framescope.sentiment.target",),
}


class _ModelUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        for moved in MOVED_MODULES.get(module, ()):
            try:
                return super().find_class(moved, name)
            except (ImportError, AttributeError):
                continue
        return super().find_class(module, name)

"""Corpus tables: the shards of each stage put together, sorted, with the ingest manifest.

Duplicates are found here, across shards: exact ones (the same clean text under another
id) and near ones (the same wire story with a different top or tail: most word shingles
shared, found by LSH over the MinHash signatures each ingest shard wrote; see
:mod:`framescope.corpus.duplicates`). Of each group the article with the smallest id is kept;
the others are marked `duplicate` with the id they repeat and their similarity to it.
Unless the config says to keep them, duplicates are left out of the corpus tables of
later stages (their shard results remain under results/<stage>/).

Outlet names that differ only in case are made one here too, over the whole corpus
(:func:`framescope.corpus.fields.canonical_outlets`), so the choice does not depend on
how the corpus was sharded; each article whose outlet was rewritten gets a note.
"""

from __future__ import annotations

import bisect
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from framescope.corpus.duplicates import find_duplicates, signature_matrix
from framescope.corpus.fields import canonical_outlets, outlet_note
from framescope.base import io
from framescope.base.io import corpus_writer, sort_arrow, write_arrow, write_table
from framescope.base.tables import TABLES
from framescope.base.logs import Progress, log

import pandas as pd

MANIFEST_COLUMNS = ["source", "article_id", "status", "reason", "duplicate_of", "similarity", "encoding", "notes"]


def _concat(paths, columns=None) -> pa.Table | None:
    tables = [pq.read_table(p, columns=columns) for p in paths]
    tables = [t for t in tables if t.num_rows]
    if not tables:
        return None
    return pa.concat_tables(tables, promote_options="permissive")


def _write(paths, out: Path, name: str, drop_ids=None, transform=None) -> int:
    """Put one table's shard files together in `out`/`name`.parquet, sorted by its keys.

    Tables keyed by article go through :func:`_merge`, a few thousand articles at a
    time, each part passed through `transform` (whole articles in, sorted rows out) when
    given; the others (rejected inputs, keyed by source) are small and read whole.
    """
    if TABLES[name][1][0] == "article_id" and paths:
        return _merge(paths, out / f"{name}.parquet", name, drop_ids or set(), transform)
    if transform is not None:
        raise ValueError(f"collect: {name} is not keyed by article")
    table = _concat(paths)
    if table is None:
        # every shard empty: keep the schema of the first shard file
        table = pq.read_table(paths[0]) if paths else pa.table({})
    if drop_ids:
        table = table.filter(pc.invert(pc.is_in(table["article_id"], pa.array(sorted(drop_ids)))))
    write_arrow(table, out / f"{name}.parquet", name)
    return table.num_rows


def _key_codes(column: pa.ChunkedArray) -> np.ndarray | None:
    """A key column as numbers that order as the column sorts (nulls last), or None when that is not cheap.

    Strings (read as dictionaries) become their rank among the distinct values; integers
    and booleans are themselves; floats with a NaN and integers with a null give None.
    """
    typ = column.type
    if pa.types.is_dictionary(typ):
        values = pa.chunked_array([c.dictionary for c in column.chunks], typ.value_type)
        unique = pc.unique(values).drop_null()
        unique = unique.take(pc.sort_indices(unique))
        parts = []
        for chunk in column.chunks:
            rank = pc.index_in(chunk.dictionary, value_set=unique).to_numpy(zero_copy_only=False)
            rank = np.append(np.nan_to_num(rank, nan=len(unique)).astype(np.int64), len(unique))
            indices = chunk.indices.fill_null(-1).to_numpy()  # null rows take the last rank
            parts.append(rank[indices])
        return np.concatenate(parts) if parts else np.zeros(0, np.int64)
    if pa.types.is_integer(typ) or pa.types.is_boolean(typ):
        return None if column.null_count else column.to_numpy()
    if pa.types.is_floating(typ):
        values = column.to_numpy()
        return None if column.null_count or np.isnan(values).any() else values
    return None


def _is_sorted(codes: list[np.ndarray]) -> bool:
    """Whether rows are in order of the key columns `codes`, the first key first."""
    tied = None  # pairs of neighbouring rows equal on the keys so far
    for c in codes:
        before, after = c[:-1], c[1:]
        wrong = before > after
        if (wrong if tied is None else wrong & tied).any():
            return False
        tied = (before == after) if tied is None else tied & (before == after)
    return True


class _ShardPlan:
    """One shard file's articles: their ids in order, the rows of each, and whether its rows are in key order.

    Only the key columns are read, strings as dictionaries, so this costs little
    beside reading the file; the rows themselves are read later, :meth:`take` rows at a time.
    """

    def __init__(self, path, keys: list[str], schema: pa.Schema):
        self.path = path
        self._schema = schema
        file = pq.ParquetFile(path)
        self.ids: list[str] = []
        self.starts = np.zeros(0, np.int64)  # each article's first row
        self.ends = np.zeros(0, np.int64)  # the row after each article's last
        self.in_key_order = True
        if file.metadata.num_rows:
            strings = [k for k in keys if pa.types.is_string(schema.field(k).type)
                       or pa.types.is_large_string(schema.field(k).type)]
            table = pq.read_table(path, columns=keys, read_dictionary=strings)
            if table["article_id"].null_count:
                raise ValueError(f"{path}: rows without an article_id; rebuild that shard")
            ids = table["article_id"]
            codes = _key_codes(ids if pa.types.is_dictionary(ids.type) else ids.dictionary_encode())
            if (codes[1:] < codes[:-1]).any():
                raise ValueError(f"{path} is not sorted by article_id: rebuild that shard")
            starts = np.concatenate([[0], np.flatnonzero(np.diff(codes)) + 1]).astype(np.int64)
            self.ids = pc.take(ids, pa.array(starts)).cast(pa.string()).to_pylist()
            self.starts = starts
            self.ends = np.append(starts[1:], len(codes)).astype(np.int64)
            rest = [_key_codes(table[k]) for k in keys[1:]]
            self.in_key_order = all(c is not None for c in rest) and _is_sorted([codes, *rest])
        self._batches = file.iter_batches(batch_size=65_536)
        self._buffer: list[pa.RecordBatch] = []
        self._buffered = 0

    def row(self, article: int) -> int:
        """The first row of the `article`-th article (or the number of rows, past the last)."""
        return int(self.ends[article - 1]) if article else 0

    def take(self, n: int) -> pa.Table:
        """The next `n` rows of the file."""
        while self._buffered < n:
            batch = next(self._batches, None)
            if batch is None:
                raise ValueError(f"{self.path} changed while it was read; run collect again")
            self._buffer.append(batch)
            self._buffered += batch.num_rows
        rows = pa.Table.from_batches(self._buffer) if self._buffer else self._schema.empty_table()
        self._buffer = rows.slice(n).to_batches()
        self._buffered -= n
        return rows.slice(0, n).cast(self._schema)


def _schema(paths) -> pa.Schema:
    schema = pa.unify_schemas([pq.read_schema(p) for p in paths], promote_options="permissive")
    return schema.remove_metadata()


def _runs(shards: list[_ShardPlan], drop_ids: set[str]) -> tuple[list[str], bool]:
    """The article ids to merge, sorted, and whether rows must be sorted rather than placed."""
    every = [i for s in shards for i in s.ids if i not in drop_ids]
    ids = sorted(set(every))
    return ids, len(ids) < len(every) or not all(s.in_key_order for s in shards)


def read_sorted(paths, name: str, columns: list[str], drop_ids=frozenset()) -> pa.Table:
    """Columns of a table's shard files, whole, in the corpus table's row order (less `drop_ids`)."""
    keys = TABLES[name][1]
    schema = _schema(paths)
    columns = list(dict.fromkeys([*keys, *columns]))
    shards = [_ShardPlan(p, keys, schema) for p in paths]
    _, must_sort = _runs(shards, set(drop_ids))
    pieces, run_ids, run_starts, run_lengths, offset = [], [], [], [], 0
    for shard in shards:
        piece = pq.read_table(shard.path, columns=[c for c in columns if c in pq.read_schema(shard.path).names])
        pieces.append(piece.cast(pa.schema([schema.field(c) for c in piece.column_names])))
        run_ids += shard.ids
        run_starts.append(shard.starts + offset)
        run_lengths.append(shard.ends - shard.starts)
        offset += piece.num_rows
    order = _id_order(run_ids, drop_ids)
    table = pa.concat_tables(pieces, promote_options="permissive")
    table = table.take(_run_rows(np.concatenate(run_starts)[order], np.concatenate(run_lengths)[order]))
    return sort_arrow(table, keys) if must_sort and table.num_rows else table


def _merge(paths, path: Path, name: str, drop_ids: set[str], transform=None) -> int:
    """Merge shard files sorted by article_id into one sorted corpus table, in bounded memory.

    The row groups hold io.ARTICLES_PER_ROW_GROUP consecutive article ids each. An article's
    rows all come from one shard, where write_table left them in key order, so a row
    group is its articles' runs of rows placed in id order: no sorting. (A shard whose
    rows are not in key order, or an article in two shards, is sorted as a whole group
    instead.) The rows, in order, are those of sorting the whole table at once; the file
    adds the row groups and article_id statistics that let readers take only what they need.
    """
    keys = TABLES[name][1]
    schema = _schema(paths)
    shards = [_ShardPlan(p, keys, schema) for p in paths]
    ids, must_sort = _runs(shards, drop_ids)
    transform = transform or (lambda table: table)
    progress = Progress(len(ids), f"{name} merged")
    n_rows = 0
    done = [0] * len(shards)  # per shard, the articles (and their rows) already merged
    per_group = io.ARTICLES_PER_ROW_GROUP
    with corpus_writer(path, transform(schema.empty_table()).schema) as writer:
        for start in range(0, len(ids), per_group):
            hi = ids[min(start + per_group, len(ids)) - 1]
            pieces, run_ids, run_starts, run_lengths, offset = [], [], [], [], 0
            for i, shard in enumerate(shards):
                first, last = done[i], bisect.bisect_right(shard.ids, hi)
                begin, end = shard.row(first), shard.row(last)
                pieces.append(shard.take(end - begin))
                run_ids += shard.ids[first:last]
                run_starts.append(shard.starts[first:last] + (offset - begin))
                run_lengths.append(shard.ends[first:last] - shard.starts[first:last])
                offset += end - begin
                done[i] = last
            order = _id_order(run_ids, drop_ids)
            group = pa.concat_tables(pieces).take(_run_rows(np.concatenate(run_starts)[order],
                                                            np.concatenate(run_lengths)[order]))
            if must_sort:
                group = sort_arrow(group, keys)
            group = transform(group)
            writer.write_table(group, row_group_size=max(1, group.num_rows))
            n_rows += group.num_rows
            progress.step(min(per_group, len(ids) - start))
        if not ids:
            writer.write_table(transform(schema.empty_table()))
    return n_rows


def _id_order(ids: list[str], drop_ids) -> list[int]:
    """Positions of `ids` in id order, less those in `drop_ids` (an id twice keeps its order)."""
    return [k for k in sorted(range(len(ids)), key=ids.__getitem__) if ids[k] not in drop_ids]


def _run_rows(starts, lengths) -> np.ndarray:
    """Row numbers of the runs (start, length) one after another: [5, 6, 7, 0, 1] for (5, 3), (0, 2)."""
    starts = np.asarray(starts, np.int64)
    lengths = np.asarray(lengths, np.int64)
    before = np.cumsum(lengths) - lengths
    return np.arange(int(lengths.sum()), dtype=np.int64) + np.repeat(starts - before, lengths)


def manifest(articles: pd.DataFrame, rejected: pd.DataFrame, signatures: pa.Table | None = None, *,
             threshold: float) -> pd.DataFrame:
    """One row per input: accepted, duplicate (of `duplicate_of`, with `similarity`) or rejected (with why).

    `articles` needs article_id, source and sha256 (and encoding, notes when known);
    without `signatures` only exact duplicates are found.
    """
    matrix = None
    if signatures is not None and signatures.num_rows:
        order = {aid: i for i, aid in enumerate(signatures["article_id"].to_pylist())}
        missing = sorted(set(articles["article_id"]) - order.keys())
        if missing:
            raise ValueError(f"no near-duplicate signature for {missing[:3]}: rebuild the ingest shards")
        matrix = signature_matrix(signatures)[[order[aid] for aid in articles["article_id"]]]
    ids = articles["article_id"].tolist()
    duplicates = find_duplicates(ids, articles["sha256"].tolist(), matrix, threshold)
    encodings = articles["encoding"].tolist() if "encoding" in articles else [None] * len(ids)
    notes = [list(n) for n in articles["notes"]] if "notes" in articles else [[] for _ in ids]
    rows = []
    for aid, source, encoding, note in zip(ids, articles["source"], encodings, notes):
        dup = duplicates.get(aid)
        if dup is None:
            status, reason, of, similarity = "accepted", None, None, None
        elif dup.exact:
            status, reason, of, similarity = "duplicate", "same text as another article", dup.duplicate_of, 1.0
        else:
            status, of, similarity = "duplicate", dup.duplicate_of, dup.similarity
            reason = f"near-duplicate: about {dup.similarity:.0%} of its word shingles shared with another article"
        rows.append({"source": source, "article_id": aid, "status": status, "reason": reason, "duplicate_of": of,
                     "similarity": similarity, "encoding": encoding, "notes": note})
    for source, reason in zip(rejected["source"], rejected["reason"]):
        rows.append({"source": source, "article_id": None, "status": "rejected", "reason": reason,
                     "duplicate_of": None, "similarity": None, "encoding": None, "notes": []})
    table = pd.DataFrame(rows, columns=MANIFEST_COLUMNS)
    table["similarity"] = table["similarity"].astype("float64")
    table["notes"] = pd.Series([list(n) for n in table["notes"]], dtype=pd.ArrowDtype(pa.list_(pa.string())))
    for col in ("source", "article_id", "status", "reason", "duplicate_of", "encoding"):
        table[col] = table[col].astype("str")
    return table


def _outlet_spellings(mapping: dict[str, str]):
    """A transform for the articles table writing each outlet in its one spelling, with a note (None: nothing to do)."""
    if not mapping:
        return None

    def transform(table: pa.Table) -> pa.Table:
        outlets = table["outlet"].to_pylist()
        if not any(o in mapping for o in outlets):
            return table
        notes = table["notes"].to_pylist()
        for i, outlet in enumerate(outlets):
            if outlet in mapping:
                outlets[i] = mapping[outlet]
                notes[i] = [*(notes[i] or []), outlet_note(outlet, mapping[outlet])]
        for name, values in (("outlet", outlets), ("notes", notes)):
            at = table.schema.get_field_index(name)
            table = table.set_column(at, table.schema.field(at), pa.array(values, table.schema.field(at).type))
        return table

    return transform


def ingest(shard_dirs, out_dir, threshold: float) -> None:
    out = Path(out_dir)
    dirs = [Path(d) for d in shard_dirs]
    article_files = [d / "articles.parquet" for d in dirs]
    outlets = _concat(article_files, columns=["outlet"])
    spellings = canonical_outlets(outlets["outlet"].to_pylist() if outlets is not None else [])
    if spellings:
        log.info("outlets: %d spellings written as %d names that differ from them only in case: %s",
                 len(spellings), len(set(spellings.values())),
                 "; ".join(f"{k!r} -> {v!r}" for k, v in sorted(spellings.items())[:20]))
    n_articles = _write(article_files, out, "articles", transform=_outlet_spellings(spellings))
    _write([d / "sentences.parquet" for d in dirs], out, "sentences")
    _write([d / "rejected.parquet" for d in dirs], out, "rejected")
    wanted = ["article_id", "source", "sha256", "encoding", "notes", "outlet"]
    arts = _concat(article_files, columns=wanted)
    rej = _concat([d / "rejected.parquet" for d in dirs])
    sigs = _concat([d / "signatures.parquet" for d in dirs])
    arts_df = arts.to_pandas() if arts is not None else pd.DataFrame(columns=wanted)
    if spellings:
        arts_df["notes"] = [[*(n if n is not None else []), outlet_note(o, spellings[o])] if o in spellings
                            else n for o, n in zip(arts_df["outlet"], arts_df["notes"])]
    rej_df = rej.to_pandas() if rej is not None else pd.DataFrame(columns=["source", "reason"])
    table = manifest(arts_df, rej_df, sigs, threshold=threshold)
    write_table(table, out / "manifest.parquet", "manifest")
    counts = table["status"].value_counts().to_dict()
    log.info("corpus: %d articles; manifest %s", n_articles, dict(sorted(counts.items())))


def duplicate_ids(manifest_path) -> set[str]:
    """The ids the ingest manifest marks as duplicates (left out of later corpus tables)."""
    m = pq.read_table(manifest_path, columns=["article_id", "status"]).to_pandas()
    return set(m.loc[m["status"] == "duplicate", "article_id"])


def stage(shard_dirs, names: list[str], manifest_path, out_dir, keep_duplicates: bool = False,
          transforms=None, drop_ids: set[str] | None = None) -> None:
    """Put together the named tables of one stage, leaving out duplicates unless kept.

    `transforms`: per table name, a function each part of the table (whole articles,
    sorted) passes through before it is written, and that returns it sorted. `drop_ids`:
    the duplicates to leave out, when the caller has read them from the manifest already.
    """
    out = Path(out_dir)
    if drop_ids is not None:
        drop = drop_ids
    else:
        drop = set() if keep_duplicates else duplicate_ids(manifest_path)
    transforms = transforms or {}
    for name in names:
        n = _write([Path(d) / f"{name}.parquet" for d in shard_dirs], out, name, drop_ids=drop,
                   transform=transforms.get(name))
        log.info("%s: %d rows", name, n)

"""Corpus tables: the shards of each stage put together, sorted, with the ingest manifest.

Duplicates are found here, across shards: exact ones (the same clean text under another
id) and near ones (the same wire story with a different top or tail: most word shingles
shared, found by LSH over the MinHash signatures each ingest shard wrote; see
:mod:`framescope.duplicates`). Of each group the article with the smallest id is kept;
the others are marked `duplicate` with the id they repeat and their similarity to it.
Unless the config says to keep them, duplicates are left out of the corpus tables of
later stages (their shard results remain under results/<stage>/).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from framescope.duplicates import find_duplicates, signature_matrix
from framescope.io import atomic_path, sort_arrow, write_arrow, write_table
from framescope.tables import TABLES
from framescope.steps._common import Progress, log

import pandas as pd

MANIFEST_COLUMNS = ["source", "article_id", "status", "reason", "duplicate_of", "similarity", "encoding", "notes"]


# Articles per row group of a corpus table. Row groups follow article ids, never the shards,
# so the file's bytes do not depend on the shard count; a reader can take one row group at
# a time (whole articles) or skip row groups by their article_id statistics.
ARTICLES_PER_ROW_GROUP = 2048


def _concat(paths, columns=None) -> pa.Table | None:
    tables = [pq.read_table(p, columns=columns) for p in paths]
    tables = [t for t in tables if t.num_rows]
    if not tables:
        return None
    return pa.concat_tables(tables, promote_options="permissive")


def _write(paths, out: Path, name: str, drop_ids=None) -> int:
    """Put one table's shard files together in `out`/`name`.parquet, sorted by its keys.

    Tables keyed by article go through :func:`_merge`, a few thousand articles at a
    time; the others (rejected inputs, keyed by source) are small and read whole.
    """
    if TABLES[name][1][0] == "article_id" and paths:
        return _merge(paths, out / f"{name}.parquet", name, drop_ids or set())
    table = _concat(paths)
    if table is None:
        # every shard empty: keep the schema of the first shard file
        table = pq.read_table(paths[0]) if paths else pa.table({})
    if drop_ids:
        table = table.filter(pc.invert(pc.is_in(table["article_id"], pa.array(sorted(drop_ids)))))
    write_arrow(table, out / f"{name}.parquet", name)
    return table.num_rows


class _SortedShard:
    """One shard file read batch by batch; its rows must be sorted by article_id (write_table sorts)."""

    def __init__(self, path, schema: pa.Schema):
        self.path = path
        self._schema = schema
        self._batches = pq.ParquetFile(path).iter_batches(batch_size=65_536)
        self._rows = schema.empty_table()
        self._last = None  # the largest article id read so far
        self._done = False

    def _read(self) -> bool:
        batch = next(self._batches, None)
        if batch is None:
            self._done = True
            return False
        table = pa.Table.from_batches([batch]).cast(self._schema)
        ids = table["article_id"]
        if len(ids) and ((self._last is not None and ids[0].as_py() < self._last)
                         or pc.any(pc.less(ids.slice(1), ids.slice(0, len(ids) - 1))).as_py()):
            raise ValueError(f"{self.path} is not sorted by article_id: rebuild that shard")
        if len(ids):
            self._last = ids[-1].as_py()
        self._rows = pa.concat_tables([self._rows, table])
        return True

    def take_through(self, hi: str) -> pa.Table:
        """Remove and return the rows with article_id <= `hi`."""
        while not self._done and (self._last is None or self._last <= hi):
            self._read()
        n = pc.sum(pc.less_equal(self._rows["article_id"], hi)).as_py() or 0
        head, self._rows = self._rows.slice(0, n), self._rows.slice(n)
        return head

    def take_rest(self) -> pa.Table:
        while self._read():
            pass
        rest, self._rows = self._rows, self._schema.empty_table()
        return rest


def _merge(paths, path: Path, name: str, drop_ids: set[str]) -> int:
    """Merge shard files sorted by article_id into one sorted corpus table, in bounded memory.

    First the article ids alone are read, to fix the row groups: ARTICLES_PER_ROW_GROUP
    consecutive ids each. Then every shard is read in step, and each row group is
    gathered from all shards, sorted by the table's keys and written, before the next.
    The rows, in order, are those of sorting the whole table at once; the file adds the
    row groups and article_id statistics that let readers take only what they need.
    """
    schema = pa.unify_schemas([pq.read_schema(p) for p in paths], promote_options="permissive")
    schema = schema.remove_metadata()
    ids = set()
    for p in paths:
        ids.update(pc.unique(pq.read_table(p, columns=["article_id"])["article_id"]).to_pylist())
    ids = sorted(i for i in ids if i is not None and i not in drop_ids)
    shards = [_SortedShard(p, schema) for p in paths]
    drop = pa.array(sorted(drop_ids), pa.string())
    progress = Progress(len(ids), f"{name} merged")
    n_rows = 0
    with atomic_path(path) as tmp, pq.ParquetWriter(tmp, schema, compression="zstd",
                                                     write_statistics=["article_id"]) as writer:
        for start in range(0, len(ids), ARTICLES_PER_ROW_GROUP):
            hi = ids[min(start + ARTICLES_PER_ROW_GROUP, len(ids)) - 1]
            group = pa.concat_tables([s.take_through(hi) for s in shards])
            if len(drop):
                group = group.filter(pc.invert(pc.is_in(group["article_id"], drop)))
            group = sort_arrow(group, TABLES[name][1])
            writer.write_table(group, row_group_size=max(1, group.num_rows))
            n_rows += group.num_rows
            progress.step(min(ARTICLES_PER_ROW_GROUP, len(ids) - start))
        if not ids:
            writer.write_table(schema.empty_table())
        for shard in shards:  # what is left can only be left-out duplicates
            rest = shard.take_rest()
            if rest.num_rows and not pc.all(pc.is_in(rest["article_id"], drop)).as_py():
                raise ValueError(f"{shard.path}: rows without an article_id; rebuild that shard")
    return n_rows


def manifest(articles: pd.DataFrame, rejected: pd.DataFrame, signatures: pa.Table | None = None,
             near_threshold: float = 0.8) -> pd.DataFrame:
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
    duplicates = find_duplicates(ids, articles["sha256"].tolist(), matrix, near_threshold)
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


def ingest(shard_dirs, out_dir, near_threshold: float = 0.8) -> None:
    out = Path(out_dir)
    dirs = [Path(d) for d in shard_dirs]
    n_articles = _write([d / "articles.parquet" for d in dirs], out, "articles")
    _write([d / "sentences.parquet" for d in dirs], out, "sentences")
    _write([d / "rejected.parquet" for d in dirs], out, "rejected")
    wanted = ["article_id", "source", "sha256", "encoding", "notes"]
    arts = _concat([d / "articles.parquet" for d in dirs], columns=wanted)
    rej = _concat([d / "rejected.parquet" for d in dirs])
    sigs = _concat([d / "signatures.parquet" for d in dirs])
    arts_df = arts.to_pandas() if arts is not None else pd.DataFrame(columns=wanted)
    rej_df = rej.to_pandas() if rej is not None else pd.DataFrame(columns=["source", "reason"])
    table = manifest(arts_df, rej_df, sigs, near_threshold)
    write_table(table, out / "manifest.parquet", "manifest")
    counts = table["status"].value_counts().to_dict()
    log.info("corpus: %d articles; manifest %s", n_articles, dict(sorted(counts.items())))


def stage(shard_dirs, names: list[str], manifest_path, out_dir, keep_duplicates: bool = False) -> None:
    """Put together the named tables of one stage, leaving out duplicates unless kept."""
    out = Path(out_dir)
    drop = set()
    if not keep_duplicates:
        m = pq.read_table(manifest_path, columns=["article_id", "status"]).to_pandas()
        drop = set(m.loc[m["status"] == "duplicate", "article_id"])
    for name in names:
        n = _write([Path(d) / f"{name}.parquet" for d in shard_dirs], out, name, drop_ids=drop)
        log.info("%s: %d rows", name, n)

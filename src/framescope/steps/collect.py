"""Corpus tables: the shards of each stage put together, sorted, with the ingest manifest.

Exact duplicates (the same clean text under another id) are found here, across shards:
the article with the smallest id is kept, the others are marked `duplicate` with the id
they repeat. Unless the config says to keep them, duplicates are left out of the corpus
tables of later stages (their shard results remain under results/<stage>/).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from framescope.io import write_arrow, write_table
from framescope.steps._common import log

import pandas as pd


def _concat(paths, columns=None) -> pa.Table | None:
    tables = [pq.read_table(p, columns=columns) for p in paths]
    tables = [t for t in tables if t.num_rows]
    if not tables:
        return None
    return pa.concat_tables(tables, promote_options="permissive")


def _write(paths, out: Path, name: str, drop_ids=None) -> int:
    table = _concat(paths)
    if table is None:
        # every shard empty: keep the schema of the first shard file
        table = pq.read_table(paths[0]) if paths else pa.table({})
    if drop_ids:
        table = table.filter(pc.invert(pc.is_in(table["article_id"], pa.array(sorted(drop_ids)))))
    write_arrow(table, out / f"{name}.parquet", name)
    return table.num_rows


def manifest(articles: pd.DataFrame, rejected: pd.DataFrame) -> pd.DataFrame:
    """One row per input: accepted, duplicate (with the id it repeats) or rejected (with why)."""
    rows = []
    first_by_hash: dict[str, str] = {}
    for aid, source, digest in sorted(zip(articles["article_id"], articles["source"], articles["sha256"])):
        original = first_by_hash.setdefault(digest, aid)
        if original == aid:
            rows.append({"source": source, "article_id": aid, "status": "accepted", "reason": None,
                         "duplicate_of": None})
        else:
            rows.append({"source": source, "article_id": aid, "status": "duplicate",
                         "reason": "same text as another article", "duplicate_of": original})
    for source, reason in zip(rejected["source"], rejected["reason"]):
        rows.append({"source": source, "article_id": None, "status": "rejected", "reason": reason,
                     "duplicate_of": None})
    return pd.DataFrame(rows, columns=["source", "article_id", "status", "reason", "duplicate_of"])


def ingest(shard_dirs, out_dir) -> None:
    out = Path(out_dir)
    dirs = [Path(d) for d in shard_dirs]
    n_articles = _write([d / "articles.parquet" for d in dirs], out, "articles")
    _write([d / "sentences.parquet" for d in dirs], out, "sentences")
    _write([d / "rejected.parquet" for d in dirs], out, "rejected")
    arts = _concat([d / "articles.parquet" for d in dirs], columns=["article_id", "source", "sha256"])
    rej = _concat([d / "rejected.parquet" for d in dirs])
    arts_df = arts.to_pandas() if arts is not None else pd.DataFrame(columns=["article_id", "source", "sha256"])
    rej_df = rej.to_pandas() if rej is not None else pd.DataFrame(columns=["source", "reason"])
    table = manifest(arts_df, rej_df)
    write_table(table, out / "manifest.parquet", "manifest")
    counts = table["status"].value_counts().to_dict()
    log.info("corpus: %d articles; manifest %s", n_articles, counts)


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

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
from framescope.io import write_arrow, write_table
from framescope.steps._common import log

import pandas as pd

MANIFEST_COLUMNS = ["source", "article_id", "status", "reason", "duplicate_of", "similarity", "encoding", "notes"]


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

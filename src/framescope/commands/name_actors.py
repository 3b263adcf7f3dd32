"""One name per actor across the corpus, given to the corpus tables as they are collected.

Within an article, the features stage gives each person one name (the fullest form the
article uses). Across the corpus (:func:`framescope.actors.names.corpus_names`), a person named
only by surname in one article ("Mr. Okafor") takes the full name used elsewhere ("Lena
Okafor") when exactly one full name with that surname occurs in the corpus, and full names
that differ only by a nickname or a middle initial ("Joe Biden", "Joseph R. Biden") become
one. The corpus tables then use these names; ``mentions.article_actor`` and
``quotes.article_speaker`` keep the article's own, and ``actors`` lists every corpus actor
with its name variants.

`collect_stage` does this while collecting the features and sentiment tables (``framescope
collect ... --name-actors``), each row group renamed before it is written; `name_actors`
(``framescope name-actors``) does the same to corpus tables already written. Collect does
not import this module, so editing it reruns only the two collects that use it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from framescope.actors.names import corpus_names
from framescope.base.io import write_table
from framescope.base.logs import log

# the mentions columns the corpus names are worked out from (framescope.actors.names.corpus_names)
NAME_COLUMNS = ["article_id", "mention_id", "actor", "actor_type", "group"]


def corpus_actor_names(mentions: pa.Table) -> tuple[dict[tuple[str, str], str], pd.DataFrame]:
    """(article_id, article name) -> corpus name for the names that change, and the ``actors``
    index, from the mentions of the whole corpus in table order (any of :data:`NAME_COLUMNS`)."""
    present = [c for c in NAME_COLUMNS if c in mentions.column_names]
    mapping, index = corpus_names(mentions.select(present).to_pandas())
    log.info("corpus actors: %d names in %d articles -> %d actors", len(mapping),
             len(pc.unique(mentions["article_id"])), len(index))
    return mapping, index


def renamed_pairs(mentions: pa.Table) -> dict[tuple[str, str], str]:
    """(article_id, article_actor) -> actor of corpus mentions already named, where the two differ."""
    if "article_actor" not in mentions.column_names:
        return {}
    differ = pc.fill_null(pc.not_equal(mentions["article_actor"], mentions["actor"]), True)
    sub = mentions.select(["article_id", "article_actor", "actor"]).filter(differ).drop_null()
    return {(a, o): n for a, o, n in zip(sub["article_id"].to_pylist(), sub["article_actor"].to_pylist(),
                                         sub["actor"].to_pylist())}


def _renamed_names(mapping: dict) -> pa.Array:
    """The article names that some article renames."""
    return pa.array(sorted({name for _, name in mapping}), pa.string())


def renamed(table: pa.Table, column: str, mapping: dict, keep_original: bool = True,
            names: pa.Array | None = None) -> pa.Table:
    """`table` with `column` renamed by (article_id, name) -> corpus name; with `keep_original`, the
    article's name kept beside it in ``article_<column>`` (last). Both become Arrow ``string``.

    Only rows holding a name that some article renames (`names`, worked out from `mapping`
    when not given) are looked up: a few percent of a corpus's mentions. A table already
    renamed is renamed afresh from its article names.
    """
    original = f"article_{column}"
    if original in table.column_names:
        table = table.set_column(table.schema.get_field_index(column), column, table[original])
        table = table.drop_columns([original])
    values = table[column].cast(pa.string()).combine_chunks() if table.num_rows else pa.array([], pa.string())
    kept = values
    if len(values) and mapping:
        names = _renamed_names(mapping) if names is None else names
        hit = pc.fill_null(pc.is_in(values, value_set=names), False)
        rows = np.flatnonzero(hit.to_numpy(zero_copy_only=False))
        if len(rows):
            index = pa.array(rows)
            keys = zip(table["article_id"].take(index).to_pylist(), values.take(index).to_pylist())
            values = pc.replace_with_mask(values, hit, pa.array([mapping.get(k, k[1]) for k in keys], pa.string()))
    table = table.set_column(table.schema.get_field_index(column), pa.field(column, pa.string()), values)
    if keep_original:
        table = table.append_column(pa.field(original, pa.string()), kept)
    return table


def actor_renames(mapping: dict) -> dict:
    """Per corpus table, the function that gives a part of it (whole articles) its corpus names."""
    from framescope.base.io import sort_arrow
    from framescope.base.tables import TABLES

    def resorted(table: pa.Table, name: str) -> pa.Table:
        return sort_arrow(table, TABLES[name][1]) if table.num_rows else table

    names = _renamed_names(mapping)
    return {
        "mentions": lambda t: renamed(t, "actor", mapping, names=names),
        "quotes": lambda t: renamed(t, "speaker", mapping, names=names),
        # the name is a key of these two: renaming may change the order within an article
        "voices": lambda t: resorted(renamed(t, "speaker", mapping, keep_original=False, names=names), "voices"),
        "actor_sentiment": lambda t: resorted(renamed(t, "actor", mapping, names=names), "actor_sentiment"),
    }


def name_actors(tables_dir: str | Path, stage: str = "features") -> None:
    """Give the corpus tables in `tables_dir` one name per actor across the corpus.

    The workflow does this while collecting (:func:`collect_stage`); this does it to corpus
    tables already written. ``stage`` "features": reads ``mentions``, works out the corpus
    names (see :func:`framescope.actors.names.corpus_names`), rewrites ``mentions.actor`` (keeping
    the article's name in ``article_actor``), ``quotes.speaker`` (``article_speaker``) and
    ``voices.speaker``, and writes the ``actors`` index. ``stage`` "sentiment": renames
    ``actor_sentiment.actor`` by the ``article_actor`` -> ``actor`` pairs of the renamed
    ``mentions``. Running either twice changes nothing. The tables keep collect's row
    groups of whole articles.
    """
    import pyarrow.parquet as pq

    from framescope.base.io import write_by_article

    tables = Path(tables_dir)
    if stage == "sentiment":
        mapping = renamed_pairs(pq.read_table(tables / "mentions.parquet",
                                              columns=["article_id", "actor", "article_actor"]))
        path = tables / "actor_sentiment.parquet"
        write_by_article(actor_renames(mapping)["actor_sentiment"](pq.read_table(path)), path)
        return
    mentions = renamed(pq.read_table(tables / "mentions.parquet"), "actor", {}, keep_original=False)
    mapping, index = corpus_actor_names(mentions)
    renames = actor_renames(mapping)
    write_by_article(renames["mentions"](mentions), tables / "mentions.parquet")
    write_table(index, tables / "actors.parquet", "actors")
    write_by_article(renames["quotes"](pq.read_table(tables / "quotes.parquet")), tables / "quotes.parquet")
    path = tables / "voices.parquet"
    if path.is_file():
        write_by_article(renames["voices"](pq.read_table(path)), path)


def collect_stage(shard_dirs, names: list[str], manifest_path, out_dir, keep_duplicates: bool = False) -> None:
    """``framescope collect features|sentiment --name-actors``: collect, renaming as the rows are merged.

    With ``mentions`` among `names`, the names are worked out from all its shard files
    first (their name columns, in corpus order) and the ``actors`` index is written;
    otherwise (``actor_sentiment``) they are the ``mentions`` corpus table's.
    """
    import pyarrow.parquet as pq

    from framescope.commands import collect

    out = Path(out_dir)
    drop = collect.duplicate_ids(manifest_path) if not keep_duplicates else set()
    if "mentions" in names:
        paths = [Path(d) / "mentions.parquet" for d in shard_dirs]
        mentions = collect.read_sorted(paths, "mentions", NAME_COLUMNS, drop)
        mapping, index = corpus_actor_names(mentions)
        write_table(index, out / "actors.parquet", "actors")
    else:
        mapping = renamed_pairs(pq.read_table(out / "mentions.parquet", columns=["article_id", "actor", "article_actor"]))
    collect.stage(shard_dirs, names, manifest_path, out_dir, transforms=actor_renames(mapping), drop_ids=drop)


def add_parser(subparsers) -> None:
    s = subparsers.add_parser("name-actors", help="one name per actor across the corpus tables (after collect)")
    s.add_argument("--tables", required=True, help="the corpus tables folder, e.g. results/tables")
    s.add_argument("--stage", choices=("features", "sentiment"), default="features")
    s.set_defaults(func=lambda a: name_actors(a.tables, a.stage))

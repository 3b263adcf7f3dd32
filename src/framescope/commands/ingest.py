"""Stage 1: ingest + clean one shard of the corpus, and sketch its articles for near-duplicates."""

from __future__ import annotations

from pathlib import Path

from framescope.corpus.duplicates import signatures
from framescope.corpus.ingest import ingest_shard
from framescope.corpus.sources import list_folder_sources, read_listing, sources_by_shard
from framescope.corpus.split import listed_lines
from framescope.base.io import SHARD_COMPRESSION, write_arrow, write_table
from framescope.base.logs import log


def run(corpus: str | Path, shard: int, n_shards: int, out_dir: str | Path, *, language: str, shingle: int,
        earliest: str, latest: str, sources: str | Path | None = None, records: str | Path | None = None,
        cache=None) -> None:
    """Ingest one shard; in a folder, only the files named by `sources` (the shard's listing) or, without
    one, the shard's files found by listing the folder; of a one-file corpus, with `records` (the shard's
    listing, :mod:`framescope.corpus.split`), only the lines it names. `earliest`, `latest`: the plausible
    publication dates (config dates). `cache`: a file keeping the articles' near-duplicate signatures for
    the next run, and (beside it, ``.items.pkl``) what each record cleaned into."""
    out, corpus = Path(out_dir), Path(corpus)
    if sources is not None:
        sources = read_listing(sources)
    elif corpus.is_dir():
        sources = sources_by_shard(list_folder_sources(corpus), n_shards)[shard]
    lines = listed_lines(records) if records is not None and corpus.is_file() else None
    items_memo = None
    if cache:
        from framescope.base.memo import ObjectMemo, memo_key
        from framescope.base.provenance import code_digest

        # what each record cleaned into, under the code, the settings it read and the libraries
        items_memo = ObjectMemo(Path(cache).with_suffix(".items.pkl"), memo_key(
            code_digest("framescope.corpus.ingest"), f"language={language}", f"dates={earliest}..{latest}",
            packages=("trafilatura", "lxml", "cld3-py", "charset-normalizer", "numpy")))
    articles, sentences, rejected = ingest_shard(corpus, shard, n_shards, sources=sources, language=language,
                                                 earliest=earliest, latest=latest, lines=lines, memo=items_memo)
    if items_memo is not None:
        log.info("articles cleaned: %d kept from the last run, %d new", items_memo.hits, items_memo.computed)
    log.info("shard %d/%d: %d articles accepted, %d rejected, %d sentences",
             shard, n_shards, len(articles), len(rejected), len(sentences))
    undated = int(articles["published"].isna().sum())
    if undated:
        log.info("%d articles undated (%d of them with a date that could not be read or is outside %s to %s)",
                 undated, int(articles["published_raw"].notna().sum() - articles["published"].notna().sum()),
                 earliest, latest)
    write_table(articles, out / "articles.parquet", "articles", compression=SHARD_COMPRESSION)
    write_table(sentences, out / "sentences.parquet", "sentences", compression=SHARD_COMPRESSION)
    write_table(rejected, out / "rejected.parquet", "rejected", compression=SHARD_COMPRESSION)
    memo = None
    if cache:
        from framescope.base.memo import TextMemo, memo_key
        from framescope.base.provenance import code_digest

        memo = TextMemo(cache, memo_key(code_digest("framescope.corpus.duplicates"), packages=("numpy",)))
    write_arrow(signatures(articles["article_id"].tolist(), articles["text"].tolist(), shingle, memo=memo),
                out / "signatures.parquet", compression=SHARD_COMPRESSION)
    if memo is not None:
        log.info("near-duplicate signatures: %d kept from the last run, %d new", memo.hits, memo.computed)

"""`framescope topics`: fit the exploratory topic model to a run's articles and write its tables."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from framescope.analysis.topics import LANGUAGES, TopicCache, fit_topics
from framescope.base.languages import skip_reasons


def run(tables_dir, out_dir, about_path, *, k: int, top_terms: int, seed: int, fit_sample: int,
        extra_stop_words=(), keep_duplicates: bool = False, cache=None) -> dict:
    """Read ``articles`` (less duplicates, per the manifest), fit, write the two tables and about.json.

    `cache`: a folder for :class:`TopicCache` (none: no cache).
    """
    import pyarrow.parquet as pq

    from framescope.base.io import read_table, write_json, write_table
    from framescope.base.logs import Progress, log

    tables, out = Path(tables_dir), Path(out_dir)
    articles_path = tables / "articles.parquet"
    # with the texts' sha256 (as collect writes it), texts are read only when the cache lacks them
    names = pq.read_schema(articles_path).names
    lazy = "sha256" in names
    articles = read_table(articles_path, columns=["article_id", "title", "sha256" if lazy else "text"]
                          + (["language"] if "language" in names else []))
    skipped = Counter()
    if "language" in articles:
        # the stop words are English: other articles are left out, and about.json says how many and why
        reasons = skip_reasons(articles["language"].tolist(), LANGUAGES, "topics")
        skipped.update(r for r in reasons if r)
        articles = articles[[not r for r in reasons]].drop(columns="language")
    manifest_path = tables / "manifest.parquet"
    if not keep_duplicates and manifest_path.is_file():
        manifest = read_table(manifest_path, columns=["article_id", "status"])
        duplicates = set(manifest.loc[manifest["status"] == "duplicate", "article_id"].astype(str))
        articles = articles[~articles["article_id"].astype(str).isin(duplicates)]
    t0 = time.monotonic()
    n = len(articles)
    texts_read = n if fit_sample <= 0 or n <= fit_sample else fit_sample + n  # the sample, then all
    progress = Progress(texts_read, "topics (texts read: the fit sample, then every article)")
    topic_terms, article_topics, about = fit_topics(articles, k=k, top_terms=top_terms, seed=seed,
                                                    extra_stop_words=extra_stop_words, fit_sample=fit_sample,
                                                    progress=progress, cache=TopicCache(cache) if cache else None,
                                                    read_texts=(lambda ids: _read_texts(articles_path, ids)) if lazy else None)
    if skipped:
        about["skipped"] = dict(sorted(skipped.items()))
        for why, n_skipped in sorted(skipped.items()):
            log.info("topics: %d articles left out (%s)", n_skipped, why)
    if about["fitted"]:
        log.info("topics: %d topics over %d articles and %d terms in %.1f s (%d iterations)", about["k"],
                 about["n_articles"], about["n_terms"], time.monotonic() - t0, about["n_iter"])
        for t, label in about["topics"].items():
            log.info("  topic %s: %s", t, label)
    else:
        log.info("topics: no model: %s", about["reason"])
    write_table(topic_terms, out / "topic_terms.parquet", "topic_terms")
    write_table(article_topics, out / "article_topics.parquet", "article_topics")
    write_json(about_path, about)
    return about


def _read_texts(path: Path, ids: list[str]) -> list[str]:
    """The texts of articles `ids` (in that order) from an articles table; a few are read by row group."""
    import pyarrow.parquet as pq

    from framescope.base.logs import log

    log.info("topics: reading the texts of %d articles", len(ids))
    if not ids:
        return []
    few = len(ids) <= pq.ParquetFile(path).metadata.num_rows // 4
    table = pq.read_table(path, columns=["article_id", "text"],
                          filters=[("article_id", "in", sorted(set(ids)))] if few else None)
    text = dict(zip(table["article_id"].to_pylist(), table["text"].to_pylist()))
    return ["" if text[a] is None else str(text[a]) for a in ids]


def add_parser(subparsers) -> None:
    """Register `framescope topics`."""
    p = subparsers.add_parser(
        "topics", help="exploratory NMF topic model of the articles: top terms and per-article shares",
        description="Fit an NMF topic model to TF-IDF of the articles (an inductive first look before fixing a "
                    "codebook); write topic_terms and article_topics tables and an about.json.")
    p.add_argument("--tables", default="results/tables", help="folder with articles.parquet (and manifest)")
    p.add_argument("--k", type=int, required=True, help="number of topics (capped for small corpora)")
    p.add_argument("--top-terms", type=int, required=True)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--fit-sample", type=int, required=True,
                   help="fit on this many articles (by hash of the id) when there are more; 0: all")
    p.add_argument("--stop-words", nargs="*", default=[], help="extra words to leave out")
    p.add_argument("--keep-duplicates", action="store_true", help="include articles the manifest marks duplicate")
    p.add_argument("--cache", default=None,
                   help="folder to keep a sampled fit and the word counts in for the next run (same results, faster)")
    p.add_argument("--out", required=True, help="folder for topic_terms.parquet and article_topics.parquet")
    p.add_argument("--about", required=True, help="where to write about.json (fitted or why not, settings)")
    p.set_defaults(func=_command)


def _command(args) -> None:
    run(args.tables, args.out, args.about, k=args.k, top_terms=args.top_terms, seed=args.seed,
        extra_stop_words=args.stop_words, keep_duplicates=args.keep_duplicates, fit_sample=args.fit_sample,
        cache=args.cache)

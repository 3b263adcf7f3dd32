"""Stage 3: sentence, article and actor sentiment for one shard."""

from __future__ import annotations

import gc
from pathlib import Path

from framescope import sentiment
from framescope.io import SHARD_COMPRESSION, load_model, read_table, write_table
from framescope.steps._common import log
from framescope.steps.features import paused_gc


def run(ingest_dir, features_dir, model_path, out_dir, target_model_path=None) -> None:
    ingest_dir, features_dir, out = Path(ingest_dir), Path(features_dir), Path(out_dir)
    model = load_model(model_path)
    target_model = load_model(target_model_path) if target_model_path else None
    sentences = read_table(ingest_dir / "sentences.parquet")
    mentions = read_table(features_dir / "mentions.parquet")
    quotes = read_table(features_dir / "quotes.parquet")
    with paused_gc():
        scores = sentiment.score_sentences(sentences, model)
        articles = sentiment.article_sentiment(scores)
        actors = sentiment.actor_sentiment(scores, mentions, quotes, model, target_model=target_model,
                                           sentences=sentences)
        # The shard leaves about half a million objects behind (mostly the sentence readings
        # kept for reuse), all allocated while the collector was off: the first collection
        # once it is back on walked them all, 0.3 s per shard, and found nothing to free
        # (this code makes no cycles). Frozen, the collector leaves them alone; they are
        # handed back once the tables are written, so a process that runs several shards
        # still collects them in its own time.
        gc.freeze()
    try:
        log.info("%d sentences scored", len(scores))
        write_table(scores, out / "sentence_sentiment.parquet", "sentence_sentiment", compression=SHARD_COMPRESSION)
        write_table(articles, out / "article_sentiment.parquet", "article_sentiment", compression=SHARD_COMPRESSION)
        log.info("%d actor rows (%s)", len(actors), "target-dependent" if target_model is not None else "sentence tone")
        write_table(actors, out / "actor_sentiment.parquet", "actor_sentiment", compression=SHARD_COMPRESSION)
    finally:
        gc.unfreeze()

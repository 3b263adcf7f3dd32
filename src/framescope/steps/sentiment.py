"""Stage 3: sentence, article and actor sentiment for one shard."""

from __future__ import annotations

from pathlib import Path

from framescope import sentiment
from framescope.io import load_model, read_table, write_table
from framescope.steps._common import log


def run(ingest_dir, features_dir, model_path, out_dir) -> None:
    ingest_dir, features_dir, out = Path(ingest_dir), Path(features_dir), Path(out_dir)
    model = load_model(model_path)
    sentences = read_table(ingest_dir / "sentences.parquet")
    mentions = read_table(features_dir / "mentions.parquet")
    quotes = read_table(features_dir / "quotes.parquet")
    scores = sentiment.score_sentences(sentences, model)
    log.info("%d sentences scored", len(scores))
    write_table(scores, out / "sentence_sentiment.parquet", "sentence_sentiment")
    write_table(sentiment.article_sentiment(scores), out / "article_sentiment.parquet", "article_sentiment")
    write_table(sentiment.actor_sentiment(scores, mentions, quotes, model), out / "actor_sentiment.parquet",
                "actor_sentiment")

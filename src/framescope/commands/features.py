"""Stage 2: actors, quotes, share of voice and text features for one shard.

Per shard (`run`): the ``mentions``, ``quotes`` (direct and indirect), ``voices`` and
``text_features`` tables. Names in them are the article's own canonical names; the
corpus tables get one name per actor across the corpus (:mod:`framescope.commands.name_actors`).
"""

from __future__ import annotations

import bisect
import contextlib
import gc
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from framescope.actors.gazetteer import Gazetteer, load_actors_config
from framescope.actors.mentions import find_mentions
from framescope.base.io import SHARD_COMPRESSION, read_table, write_table
from framescope.text.lexicon import lexicon_counts
from framescope.actors.quotekinds import INDIRECT, UNNAMED, count_quotes, is_quote
from framescope.actors.conventions import speech_skip_reason
from framescope.actors.quotes import find_speech
from framescope.base.logs import Progress, log
from framescope.base.tables import columns



@contextlib.contextmanager
def paused_gc():
    """Cyclic garbage collection off while a shard is worked through, on again after.

    The stages keep per-sentence readings (small lists, hundreds of thousands of them)
    for reuse, and each full collection walks them all: measured, it took a quarter of
    the time of actors, quotes and sentiment together. This code makes no reference
    cycles, so nothing waits for the collector; memory is freed as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _sentence_index(sentences: pd.DataFrame) -> dict[str, tuple[list[int], list[int]]]:
    """article_id -> (sentence starts, sent_ids), both in text order."""
    if not len(sentences):
        return {}
    s = sentences[["article_id", "sent_id", "start"]].sort_values(["article_id", "start"], kind="stable")
    aids = s["article_id"].to_numpy(dtype=object)
    starts = s["start"].to_numpy(dtype=np.int64).tolist()
    ids = s["sent_id"].to_numpy(dtype=np.int64).tolist()
    out = {}
    bounds = np.flatnonzero(aids[1:] != aids[:-1]) + 1 if len(aids) > 1 else np.array([], dtype=np.int64)
    edges = [0, *bounds.tolist(), len(aids)]
    for a, b in zip(edges, edges[1:]):
        out[aids[a]] = (starts[a:b], ids[a:b])
    return out


def _ids(index, offsets) -> list:
    starts, ids = index
    out = []
    for off in offsets:
        i = bisect.bisect_right(starts, off) - 1
        out.append(ids[i] if i >= 0 else None)
    return out


def voices(article_id: str, speech: list[dict], groups: dict[str, str | None]) -> list[dict]:
    """Share of voice in one article: one row per speaker of a direct quote.

    ``n_quotes`` and ``n_words`` count the speaker's direct quotes and their words;
    ``share_words`` is the speaker's share of all directly quoted words in the article.
    Quotes without a named speaker are pooled under the speaker "(unnamed)" (speaker_type
    None), so the shares of an article add up to 1. ``n_indirect`` and
    ``n_indirect_words`` count the speaker's reported speech; a speaker heard only
    indirectly has a row with ``n_quotes`` 0.
    """
    rows: dict[str, dict] = {}

    def row(name: str, speaker_type) -> dict:
        if name not in rows:
            rows[name] = {"article_id": article_id, "speaker": name,
                          "speaker_type": speaker_type if name != UNNAMED else None,
                          "group": groups.get(name), "n_quotes": 0, "n_words": 0, "share_words": 0.0,
                          "n_indirect": 0, "n_indirect_words": 0}
        return rows[name]

    types = {q["speaker"]: q["speaker_type"] for q in reversed(speech) if q["speaker"] is not None}
    counts = count_quotes([q["speaker"] for q in speech], [q["kind"] for q in speech], [q["n_words"] for q in speech])
    total = sum(words for _, words in counts.values())
    for name, (n, words) in counts.items():
        r = row(name, types.get(name))
        r["n_quotes"], r["n_words"] = n, words
        r["share_words"] = words / total if total else 0.0
    for q in speech:
        if q["kind"] == INDIRECT:
            r = row(q["speaker"] if q["speaker"] is not None else UNNAMED, q["speaker_type"])
            r["n_indirect"] += 1
            r["n_indirect_words"] += q["n_words"]
    return [rows[k] for k in sorted(rows)]


_MENTION_KEYS = ("start", "end", "surface", "actor", "actor_type", "role", "group")
_QUOTE_KEYS = ("start", "end", "text", "speaker", "speaker_type", "cue", "kind", "n_words", "speaker_surface",
               "speaker_reason")


def extract(articles: pd.DataFrame, sentences: pd.DataFrame, gazetteer: Gazetteer | None = None, memo=None):
    """Return (mentions, quotes, text_features, voices) for the articles of one shard.

    A `memo` (:class:`framescope.base.memo.ObjectMemo` made under this code and gazetteer)
    gives what each article it has seen adds to the tables; the others are read here.
    """
    # Columns are gathered as lists (a frame built from one dict per row costs more than
    # finding the actors in the first place).
    mention_cols: dict[str, list] = {k: [] for k in ("article_id", "mention_id", "sent_id", *_MENTION_KEYS)}
    quote_cols: dict[str, list] = {k: [] for k in ("article_id", "quote_id", "sent_id", *_QUOTE_KEYS)}
    feature_rows, voice_rows = [], []
    progress = Progress(len(articles), "features")
    index = _sentence_index(sentences)
    n_sentences = sentences.groupby("article_id").size().to_dict() if len(sentences) else {}
    empty = ([], [])
    ids, texts = articles["article_id"].tolist(), articles["text"].tolist()
    # each article's language picks its quote rules; tables without the column are English
    languages = articles["language"].tolist() if "language" in articles.columns else ["en"] * len(ids)

    def read(positions) -> list[tuple]:
        out = []
        for i in positions:
            out.append(_article_rows(ids[i], texts[i], index.get(ids[i], empty), n_sentences.get(ids[i], 0),
                                     gazetteer, languages[i]))
            progress.step()
        return out

    if memo is None:
        rows = read(range(len(ids)))
    else:
        # an article's rows depend on its id, its text, its sentences (offsets and ids) and its language
        keys = [f"{aid}\0{index.get(aid, empty)}\0{language}\0{text}"
                for aid, text, language in zip(ids, texts, languages)]
        rows = memo.values(keys, read)
        progress.step(memo.hits)
    for aid, (mentions, mention_sents, quotes, quote_sents, voice, feature) in zip(ids, rows):
        _append(mention_cols, aid, "mention_id", mentions, mention_sents, _MENTION_KEYS)
        _append(quote_cols, aid, "quote_id", quotes, quote_sents, _QUOTE_KEYS)
        voice_rows.extend(voice)
        feature_rows.append(feature)
    mentions_df = _columns(mention_cols, "mentions")
    quotes_df = _columns(quote_cols, "quotes")
    features_df = _frame(feature_rows, "text_features")
    voices_df = _frame(voice_rows, "voices")
    for df in (mentions_df, quotes_df):
        if len(df):
            df["sent_id"] = df["sent_id"].astype("Int64")
    return mentions_df, quotes_df, features_df, voices_df


def _article_rows(aid: str, text: str, sents, n_sentences: int, gazetteer, language: str | None = "en") -> tuple:
    """What one article adds to the tables: its mentions and their sentence ids, its quotes
    and theirs, its voices rows and its text features row (with `skipped`: why its quotes
    were not read, "" when they were)."""
    mentions = find_mentions(text, gazetteer)
    quotes = find_speech(text, mentions, language)  # direct and indirect, in text order
    groups = {m["actor"]: m["group"] for m in mentions if m["group"] is not None}
    n_words = len(text.split())
    direct_words = sum(q["n_words"] for q in quotes if is_quote(q["kind"]))
    feature = {
        "article_id": aid,
        "n_sentences": n_sentences,
        "n_words": n_words,
        "n_quotes": sum(is_quote(q["kind"]) for q in quotes),
        "n_actors": len({m["actor"] for m in mentions}),
        "quote_word_share": direct_words / n_words if n_words else 0.0,
        "skipped": speech_skip_reason(language),
        **lexicon_counts(text),
    }
    return ([{k: m[k] for k in _MENTION_KEYS} for m in mentions], _ids(sents, [m["start"] for m in mentions]),
            [{k: q[k] for k in _QUOTE_KEYS} for q in quotes], _ids(sents, [q["start"] for q in quotes]),
            voices(aid, quotes, groups), feature)


def _append(cols: dict[str, list], aid: str, id_name: str, rows: list[dict], sent_ids: list, keys) -> None:
    n = len(rows)
    cols["article_id"].extend([aid] * n)
    cols[id_name].extend(range(n))
    cols["sent_id"].extend(sent_ids)
    for k in keys:
        cols[k].extend([r[k] for r in rows])


def _columns(cols: dict[str, list], name: str) -> pd.DataFrame:
    if not cols["article_id"]:
        return pd.DataFrame(columns=columns(name))
    return pd.DataFrame(cols)


def _frame(rows: list[dict], name: str) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame(columns=columns(name))
    return pd.DataFrame(rows)


def run(ingest_dir: str | Path, out_dir: str | Path, actors: str | Path | None = None, cache=None) -> None:
    """Actors, quotes and text features of a shard; `cache`: a file keeping each article's for the next run."""
    ingest_dir, out = Path(ingest_dir), Path(out_dir)
    articles = read_table(ingest_dir / "articles.parquet", columns=["article_id", "text", "language"])
    sentences = read_table(ingest_dir / "sentences.parquet", columns=["article_id", "sent_id", "start", "end"])
    gazetteer = load_actors_config(actors) if actors else None
    memo = None
    if cache:
        from framescope.base.memo import ObjectMemo, memo_key
        from framescope.base.provenance import code_digest, file_digest

        memo = ObjectMemo(cache, memo_key(code_digest("framescope.commands.features"),
                                          file_digest(actors) if actors else "no actors file", packages=()))
    with paused_gc():
        mentions, quotes, features, voice = extract(articles, sentences, gazetteer, memo=memo)
    log.info("%d articles: %d mentions, %d quotes%s", len(articles), len(mentions), len(quotes),
             "" if memo is None else f" ({memo.hits} articles kept from the last run, {memo.computed} new)")
    write_table(mentions, out / "mentions.parquet", "mentions", compression=SHARD_COMPRESSION)
    write_table(quotes, out / "quotes.parquet", "quotes", compression=SHARD_COMPRESSION)
    write_table(features, out / "text_features.parquet", "text_features", compression=SHARD_COMPRESSION)
    write_table(voice, out / "voices.parquet", "voices", compression=SHARD_COMPRESSION)

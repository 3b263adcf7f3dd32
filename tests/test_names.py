"""Corpus actor names given while collecting: the same tables as collecting, then renaming."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from framescope.base import io
from framescope.base.io import write_table
from framescope.base.sharding import shard_of
from framescope.commands import collect
from framescope.commands import name_actors as names

NAMES = [("Lena Okafor", "person"), ("Okafor", "person"), ("Joe Hale", "person"), ("Joseph Hale", "person"),
         ("Hale", "person"), ("NATO", "organization"), ("Kim", "person"), ("Ana Kim", "person"),
         ("Ben Kim", "person"), ("Paris", "place")]


def _tables(n_articles: int, seed: int = 0) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    mentions, quotes, voices, features, sentiment = [], [], [], [], []
    for i in range(n_articles):
        aid = f"art-{i:03d}"
        chosen = sorted({int(k) for k in rng.choice(len(NAMES), size=int(rng.integers(1, 5)))})
        for m, k in enumerate(chosen * 2):
            actor, kind = NAMES[k]
            mentions.append({"article_id": aid, "mention_id": m, "sent_id": m, "start": 0, "end": len(actor),
                             "surface": actor, "actor": actor, "actor_type": kind, "role": None,
                             "group": "officials" if k % 3 == 0 else None})
        people = [NAMES[k] for k in chosen if NAMES[k][1] == "person"]
        for q, (actor, kind) in enumerate(people):
            quotes.append({"article_id": aid, "quote_id": q, "sent_id": q, "start": 0, "end": 5, "text": "We will.",
                           "speaker": actor, "speaker_type": kind, "cue": "said", "kind": "direct", "n_words": 2})
            voices.append({"article_id": aid, "speaker": actor, "speaker_type": kind, "group": None, "n_quotes": 1,
                           "n_words": 2, "share_words": 1.0 / len(people)})
        for actor, kind in (NAMES[k] for k in chosen):
            sentiment.append({"article_id": aid, "actor": actor, "actor_type": kind, "n_sentences": 1,
                              "tone_about": float(rng.random()), "vader_about": 0.0, "n_quotes": 0,
                              "quote_tone": np.nan})
        features.append({"article_id": aid, "n_words": 100 + i, "n_sentences": 5, "n_quotes": len(people),
                         "n_actors": len(chosen), "quote_word_share": 0.1})
    return {"mentions": pd.DataFrame(mentions), "quotes": pd.DataFrame(quotes), "voices": pd.DataFrame(voices),
            "text_features": pd.DataFrame(features), "actor_sentiment": pd.DataFrame(sentiment)}


def _shards(tables, folder, n_shards: int) -> list:
    dirs = [folder / f"{s:04d}" for s in range(n_shards)]
    for name, df in tables.items():
        shard = df["article_id"].map(lambda a: shard_of(a, n_shards))
        for s, d in enumerate(dirs):
            write_table(df[shard == s], d / f"{name}.parquet", name, compression=io.SHARD_COMPRESSION)
    return dirs


def _manifest(folder, n_articles: int, duplicates=()) -> str:
    ids = [f"art-{i:03d}" for i in range(n_articles)]
    manifest = pd.DataFrame({"source": ids, "article_id": ids,
                             "status": ["duplicate" if a in duplicates else "accepted" for a in ids],
                             "reason": None, "duplicate_of": None})
    write_table(manifest, folder / "manifest.parquet", "manifest")
    return str(folder / "manifest.parquet")


FEATURES = ["mentions", "quotes", "text_features", "voices"]
NAMED = ("mentions", "quotes", "voices", "actors", "actor_sentiment")


def _collect_named(dirs, out, manifest):
    names.collect_stage(dirs, FEATURES, manifest, out)
    names.collect_stage(dirs, ["actor_sentiment"], manifest, out)
    return {n: (out / f"{n}.parquet").read_bytes() for n in NAMED}


@pytest.fixture
def small_groups(monkeypatch):
    monkeypatch.setattr(io, "ARTICLES_PER_ROW_GROUP", 5)


def test_collecting_with_names_is_collecting_then_renaming(tmp_path, small_groups):
    n = 40
    tables = _tables(n)
    manifest = _manifest(tmp_path, n, duplicates={"art-007", "art-039"})
    dirs = _shards(tables, tmp_path / "in3", 3)
    named = _collect_named(dirs, tmp_path / "named", manifest)

    # the other way: collect as it is, then rename the written tables
    plain = tmp_path / "plain"
    collect.stage(dirs, FEATURES, manifest, plain)
    collect.stage(dirs, ["actor_sentiment"], manifest, plain)
    names.name_actors(plain, "features")
    names.name_actors(plain, "sentiment")
    for name in NAMED:
        assert pq.read_table(plain / f"{name}.parquet").equals(pq.read_table(tmp_path / "named" / f"{name}.parquet")), name
    assert named == {n: (plain / f"{n}.parquet").read_bytes() for n in NAMED}

    m = pq.read_table(tmp_path / "named" / "mentions.parquet").to_pandas()
    assert {"art-007", "art-039"}.isdisjoint(m["article_id"])
    renamed = m[m["actor"] != m["article_actor"]]
    assert len(renamed) and set(renamed["article_actor"]) <= {"Okafor", "Hale", "Joe Hale", "Joseph Hale"}
    assert pq.ParquetFile(tmp_path / "named" / "mentions.parquet").num_row_groups == 8  # 38 articles, 5 a group
    voices = pq.read_table(tmp_path / "named" / "voices.parquet").to_pandas()
    assert voices.equals(voices.sort_values(["article_id", "speaker"], kind="stable").reset_index(drop=True))

    # the same bytes from one shard
    assert _collect_named(_shards(tables, tmp_path / "in1", 1), tmp_path / "named1", manifest) == named


def test_the_names_are_the_whole_corpus_s(tmp_path):
    # "Okafor" alone in one shard takes the full name found only in the other shard
    tables = _tables(2)
    tables["mentions"] = pd.DataFrame([
        {"article_id": a, "mention_id": 0, "sent_id": 0, "start": 0, "end": 1, "surface": actor, "actor": actor,
         "actor_type": "person", "role": None, "group": None}
        for a, actor in (("art-000", "Lena Okafor"), ("art-001", "Okafor"))])
    manifest = _manifest(tmp_path, 2)
    dirs = [tmp_path / "a", tmp_path / "b"]
    for d, aid in zip(dirs, ("art-000", "art-001")):
        for name, df in tables.items():
            write_table(df[df["article_id"] == aid], d / f"{name}.parquet", name)
    names.collect_stage(dirs, FEATURES, manifest, tmp_path / "out")
    m = pq.read_table(tmp_path / "out" / "mentions.parquet").to_pandas()
    assert m["actor"].tolist() == ["Lena Okafor", "Lena Okafor"]
    assert m["article_actor"].tolist() == ["Lena Okafor", "Okafor"]

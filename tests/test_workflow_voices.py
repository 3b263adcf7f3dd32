"""Share of voice, corpus actor names and the tone about actors, in the seed run (no extra run)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

pytestmark = pytest.mark.workflow


def table(project, name):
    return pd.read_parquet(project / "results" / "tables" / f"{name}.parquet")


def test_voices_table(seed_run):
    voices = table(seed_run, "voices")
    assert list(voices.columns)[:7] == ["article_id", "speaker", "speaker_type", "group", "n_quotes", "n_words",
                                        "share_words"]
    assert voices.groupby("article_id")["share_words"].sum().round(9).eq(1.0).all()
    top = voices.sort_values("n_words", ascending=False).iloc[0]
    assert (top["speaker"], top["speaker_type"]) == ("Pete Hegseth", "person")
    direct = table(seed_run, "quotes").query("kind == 'direct'")
    assert voices["n_quotes"].sum() == len(direct)
    assert set(voices.loc[voices["speaker_type"] == "source", "speaker"]) >= {"The Associated Press"}


def test_corpus_actor_names(seed_run):
    actors = table(seed_run, "actors")
    mentions = table(seed_run, "mentions")
    assert {"actor", "actor_type", "n_articles", "n_mentions", "variants"} <= set(actors.columns)
    assert "article_actor" in mentions.columns
    trump = actors[actors["actor"] == "Donald Trump"].iloc[0]
    assert trump["n_mentions"] == int((mentions["actor"] == "Donald Trump").sum())


def test_tone_about_actors_is_target_dependent(seed_run):
    models = seed_run / "results" / "models" / "target_sentiment"
    metrics = json.loads((models / "metrics.json").read_text())
    assert metrics["macro_f1"] > metrics["baselines"]["tfidf_sentence"]["macro_f1"]
    assert (models / "model.pkl.sha256").is_file() and (models / "model_card.md").is_file()
    tone = table(seed_run, "actor_sentiment")
    assert {"n_about", "n_negative_about", "n_positive_about", "tone_about_sentence"} <= set(tone.columns)
    hegseth = tone[tone["actor"] == "Pete Hegseth"].iloc[0]
    assert hegseth["n_quotes"] > 0 and hegseth["n_about"] > 0
    # target-dependent: the tone about an actor is not just the mood of the sentences naming them
    assert (tone["tone_about"] - tone["tone_about_sentence"]).abs().max() > 0.05

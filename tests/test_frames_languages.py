"""Frames in several languages: the three methods, their cross-validation, routing articles by language."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framescope.frames.classifier import FrameClassifier
from framescope.frames.languages import (
    METHODS,
    LanguageFrames,
    choose_embeddings,
    choose_method,
    embedding_candidates,
    cross_validate_methods,
    language_folds,
    single_language,
    train_model_languages,
)
from framescope.frames.predict import predict_by_language, skip_reason

FRAMES = ("economic", "security", "health")

# Two made-up "languages" with the same three frames: English, and English words spelt
# backwards with a marker ("xx"), so their vocabularies do not overlap.
CUES = {
    "economic": ["budget", "taxes", "jobs", "prices", "wages", "trade", "inflation", "costs"],
    "security": ["army", "border", "troops", "attack", "police", "defence", "weapons", "soldiers"],
    "health": ["hospital", "doctors", "virus", "vaccine", "patients", "disease", "nurses", "clinic"],
}
FILLER = ["the", "city", "council", "said", "on", "monday", "that", "plan", "would", "change", "new", "report"]


def _text(rng, frames, language):
    words = list(rng.choice(FILLER, 12))
    for f in frames:
        words += list(rng.choice(CUES[f], 4))
    rng.shuffle(words)
    if language == "xx":
        words = [w[::-1] + "q" for w in words]
    return " ".join(words)


def labelled(n_per_language=40, languages=("en", "xx"), seed=0):
    rng = np.random.default_rng(seed)
    rows = []
    for language in languages:
        for i in range(n_per_language):
            k = 1 + (i % 3 == 0)
            frames = sorted(rng.choice(FRAMES, k, replace=False).tolist(), key=FRAMES.index)
            rows.append({"text": _text(rng, frames, language), "frames": frames, "article": f"{language}{i:03d}",
                         "language": language})
    return pd.DataFrame(rows)


def matrix(df):
    return np.asarray([[int(f in row) for f in FRAMES] for row in df["frames"]], dtype=np.int8)


@pytest.fixture(scope="module")
def template():
    return FrameClassifier(frames=FRAMES, dense=False, C=(1.0,), random_state=0)


@pytest.fixture(scope="module")
def data():
    return labelled()


@pytest.mark.parametrize("method", METHODS)
def test_each_method_covers_its_languages_and_frames_them(template, data, method):
    model = LanguageFrames(template, method).fit(data["text"], matrix(data), data["language"], data["article"])
    assert model.languages_ == ["en", "xx"]
    assert model.frames_ == list(FRAMES)
    test = labelled(10, seed=1)
    predicted = model.predict(test["text"], test["language"])
    assert predicted.shape == (len(test), 3)
    # the cues are clear: most frames are found in both languages
    assert (predicted == matrix(test)).mean() > 0.8
    for language in ("en", "xx"):
        assert model.model_for(language).frames_ == list(FRAMES)
    with pytest.raises(KeyError, match="covers en, xx"):
        model.model_for("fr")
    if method == "pooled":
        assert model.model_for("en") is model.model_for("xx")
    if method == "pooled_adapted":
        # one pooled fit: the languages share its coefficients, each with its own calibration
        assert model.model_for("en").coef_ is model.model_for("xx").coef_
        assert "inner_scores_" not in model.pooled_.__dict__


def test_a_frame_a_language_never_carries_is_never_predicted_by_its_own_model(template):
    df = labelled(30)
    # "xx" texts lose the health frame altogether
    df["frames"] = [[f for f in row if not (lang == "xx" and f == "health")] or ["economic"]
                    for row, lang in zip(df["frames"], df["language"])]
    model = LanguageFrames(template, "per_language").fit(df["text"], matrix(df), df["language"], df["article"])
    xx = model.model_for("xx")
    assert xx.thresholds_[FRAMES.index("health")] == 1.0
    test = labelled(10, seed=2)
    rows = test["language"] == "xx"
    assert model.predict(test["text"][rows], test["language"][rows])[:, FRAMES.index("health")].sum() == 0


def test_folds_are_per_language_and_the_same_for_every_method(template, data):
    fold_of = language_folds(matrix(data), data["language"], data["article"], folds=4, random_state=0)
    for language in ("en", "xx"):
        assert sorted(set(fold_of[(data["language"] == language).to_numpy()].tolist())) == [0, 1, 2, 3]
    out = cross_validate_methods(template, data["text"], matrix(data), data["language"], data["article"], fold_of)
    assert set(out) == set(METHODS)
    for result in out.values():
        assert result["decided"].shape == (len(data), 3)
        assert len(result["selection"]) == 4 and set(result["selection"][0]) == {"en", "xx"}


def test_choose_method_prefers_the_simpler_of_near_ties():
    scores = {"per_language": {"en": {"macro_f1": 0.50}, "fr": {"macro_f1": 0.40}},
              "pooled": {"en": {"macro_f1": 0.52}, "fr": {"macro_f1": 0.40}},
              "pooled_adapted": {"en": {"macro_f1": 0.53}, "fr": {"macro_f1": 0.42}}}
    assert choose_method(scores) == "pooled_adapted"
    scores["pooled_adapted"]["fr"]["macro_f1"] = 0.41
    scores["pooled"]["fr"]["macro_f1"] = 0.418
    assert choose_method(scores) == "pooled"


def test_embeddings_auto_reads_english_alone_with_wordllama_and_else_cross_validates():
    assert embedding_candidates("auto", ["en"]) == ("wordllama",)
    assert embedding_candidates("auto", ["fr"]) == embedding_candidates("auto", ["en", "ru"]) == ("wordllama", "use")
    assert embedding_candidates("use", ["en"]) == ("use",) and embedding_candidates("none", ["fr", "de"]) == ("none",)
    # the faster (earlier) candidate wins a near tie
    assert choose_embeddings({"wordllama": 0.500, "use": 0.504}) == "wordllama"
    assert choose_embeddings({"wordllama": 0.500, "use": 0.506}) == "use"
    assert choose_embeddings({"wordllama": 0.52, "use": 0.45}) == "wordllama"


def test_train_model_languages_cross_validates_each_encoder_on_the_same_folds(data):
    from framescope.frames.codebook import Codebook, Frame

    book = Codebook(name="three", frames=[Frame(id=f, code=i + 1, label=f, definition=f)
                                          for i, f in enumerate(FRAMES)])
    template = FrameClassifier(frames=FRAMES, dense="none", C=(1.0,), char_ngrams=None, random_state=0)
    model, metrics = train_model_languages(data, book, template, random_state=0, folds=4, method="pooled",
                                           embeddings=("none", "wordllama"))
    record = metrics["languages"]
    assert set(record["by_embeddings"]) == {"none", "wordllama"}
    chosen = record["embeddings"]["chosen"]
    scores = record["embeddings"]["candidates"]
    assert chosen == choose_embeddings(scores)
    assert model.pooled_.dense == chosen
    # the record's method scores are the chosen encoder's
    assert record["by_method"]["pooled"]["mean_macro_f1"] == record["by_embeddings"][chosen]["pooled"]["mean_macro_f1"]
    assert scores[chosen] == record["by_embeddings"][chosen]["pooled"]["mean_macro_f1"]
    assert "cross-validation" in record["embeddings"]["how"]
    json.dumps(metrics)


def test_train_model_languages_records_every_method_per_language(template, data):
    from framescope.frames.codebook import Codebook, Frame

    book = Codebook(name="three", frames=[Frame(id=f, code=i + 1, label=f, definition=f)
                                          for i, f in enumerate(FRAMES)])
    model, metrics = train_model_languages(data, book, template, random_state=0, folds=4, method="auto")
    record = metrics["languages"]
    assert record["method"] in METHODS and model.method == record["method"]
    assert set(record["by_method"]) == set(METHODS)
    for scores in record["by_method"].values():
        assert set(scores["by_language"]) == {"en", "xx"}
        assert scores["by_language"]["en"]["n_articles"] == 40
    assert metrics["n_articles"] == 80 and 0 <= metrics["macro_f1"] <= 1
    json.dumps(metrics)  # written as metrics.json


def test_predict_by_language_frames_covered_articles_and_says_why_others_are_not(template, data, tmp_path):
    model = LanguageFrames(template, "pooled_adapted").fit(data["text"], matrix(data), data["language"],
                                                           data["article"])
    articles = pd.DataFrame({"article_id": ["a1", "a2", "a3", "a4"], "language": ["en", "de", "xx", None]})
    sentences = pd.DataFrame({
        "article_id": ["a1", "a1", "a2", "a3", "a4"],
        "sent_id": [0, 1, 0, 0, 0],
        "text": ["taxes and wages went up", "the army at the border", "Die Steuern steigen", "sexatq segawq",
                 "taxes"],
    })
    frames, coverage = predict_by_language(sentences, articles, model)
    assert sorted(frames["article_id"].unique()) == ["a1", "a3"]
    assert len(frames) == 3 * len(FRAMES)
    assert coverage["article_id"].tolist() == ["a1", "a2", "a3", "a4"]
    assert coverage["skipped"].tolist() == ["", "language de: the frames model covers en, xx", "",
                                            "language (none): the frames model covers en, xx"]
    assert coverage["n_sentences"].tolist() == [2, 0, 1, 0]
    # the same text in two languages is scored by each language's calibration, and the memo keeps both
    from framescope.base.memo import TextMemo

    same = pd.DataFrame({"article_id": ["a1", "a3"], "sent_id": [0, 0], "text": ["taxes", "taxes"]})
    memo = TextMemo(tmp_path / "memo.npz", "k")
    first, _ = predict_by_language(same, articles, model, memo=memo)
    again, _ = predict_by_language(same, articles, model, memo=TextMemo(tmp_path / "memo.npz", "k"))
    assert memo.computed == 2
    pd.testing.assert_frame_equal(first, again)
    plain, _ = predict_by_language(same, articles, model)
    pd.testing.assert_frame_equal(first, plain)


def test_an_empty_shard_writes_the_same_coverage_schema_as_a_full_one(template, data, tmp_path):
    # collect unifies the shards' schemas: an empty shard's columns must not come out as floats
    import pyarrow.parquet as pq

    from framescope.base.io import write_table

    model = LanguageFrames(template, "pooled").fit(data["text"], matrix(data), data["language"], data["article"])
    sentences = pd.DataFrame({"article_id": ["a1"], "sent_id": [0], "text": ["taxes and wages went up"]})
    articles = pd.DataFrame({"article_id": ["a1"], "language": ["en"]})
    _, full = predict_by_language(sentences, articles, model)
    _, empty = predict_by_language(sentences.iloc[:0], articles.iloc[:0], model)
    write_table(full, tmp_path / "full.parquet", "frames_coverage")
    write_table(empty, tmp_path / "empty.parquet", "frames_coverage")
    assert pq.read_schema(tmp_path / "empty.parquet").types == pq.read_schema(tmp_path / "full.parquet").types


def test_skip_reason_is_empty_for_covered_languages():
    assert skip_reason("en", ["en", "fr"]) == ""
    assert skip_reason("it", ["en", "fr"]) == "language it: the frames model covers en, fr"


def test_single_language_wraps_a_one_language_model(template, data):
    en = data[data["language"] == "en"]
    clf = FrameClassifier(frames=FRAMES, dense=False, C=(1.0,), random_state=0).fit(
        en["text"], matrix(en), groups=en["article"])
    model = single_language(clf, "en")
    assert model.languages_ == ["en"] and model.model_for("en") is clf


def test_summary_and_prevalence_count_the_articles_left_out(tmp_path):
    from framescope.base.io import write_table
    from framescope.commands.prevalence import skipped_note
    from framescope.commands.summary import frames_languages

    tables = tmp_path / "tables"
    coverage = pd.DataFrame({"article_id": ["a", "b", "c", "d"], "language": ["en", "fr", "fr", "it"],
                             "skipped": ["", "", "", "language it: the frames model covers en, fr"],
                             "n_sentences": [3, 2, 1, 0]})
    write_table(coverage, tables / "frames_coverage.parquet", "frames_coverage")
    summary = frames_languages(tmp_path)["frames"]
    assert summary["framed"] == 3 and summary["skipped"] == 1
    assert summary["by_language"] == {"en": {"framed": 1, "skipped": 0}, "fr": {"framed": 2, "skipped": 0},
                                      "it": {"framed": 0, "skipped": 1}}
    assert skipped_note(tables / "frames_coverage.parquet") == (
        "1 articles left out: in languages the frames model does not cover (it 1)")
    assert frames_languages(tmp_path / "none") == {}


def test_prevalence_has_a_language_breakdown_when_articles_are_in_several():
    from framescope.analysis.prevalence import article_groups

    articles = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"], "published": ["2024-01-02", None],
                             "language": ["en", "fr"]})
    assert article_groups(articles, ["a", "b"])["language"].tolist() == ["en", "fr"]
    one = articles.assign(language="en")
    assert "language" not in article_groups(one, ["a", "b"]).columns


SHARED = Path(os.environ.get("FRAMESCOPE_LABELLED", Path(__file__).resolve().parents[2] / "shared" / "labelled"))


@pytest.mark.skipif(not (SHARED / "semeval2023-fr").is_dir(), reason="needs ../shared/labelled (SemEval-2023)")
def test_the_benchmark_script_loads_the_shared_sets_under_iso_codes():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "frames_languages", Path(__file__).resolve().parents[1] / "benchmarks" / "frames_languages.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    texts, Y, languages, groups, found, frames = bench.load(SHARED, only=["fr", "de"])
    assert sorted(set(languages)) == ["de", "fr"] and Y.shape == (len(texts), 14)


def test_several_languages_get_character_ngrams_unless_the_template_fixes_them(data):
    from framescope.frames.languages import MULTILINGUAL_CHAR_NGRAMS, multilingual_template, train_languages

    auto = FrameClassifier(frames=FRAMES, dense=False, C=(1.0,), random_state=0)
    assert multilingual_template(auto).char_ngrams == MULTILINGUAL_CHAR_NGRAMS
    assert auto.char_ngrams == "auto"  # the template itself is not changed
    words = FrameClassifier(frames=FRAMES, dense=False, C=(1.0,), char_ngrams=None, random_state=0)
    assert multilingual_template(words) is words
    # long texts (articles): "auto" alone gives no character n-grams; with several languages they have them
    long = data.assign(text=data["text"] + (" " + data["text"]) * 8)
    model, _, _ = train_languages(long["text"], matrix(long), long["language"], long["article"], auto, folds=3,
                                  random_state=0, method="pooled")
    assert model.model_for("en").settings_["char_ngrams"] == MULTILINGUAL_CHAR_NGRAMS
    model, _, _ = train_languages(long["text"], matrix(long), long["language"], long["article"], words, folds=3,
                                  random_state=0, method="pooled")
    assert model.model_for("en").settings_["char_ngrams"] is None

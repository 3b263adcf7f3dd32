"""The frames classifier, its starter set and the sentence/article frame tables."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framescope.base import tables
from framescope.frames.codebook import load_codebook
from framescope.frames.classifier import FrameClassifier, build_model
from framescope.frames.data import load_starter
from framescope.frames.predict import article_frames, predict_sentences
from framescope.frames.validation import assign_folds, train_model
from framescope.base.io import load_model, save_model

# Measured on the bundled starter set (5 folds, random_state=0, word/char TF-IDF +
# wordllama embeddings, thresholds from inner cross-validation): micro-F1 0.665,
# macro-F1 0.666, lowest per-frame F1 0.55 (security_defense). The previous model
# (no embeddings, per-frame thresholds) scored 0.608; the floors sit above it and leave
# room for platform-level numeric drift and small edits to the starter set.
MICRO_F1_FLOOR = 0.62
MACRO_F1_FLOOR = 0.62
PER_FRAME_F1_FLOOR = 0.45


@pytest.fixture(scope="module")
def codebook():
    return load_codebook("policy_frames")


@pytest.fixture(scope="module")
def starter():
    return load_starter()


@pytest.fixture(scope="module")
def trained(starter, codebook):
    return train_model(starter, codebook, random_state=0, folds=5)


@pytest.fixture
def sentences():
    return pd.DataFrame(
        {
            "article_id": ["b", "b", "a"],
            "sent_id": [1, 0, 0],
            "text": [
                "Lawmakers from both parties said the bill would cost taxpayers billions of dollars.",
                "The court ruled that the state law was unconstitutional.",
                "A new poll shows most voters oppose the plan.",
            ],
        }
    )


# --------------------------------------------------------------------------- starter set


def test_starter_set_covers_every_frame(starter, codebook):
    assert list(starter.columns) == ["text", "frames", "article", "issue"]
    assert 900 <= len(starter) <= 1400
    counts = pd.Series([f for fs in starter["frames"] for f in fs]).value_counts()
    assert set(counts.index) == set(codebook.ids)
    assert counts.min() >= 40, counts.to_dict()
    multi = starter["frames"].map(len).gt(1).mean()
    assert 0.12 <= multi <= 0.30
    assert starter["text"].is_unique
    assert starter["issue"].nunique() >= 12
    assert all(isinstance(fs, list) and fs for fs in starter["frames"])


# --------------------------------------------------------------------------- training


def test_training_metrics_clear_measured_floors(trained, codebook, starter):
    model, metrics = trained
    assert metrics["micro_f1"] >= MICRO_F1_FLOOR
    assert metrics["macro_f1"] >= MACRO_F1_FLOOR
    assert set(metrics["per_label"]) == set(codebook.ids)
    for frame, scores in metrics["per_label"].items():
        assert scores["f1"] >= PER_FRAME_F1_FLOOR, (frame, scores)
        assert scores["support"] >= 40
        assert 0.05 <= scores["threshold"] <= 0.95
    assert metrics["n_train"] == len(starter)
    assert metrics["folds"] == 5
    assert 0 < metrics["subset_accuracy"] < 1
    assert model.frames_ == codebook.ids
    assert [round(t, 2) for t in model.thresholds_] == [metrics["per_label"][f]["threshold"] for f in codebook.ids]
    # Probabilities are calibrated: pooled over frames, the expected calibration error is small.
    assert metrics["calibration"]["ece"] < 0.03
    assert len(metrics["calibration"]["bin_mean_predicted"]) == len(metrics["calibration"]["fraction_positive"])


def test_metrics_carry_error_rates_for_prevalence_correction(trained, starter, codebook):
    _, metrics = trained
    n = len(starter)
    for frame, s in metrics["per_label"].items():
        assert 0 < s["tpr"] <= 1 and 0 <= s["fpr"] < 0.2, (frame, s)
        assert s["tpr"] == pytest.approx(s["recall"], abs=1e-4)
        # mean probability among true positives well above that among true negatives
        assert s["mean_p_pos"] > s["mean_p_neg"] + 0.2, (frame, s)
        # predicted positives = tpr * support + fpr * negatives; precision follows from them
        tp = s["tpr"] * s["support"]
        fp = s["fpr"] * (n - s["support"])
        assert s["precision"] == pytest.approx(tp / (tp + fp), abs=0.01)


def test_folds_keep_each_article_together(starter):
    fold_of = assign_folds(starter, folds=5, random_state=0)
    assert sorted(set(fold_of)) == [0, 1, 2, 3, 4]
    per_article = pd.Series(fold_of).groupby(starter["article"].to_numpy()).nunique()
    assert per_article.max() == 1
    sizes = np.bincount(fold_of)
    assert sizes.min() > 0.5 * sizes.max()
    # Same seed, same folds; another seed, other folds.
    assert np.array_equal(fold_of, assign_folds(starter, folds=5, random_state=0))
    assert not np.array_equal(fold_of, assign_folds(starter, folds=5, random_state=1))


def test_training_refuses_frames_outside_the_codebook_or_too_rare(codebook):
    df = pd.DataFrame({"text": ["a b c"] * 6, "frames": ["economic;vibes"] * 6, "article": list("abcdef")})
    with pytest.raises(ValueError, match="'vibes' is not in the codebook"):
        train_model(df, codebook)
    df = pd.DataFrame({"text": ["a b c"] * 6, "frames": ["economic"] * 5 + ["economic;political"],
                       "article": list("abcdef")})
    with pytest.raises(ValueError, match=r"fewer labelled sentences than folds \(5\): \{'political': 1\}"):
        train_model(df, codebook, folds=5)
    # frames no text carries are left out of the model (SemEval-2023 has no "Other"), but one is not enough
    df = pd.DataFrame({"text": ["a b c"] * 6, "frames": ["economic"] * 6, "article": list("abcdef")})
    with pytest.raises(ValueError, match=r"carry 1 of the codebook's frames \(\['economic'\]\)"):
        train_model(df, codebook, folds=5)


def test_single_label_classifier_predicts_one_frame_with_calibrated_probabilities(starter, codebook):
    primary = [fs[0] for fs in starter["frames"]]
    model = FrameClassifier(frames=tuple(codebook.ids), multi_label=False, random_state=0)
    model.fit(starter["text"], primary, groups=starter["article"])
    clear = ["Police arrested two men and charged them with burglary.", "Most voters oppose the plan, a new poll shows."]
    proba = model.predict_proba(clear)
    assert proba.shape == (2, 15) and np.allclose(proba.sum(axis=1), 1.0)
    assert model.predict(clear).tolist() == ["crime_punishment", "public_opinion"]
    assert model.calibration_[0, 0] > 0  # 1/T of the temperature scaling
    with pytest.raises(ValueError, match="exactly one frame"):
        model.fit(["a", "b"], [["economic", "morality"], ["economic"]])


def test_thresholds_and_at_least_one_rule(starter, codebook):
    half = starter[starter["article"].isin(sorted(set(starter["article"]))[1::2])]
    fixed = FrameClassifier(frames=tuple(codebook.ids), thresholds=[0.99] * 15, at_least_one=True).fit(
        half["text"], half["frames"], groups=half["article"]
    )
    decided = fixed.predict(["Prices rose and the council argued about the budget."])
    assert decided.sum() == 1  # nothing clears 0.99, so only the most probable frame is predicted
    free = fixed.set_params(at_least_one=False).fit(half["text"], half["frames"], groups=half["article"])
    assert free.predict(["Prices rose and the council argued about the budget."]).sum() == 0
    with pytest.raises(ValueError, match="thresholds has 2 values"):
        FrameClassifier(frames=tuple(codebook.ids), thresholds=[0.5, 0.5]).fit(half["text"], half["frames"])


def test_c_and_threshold_strategy_are_chosen_by_inner_cross_validation(starter, codebook):
    half = starter[starter["article"].isin(sorted(set(starter["article"]))[1::2])]
    args = (half["text"], half["frames"])
    model = FrameClassifier(frames=tuple(codebook.ids), C=(2.0, 32.0)).fit(*args, groups=half["article"])
    s = model.selection_
    assert s["select_by"] == "macro_f1" and s["inner_folds"] == 3
    assert [(c["C"], c["thresholds"]) for c in s["candidates"]] == [
        (C, t) for C in (2.0, 32.0) for t in ("global", "smooth", "per_frame")
    ]
    assert (s["C"], s["thresholds"]) in [(c["C"], c["thresholds"]) for c in s["candidates"]]
    assert model.threshold_strategy_ == s["thresholds"] and set(model.C_) == {s["C"]}
    if s["thresholds"] == "global":
        assert len(set(model.thresholds_)) == 1
    # the same data and seed, the same choice
    again = FrameClassifier(frames=tuple(codebook.ids), C=(2.0, 32.0)).fit(*args, groups=half["article"])
    assert again.selection_ == s and np.array_equal(again.thresholds_, model.thresholds_)
    # one strategy asked for: only C is chosen
    one = FrameClassifier(frames=tuple(codebook.ids), C=(2.0, 32.0), thresholds="per_frame").fit(
        *args, groups=half["article"])
    assert {c["thresholds"] for c in one.selection_["candidates"]} == {"per_frame"}
    with pytest.raises(ValueError, match="select_by must be one of"):
        FrameClassifier(frames=tuple(codebook.ids), select_by="accuracy").fit(*args)
    with pytest.raises(ValueError, match="thresholds must be 'cv'"):
        FrameClassifier(frames=tuple(codebook.ids), thresholds="auto").fit(*args)
    with pytest.raises(ValueError, match="C must be a number or a list"):
        FrameClassifier(frames=tuple(codebook.ids), C="auto").fit(*args)


def test_a_simpler_strategy_within_the_tolerance_is_preferred():
    from framescope.frames.classifier import SELECTION_TOLERANCE, _select

    def cands(per_frame_gain):
        return [{"C": 2.0, "thresholds": "global", "macro_f1": 0.60, "micro_f1": 0.70},
                {"C": 2.0, "thresholds": "per_frame", "macro_f1": round(0.60 + per_frame_gain, 4), "micro_f1": 0.66}]

    assert _select(cands(SELECTION_TOLERANCE / 2), "macro_f1") == 0  # within the noise: global
    assert _select(cands(2 * SELECTION_TOLERANCE), "macro_f1") == 1  # clearly better: per-frame
    assert _select(cands(2 * SELECTION_TOLERANCE), "micro_f1") == 0


def test_feature_settings_follow_text_length(codebook):
    model = FrameClassifier(frames=("a", "b"))
    short = model._resolve(["A short sentence."] * 5)
    long = model._resolve(["word " * 200] * 5)
    assert short["char_ngrams"] == (2, 5) and short["word_ngrams"] == (1, 2) and short["min_df"] == 1
    assert long["char_ngrams"] is None and long["word_ngrams"] == (1, 1) and long["min_df"] == 2
    with pytest.raises(ValueError, match="min_df must be"):
        FrameClassifier(frames=("a",), min_df="lots")._resolve(["x"])


def test_classifier_follows_sklearn_conventions(codebook):
    model = build_model(codebook, random_state=3)
    assert isinstance(model, FrameClassifier)
    assert model.get_params()["random_state"] == 3
    assert model.get_params()["frames"] == tuple(codebook.ids)
    assert not any(k.endswith("_") for k in vars(model))


def test_model_classifies_clear_sentences(trained):
    model, _ = trained
    proba = model.predict_proba(
        [
            "The jury found him guilty of armed robbery and the judge sentenced him to twelve years in prison.",
            "A new survey shows most voters disapprove of the plan, and support has dropped ten points since spring.",
            "Hospitals reported a rise in patients with serious infections, and doctors warned of an outbreak.",
        ]
    )
    assert proba.shape == (3, 15)
    top = [model.frames_[i] for i in proba.argmax(axis=1)]
    assert top == ["crime_punishment", "public_opinion", "health_safety"]


def test_saved_model_predicts_the_same(trained, tmp_path, sentences):
    model, _ = trained
    save_model(model, tmp_path / "frames.pkl")
    again = load_model(tmp_path / "frames.pkl")
    pd.testing.assert_frame_equal(predict_sentences(sentences, model), predict_sentences(sentences, again))


TRAIN_AND_SAVE = """
import sys
from framescope.frames.codebook import load_codebook
from framescope.frames.data import load_starter
from framescope.frames.validation import train_model
from framescope.base.io import save_model
df = load_starter()
df = df[df["article"].isin(sorted(set(df["article"]))[::2])]  # half the articles: enough, and faster
model, _ = train_model(df, load_codebook("policy_frames"), random_state=0, folds=2)
model.predict_proba(["a sentence predicted before saving must not change the bytes"])
save_model(model, sys.argv[1])
"""


def test_pickled_model_is_byte_identical_across_hash_seeds(tmp_path):
    procs = []
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
        out = tmp_path / f"model-{seed}.pkl"
        procs.append((out, subprocess.Popen([sys.executable, "-c", TRAIN_AND_SAVE, str(out)], env=env)))
    for _, proc in procs:
        assert proc.wait(timeout=120) == 0
    (a, _), (b, _) = procs
    assert a.read_bytes() == b.read_bytes()
    assert Path(f"{a}.sha256").read_text().split()[0] == Path(f"{b}.sha256").read_text().split()[0]


# --------------------------------------------------------------------------- tables


def test_predict_sentences_contract(trained, sentences, codebook):
    model, _ = trained
    out = predict_sentences(sentences, model)
    assert list(out.columns) == tables.columns("sentence_frames")
    assert len(out) == 3 * 15
    key_cols = tables.keys("sentence_frames")
    assert out.equals(out.sort_values(key_cols, kind="stable").reset_index(drop=True))
    assert not out.duplicated(key_cols).any()
    assert out["probability"].between(0, 1).all()
    assert out["predicted"].dtype == bool
    assert out["sent_id"].dtype == np.int64
    thresholds = out["frame"].map(dict(zip(model.frames_, model.thresholds_)))
    assert (out["predicted"] == (out["probability"] >= thresholds)).all()
    assert set(out["frame"]) == set(codebook.ids)
    row = out[(out.article_id == "a") & (out.frame == "public_opinion")].iloc[0]
    assert row["predicted"]


def test_article_frames_contract(trained, sentences, codebook):
    model, _ = trained
    out = article_frames(predict_sentences(sentences, model), codebook.ids)
    assert list(out.columns) == tables.columns("article_frames")
    assert len(out) == 2 * 15
    assert out.equals(out.sort_values(tables.keys("article_frames"), kind="stable").reset_index(drop=True))
    assert np.allclose(out.groupby("article_id")["share"].sum(), 1.0)
    assert (out.groupby("article_id")["is_primary"].sum() == 1).all()
    assert out.loc[out.is_primary].set_index("article_id").loc["a", "frame"] == "public_opinion"
    assert (out["n_sentences"] <= out["article_id"].map({"a": 1, "b": 2})).all()
    assert (out["article_sentences"] == out["article_id"].map({"a": 1, "b": 2})).all()
    assert out["probability_sum"].between(0, out["article_sentences"]).all()


def test_article_frames_by_hand():
    sf = pd.DataFrame(
        {
            "article_id": ["x"] * 6 + ["y"] * 3,
            "sent_id": [0, 0, 0, 1, 1, 1, 0, 0, 0],
            "frame": ["a", "b", "c"] * 3,
            "probability": [0.9, 0.5, 0.1, 0.3, 0.7, 0.5, 0.0, 0.0, 0.0],
            "predicted": [True, True, False, False, True, True, False, False, False],
        }
    )
    # x: means a=0.6, b=0.6, c=0.3 (sum 1.5) -> shares 0.4, 0.4, 0.2; a and b tie.
    # y: all zero -> even shares.
    out = article_frames(sf, frames=["b", "a", "c"]).set_index(["article_id", "frame"])
    assert np.allclose(out.loc["x", "share"].loc[["a", "b", "c"]], [0.4, 0.4, 0.2])
    assert out.loc["x", "n_sentences"].loc[["a", "b", "c"]].tolist() == [1, 2, 1]
    assert out.loc["x", "is_primary"].loc[["a", "b", "c"]].tolist() == [False, True, False]  # tie -> codebook order
    assert np.allclose(out.loc["y", "share"], 1 / 3)
    assert out.loc["y", "is_primary"].loc[["a", "b", "c"]].tolist() == [False, True, False]
    # the sums frame prevalence reads: summed probability, and all the article's sentences
    assert np.allclose(out.loc["x", "probability_sum"].loc[["a", "b", "c"]], [1.2, 1.2, 0.6])
    assert (out.loc["y", "probability_sum"] == 0.0).all()
    assert out["article_sentences"].tolist() == [2, 2, 2, 1, 1, 1]
    # Default order: first appearance in the input (a before b).
    default = article_frames(sf).set_index(["article_id", "frame"])
    assert default.loc[("x", "a"), "is_primary"] and not default.loc[("x", "b"), "is_primary"]


def test_empty_input_gives_empty_tables_with_the_right_columns(trained):
    model, _ = trained
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in tables.columns("sentences")})
    sf = predict_sentences(empty, model)
    assert list(sf.columns) == tables.columns("sentence_frames") and len(sf) == 0
    af = article_frames(sf)
    assert list(af.columns) == tables.columns("article_frames") and len(af) == 0
    assert model.predict_proba([]).shape == (0, 15)


def test_kept_probabilities_give_the_same_table(trained, sentences, tmp_path, monkeypatch):
    from framescope.frames import predict as frames_module
    from framescope.base.memo import TextMemo

    model, _ = trained
    monkeypatch.setattr(frames_module, "PREDICT_CHUNK", 2)  # chunks as in a real shard
    fresh = predict_sentences(sentences, model)
    memo = TextMemo(tmp_path / "0000.npz", "model-a")
    pd.testing.assert_frame_equal(predict_sentences(sentences, model, memo=memo), fresh)
    assert (memo.hits, memo.computed) == (0, 3)
    # one more sentence: only it is classified; the table is the one made without the store
    more = pd.concat([sentences, pd.DataFrame({"article_id": ["c"], "sent_id": [0],
                                               "text": ["The court struck down the tax on imports."]})])
    pd.testing.assert_frame_equal(predict_sentences(more, model, memo=memo), predict_sentences(more, model))
    assert (memo.hits, memo.computed) == (3, 1)

"""`framescope evaluate` on data written in the benchmark formats (built from the bundled starter set)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from framescope.commands import cli
from framescope.frames.codebook import load_codebook
from framescope.frames.evaluate import evaluate, model_card
from framescope.frames.data import load_starter
from framescope.frames.formats.semeval2023 import SEMEVAL2023_FRAMES

FIXTURES = Path(__file__).parent / "fixtures" / "labelled"


@pytest.fixture(scope="module")
def starter():
    return load_starter()


@pytest.fixture(scope="module")
def sentences_csv(tmp_path_factory, starter):
    """Two thirds of the starter articles as a csv: multi-label sentences with article ids and outlets."""
    keep = sorted(set(starter["article"]))
    keep = set(keep[::3] + keep[1::3])
    df = starter[starter["article"].isin(keep)]
    path = tmp_path_factory.mktemp("evaluate") / "coded.csv"
    df.assign(labels=[";".join(f) for f in df["frames"]], article_id=df["article"], outlet=df["issue"])[
        ["text", "labels", "article_id", "outlet"]
    ].to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def semeval_layout(tmp_path_factory, starter):
    """The starter articles in SemEval-2023 subtask 2 layout: train and dev folders plus label files."""
    root = tmp_path_factory.mktemp("semeval")
    by_name = {f.id: f.label for f in load_codebook("policy_frames").frames}
    semeval = {name.replace("_", " ").lower().replace("legality constitutionality", "legality, constitutionality"): name
               for name in SEMEVAL2023_FRAMES}
    articles = sorted(set(starter["article"]))
    for part, chosen in (("train", articles[::4] + articles[1::4] + articles[2::4]), ("dev", articles[3::4])):
        folder = root / f"{part}-articles-subtask-2"
        folder.mkdir()
        lines = []
        for i, article in enumerate(sorted(chosen)):
            rows = starter[starter["article"] == article]
            article_id = str(100000 + articles.index(article))
            body = " ".join(rows["text"])
            (folder / f"article{article_id}.txt").write_text(f"{rows['issue'].iloc[0]} news\n\n{body}\n", encoding="utf-8")
            frames = dict.fromkeys(f for fs in rows["frames"] for f in fs if f != "other")
            lines.append(f"{article_id}\t" + ",".join(semeval[by_name[f].lower()] for f in frames))
        (root / f"{part}-labels-subtask-2.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_cross_validation_writes_metrics_card_and_summary(sentences_csv, tmp_path, capsys):
    out = tmp_path / "out"
    assert cli.main(["--quiet", "evaluate", "--format", "csv", "--train", str(sentences_csv), "--folds", "3",
                     "--out", str(out)]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("evaluate csv: 3-fold CV on 786 sentences, 15 frames (multi-label): micro-F1 ")
    m = json.loads((out / "metrics.json").read_text())
    assert m["mode"] == "cross-validation" and m["n_train"] == m["n_test"] == 786 and m["multi_label"]
    # Measured: micro-F1 0.62 on these 131 articles; the floor is far above chance (~0.1).
    assert m["micro_f1"] > 0.5 and m["macro_f1"] > 0.5
    assert f"micro-F1 {m['micro_f1']:.3f}" in line
    for frame, s in m["per_label"].items():
        assert {"precision", "recall", "f1", "support", "tpr", "fpr", "mean_p_pos", "mean_p_neg"} <= set(s), frame
    assert sum(s["support"] for s in m["per_label"].values()) == sum(m["label_counts_train"].values())
    curve = m["learning_curve"]
    assert len(curve["n_train"]) == len(curve["micro_f1"]) == len(curve["macro_f1"]) == 4
    assert curve["n_train"] == sorted(curve["n_train"]) and curve["micro_f1"][-1] > curve["micro_f1"][0]
    cal = m["calibration"]
    assert len(cal["bin_mean_predicted"]) == len(cal["fraction_positive"]) and cal["ece"] < 0.05
    # Outlets (here: the issue) are known, so a score with whole outlets held out is added.
    held_out = m["outlet_held_out"]
    assert held_out["n_outlets"] == 34 and held_out["folds"] == 3 and held_out["micro_f1"] > 0.5
    # Sentences with article ids: article-level labels from sentence predictions.
    assert m["article_level"]["n_articles"] == 131
    card = (out / "model_card.md").read_text()
    assert "## Known limits" in card and "Outlet held out" in card and "| economic |" in card
    assert "_timing" not in m  # timings vary from run to run: never in the results


def test_semeval_train_test_and_codebook_mapping(semeval_layout, tmp_path):
    m = evaluate(
        "semeval2023", semeval_layout / "train-articles-subtask-2", test=semeval_layout / "dev-articles-subtask-2",
        learning_curve=False, dense=False, out=tmp_path / "sem",
    )
    assert m["mode"] == "train/test" and m["unit"] == "article"
    assert (m["n_train"], m["n_test"]) == (147, 49)
    assert m["frames"] == list(SEMEVAL2023_FRAMES)
    assert m["micro_f1"] > 0.45  # measured 0.60; chance (all frames) is about 0.3
    assert set(m["per_label"]) == set(SEMEVAL2023_FRAMES)
    mapped = evaluate(
        "semeval2023", semeval_layout / "train-articles-subtask-2", test=semeval_layout / "dev-articles-subtask-2",
        learning_curve=False, dense=False, codebook="policy_frames",
    )
    assert mapped["codebook"] == "policy_frames" and "legality" in mapped["frames"] and "other" not in mapped["frames"]
    assert mapped["micro_f1"] == pytest.approx(m["micro_f1"], abs=1e-9)  # same data, renamed labels


def test_single_label_cross_validation_scores_accuracy_and_confusion(starter, tmp_path):
    keep = set(sorted(set(starter["article"]))[::2])
    df = starter[starter["article"].isin(keep)]
    codes = {f.id: f.code for f in load_codebook("policy_frames").frames}
    path = tmp_path / "frac.csv"
    df.assign(sentence=df["text"], label=[codes[f[0]] for f in df["frames"]])[["sentence", "label"]].to_csv(
        path, index=False
    )
    m = evaluate("frac", path, folds=3, learning_curve=False, dense=False)
    assert not m["multi_label"] and m["accuracy"] > 0.4  # measured 0.55 on 588 sentences, 15 frames
    assert m["micro_f1"] == pytest.approx(m["accuracy"], abs=1e-4)
    matrix = np.asarray(m["confusion"]["matrix"])
    assert matrix.shape == (15, 15) and matrix.sum() == len(df)
    assert np.trace(matrix) / matrix.sum() == pytest.approx(m["accuracy"], abs=1e-4)
    assert "article_level" not in m  # each FrAC sentence is its own unit


def test_bad_arguments_give_clear_errors(sentences_csv, tmp_path, capsys):
    assert cli.main(["evaluate", "--format", "csv", "--train", str(sentences_csv), "--test-labels", "x.txt",
                     "--out", str(tmp_path)]) == 2
    assert "--test-labels needs --test" in capsys.readouterr().err
    assert cli.main(["evaluate", "--format", "gvfc", "--train", str(tmp_path / "none.csv"), "--out", str(tmp_path)]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_model_card_lists_dropped_frames_and_exclusions():
    metrics = {
        "format": "gvfc", "data": {"train": "gvfc.csv (sha256 x)", "test": None}, "n_train": 10, "n_test": 10,
        "unit": "headline", "excluded": {"train": {"n": 2, "reasons": {"no theme (Q3 Theme1 empty or 99)": 2}}},
        "multi_label": False, "frames": ["a", "b"], "frame_names": {"a": "A", "b": "B"}, "codebook": None,
        "dropped_frames": {"b": "1 training example(s); at least 2 needed"},
        "model": {"params": {"dense": True, "char_ngrams": "auto"}}, "mode": "cross-validation", "cv": "k-fold",
        "accuracy": 0.5, "micro_f1": 0.5, "macro_f1": 0.4, "calibration": {"ece": 0.1},
        "per_label": {f: {"precision": 1, "recall": 1, "f1": 1, "support": 1} for f in "ab"},
    }
    card = model_card(metrics)
    assert "Left out of the train data: 2 (no theme (Q3 Theme1 empty or 99) (2))." in card
    assert "Not modelled (too few examples): b." in card


def test_evaluate_records_the_inner_choice_and_the_skipped_rows(sentences_csv, tmp_path):
    # one row with a field too many: skipped, counted and named with its line
    text = sentences_csv.read_text(encoding="utf-8").splitlines()
    text.insert(3, "A stray row,economic,x1,Some Outlet,extra")
    path = tmp_path / "coded.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    m = evaluate("csv", path, folds=3, learning_curve=False, dense=False, out=out)
    assert m["skipped_rows"] == {"n": 1, "rows": [{"file": "coded.csv", "line": 4,
                                                   "reason": "5 fields, the header has 4"}]}
    selection = m["model_selection"]
    assert selection["select_by"] == "macro_f1" and len(selection["folds"]) == 3
    final = selection["all_data"]
    assert final["thresholds"] in ("global", "smooth", "per_frame") and final["C"] in (0.5, 2.0, 8.0, 32.0)
    # every (C, strategy) candidate with its inner-CV scores
    assert len(final["candidates"]) == 12
    assert {"C", "thresholds", "macro_f1", "micro_f1"} <= set(final["candidates"][0])
    assert set(final["thresholds_by_frame"]) == set(m["frames"])
    card = (out / "model_card.md").read_text()
    assert "Malformed rows skipped: 1 (coded.csv:4: 5 fields, the header has 4)." in card
    assert "Chosen for this training set by an inner 3-fold cross-validation" in card
    assert "| C | thresholds | inner macro-F1 | inner micro-F1 |" in card and "(chosen)" in card


def test_train_frames_on_semeval_articles_mapped_to_the_codebook(semeval_layout, tmp_path):
    from framescope.base.io import load_model

    out = tmp_path / "model"
    # the labels file is found beside the articles folder, as `evaluate` finds it
    assert cli.main(["--quiet", "train-frames", "--data", str(semeval_layout / "train-articles-subtask-2"),
                     "--format", "semeval2023", "--labels", "none", "--language", "en", "--method", "auto",
                     "--codebook", "policy_frames", "--embeddings", "wordllama", "--seed", "0", "--out", str(out)]) == 0
    m = json.loads((out / "metrics.json").read_text())
    assert m["languages"]["method"] == "single_language" and m["languages"]["languages"] == ["en"]
    training = m["training_data"]
    assert training["format"] == "semeval2023" and training["unit"] == "article"
    assert training["n_texts"] == training["n_articles"] == 147
    assert training["labels"].endswith("train-labels-subtask-2.txt") and not training["path"].startswith("/")
    assert training["skipped_rows"] == {"n": 0, "rows": []}
    # SemEval has no "Other": the frame is left out of the model, and said so
    assert m["not_modelled"] == {"other": "no labelled texts in the training data"}
    assert "other" not in m["frames"] and "legality" in m["frames"]
    assert m["model_selection"]["all_data"]["thresholds"] in ("global", "smooth", "per_frame")
    card = (out / "model_card.md").read_text()
    assert "Training data format: semeval2023" in card and "147 articles." in card
    assert "Not modelled (no labelled texts in the training data): other." in card
    assert "Trained on whole articles and applied to sentences" in card
    assert "other" not in load_model(out / "model.pkl").frames_


def test_train_frames_on_two_languages_chooses_a_method_and_covers_both(semeval_layout, tmp_path):
    from framescope.base.io import load_model

    out = tmp_path / "model"
    folder = str(semeval_layout / "train-articles-subtask-2")
    by_language = {"fr": {"train": folder, "train_format": "semeval2023", "train_labels": None}}
    assert cli.main(["--quiet", "train-frames", "--data", folder, "--format", "semeval2023", "--labels", "none",
                     "--language", "en", "--by-language", json.dumps(by_language), "--method", "auto",
                     "--codebook", "policy_frames", "--embeddings", "none", "--seed", "0", "--out", str(out)]) == 0
    m = json.loads((out / "metrics.json").read_text())
    record = m["languages"]
    assert record["languages"] == ["en", "fr"]
    assert record["method"] in ("per_language", "pooled", "pooled_adapted")
    assert set(record["by_method"]) == {"per_language", "pooled", "pooled_adapted"}
    assert record["by_method"]["pooled"]["by_language"]["fr"]["n_articles"] == 147
    assert set(m["training_data"]["by_language"]) == {"en", "fr"}
    assert m["n_articles"] == 2 * 147
    model = load_model(out / "model.pkl")
    assert model.languages_ == ["en", "fr"] and model.method == record["method"]
    card = (out / "model_card.md").read_text()
    assert "[fr] Training data format: semeval2023" in card
    assert "- Languages: en, fr;" in card and "| language | per_language micro / macro-F1 |" in card


def test_train_frames_embeddings_auto_is_recorded_in_metrics_and_card(semeval_layout, tmp_path):
    """English alone keeps wordllama without a second cross-validation, and says so."""
    out = tmp_path / "model"
    assert cli.main(["--quiet", "train-frames", "--data", str(semeval_layout / "train-articles-subtask-2"),
                     "--format", "semeval2023", "--labels", "none", "--language", "en", "--method", "auto",
                     "--codebook", "policy_frames", "--embeddings", "auto", "--seed", "0", "--out", str(out)]) == 0
    m = json.loads((out / "metrics.json").read_text())
    assert m["embeddings"]["option"] == "auto" and m["embeddings"]["chosen"] == "wordllama"
    assert list(m["embeddings"]["candidates"]) == ["wordllama"]
    assert m["embeddings"]["candidates"]["wordllama"] == m["macro_f1"]
    assert "English alone" in m["embeddings"]["how"]
    card = (out / "model_card.md").read_text()
    assert "- Text vectors: wordllama; frames.embeddings auto and a model of English alone" in card
    assert "wordllama static embeddings" in card


def test_train_frames_embeddings_auto_cross_validates_both_encoders_for_another_language(semeval_layout, tmp_path):
    out = tmp_path / "model"
    assert cli.main(["--quiet", "train-frames", "--data", str(semeval_layout / "train-articles-subtask-2"),
                     "--format", "semeval2023", "--labels", "none", "--language", "fr", "--method", "auto",
                     "--codebook", "policy_frames", "--embeddings", "auto", "--seed", "0", "--out", str(out)]) == 0
    m = json.loads((out / "metrics.json").read_text())
    record = m["embeddings"]
    assert set(record["candidates"]) == {"wordllama", "use"}
    assert record["candidates"][record["chosen"]] == m["macro_f1"]
    assert "chosen by cross-validation on the training data among wordllama, use" in record["how"]
    card = (out / "model_card.md").read_text()
    assert f"- Text vectors: {record['chosen']}; frames.embeddings auto: chosen by cross-validation" in card
    assert f"wordllama {record['candidates']['wordllama']:.3f}, use {record['candidates']['use']:.3f}" in card


def test_training_data_in_any_format_with_malformed_rows(tmp_path):
    from framescope.frames.data import load_training

    book = load_codebook("policy_frames")
    coded = tmp_path / "coded.csv"
    coded.write_text("text,frames,article\nTaxes rose.,economic,a1\nbad row,economic\nCourts ruled.,5;political,a2\n",
                     encoding="utf-8")
    df, info = load_training(str(coded), "csv", None, book)
    # frame ids, codes and names all map onto the codebook
    assert df["frames"].tolist() == [["economic"], ["legality", "political"]]
    assert df["article"].tolist() == ["a1", "a2"]
    assert info["skipped_rows"]["rows"] == [{"file": "coded.csv", "line": 3, "reason": "2 fields, the header has 3"}]
    generic = load_training(str(FIXTURES / "frermann2023.tsv"), "frermann2023", None, load_codebook("generic_frames"))
    assert generic[0]["frames"].tolist()[0] == ["responsibility", "human_interest"]
    starter, info = load_training("starter", "csv", None, book)
    assert info["format"] == "starter" and info["n_texts"] == len(starter)

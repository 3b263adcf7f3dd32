"""Labelled sentiment data: the loaders, the bundled target starter set, `evaluate-sentiment`."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from framescope.commands.cli import main
from framescope.sentiment.data import (
    COLUMNS,
    SentimentDataError,
    has_targets,
    label_metrics,
    load_target_starter,
    normalise_label,
    read_labelled,
    read_labelled_data,
)

# Two NewsMTSC-style records: the first as in the released files (`to` exclusive), the second
# with `to` on the mention's last character, as the dataset's readme describes it.
NEWSMTSC = [
    {"primary_gid": "g1", "sentence_normalized": "Senator Ruth Calder praised Mayor Dana Whitlock on Friday.",
     "targets": [
         {"Input.gid": "g1-a", "from": 8, "to": 19, "mention": "Ruth Calder", "polarity": 4.0},
         {"Input.gid": "g1-b", "from": 34, "to": 47, "mention": "Dana Whitlock", "polarity": 6.0,
          "further_mentions": [{"from": 0, "to": 3, "mention": "Sen"}]},
     ]},
    {"primary_gid": "g2", "sentence_normalized": "Critics say Kane lied.",
     "targets": [{"Input.gid": "g2-a", "from": 12, "to": 15, "mention": "Kane", "polarity": 2.0}]},
]


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def jsonl(rows):
    return "".join(json.dumps(r) + "\n" for r in rows)


def test_newsmtsc_one_row_per_target_both_readings_of_to(tmp_path):
    df = read_labelled(write(tmp_path, "n.jsonl", jsonl(NEWSMTSC)), "newsmtsc")
    assert list(df.columns) == COLUMNS
    assert df["id"].tolist() == ["g1-a", "g1-b", "g2-a"]
    assert df["label"].tolist() == ["neutral", "positive", "negative"]
    assert df["target"].tolist() == ["Ruth Calder", "Dana Whitlock", "Kane"]
    for row in df.itertuples():
        assert row.text[row.target_start:row.target_end] == row.target
    assert has_targets(df)


def test_newsmtsc_hugging_face_layout(tmp_path):
    rows = [{"id": "h1", "sentence": "Kane lied again.", "from": 0, "to": 4, "mention": "Kane", "polarity": -1}]
    df = read_labelled(write(tmp_path, "hf.jsonl", jsonl(rows)), "newsmtsc")
    assert (df.loc[0, "label"], df.loc[0, "target_start"], df.loc[0, "target_end"]) == ("negative", 0, 4)


@pytest.mark.parametrize("record, reason", [
    ({"primary_gid": "x", "sentence_normalized": "Kane lied.",
      "targets": [{"from": 0, "to": 4, "mention": "Obi", "polarity": 2.0}]},
     "targets[0]: sentence[0:4] is 'Kane', not the mention 'Obi'"),
    ({"primary_gid": "x", "sentence_normalized": "Kane lied.",
      "targets": [{"from": 0, "to": 4, "mention": "Kane", "polarity": 5.0}]}, "targets[0]: label 5.0"),
    ({"primary_gid": "x", "sentence_normalized": "Kane lied.", "targets": []}, "'targets' must be"),
    ({"primary_gid": "x", "targets": [{"from": 0, "to": 4, "mention": "Kane", "polarity": 2}]},
     "'sentence_normalized'"),
])
def test_newsmtsc_malformed_records_are_skipped_with_file_line_and_problem(tmp_path, record, reason):
    path = write(tmp_path, "n.jsonl", jsonl([NEWSMTSC[1], record]))
    loaded = read_labelled_data(path, "newsmtsc")
    assert loaded.data["id"].tolist() == ["g2-a"]
    [entry] = loaded.skipped
    assert (entry["file"], entry["line"]) == ("n.jsonl", 2) and entry["reason"].startswith(reason)


def test_newsmtsc_one_bad_target_leaves_the_others(tmp_path):
    record = {"primary_gid": "g3", "sentence_normalized": "Obi thanked Kane.",
              "targets": [{"Input.gid": "g3-a", "from": 0, "to": 3, "mention": "Obi", "polarity": 4.0},
                          {"Input.gid": "g3-b", "from": 12, "to": 16, "mention": "Kane", "polarity": "x"}]}
    loaded = read_labelled_data(write(tmp_path, "n.jsonl", jsonl([record])), "newsmtsc")
    assert loaded.data["id"].tolist() == ["g3-a"]
    assert loaded.skipped[0]["reason"].startswith("targets[1]: label 'x'")


def test_newsmtsc_malformed_json_line_is_skipped(tmp_path):
    path = write(tmp_path, "n.jsonl", jsonl(NEWSMTSC[:1]) + "{not json\n")
    loaded = read_labelled_data(path, "newsmtsc")
    assert len(loaded.data) == 2
    assert loaded.skipped[0]["line"] == 2 and loaded.skipped[0]["reason"].startswith("not valid JSON")
    with pytest.raises(SentimentDataError, match=r"n.jsonl: no labelled rows \(1 malformed; line 1: not valid JSON"):
        read_labelled(write(tmp_path, "n.jsonl", "{not json\n"), "newsmtsc")


def test_csv_sentence_level_and_target_level(tmp_path):
    sentences = write(tmp_path, "s.csv", "text,label\nPrices fell sharply.,NEG\nThe vote is on Monday.,neutral\n")
    df = read_labelled(sentences, "csv")
    assert df["label"].tolist() == ["negative", "neutral"]
    assert df["id"].tolist() == ["s.csv:2", "s.csv:3"]
    assert not has_targets(df)
    targets = write(tmp_path, "t.csv",
                    'id,text,label,target,target_start,target_end\n'
                    'a,"Obi praised Haddad, but not Kane.",positive,Haddad,12,18\n'
                    'b,"Obi praised Haddad, but not Kane.",negative,Kane,,\n')
    df = read_labelled(targets, "csv")
    assert df[["target_start", "target_end"]].astype(int).values.tolist() == [[12, 18], [28, 32]]
    assert has_targets(df)


@pytest.mark.parametrize("body, reason", [
    ("text,label\nHello.,angry\n", "label 'angry'"),
    ("text,label,target\nHello there.,neutral,Kane\n", "target 'Kane' does not occur"),
    ("text,label,target_start,target_end\nHello.,neutral,3,\n", "give both target_start and target_end"),
    ("text,label,target_start,target_end\nHello.,neutral,3,40\n", "target span 3:40 is outside"),
    ("text,label\n,neutral\n", "'text' is missing or empty"),
    ("text,label\nHello.,neutral,stray\n", "3 fields, the header has 2"),
])
def test_csv_malformed_rows_are_skipped(tmp_path, body, reason):
    header = body.splitlines()[0]
    path = write(tmp_path, "t.csv", body + "Fine.,positive" + "," * (header.count(",") - 1) + "\n")
    loaded = read_labelled_data(path, "csv")
    assert loaded.data["text"].tolist() == ["Fine."]
    [entry] = loaded.skipped
    assert (entry["file"], entry["line"]) == ("t.csv", 2) and entry["reason"].startswith(reason)


def test_only_an_unreadable_sentiment_file_fails(tmp_path):
    with pytest.raises(SentimentDataError, match=r"t.csv: the header lacks \['label'\]"):
        read_labelled(write(tmp_path, "t.csv", "text\nHello.\n"), "csv")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("text,label\nCaf\xe9 closed.,neutral\n".encode("latin-1"))
    with pytest.raises(SentimentDataError, match="latin.csv: not UTF-8 text"):
        read_labelled(latin, "csv")
    with pytest.raises(SentimentDataError, match=r"t.csv: no labelled rows \(1 malformed; line 2: label 'angry'"):
        read_labelled(write(tmp_path, "t.csv", "text,label\nHello.,angry\n"), "csv")


def test_jsonl_and_mixed_targets_are_refused(tmp_path):
    rows = [{"text": "Kane lied.", "label": -1, "target": "Kane"}, {"text": "Rain today.", "label": 0}]
    df = read_labelled(write(tmp_path, "m.jsonl", jsonl(rows)), "jsonl")
    assert df["label"].tolist() == ["negative", "neutral"]
    with pytest.raises(SentimentDataError, match="1 of 2 rows have no target"):
        has_targets(df, "m.jsonl")


def test_unknown_format_and_missing_file(tmp_path):
    with pytest.raises(SentimentDataError, match="unknown format 'xml'"):
        read_labelled(tmp_path / "x", "xml")
    with pytest.raises(SentimentDataError, match="file not found"):
        read_labelled(tmp_path / "nope.jsonl", "newsmtsc")


@pytest.mark.parametrize("value, label", [
    (2.0, "negative"), ("4", "neutral"), (6, "positive"), (-1, "negative"), ("0", "neutral"), ("1.0", "positive"),
    ("Positive", "positive"), (" neu ", "neutral"),
])
def test_label_spellings(value, label):
    assert normalise_label(value, "here") == label


def test_label_metrics_shape():
    m = label_metrics(["negative", "neutral", "positive", "neutral"], ["negative", "neutral", "neutral", "neutral"])
    assert m["accuracy"] == 0.75
    assert m["per_label"]["positive"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    assert m["confusion"] == [[1, 0, 0], [0, 2, 0], [0, 1, 0]]
    assert m["macro_f1"] == pytest.approx((1 + 0.8 + 0) / 3, abs=1e-6)


def test_target_starter_set():
    df = load_target_starter()
    assert has_targets(df)
    counts = df["label"].value_counts()
    assert len(df) >= 700 and counts.min() >= 150
    assert df["text"].nunique() >= 550  # some sentences carry several targets
    several = df.groupby("text")["label"].nunique()
    assert (several > 1).sum() >= 30  # ... with different labels: what a target model must learn
    assert df["id"].is_unique


def test_evaluate_sentiment_command_writes_metrics(tmp_path, capsys):
    train = load_target_starter()
    rows = {}
    for r in train.itertuples():
        rows.setdefault(r.text, []).append(
            {"from": int(r.target_start), "to": int(r.target_end), "mention": r.target,
             "polarity": {"negative": 2.0, "neutral": 4.0, "positive": 6.0}[r.label]})
    records = [{"primary_gid": f"s{i}", "sentence_normalized": t, "targets": ts} for i, (t, ts) in enumerate(rows.items())]
    train_path = write(tmp_path, "train.jsonl", jsonl(records[::2]))
    test_path = write(tmp_path, "test.jsonl", jsonl(records[1::2]))
    out = tmp_path / "eval"
    args = ["--quiet", "evaluate-sentiment", "--format", "newsmtsc", "--train", str(train_path), "--test",
            str(test_path), "--target", "--out", str(out)]
    assert main(args) == 0
    metrics = json.loads((out / "metrics.json").read_text())
    for key in ("macro_f1", "accuracy", "per_label", "n_train", "n_test", "confusion", "baselines"):
        assert key in metrics
    assert metrics["task"] == "target" and metrics["n_train"] + metrics["n_test"] == len(train)
    base = metrics["baselines"]
    # the target model beats both baselines on held-out starter sentences
    assert metrics["macro_f1"] > base["vader_sentence"]["macro_f1"] + 0.05
    assert metrics["macro_f1"] > base["tfidf_sentence"]["macro_f1"] + 0.05
    predictions = pd.read_csv(out / "predictions.csv")
    assert len(predictions) == metrics["n_test"]
    first = (out / "metrics.json").read_bytes()
    assert main(args) == 0
    assert (out / "metrics.json").read_bytes() == first  # deterministic
    assert "macro-F1" in capsys.readouterr().out


def test_evaluate_sentiment_refuses_target_mode_without_targets(tmp_path, capsys):
    data = write(tmp_path, "s.csv", "text,label\nPrices fell.,negative\nThe vote is Monday.,neutral\nGreat news.,positive\n")
    assert main(["--quiet", "evaluate-sentiment", "--format", "csv", "--train", str(data), "--test", str(data),
                 "--target", "--out", str(tmp_path / "o")]) == 2
    assert "no target spans" in capsys.readouterr().err


def test_evaluate_sentiment_cross_validates_without_test_and_reports_skipped_rows(tmp_path, capsys):
    train = load_target_starter()
    rows = {}
    for r in train.itertuples():
        rows.setdefault(r.text, []).append(
            {"from": int(r.target_start), "to": int(r.target_end), "mention": r.target,
             "polarity": {"negative": 2.0, "neutral": 4.0, "positive": 6.0}[r.label]})
    records = [{"primary_gid": f"s{i}", "sentence_normalized": t, "targets": ts} for i, (t, ts) in enumerate(rows.items())]
    path = write(tmp_path, "train.jsonl", jsonl(records[:2]) + "{broken\n" + jsonl(records[2:]))
    out = tmp_path / "cv"
    assert main(["--quiet", "evaluate-sentiment", "--format", "newsmtsc", "--train", str(path), "--target",
                 "--folds", "3", "--out", str(out)]) == 0
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["mode"] == "cross-validation" and metrics["folds"] == 3
    assert metrics["n_train"] == metrics["n_test"] == len(train) and len(metrics["macro_f1_folds"]) == 3
    assert metrics["skipped_rows"]["n"] == 1
    assert metrics["skipped_rows"]["rows"][0]["line"] == 3
    assert metrics["skipped_rows"]["rows"][0]["reason"].startswith("not valid JSON")
    selection = metrics["model_selection"]
    assert len(selection["folds"]) == 3 and selection["all_data"]["C"] in (1.0, 3.0)
    assert [c["C"] for c in selection["all_data"]["candidates"]] == [1.0, 3.0]
    assert metrics["macro_f1"] > metrics["baselines"]["vader_sentence"]["macro_f1"]
    assert len(pd.read_csv(out / "predictions.csv")) == len(train)
    card = (out / "model_card.md").read_text()
    assert "Malformed rows skipped: 1 (train.jsonl:3: not valid JSON" in card
    assert "C chosen by an inner 3-fold cross-validation" in card
    assert "3-fold CV on" in capsys.readouterr().out

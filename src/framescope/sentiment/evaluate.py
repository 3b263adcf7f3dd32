"""Evaluating framescope's sentiment model: train on one labelled set, score on another.

    framescope evaluate-sentiment --format newsmtsc --train train.jsonl --test devtest_rw.jsonl \\
        --target --out results/eval/newsmtsc-rw

reads both files with :mod:`framescope.sentiment.data`, fits framescope's model on
the training set (the sentence model, or with ``--target`` the target-dependent model)
and writes ``DIR/metrics.json`` in the shape ``framescope evaluate`` uses for frames:
``macro_f1``, ``accuracy`` (and ``micro_f1``, the same for one label per row),
``per_label`` (precision, recall, F1, support), ``confusion`` (``labels``,
``matrix``: rows true, columns predicted), ``n_train``, ``n_test``, ``data``, and under
``baselines`` the same two scores for VADER on the sentence (±0.05) and for a plain
sentence TF-IDF model trained on the same data, so a result sits beside its
baselines. ``DIR/predictions.csv`` holds each test row's label, prediction and
probabilities. ``--train starter`` trains on the bundled starter set (the target
starter set with ``--target``).

NewsMTSC reports macro-F1 (its "F1m") and accuracy over its three classes, on the
``devtest_rw`` (real-world) and ``devtest_mt`` (multi-target) splits: score each split
with its own ``--test``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from framescope.sentiment.data import LABELS, has_targets, label_metrics, read_labelled


def _load(path: str, format: str, target: bool) -> tuple[pd.DataFrame, str]:
    if path == "starter":
        if target:
            from framescope.sentiment.data import load_target_starter

            return load_target_starter(), "bundled target sentiment starter set"
        from framescope.sentiment.model import load_starter

        df = load_starter()
        df = df.assign(id=[f"starter:{i}" for i in range(len(df))], target=None, target_start=pd.NA,
                       target_end=pd.NA)
        return df, "bundled sentence sentiment starter set"
    from framescope.base.provenance import file_digest

    return read_labelled(path, format), f"{Path(path).name} (sha256 {file_digest(path)[:16]})"


def evaluate(train: pd.DataFrame, test: pd.DataFrame, target: bool, seed: int = 0) -> tuple[dict, pd.DataFrame]:
    """Fit on `train`, score on `test`; returns (metrics, predictions)."""
    from framescope.sentiment import model as sentiment
    from framescope.sentiment import target as ts

    y_train = train["label"].astype(str).to_numpy(dtype=object)
    y_test = test["label"].astype(str).to_numpy(dtype=object)
    missing = sorted(set(LABELS) - set(y_train))
    if missing:
        raise ValueError(f"training data has no rows labelled {missing}; the model needs all three labels")
    train_texts = np.asarray(train["text"].astype(object).tolist(), dtype=object)
    test_texts = np.asarray(test["text"].astype(object).tolist(), dtype=object)
    with threadpool_limits(limits=1):
        if target:
            ts.check_target_data(train, where="training data")
            ts.check_target_data(test, where="test data")
            model = ts.build_target_model(seed).fit(ts.as_rows(train), y_train)
            proba = model.predict_proba(ts.as_rows(test))
            name = "target-dependent model (framescope.sentiment.target)"
        else:
            model = sentiment.build_model(seed).fit(train_texts, y_train)
            proba = model.predict_proba(test_texts)
            name = "sentence model (framescope.sentiment.model)"
        plain = ts.plain_model(seed).fit(train_texts, y_train).predict(test_texts)
    order = [list(model.classes_).index(lab) for lab in LABELS]
    proba = proba[:, order]
    predicted = np.asarray(LABELS, dtype=object)[proba.argmax(axis=1)]
    vader = ts.vader_predict(test_texts)

    def short(pred):
        m = label_metrics(y_test, pred)
        return {"macro_f1": m["macro_f1"], "accuracy": m["accuracy"]}

    scores = label_metrics(y_test, predicted)
    metrics = {
        "task": "target" if target else "sentence",
        "model": name,
        "labels": list(LABELS),
        "n_train": int(len(train)),
        "n_test": int(len(test)),
        "random_state": int(seed),
        "accuracy": scores["accuracy"],
        "micro_f1": scores["accuracy"],  # single-label: micro-F1 is accuracy
        "macro_f1": scores["macro_f1"],
        "per_label": scores["per_label"],
        # as `framescope evaluate` writes it: rows true, columns predicted
        "confusion": {"labels": list(LABELS), "matrix": scores["confusion"]},
        "baselines": {"vader_sentence": short(vader), "tfidf_sentence": short(plain)},
    }
    predictions = pd.DataFrame({
        "id": test["id"].astype(object).tolist(),
        "label": y_test,
        "predicted": predicted,
        "p_negative": proba[:, 0],
        "p_neutral": proba[:, 1],
        "p_positive": proba[:, 2],
        "vader": vader,
        "tfidf": plain,
    })
    return metrics, predictions


def run(format: str, train: str, test: str, out: str | Path, target: bool = False, seed: int = 0) -> dict:
    """Read, evaluate and write ``metrics.json`` and ``predictions.csv`` into `out`."""
    from framescope.base.io import write_json, write_text

    train_df, train_desc = _load(train, format, target)
    test_df, test_desc = _load(test, format, target)
    if not target and has_targets(test_df, "test data"):
        # sentence-level scoring of target data: each sentence once, if its targets agree
        test_df = _sentence_rows(test_df)
        train_df = _sentence_rows(train_df) if has_targets(train_df, "training data") else train_df
    metrics, predictions = evaluate(train_df, test_df, target, seed)
    metrics = {"format": format, "data": {"train": train_desc, "test": test_desc}, **metrics}
    out = Path(out)
    write_json(out / "metrics.json", metrics)
    write_text(out / "predictions.csv", predictions.to_csv(index=False, lineterminator="\n"))
    return metrics


def _sentence_rows(df: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence whose targets all carry the same label (mixed sentences are left out)."""
    g = df.groupby("text", sort=False)["label"].agg(lambda s: s.iloc[0] if s.nunique() == 1 else None)
    keep = g[g.notna()]
    first = df.drop_duplicates("text").set_index("text")
    return pd.DataFrame({"id": first.loc[keep.index, "id"].tolist(), "text": keep.index.tolist(),
                         "label": keep.tolist(), "target": None, "target_start": pd.NA, "target_end": pd.NA})

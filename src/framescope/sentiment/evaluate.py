"""Evaluating framescope's sentiment model: train on one labelled set, score on another, or cross-validate.

    framescope evaluate-sentiment --format newsmtsc --train train.jsonl --test devtest_rw.jsonl \\
        --target --out results/eval/newsmtsc-rw
    framescope evaluate-sentiment --format newsmtsc --train train.jsonl --target --folds 5 --out DIR

reads the files with :mod:`framescope.sentiment.data` (malformed rows skipped and listed
under ``skipped_rows``), fits framescope's model on the training set (the sentence
model, or with ``--target`` the target-dependent model, whose C an inner
cross-validation on the training set chooses) and scores it on the test set; without
``--test``, K-fold cross-validation with the targets of one sentence in one fold. It
writes ``DIR/model_card.md`` and ``DIR/metrics.json`` in the shape ``framescope evaluate`` uses for frames:
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

from framescope.sentiment.data import LABELS, has_targets, label_metrics, read_labelled_data, skipped_summary


def _load(path: str, format: str, target: bool) -> tuple[pd.DataFrame, str, list[dict]]:
    """(rows, description, skipped rows) of labelled data or of a bundled starter set."""
    if path == "starter":
        if target:
            from framescope.sentiment.data import load_target_starter

            return load_target_starter(), "bundled target sentiment starter set", []
        from framescope.sentiment.model import load_starter

        df = load_starter()
        df = df.assign(id=[f"starter:{i}" for i in range(len(df))], target=None, target_start=pd.NA,
                       target_end=pd.NA)
        return df, "bundled sentence sentiment starter set", []
    from framescope.base.provenance import file_digest

    loaded = read_labelled_data(path, format)
    return loaded.data, f"{Path(path).name} (sha256 {file_digest(path)[:16]})", loaded.skipped


def evaluate(train: pd.DataFrame, test: pd.DataFrame, target: bool, seed: int = 0,
             embeddings: str = "none") -> tuple[dict, pd.DataFrame]:
    """Fit on `train`, score on `test`; returns (metrics, predictions). `embeddings`: "minilm" adds
    sentence vectors to the target-dependent model."""
    from framescope.sentiment import model as sentiment
    from framescope.sentiment import target as ts

    y_train = train["label"].astype(str).to_numpy(dtype=object)
    y_test = test["label"].astype(str).to_numpy(dtype=object)
    missing = sorted(set(LABELS) - set(y_train))
    if missing:
        raise ValueError(f"training data has no rows labelled {missing}; the model needs all three labels")
    train_texts = np.asarray(train["text"].astype(object).tolist(), dtype=object)
    test_texts = np.asarray(test["text"].astype(object).tolist(), dtype=object)
    selection = None
    with threadpool_limits(limits=1):
        if target:
            ts.check_target_data(train, where="training data")
            ts.check_target_data(test, where="test data")
            model, selection = ts.fit_target_model(ts.as_rows(train), y_train, seed, embeddings=embeddings)
            proba = model.predict_proba(ts.as_rows(test))
            name = "target-dependent model (framescope.sentiment.target)" + (
                ", with all-MiniLM-L6-v2 vectors of the sentence and the target's window" if embeddings == "minilm" else "")
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
    if selection is not None:
        metrics["model_selection"] = {"select_by": selection["select_by"], "all_data": selection}
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


def cross_validate(data: pd.DataFrame, target: bool, seed: int = 0, folds: int = 5,
                   embeddings: str = "none") -> tuple[dict, pd.DataFrame]:
    """K-fold cross-validation of :func:`evaluate`: every row predicted by a model fit on the other folds.

    Folds keep the rows of one sentence (its targets) together, stratified on the label.
    Scores are pooled over the out-of-fold predictions, as ``framescope evaluate`` pools
    them; ``macro_f1_folds`` holds each fold's own.
    """
    from sklearn.model_selection import StratifiedGroupKFold

    labels = data["label"].astype(str).to_numpy(dtype=object)
    groups = np.unique(data["text"].astype(str).to_numpy(dtype=object), return_inverse=True)[1]
    if len(set(groups.tolist())) < folds:
        raise ValueError(f"{len(set(groups.tolist()))} sentences cannot be split into {folds} folds; lower --folds")
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    parts, fold_f1, chosen = [], [], []
    for train, test in splitter.split(np.zeros(len(data)), labels, groups):
        fold_metrics, fold_predictions = evaluate(data.iloc[train], data.iloc[test], target, seed, embeddings)
        parts.append(fold_predictions.assign(_row=test))
        fold_f1.append(fold_metrics["macro_f1"])
        if "model_selection" in fold_metrics:
            chosen.append({"C": fold_metrics["model_selection"]["all_data"]["C"]})
    predictions = pd.concat(parts).sort_values("_row").drop(columns="_row").reset_index(drop=True)
    scores = label_metrics(predictions["label"], predictions["predicted"])

    def short(column):
        m = label_metrics(predictions["label"], predictions[column])
        return {"macro_f1": m["macro_f1"], "accuracy": m["accuracy"]}

    metrics = {
        "task": "target" if target else "sentence",
        "model": fold_metrics["model"],
        "labels": list(LABELS),
        "mode": "cross-validation",
        "folds": int(folds),
        "cv": f"StratifiedGroupKFold ({folds} folds) over sentences, stratified on the label, shuffled with random_state",
        "n_train": int(len(data)),
        "n_test": int(len(data)),
        "random_state": int(seed),
        "accuracy": scores["accuracy"],
        "micro_f1": scores["accuracy"],
        "macro_f1": scores["macro_f1"],
        "macro_f1_folds": fold_f1,
        "per_label": scores["per_label"],
        "confusion": {"labels": list(LABELS), "matrix": scores["confusion"]},
        "baselines": {"vader_sentence": short("vader"), "tfidf_sentence": short("tfidf")},
    }
    if chosen:
        from framescope.sentiment import target as ts

        # what the model on all the data chooses is the choice for this training set
        _, selection = ts.fit_target_model(ts.as_rows(data), labels, seed, embeddings=embeddings)
        metrics["model_selection"] = {"select_by": selection["select_by"], "folds": chosen, "all_data": selection}
    return metrics, predictions


def run(format: str, train: str, test: str | None, out: str | Path, target: bool = False, seed: int = 0,
        folds: int = 5, embeddings: str = "none") -> dict:
    """Read, evaluate (train/test, or `folds`-fold cross-validation without `test`) and write
    ``metrics.json``, ``model_card.md`` and ``predictions.csv`` into `out`."""
    from framescope.base.io import write_json, write_text

    train_df, train_desc, train_skipped = _load(train, format, target)
    if test is None:
        if folds < 2:
            raise ValueError("--folds must be at least 2 for cross-validation (or give --test)")
        if not target and has_targets(train_df, "training data"):
            train_df = _sentence_rows(train_df)
        metrics, predictions = cross_validate(train_df, target, seed, folds, embeddings)
        test_desc, test_skipped = None, []
    else:
        test_df, test_desc, test_skipped = _load(test, format, target)
        if not target and has_targets(test_df, "test data"):
            # sentence-level scoring of target data: each sentence once, if its targets agree
            test_df = _sentence_rows(test_df)
            train_df = _sentence_rows(train_df) if has_targets(train_df, "training data") else train_df
        metrics, predictions = evaluate(train_df, test_df, target, seed, embeddings)
        metrics = {"mode": "train/test", **metrics}
    metrics = {"format": format, "data": {"train": train_desc, "test": test_desc},
               "skipped_rows": skipped_summary(train_skipped + test_skipped), **metrics}
    out = Path(out)
    write_json(out / "metrics.json", metrics)
    write_text(out / "model_card.md", model_card(metrics))
    write_text(out / "predictions.csv", predictions.to_csv(index=False, lineterminator="\n"))
    return metrics


def model_card(metrics: dict) -> str:
    """A short model card of an evaluation: data, skipped rows, model and its choice, scores beside the baselines."""
    m = metrics
    what = "target-dependent" if m["task"] == "target" else "sentence"
    lines = [f"# Model card: {what} sentiment evaluated on {m['format']} data", "", "## Data", ""]
    lines.append(f"- Training data: {m['data']['train']}; {m['n_train']} rows.")
    if m["data"].get("test"):
        lines.append(f"- Test data: {m['data']['test']}; {m['n_test']} rows.")
    skipped = m["skipped_rows"]
    if skipped["n"]:
        first = "; ".join(f"{e['file']}:{e['line']}: {e['reason']}" for e in skipped["rows"][:5])
        more = f"; {skipped['n'] - 5} more in metrics.json (skipped_rows)" if skipped["n"] > 5 else ""
        lines.append(f"- Malformed rows skipped: {skipped['n']} ({first}{more}).")
    else:
        lines.append("- Malformed rows skipped: none.")
    lines += ["", "## Model", "", f"- {m['model']}."]
    selection = m.get("model_selection")
    if selection:
        final = selection["all_data"]
        scores = ", ".join(f"C={c['C']:g} {c['macro_f1']:.3f}" for c in final["candidates"])
        lines.append(f"- C chosen by an inner {final['inner_folds']}-fold cross-validation on the training data, by "
                     f"macro-F1: C={final['C']:g} (inner macro-F1: {scores}).")
        if selection.get("folds"):
            lines.append("- Each cross-validation fold's model chose its own C: "
                         + ", ".join(f"{f['C']:g}" for f in selection["folds"]) + ".")
    lines += ["", "## Metrics", ""]
    how = f"{m['folds']}-fold cross-validation ({m['cv']})" if m["mode"] == "cross-validation" else "train/test"
    lines.append(f"- Validation: {how}.")
    lines.append(f"- macro_f1: {m['macro_f1']:.3f}")
    lines.append(f"- accuracy: {m['accuracy']:.3f}")
    base = m["baselines"]
    lines.append(f"- Baselines: VADER on the sentence macro-F1 {base['vader_sentence']['macro_f1']:.3f}; "
                 f"sentence TF-IDF macro-F1 {base['tfidf_sentence']['macro_f1']:.3f}.")
    return "\n".join(lines) + "\n"


def _sentence_rows(df: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence whose targets all carry the same label (mixed sentences are left out)."""
    g = df.groupby("text", sort=False)["label"].agg(lambda s: s.iloc[0] if s.nunique() == 1 else None)
    keep = g[g.notna()]
    first = df.drop_duplicates("text").set_index("text")
    return pd.DataFrame({"id": first.loc[keep.index, "id"].tolist(), "text": keep.index.tolist(),
                         "label": keep.tolist(), "target": None, "target_start": pd.NA, "target_end": pd.NA})

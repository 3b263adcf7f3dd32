"""Scoring the frames model on labelled data, the way the field scores it (`framescope evaluate`).

::

    framescope evaluate --format FORMAT --train PATH [--labels FILE]
                        [--test PATH [--test-labels FILE]] [--folds K] [--codebook NAME]
                        [--select-by macro_f1|micro_f1|mean_f1] --out DIR

With ``--test`` the model is trained on one set and scored on the other; without it,
K-fold cross-validation with whole articles held out (stratified on the label, or on
the first label when multi-label). The label space is the data's own (SemEval's 14
frames, GVFC's 9 themes, ...); ``--codebook`` maps it onto a codebook's frames.

Each model fitted chooses its C (and, multi-label, its threshold strategy) by an inner
cross-validation on its own training part; in cross-validation a model is also fitted
on all the training data, and what it chooses is the choice for that training set.

Writes ``DIR/metrics.json`` (micro/macro F1, accuracy for single-label data,
per-label precision/recall/F1/support with error rates, confusion matrix,
calibration and learning-curve data, an outlet-held-out score where outlets are
known, article-level scores for sentence data, ``model_selection``: the choices and
every candidate's inner scores, ``skipped_rows``: the malformed input rows skipped)
and ``DIR/model_card.md``, and prints a one-line summary. Timings go to the log and the summary line, never into
the files (they would make the results differ from run to run).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from pathlib import Path

import numpy as np

from framescope.frames import formats
from framescope.frames.classifier import FrameClassifier, decisions
from framescope.frames.validation import calibration_curve, grouped_folds, score_multi_label, score_single_label
from framescope.base.io import save_model, write_json, write_text
from framescope.base.provenance import package_versions

log = logging.getLogger("framescope")

LEARNING_CURVE_FRACTIONS = (0.125, 0.25, 0.5)
SCORE_NAMES = {"macro_f1": "macro-F1", "micro_f1": "micro-F1", "mean_f1": "the mean of micro- and macro-F1",
               "accuracy": "accuracy"}


# --------------------------------------------------------------------------- model


def default_model(frames, multi_label: bool, random_state: int = 0, dense: bool | str | None = None,
                  select_by: str = "macro_f1") -> FrameClassifier:
    """The classifier `evaluate` trains: calibrated logistic regression over word/char TF-IDF (+ embeddings).

    `dense` None = on (wordllama static embeddings are cheap and measured to help);
    False or "none" drops them (pure TF-IDF); "minilm" uses all-MiniLM-L6-v2 instead, "use" the Universal
    Sentence Encoder multilingual v3. C and (multi-label) the threshold strategy are chosen by each fit's inner cross-validation, by `select_by`.
    """
    return FrameClassifier(
        frames=tuple(frames),
        multi_label=multi_label,
        dense=True if dense is None else dense,
        select_by=select_by,
        random_state=random_state,
    )


def embedding_words(dense) -> str:
    """The text vectors of the `dense` option in words, as a clause to follow "TF-IDF" ("" for none)."""
    if dense == "minilm":
        return ", and 384-d all-MiniLM-L6-v2 sentence vectors (int8 ONNX, chunks of 128 word pieces averaged)"
    if dense == "use":
        return ", and 512-d Universal Sentence Encoder multilingual v3 vectors (numpy, pieces of 200 words averaged)"
    return ", and 256-d wordllama static embeddings" if dense and dense != "none" else ""


def selection_record(model: FrameClassifier) -> dict:
    """What a fitted model chose by inner cross-validation, with every candidate's inner score."""
    record = dict(model.selection_)
    if model.multi_label:
        record["thresholds_by_frame"] = {f: round(float(t), 4) for f, t in zip(model.frames_, model.thresholds_)}
    return record


def selection_summary(models: list[FrameClassifier], final: FrameClassifier | None) -> dict:
    """The choices of the cross-validation folds' models (and of the model fitted on all the training data)."""
    out = {
        "select_by": final.selection_["select_by"] if final is not None else models[0].selection_["select_by"],
        "folds": [{k: m.selection_[k] for k in ("C", "thresholds")} for m in models],
    }
    if final is not None:
        out["all_data"] = selection_record(final)
    return out


def _describe(model: FrameClassifier) -> dict:
    params = model.get_params()
    params.pop("frames")
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in sorted(params.items())}


# --------------------------------------------------------------------------- scoring


class _Labels:
    """Targets of one data set in a fixed frame order: indicator matrix and (single-label) indices."""

    def __init__(self, data: formats.LabelledData, frames: list[str]):
        index = {f: j for j, f in enumerate(frames)}
        rows = list(data.data["labels"])
        self.Y = np.zeros((len(rows), len(frames)), dtype=np.int8)
        for i, labs in enumerate(rows):
            for lab in labs:
                if lab in index:
                    self.Y[i, index[lab]] = 1
        self.y = self.Y.argmax(axis=1) if len(rows) else np.zeros(0, dtype=np.int64)


def _score(multi_label: bool, Y: np.ndarray, decided: np.ndarray, proba: np.ndarray, frames: list[str]) -> dict:
    if multi_label:
        return score_multi_label(Y, decided, proba, frames)
    return score_single_label(Y.argmax(axis=1), decided.argmax(axis=1), proba, frames)


def _fit_predict(template: FrameClassifier, texts, labels, groups, test_texts, model_frames, all_frames):
    """Fit a clone on (texts, labels) and predict `test_texts`; columns padded to `all_frames`."""
    from sklearn.base import clone

    model = clone(template).set_params(frames=tuple(model_frames))
    if not model.multi_label:  # texts of a frame too rare to model cannot be trained on
        keep = np.isin(np.asarray(labels, dtype=object), list(model_frames))
        texts, labels, groups = texts[keep], np.asarray(labels, dtype=object)[keep], groups[keep]
    t0 = time.perf_counter()
    model.fit(texts, labels, groups=groups)
    seconds = time.perf_counter() - t0
    proba_m = model.predict_proba(test_texts)
    decided_m = decisions(model, proba_m)
    cols = [all_frames.index(f) for f in model_frames]
    proba = np.zeros((len(test_texts), len(all_frames)))
    decided = np.zeros(proba.shape, dtype=np.int8)
    proba[:, cols] = proba_m
    decided[:, cols] = decided_m
    return model, proba, decided, seconds


def _targets_for(multi_label: bool, Y: np.ndarray, frames: list[str], model_frames: list[str]):
    cols = [frames.index(f) for f in model_frames]
    if multi_label:
        return Y[:, cols]
    return np.asarray(frames, dtype=object)[Y.argmax(axis=1)]


def _stratum(multi_label: bool, Y: np.ndarray) -> list[str]:
    return [str(np.flatnonzero(row)[0]) if row.any() else "none" for row in Y]


def _trainable(Y: np.ndarray, frames: list[str], candidates=None, minimum: int = 2) -> tuple[list[str], dict]:
    """The frames among `candidates` (default all) with at least `minimum` examples in `Y` (columns = `frames`)."""
    counts = dict(zip(frames, Y.sum(axis=0).tolist()))
    candidates = frames if candidates is None else candidates
    keep = [f for f in candidates if counts[f] >= minimum]
    dropped = {
        f: f"{int(counts[f])} training example(s); at least {minimum} needed" for f in candidates if counts[f] < minimum
    }
    return keep, dropped


def _article_level(data: formats.LabelledData, Y, proba, decided, frames, multi_label) -> dict | None:
    """Article-level scores from sentence predictions (sentence data with several sentences per article)."""
    articles = data.data["article_id"].to_numpy(dtype=object)
    if data.unit != "sentence" or len(set(articles)) == len(articles):
        return None
    order = sorted(set(articles))
    index = {a: i for i, a in enumerate(order)}
    rows = np.asarray([index[a] for a in articles])
    n = len(order)
    if multi_label:
        gold = np.zeros((n, len(frames)), dtype=np.int8)
        pred = np.zeros((n, len(frames)), dtype=np.int8)
        np.maximum.at(gold, rows, Y)
        np.maximum.at(pred, rows, decided)
        mean = np.zeros((n, len(frames)))
        np.add.at(mean, rows, proba)
        mean /= np.bincount(rows, minlength=n)[:, None]
        scores = score_multi_label(gold, pred, mean, frames)
        rule = (
            "an article carries a frame if any of its sentences is predicted to "
            "(gold: the union of its sentences' frames)"
        )
    else:
        votes = np.zeros((n, len(frames)))
        np.add.at(votes, rows, Y)
        gold_idx = votes.argmax(axis=1)  # ties: the frame that comes first
        mean = np.zeros((n, len(frames)))
        np.add.at(mean, rows, proba)
        mean /= np.bincount(rows, minlength=n)[:, None]
        scores = score_single_label(gold_idx, mean.argmax(axis=1), mean, frames)
        rule = (
            "an article's frame is the one with the highest mean sentence probability "
            "(gold: its sentences' most frequent frame)"
        )
    return {"n_articles": n, "rule": rule, **{k: v for k, v in scores.items() if k != "confusion"}}


def _headline(scores: dict, multi_label: bool) -> dict:
    keys = ("micro_f1", "macro_f1", "subset_accuracy") if multi_label else ("accuracy", "micro_f1", "macro_f1")
    return {k: scores[k] for k in keys if k in scores}


def _subsample(groups: np.ndarray, fraction: float, random_state: int) -> np.ndarray:
    """Rows of a random `fraction` of the groups (articles), reproducibly."""
    unique = np.asarray(sorted(set(groups.tolist())), dtype=object)
    rng = np.random.default_rng(random_state)
    chosen = set(rng.permutation(unique)[: max(2, int(round(fraction * len(unique))))].tolist())
    return np.asarray([g in chosen for g in groups])


# --------------------------------------------------------------------------- evaluate


def evaluate(
    fmt: str,
    train,
    labels=None,
    test=None,
    test_labels=None,
    folds: int = 5,
    codebook: str | None = None,
    random_state: int = 0,
    dense: bool | str | None = None,
    learning_curve: bool = True,
    save: bool = False,
    out=None,
    select_by: str = "macro_f1",
) -> dict:
    """Evaluate the default frames model on labelled data; returns the metrics (and writes them if `out`)."""
    t_start = time.perf_counter()
    train_data = formats.load(fmt, train, labels)
    test_data = formats.load(fmt, test, test_labels) if test is not None else None
    book = None
    if codebook:
        from framescope.frames.codebook import load_codebook

        book = load_codebook(codebook)
        train_data = formats.map_to_codebook(train_data, book)
        if test_data is not None:
            test_data = formats.map_to_codebook(test_data, book)
    multi_label = train_data.multi_label or (test_data is not None and test_data.multi_label)
    frames = _frame_order(train_data, test_data, book)
    names = {**(test_data.names if test_data else {}), **train_data.names}
    train_y = _Labels(train_data, frames)
    texts = train_data.data["text"].to_numpy(dtype=object)
    groups = train_data.data["article_id"].to_numpy(dtype=object)
    template = default_model(frames, multi_label, random_state=random_state, dense=dense, select_by=select_by)
    model_frames, dropped = _trainable(train_y.Y, frames, minimum=2)
    if len(model_frames) < (1 if multi_label else 2):
        raise ValueError(f"{train}: too few labelled examples per frame to train ({dropped})")
    fit_seconds = []

    metrics: dict = {
        "format": fmt,
        "unit": train_data.unit,
        "multi_label": bool(multi_label),
        "frames": frames,
        "frame_names": {f: names.get(f, f) for f in frames},
        "codebook": book.name if book else None,
        "random_state": int(random_state),
        "model": {"class": "framescope.frames.classifier.FrameClassifier", "params": _describe(template)},
        "data": {"train": train_data.source, "test": test_data.source if test_data else None},
        "label_counts_train": train_data.label_counts(),
        "excluded": _excluded(train_data, test_data),
        "skipped_rows": formats.skipped_summary(train_data, test_data),
        "dropped_frames": dropped,
    }
    fold_models = []

    if test_data is None:
        if folds < 2:
            raise ValueError("--folds must be at least 2 for cross-validation (or give --test)")
        fold_of = grouped_folds(_stratum(multi_label, train_y.Y), groups, folds=folds, random_state=random_state)
        proba = np.zeros(train_y.Y.shape)
        decided = np.zeros(train_y.Y.shape, dtype=np.int8)
        for k in range(folds):
            tr, te = fold_of != k, fold_of == k
            fold_frames, _ = _trainable(train_y.Y[tr], frames, model_frames, minimum=1)
            fold_model, proba[te], decided[te], secs = _fit_predict(
                template, texts[tr], _targets_for(multi_label, train_y.Y[tr], frames, fold_frames),
                groups[tr], texts[te], fold_frames, frames,
            )
            fold_models.append(fold_model)
            fit_seconds.append(secs)
            log.info("fold %d/%d fitted in %.1f s", k + 1, folds, secs)
        gold = train_y.Y
        scores = _score(multi_label, gold, decided, proba, frames)
        metrics.update(
            mode="cross-validation",
            folds=int(folds),
            cv=(
                f"StratifiedGroupKFold ({folds} folds) over article_id, stratified on the "
                f"{'first listed label' if multi_label else 'label'}, shuffled with random_state"
            ),
            n_train=int(len(texts)),
            n_test=int(len(texts)),
        )
        outlet = _outlet_held_out(train_data, train_y, frames, model_frames, template, multi_label, folds, random_state)
        if outlet:
            metrics["outlet_held_out"] = outlet
        article_source, article_Y = train_data, gold
        if learning_curve:
            tr, te = fold_of != 0, fold_of == 0
            metrics["learning_curve"] = _learning_curve(
                template, texts[tr], train_y.Y[tr], groups[tr], texts[te], train_y.Y[te], frames, model_frames,
                multi_label, random_state, _score(multi_label, gold[te], decided[te], proba[te], frames),
                "the first cross-validation fold",
            )
    else:
        test_y = _Labels(test_data, frames)
        model, proba, decided, secs = _fit_predict(
            template, texts, _targets_for(multi_label, train_y.Y, frames, model_frames), groups,
            test_data.data["text"].to_numpy(dtype=object), model_frames, frames,
        )
        fit_seconds.append(secs)
        metrics["model_selection"] = selection_summary([model], model)
        thresholds = dict(zip(model_frames, model.thresholds_.tolist())) if multi_label else {}
        gold = test_y.Y
        scores = _score(multi_label, gold, decided, proba, frames)
        metrics.update(mode="train/test", folds=None, n_train=int(len(texts)), n_test=int(len(test_data)))
        metrics["label_counts_test"] = test_data.label_counts()
        article_source, article_Y = test_data, gold
        if learning_curve:
            metrics["learning_curve"] = _learning_curve(
                template, texts, train_y.Y, groups, test_data.data["text"].to_numpy(dtype=object), gold, frames,
                model_frames, multi_label, random_state, scores, "the test data",
            )
        if save and out is not None:
            metrics["model_sha256"] = save_model(model, Path(out) / "model.pkl")

    metrics.update(scores)
    if multi_label:
        # train/test: the model's own thresholds; cross-validation: each fold chose its own
        chosen = thresholds if test_data is not None else {}
        for f in frames:
            metrics["per_label"][f]["threshold"] = round(chosen[f], 4) if f in chosen else None
    metrics["calibration"] = calibration_curve(gold, proba)
    article = _article_level(article_source, article_Y, proba, decided, frames, multi_label)
    if article:
        metrics["article_level"] = article

    if test_data is None:
        # The model on all the training data: what it chooses is the choice for this training set.
        from sklearn.base import clone

        model = clone(template).set_params(frames=tuple(model_frames))
        model.fit(texts, _targets_for(multi_label, train_y.Y, frames, model_frames), groups=groups)
        metrics["model_selection"] = selection_summary(fold_models, model)
        if save and out is not None:
            metrics["model_sha256"] = save_model(model, Path(out) / "model.pkl")

    metrics["model_card"] = "model_card.md"
    timing = {
        "fit_seconds_mean": float(np.mean(fit_seconds)),
        "total_seconds": time.perf_counter() - t_start,
    }
    if out is not None:
        out = Path(out)
        write_json(out / "metrics.json", metrics)
        write_text(out / "model_card.md", model_card(metrics))
    metrics["_timing"] = timing
    return metrics


def _frame_order(train_data, test_data, book) -> list[str]:
    frames = list(train_data.frames)
    if test_data is not None:
        frames += [f for f in test_data.frames if f not in frames]
    used = set()
    for data in (train_data, test_data):
        if data is not None:
            for labs in data.data["labels"]:
                used.update(labs)
    unknown = sorted(used - set(frames))
    frames += unknown
    if book is not None:
        frames = [f for f in book.ids if f in set(frames)]
    return frames


def _excluded(train_data, test_data) -> dict:
    out = {}
    for name, data in (("train", train_data), ("test", test_data)):
        if data is None:
            continue
        reasons = Counter(e["reason"] for e in data.excluded)
        out[name] = {"n": len(data.excluded), "reasons": dict(sorted(reasons.items()))}
    return out


def _outlet_held_out(data, targets, frames, model_frames, template, multi_label, folds, random_state) -> dict | None:
    """Scores with whole outlets held out, when at least three outlets are known for nearly every text."""
    outlets = data.data["outlet"].to_numpy(dtype=object)
    known = outlets != ""
    distinct = sorted(set(outlets[known].tolist()))
    if len(distinct) < 3 or known.mean() < 0.9:
        return None
    k = min(folds, len(distinct))
    rows = np.flatnonzero(known)
    texts = data.data["text"].to_numpy(dtype=object)[rows]
    groups = data.data["article_id"].to_numpy(dtype=object)[rows]
    Y = targets.Y[rows]
    fold_of = grouped_folds(_stratum(multi_label, Y), outlets[rows], folds=k, random_state=random_state)
    proba = np.zeros(Y.shape)
    decided = np.zeros(Y.shape, dtype=np.int8)
    for f in range(k):
        tr, te = fold_of != f, fold_of == f
        fold_frames, _ = _trainable(Y[tr], frames, model_frames, minimum=1)
        _, proba[te], decided[te], _ = _fit_predict(
            template, texts[tr], _targets_for(multi_label, Y[tr], frames, fold_frames), groups[tr], texts[te],
            fold_frames, frames,
        )
    scores = _score(multi_label, Y, decided, proba, frames)
    return {
        "folds": int(k),
        "n_outlets": len(distinct),
        "n": int(len(rows)),
        "cv": "StratifiedGroupKFold over outlets: no outlet is in both the training and the test part",
        **_headline(scores, multi_label),
    }


def _learning_curve(template, texts, Y, groups, test_texts, test_Y, frames, model_frames, multi_label, random_state,
                    full_scores, test_part: str) -> dict:
    """Scores on one test part of models trained on growing shares of the articles of the training part."""
    curve = {"n_train": [], "micro_f1": [], "macro_f1": []}
    if not multi_label:
        curve["accuracy"] = []
    for fraction in LEARNING_CURVE_FRACTIONS:
        rows = _subsample(groups, fraction, random_state)
        sub_frames, _ = _trainable(Y[rows], frames, model_frames, minimum=2)
        if len(sub_frames) < (1 if multi_label else 2):
            continue
        _, proba, decided, _ = _fit_predict(
            template, texts[rows], _targets_for(multi_label, Y[rows], frames, sub_frames), groups[rows], test_texts,
            sub_frames, frames,
        )
        scores = _score(multi_label, test_Y, decided, proba, frames)
        _append(curve, int(rows.sum()), scores, multi_label)
    _append(curve, int(len(texts)), full_scores, multi_label)
    curve["test_part"] = test_part
    return curve


def _append(curve: dict, n: int, scores: dict, multi_label: bool) -> None:
    curve["n_train"].append(n)
    curve["micro_f1"].append(scores["micro_f1"])
    curve["macro_f1"].append(scores["macro_f1"])
    if not multi_label:
        curve["accuracy"].append(scores["accuracy"])


# --------------------------------------------------------------------------- report


def summary_line(metrics: dict, out=None) -> str:
    m = metrics
    if m["mode"] == "cross-validation":
        how = f"{m['folds']}-fold CV on {m['n_train']} {m['unit']}s"
    else:
        how = f"trained on {m['n_train']}, tested on {m['n_test']} {m['unit']}s"
    kind = "multi-label" if m["multi_label"] else "single-label"
    scores = (
        f"micro-F1 {m['micro_f1']:.3f}, macro-F1 {m['macro_f1']:.3f}"
        if m["multi_label"]
        else f"accuracy {m['accuracy']:.3f}, macro-F1 {m['macro_f1']:.3f}"
    )
    line = f"evaluate {m['format']}: {how}, {len(m['frames'])} frames ({kind}): {scores}"
    final = (m.get("model_selection") or {}).get("all_data")
    if final:
        line += f" | chosen C={final['C']:g}" + (f", thresholds={final['thresholds']}" if m["multi_label"] else "")
    if m.get("skipped_rows", {}).get("n"):
        line += f" | {m['skipped_rows']['n']} malformed rows skipped"
    timing = m.get("_timing")
    if timing:
        line += f" | fit {timing['fit_seconds_mean']:.1f} s/model, total {timing['total_seconds']:.0f} s"
    if out is not None:
        line += f" | {Path(out) / 'metrics.json'}"
    return line


def skipped_lines(skipped: dict | None, shown: int = 5) -> list[str]:
    """Model-card lines on the malformed rows the loaders skipped."""
    if not skipped:
        return []
    if not skipped["n"]:
        return ["- Malformed rows skipped: none."]
    first = "; ".join(f"{e['file']}:{e['line']}: {e['reason']}" for e in skipped["rows"][:shown])
    more = f"; {skipped['n'] - shown} more in metrics.json (skipped_rows)" if skipped["n"] > shown else ""
    return [f"- Malformed rows skipped: {skipped['n']} ({first}{more})."]


def selection_lines(selection: dict | None, multi_label: bool) -> list[str]:
    """Model-card lines on what the inner cross-validation chose, and each candidate's inner score."""
    if not selection:
        return []
    what = "C and the threshold strategy" if multi_label else "C"
    lines = []
    final = selection.get("all_data")
    if final:
        choice = f"C={final['C']:g}" + (f", thresholds={final['thresholds']}" if multi_label else "")
        lines.append(
            f"- Chosen for this training set by an inner {final['inner_folds']}-fold cross-validation on it (grouped "
            f"by article), by {SCORE_NAMES.get(selection['select_by'], selection['select_by'])}: {choice}."
        )
    if len(selection["folds"]) > 1:
        counts = Counter((f["C"], f["thresholds"]) for f in selection["folds"])
        choices = ", ".join(
            f"C={c:g}" + (f" {t}" if multi_label else "") + f" ({k})" for (c, t), k in sorted(counts.items(), key=str)
        )
        lines.append(f"- Each cross-validation fold's model chose its own {what}: {choices}.")
    if final:
        score = "macro_f1" if multi_label else "accuracy"
        head = ["C", "thresholds", "inner macro-F1", "inner micro-F1"] if multi_label else [
            "C", "inner accuracy", "inner macro-F1"]
        lines += ["", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for cand in final["candidates"]:
            chosen = cand["C"] == final["C"] and cand.get("thresholds") == final.get("thresholds")
            mark = " (chosen)" if chosen else ""
            if multi_label:
                lines.append(f"| {cand['C']:g}{mark} | {cand['thresholds']} | {cand['macro_f1']:.3f} | "
                             f"{cand['micro_f1']:.3f} |")
            else:
                lines.append(f"| {cand['C']:g}{mark} | {cand[score]:.3f} | {cand['macro_f1']:.3f} |")
    return lines


def model_card(metrics: dict) -> str:
    """A model card (data, label space, model, metrics, known limits) as Markdown."""
    m = metrics
    lines = [f"# Model card: frames classifier evaluated on {m['format']} data", ""]
    lines += ["## Data", ""]
    lines.append(f"- Training data: {m['data']['train']}; {m['n_train']} {m['unit']}s.")
    if m["data"].get("test"):
        lines.append(f"- Test data: {m['data']['test']}; {m['n_test']} {m['unit']}s.")
    for part, info in m["excluded"].items():
        if info["n"]:
            reasons = "; ".join(f"{r} ({n})" for r, n in info["reasons"].items())
            lines.append(f"- Left out of the {part} data: {info['n']} ({reasons}).")
    lines += skipped_lines(m.get("skipped_rows"))
    lines.append(f"- Labels: {'multi-label' if m['multi_label'] else 'single-label'}, {len(m['frames'])} frames"
                 + (f", mapped to codebook {m['codebook']}" if m.get("codebook") else " (the data's own label space)")
                 + ".")
    if m["dropped_frames"]:
        lines.append(f"- Not modelled (too few examples): {', '.join(sorted(m['dropped_frames']))}.")
    lines += ["", "## Model", ""]
    params = m["model"]["params"]
    lines.append(
        "- Logistic regression over word n-gram TF-IDF (1-2-grams and character 2-5-grams for sentences and "
        "headlines, unigrams for articles)"
        + embedding_words(params.get("dense"))
        + (". Multi-label: one model per frame, Platt-calibrated, decision thresholds by the strategy (one for all "
           "frames, one per frame, or one per frame on a smoothed F1 curve) and C that an inner cross-validation "
           "chose, at least one frame per text when every training text has one."
           if m["multi_label"] else ". Single-label: one-vs-rest scores and a multinomial calibrator fitted on "
           "inner cross-validation scores; the prediction is the most probable frame.")
    )
    lines.append(f"- Parameters: {', '.join(f'{k}={v}' for k, v in params.items())}.")
    lines += selection_lines(m.get("model_selection"), m["multi_label"])
    lines += ["", "## Metrics", ""]
    lines.append(f"- Validation: {m['mode']}" + (f" ({m['cv']})" if m.get("cv") else "") + ".")
    for key in ("accuracy", "micro_f1", "macro_f1", "subset_accuracy"):
        if key in m:
            lines.append(f"- {key}: {m[key]:.3f}")
    if "outlet_held_out" in m:
        o = m["outlet_held_out"]
        lines.append(f"- Outlet held out ({o['n_outlets']} outlets, {o['folds']} folds): "
                     + ", ".join(f"{k} {o[k]:.3f}" for k in ("accuracy", "micro_f1", "macro_f1") if k in o))
    if "article_level" in m:
        a = m["article_level"]
        lines.append(f"- Article level ({a['n_articles']} articles): "
                     + ", ".join(f"{k} {a[k]:.3f}" for k in ("accuracy", "micro_f1", "macro_f1") if k in a))
    lines.append(f"- Calibration: expected calibration error {m['calibration']['ece']:.3f}.")
    lines += ["", "| frame | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for f in m["frames"]:
        s = m["per_label"][f]
        lines.append(f"| {m['frame_names'].get(f, f)} | {s['precision']:.2f} | {s['recall']:.2f} | {s['f1']:.2f} | "
                     f"{s['support']} |")
    lines += ["", "## Known limits", ""]
    lines += [
        "- A bag-of-n-grams model with static embeddings: it reads cue words, not argument structure, and it "
        "scores below fine-tuned transformers on the same data.",
        "- Scores hold for texts like the evaluation data (same issues, outlets, period, language); expect lower "
        "scores on other issues or outlets"
        + (" (compare the outlet-held-out score)." if "outlet_held_out" in m else "."),
        "- Rare frames have wide uncertainty: read per-frame F1 with its support.",
    ]
    lines += ["", "## Software", ""]
    lines += [f"- {k} {v}" for k, v in package_versions().items()]
    return "\n".join(lines) + "\n"

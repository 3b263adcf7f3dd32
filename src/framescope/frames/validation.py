"""Validation of the frames classifier: folds by article, scores, calibration data, and the workflow's training."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedGroupKFold

from framescope.frames.classifier import FrameClassifier, build_model, decisions
from framescope.frames.codebook import Codebook
from framescope.frames.data import as_frame_lists, as_texts, label_matrix


# --------------------------------------------------------------------------- validation


def assign_folds(df: pd.DataFrame, folds: int = 5, random_state: int = 0, group: str = "article") -> np.ndarray:
    """Fold number (0..folds-1) for each row, keeping every article (`group`) in one fold.

    Folds are stratified on each row's first listed frame (its primary frame), so
    rare frames appear in every fold.
    """
    frame_lists = as_frame_lists(df["frames"])
    primary = [row[0] if row else "" for row in frame_lists]
    groups = df[group].astype(str).to_numpy(dtype=object)
    return grouped_folds(primary, groups, folds=folds, random_state=random_state)


def grouped_folds(strata: Sequence, groups: Sequence, folds: int = 5, random_state: int = 0) -> np.ndarray:
    """Fold number per row: stratified on `strata`, every group in one fold."""
    groups = np.asarray([str(g) for g in groups], dtype=object)
    n_groups = len(set(groups))
    if n_groups < folds:
        raise ValueError(f"{n_groups} articles cannot be split into {folds} folds; lower `folds` or add articles")
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=random_state)
    fold_of = np.full(len(groups), -1, dtype=np.int64)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module="sklearn")
        for k, (_, test) in enumerate(splitter.split(np.zeros(len(groups)), [str(s) for s in strata], groups)):
            fold_of[test] = k
    return fold_of


def _r(x) -> float:
    return round(float(x), 4)


def score_multi_label(Y: np.ndarray, P: np.ndarray, proba: np.ndarray, frames: Sequence[str]) -> dict:
    """Scores of multi-label predictions `P` (indicator) with probabilities `proba`.

    Per frame: precision, recall, f1, support, and for error-rate correction of
    prevalence estimates ``tpr``, ``fpr`` (at the decision threshold) and
    ``mean_p_pos`` / ``mean_p_neg`` (mean probability among true positives / negatives).
    """
    Y, P = np.asarray(Y, dtype=np.int8), np.asarray(P, dtype=np.int8)
    precision, recall, f1, support = precision_recall_fscore_support(
        Y, P, average=None, zero_division=0.0, labels=list(range(Y.shape[1]))
    )
    per_label = {}
    for j, f in enumerate(frames):
        pos, neg = Y[:, j] == 1, Y[:, j] == 0
        per_label[f] = {
            "precision": _r(precision[j]),
            "recall": _r(recall[j]),
            "f1": _r(f1[j]),
            "support": int(support[j]),
            **_error_rates(pos, neg, P[:, j] == 1, proba[:, j]),
        }
    return {
        "micro_f1": _r(f1_score(Y, P, average="micro", zero_division=0.0)),
        "macro_f1": _r(f1_score(Y, P, average="macro", zero_division=0.0)),
        "subset_accuracy": _r(accuracy_score(Y, P)),
        "per_label": per_label,
    }


def score_single_label(y: np.ndarray, pred: np.ndarray, proba: np.ndarray, frames: Sequence[str]) -> dict:
    """Scores of single-label predictions (`y`, `pred`: frame indices; `proba`: n x frames).

    ``accuracy``, ``micro_f1`` (equal to accuracy here), ``macro_f1`` over the frames
    present in `y`, ``per_label`` (with one-vs-rest ``tpr``/``fpr``/``mean_p_pos``/
    ``mean_p_neg``) and ``confusion`` (rows true, columns predicted, in `frames` order).
    """
    y, pred = np.asarray(y, dtype=np.int64), np.asarray(pred, dtype=np.int64)
    L = len(frames)
    present = sorted(set(y.tolist()))
    precision, recall, f1, support = precision_recall_fscore_support(
        y, pred, labels=list(range(L)), average=None, zero_division=0.0
    )
    confusion = np.zeros((L, L), dtype=np.int64)
    np.add.at(confusion, (y, pred), 1)
    per_label = {}
    for j, f in enumerate(frames):
        per_label[f] = {
            "precision": _r(precision[j]),
            "recall": _r(recall[j]),
            "f1": _r(f1[j]),
            "support": int(support[j]),
            **_error_rates(y == j, y != j, pred == j, proba[:, j]),
        }
    return {
        "accuracy": _r(accuracy_score(y, pred)),
        "micro_f1": _r(f1_score(y, pred, labels=present, average="micro", zero_division=0.0)),
        "macro_f1": _r(f1_score(y, pred, labels=present, average="macro", zero_division=0.0)),
        "per_label": per_label,
        "confusion": {"labels": list(frames), "matrix": confusion.tolist()},
    }


def _error_rates(pos: np.ndarray, neg: np.ndarray, predicted: np.ndarray, proba: np.ndarray) -> dict:
    return {
        "tpr": _r(predicted[pos].mean()) if pos.any() else None,
        "fpr": _r(predicted[neg].mean()) if neg.any() else None,
        "mean_p_pos": _r(proba[pos].mean()) if pos.any() else None,
        "mean_p_neg": _r(proba[neg].mean()) if neg.any() else None,
    }


def calibration_curve(Y: np.ndarray, proba: np.ndarray, bins: int = 10) -> dict:
    """Reliability data pooled over frames: per probability bin, mean predicted and observed share.

    `Y` is an indicator matrix (n x frames) and `proba` the matching probabilities.
    Empty bins are left out. ``ece`` is the expected calibration error.
    """
    y = np.asarray(Y, dtype=np.float64).ravel()
    p = np.asarray(proba, dtype=np.float64).ravel()
    which = np.minimum((p * bins).astype(np.int64), bins - 1)
    mean_p, share, count = [], [], []
    for b in range(bins):
        mask = which == b
        if mask.any():
            mean_p.append(_r(p[mask].mean()))
            share.append(_r(y[mask].mean()))
            count.append(int(mask.sum()))
    ece = sum(c * abs(m - s) for m, s, c in zip(mean_p, share, count)) / max(len(p), 1)
    return {"bin_mean_predicted": mean_p, "fraction_positive": share, "count": count, "ece": _r(ece)}


def cross_validate(
    texts: Sequence[str],
    labels,
    groups: Sequence,
    template: FrameClassifier,
    fold_of: np.ndarray,
    return_models: bool = False,
):
    """Out-of-fold probabilities and decisions: fold k is predicted by a clone of `template` fit on the others.

    Returns ``(proba, decided)``, both n x frames; ``decided`` is each fold model's
    own decision (its inner-CV thresholds when multi-label, the most probable frame
    when single-label), as an indicator matrix. With `return_models`, also the fold models.
    """
    texts = np.asarray(list(texts), dtype=object)
    groups = np.asarray([str(g) for g in groups], dtype=object)
    labels = np.asarray(labels) if template.multi_label else np.asarray(list(labels), dtype=object)
    proba = np.zeros((len(texts), len(template.frames)))
    decided = np.zeros(proba.shape, dtype=np.int8)
    models = []
    for k in sorted(set(fold_of.tolist())):
        train, test = fold_of != k, fold_of == k
        model = clone(template).fit(texts[train], labels[train], groups=groups[train])
        proba[test] = model.predict_proba(texts[test])
        decided[test] = decisions(model, proba[test])
        models.append(model)
    return (proba, decided, models) if return_models else (proba, decided)


# --------------------------------------------------------------------------- training


def train_model(df: pd.DataFrame, codebook: Codebook, random_state: int = 0, folds: int = 5, **params):
    """Cross-validate by article, then fit on all of `df` (the workflow's multi-label sentence model).

    Parameters
    ----------
    df : DataFrame
        Columns ``text``, ``frames`` (list of frame ids or ';'-separated string) and
        ``article`` (sentences of one article are never split across folds).
    codebook : Codebook
        Fixes the frames and their order.
    folds : int
        Number of grouped cross-validation folds.

    Frames of the codebook that no row carries (SemEval-2023 has no "Other") are left
    out of the model and listed under ``not_modelled``; a frame carried by fewer rows
    than `folds` is an error.

    Returns
    -------
    model : FrameClassifier
        Fitted on all rows; its C, threshold strategy, per-frame ``thresholds_`` and
        calibration come from an inner cross-validation on all rows.
    metrics : dict
        ``micro_f1``, ``macro_f1``, ``subset_accuracy`` and ``per_label``
        (precision/recall/f1/support, ``threshold`` of the final model, and
        ``tpr``/``fpr``/``mean_p_pos``/``mean_p_neg`` out of fold) from the outer
        cross-validation, where each fold's model chose its thresholds by its own
        inner cross-validation; ``calibration`` (reliability data) and the same
        scores at a 0.5 threshold (``at_0.5``); ``model_selection``: the C and threshold
        strategy the final model chose, with every candidate's inner-CV scores, and the
        choices of the outer folds' models.
    """
    missing = [c for c in ("text", "frames", "article") if c not in df.columns]
    if missing:
        raise ValueError(f"training data lacks column(s) {missing}; expected text, frames, article")
    frame_lists = as_frame_lists(df["frames"])
    counts = dict(zip(codebook.ids, label_matrix(frame_lists, codebook.ids).sum(axis=0).tolist()))
    too_few = {f: int(n) for f, n in counts.items() if 0 < n < folds}
    if too_few:
        raise ValueError(
            f"frame(s) with fewer labelled sentences than folds ({folds}): {too_few}; "
            "code more examples of them or remove them from the codebook"
        )
    frames = [f for f in codebook.ids if counts[f] > 0]
    not_modelled = {f: "no labelled texts in the training data" for f in codebook.ids if counts[f] == 0}
    if len(frames) < 2:
        raise ValueError(
            f"the training data carry {len(frames)} of the codebook's frames ({frames}); a frames model needs "
            f"at least two, each with at least {folds} labelled sentences (as many as folds)"
        )
    Y = label_matrix(frame_lists, frames)
    texts = np.asarray(as_texts(df), dtype=object)
    groups = df["article"].astype(str).to_numpy(dtype=object)
    fold_of = assign_folds(df, folds=folds, random_state=random_state)

    template = build_model(codebook, random_state=random_state, **params).set_params(frames=tuple(frames))
    proba, decided, fold_models = cross_validate(texts, Y, groups, template, fold_of, return_models=True)

    metrics = score_multi_label(Y, decided, proba, frames)
    model = clone(template).fit(texts, Y, groups=groups)
    for f, t, C in zip(frames, model.thresholds_, model.C_):
        metrics["per_label"][f]["threshold"] = float(t)
        metrics["per_label"][f]["C"] = float(C)
    metrics["at_0.5"] = score_multi_label(Y, (proba >= 0.5).astype(np.int8), proba, frames)
    metrics["calibration"] = calibration_curve(Y, proba)
    metrics.update(
        {
            "n_train": int(len(df)),
            "n_articles": int(df["article"].nunique()),
            "folds": int(folds),
            "cv": "StratifiedGroupKFold over articles, stratified on the first listed frame, shuffled with random_state",
            "threshold_selection": threshold_selection(model),
            "model_selection": {
                "select_by": model.selection_["select_by"],
                "folds": [{k: m.selection_[k] for k in ("C", "thresholds")} for m in fold_models],
                "all_data": model.selection_,
            },
            "calibration_method": (
                "Platt scaling per frame on inner out-of-fold scores; the model is the mean of the inner models"
            ),
            "label_cardinality": _r(Y.sum() / max(len(df), 1)),
            "random_state": int(random_state),
            "codebook": codebook.name,
            "frames": list(frames),
            "not_modelled": not_modelled,
        }
    )
    return model, metrics


STRATEGY_WORDS = {
    "global": "one threshold for all frames, the micro-F1-maximising one",
    "per_frame": "one threshold per frame, each the F1-maximising one",
    "smooth": "one threshold per frame, each the maximum of a smoothed F1 curve",
    "fixed": "fixed thresholds",
}


def threshold_selection(model: FrameClassifier) -> str:
    """How a fitted multi-label model's thresholds were chosen, in words (for metrics.json and the methods)."""
    s = model.selection_
    return (
        f"{STRATEGY_WORDS.get(s['thresholds'], s['thresholds'])} on a 0.05..0.95 grid of calibrated probabilities "
        f"from an inner {s['inner_folds']}-fold cross-validation (grouped by article), plus the most probable frame "
        f"when none clears it; this strategy and C={s['C']:g} were chosen by that cross-validation's "
        f"{s['select_by'].replace('_f1', '-F1')} among {len(s['candidates'])} candidates; the outer folds are "
        "scored with the strategy, C and thresholds their own model chose"
    )

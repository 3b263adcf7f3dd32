"""How well a model does, from its metrics.json (never recomputed): scores, confusion, calibration, learning curve."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from framescope.figures.files import save_figure
from framescope.figures.style import (
    CATEGORY_COLORS,
    DOUBLE_COLUMN,
    HEATMAP_CMAP,
    SINGLE_COLUMN,
    TEXT_COLOR,
    NothingToDraw,
    colorbar,
    figure_style,
    frame_label,
    new_figure,
    row_height,
    shorten,
    wrap_label,
)


def classifier_scores(metrics: Mapping, stem: str | os.PathLike, labels: Mapping[str, str] | None = None,
                      name: str = "frames") -> list[Path]:
    """Cross-validated F1 per label (bars) with precision and recall (marks), best first.

    Reads ``per_label`` ({label: {precision, recall, f1, support}}) and ``macro_f1``.
    """
    per_label = metrics.get("per_label") or {}
    rows = [(k, v) for k, v in per_label.items() if isinstance(v, Mapping) and v.get("f1") is not None]
    if not rows:
        raise NothingToDraw(f"the {name} model's metrics.json has no per_label scores")
    rows.sort(key=lambda kv: (-float(kv[1]["f1"]), kv[0]))
    names = [wrap_label(f"{frame_label(k, labels)} ({int(v.get('support', 0)):,})", 30) for k, v in rows]
    f1 = np.array([float(v["f1"]) for _, v in rows])
    precision = np.array([float(v.get("precision", np.nan)) for _, v in rows])
    recall = np.array([float(v.get("recall", np.nan)) for _, v in rows])
    with figure_style():
        fig = new_figure(SINGLE_COLUMN, max(1.8, row_height(names) * len(rows) + 1.1))
        ax = fig.subplots()
        y = np.arange(len(rows))
        ax.barh(y, f1, color="#56B4E9", height=0.7, label="F1")
        ax.scatter(precision, y, marker="|", s=40, linewidths=1.4, color="#D55E00", zorder=3, label="Precision")
        ax.scatter(recall, y, marker="o", s=9, color="#000000", zorder=3, label="Recall")
        macro = metrics.get("macro_f1")
        if macro is not None:
            ax.axvline(float(macro), color="#333333", linewidth=0.8, linestyle=(0, (3, 2)),
                       label=f"Macro F1 {float(macro):.2f}")
        ax.set_yticks(y, names, fontsize=7)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_xlim(0, 1)
        ax.set_xlabel("Cross-validated score\n(labelled sentences in brackets)")
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        fig.legend(loc="outside lower center", ncols=2, handlelength=1.2)
        data = pd.DataFrame({"label": [k for k, _ in rows], "precision": precision, "recall": recall, "f1": f1,
                             "support": [int(v.get("support", 0)) for _, v in rows]})
        return save_figure(fig, stem, data=data)


def _confusion(metrics: Mapping) -> tuple[list[str], np.ndarray] | None:
    """(labels, square matrix) from ``confusion``: {labels, matrix}, or a matrix beside ``labels``."""
    confusion = metrics.get("confusion")
    if isinstance(confusion, Mapping) and "matrix" in confusion:
        names, matrix = confusion.get("labels"), confusion["matrix"]
    elif isinstance(confusion, list):
        names, matrix = metrics.get("labels"), confusion
    else:
        return None
    matrix = np.asarray(matrix, dtype=float)
    if names is None:
        names = [str(i) for i in range(len(matrix))]
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.shape[0] != len(names):
        return None
    return [str(n) for n in names], matrix


def confusion_figure(metrics: Mapping, stem: str | os.PathLike, labels: Mapping[str, str] | None = None,
                     name: str = "frames") -> list[Path]:
    """Confusion matrix from ``metrics['confusion']``: cells coloured by the share of each true label (row)."""
    parsed = _confusion(metrics)
    if parsed is None:
        raise NothingToDraw(f"the {name} model's metrics.json has no square confusion matrix")
    names, matrix = parsed
    if matrix.sum() == 0:
        raise NothingToDraw(f"the {name} model's confusion matrix is all zeros")
    totals = matrix.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(totals > 0, matrix / totals, np.nan)
    shown = [shorten(frame_label(n, labels), 24) for n in names]
    n = len(names)
    with figure_style():
        side = SINGLE_COLUMN if n <= 6 else DOUBLE_COLUMN * 0.8
        fig = new_figure(side, side * 0.75 + (0.3 if n <= 6 else 0.9))
        ax = fig.subplots()
        image = ax.imshow(np.ma.masked_invalid(share), cmap=HEATMAP_CMAP, vmin=0, vmax=1, interpolation="nearest")
        ax.set_xticks(np.arange(n), shown, rotation=40 if n > 3 else 0, ha="right" if n > 3 else "center",
                      rotation_mode="anchor", fontsize=6.5 if n > 8 else 7.5)
        ax.set_yticks(np.arange(n), [f"{s} ({int(t):,})" for s, t in zip(shown, totals.ravel())],
                      fontsize=6.5 if n > 8 else 7.5)
        for i in range(n):
            for j in range(n):
                if matrix[i, j]:
                    dark = np.isfinite(share[i, j]) and share[i, j] > 0.55
                    ax.text(j, i, f"{int(matrix[i, j]):,}", ha="center", va="center", fontsize=5.5 if n > 8 else 7,
                            color="white" if dark else TEXT_COLOR)
        ax.set_xlabel("Predicted")
        ax.set_ylabel("True (sentences)")
        ax.tick_params(length=0)
        ax.grid(False)
        for spine in ax.spines.values():
            spine.set_visible(False)
        colorbar(fig, image, ax, "Share of the true label")
        data = pd.DataFrame(matrix.astype(int), index=names, columns=names).rename_axis("true").reset_index()
        return save_figure(fig, stem, data=data)


def calibration_figure(metrics: Mapping, stem: str | os.PathLike, name: str = "frames") -> list[Path]:
    """Reliability diagram from ``metrics['calibration']`` (``bin_mean_predicted``, ``fraction_positive``, ``count``)."""
    cal = metrics.get("calibration")
    if not isinstance(cal, Mapping):
        raise NothingToDraw(f"the {name} model's metrics.json has no calibration data")
    x = cal.get("bin_mean_predicted", cal.get("mean_predicted"))
    y = cal.get("fraction_positive", cal.get("observed"))
    if not x or not y or len(x) != len(y):
        raise NothingToDraw(f"the {name} model's calibration data has no bins")
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    count = np.asarray(cal.get("count") or [np.nan] * len(x), dtype=float)
    with figure_style():
        fig = new_figure(SINGLE_COLUMN, SINGLE_COLUMN * 0.9)
        ax = fig.subplots()
        ax.plot([0, 1], [0, 1], color="#999999", linewidth=0.8, linestyle=(0, (3, 2)), label="Perfect calibration")
        sizes = 8 + 40 * np.sqrt(count / np.nanmax(count)) if np.isfinite(count).any() else 14
        ax.plot(x, y, color="#0072B2", linewidth=1.0, zorder=2, label="Model (out of fold)")
        ax.scatter(x, y, s=sizes, color="#0072B2", edgecolors="white", linewidths=0.5, zorder=3)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_aspect("equal")
        ax.set_xlabel("Mean predicted probability (bin)")
        ax.set_ylabel("Observed share positive")
        ax.grid(axis="y", visible=True)
        if cal.get("ece") is not None:
            ax.text(0.03, 0.95, f"ECE {float(cal['ece']):.3f}", transform=ax.transAxes, fontsize=7, va="top")
        ax.legend(loc="lower right", fontsize=6.5)
        data = pd.DataFrame({"bin_mean_predicted": x, "fraction_positive": y, "count": count})
        return save_figure(fig, stem, data=data)


def learning_curve_figure(metrics: Mapping, stem: str | os.PathLike, name: str = "frames") -> list[Path]:
    """Score against training-set size from ``metrics['learning_curve']``.

    Accepts a list of points ({n_train, <score>...}) or a mapping of equal-length
    lists; every numeric series besides the size is drawn as a line.
    """
    curve = metrics.get("learning_curve")
    if isinstance(curve, Mapping) and isinstance(curve.get("points"), list):
        curve = curve["points"]
    if isinstance(curve, list) and curve and isinstance(curve[0], Mapping):
        table = pd.DataFrame(curve)
    elif isinstance(curve, Mapping):
        try:
            table = pd.DataFrame({k: v for k, v in curve.items() if isinstance(v, list)})
        except ValueError:
            table = pd.DataFrame()
    else:
        table = pd.DataFrame()
    size = next((c for c in ("n_train", "train_size", "n", "size", "sizes", "fraction") if c in table.columns), None)
    if table.empty or size is None or len(table) < 2:
        raise NothingToDraw(f"the {name} model's metrics.json has no learning curve")
    series = [c for c in table.columns if c != size and pd.api.types.is_numeric_dtype(table[c])
              and not c.endswith(("_sd", "_std")) and c not in ("n_test", "folds", "seed")]
    if not series:
        raise NothingToDraw(f"the {name} model's learning curve holds no scores")
    table = table.sort_values(size, kind="stable")
    with figure_style():
        fig = new_figure(SINGLE_COLUMN, 2.4)
        ax = fig.subplots()
        for i, column in enumerate(sorted(series)):
            x, y = table[size].to_numpy(dtype=float), table[column].to_numpy(dtype=float)
            color = CATEGORY_COLORS[i % len(CATEGORY_COLORS)]
            sd = next((f"{column}{s}" for s in ("_sd", "_std") if f"{column}{s}" in table.columns), None)
            if sd:
                spread = table[sd].to_numpy(dtype=float)
                ax.fill_between(x, y - spread, y + spread, color=color, alpha=0.2, linewidth=0)
            ax.plot(x, y, marker="o", markersize=2.5, color=color,
                    label=column.replace("_", " ").replace("f1", "F1").capitalize().replace("f1", "F1"))
        ax.set_xlabel("Training sentences" if size != "fraction" else "Share of the training data")
        ax.set_ylabel("Cross-validated score")
        ax.set_ylim(0, 1)
        ax.grid(axis="y", visible=True)
        ax.legend(loc="lower right", fontsize=6.5)
        return save_figure(fig, stem, data=table.reset_index(drop=True))

"""Tone through one article, sentence by sentence, with its frames and sections: the sentiment arc."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib import ticker
from matplotlib.figure import Figure

from framescope.analysis.figure_tables import primary_frames, require_columns
from framescope.figures.files import save_figure
from framescope.figures.style import (
    DOUBLE_COLUMN,
    NothingToDraw,
    figure_style,
    frame_colors,
    frame_label,
    new_figure,
    shorten,
)


def sentiment_arc(
    sentences: pd.DataFrame,
    sentence_sentiment: pd.DataFrame,
    sentence_frames: pd.DataFrame,
    article_id: str,
    stem: str | os.PathLike,
    labels: Mapping[str, str] | None = None,
    order: Sequence[str] | None = None,
) -> list[Path]:
    """Tone sentence by sentence through one article, with its frames and sections.

    Top: model tone (line and points), VADER compound (thin line) and a centred
    rolling mean of tone. Below, on the same x axis: one row per frame that is some
    sentence's primary frame, a mark at each such sentence. Section headings
    (changes of ``sentences.section``) are light vertical lines named above the plot.
    Frame rows follow `order` when given (colours then match :func:`frame_composition`
    drawn with the same order), else their frequency in the article.
    """
    require_columns(sentence_sentiment, ["article_id", "sent_id", "tone", "vader_compound"], "sentence_sentiment")
    tones = sentence_sentiment[sentence_sentiment["article_id"] == article_id]
    tones = tones.sort_values("sent_id", kind="stable").drop_duplicates("sent_id")
    if tones.empty:
        raise NothingToDraw(f"no sentence sentiment for article {article_id!r}")

    sents = sentences[sentences["article_id"] == article_id] if len(sentences) else sentences
    if len(sents):
        require_columns(sents, ["sent_id"], "sentences")
        sents = sents.sort_values("sent_id", kind="stable").drop_duplicates("sent_id")
    sent_ids = np.union1d(tones["sent_id"].to_numpy(dtype=int), sents["sent_id"].to_numpy(dtype=int) if len(sents) else [])
    arc = pd.DataFrame({"sent_id": sent_ids}).merge(
        tones[["sent_id", "tone", "vader_compound"]], on="sent_id", how="left"
    )
    x = arc["sent_id"].to_numpy(dtype=float)
    tone = arc["tone"].to_numpy(dtype=float)
    vader = arc["vader_compound"].to_numpy(dtype=float)
    window = _rolling_window(len(arc))
    rolling = arc["tone"].rolling(window, center=True, min_periods=1).mean().to_numpy(dtype=float)

    frames_here = pd.DataFrame(columns=["sent_id", "frame"])
    if len(sentence_frames):
        sf = sentence_frames[sentence_frames["article_id"] == article_id]
        if len(sf):
            frames_here = primary_frames(sf)[["sent_id", "frame"]]
    counts = frames_here["frame"].value_counts()
    rank = {f: i for i, f in enumerate(dict.fromkeys(order or []))}
    rows = sorted(counts.index, key=lambda f: (rank.get(f, len(rank)), -counts[f], f))
    unframed = sorted(set(sent_ids.tolist()) - set(frames_here["sent_id"].astype(int).tolist()))
    has_unframed = bool(unframed) and bool(rows)

    with figure_style():
        n_rows = len(rows) + int(has_unframed)
        strip_height = 0.13 * n_rows + 0.15 if n_rows else 0
        fig = new_figure(DOUBLE_COLUMN, 2.5 + strip_height + 0.35)
        if n_rows:
            ax, strip = fig.subplots(2, 1, sharex=True, height_ratios=[2.3, strip_height])
        else:
            ax, strip = fig.subplots(), None

        ax.axhline(0, color="#999999", linewidth=0.6, zorder=1)
        ax.plot(x, vader, color="#E69F00", linewidth=0.7, label="VADER compound", zorder=2)
        ax.plot(x, tone, color="#0072B2", linewidth=0.8, marker="o", markersize=2.6, label="Tone (model)", zorder=3)
        ax.plot(x, rolling, color="#000000", linewidth=1.6, label=f"Tone, rolling mean of {window}", zorder=4)
        ax.set_ylim(-1.05, 1.05)
        ax.set_yticks([-1, -0.5, 0, 0.5, 1])
        ax.set_ylabel("Tone (negative \u2013 positive)")
        ax.grid(axis="x", visible=False)
        ax.grid(axis="y", visible=True)
        span = (x.min() - 0.8, x.max() + 0.8)
        ax.set_xlim(*span)

        starts = _section_starts(sents)
        for a in [ax] + ([strip] if strip is not None else []):
            for pos, _ in starts:
                a.axvline(pos, color="#AAAAAA", linewidth=0.6, linestyle=(0, (3, 2)), zorder=0)
        if starts:
            ax.set_ylim(-1.05, 1.42)
            ax.spines["left"].set_bounds(-1.05, 1.05)

        if strip is not None:
            _frame_strip(strip, frames_here, rows, unframed if has_unframed else [], labels, order)
            strip.set_xlabel("Sentence (sent_id)")
        else:
            ax.set_xlabel("Sentence (sent_id)")
        ax.xaxis.set_major_locator(ticker.MaxNLocator(integer=True, nbins=12))
        fig.legend(loc="outside lower center", ncols=3, handlelength=1.8)
        if starts:
            _label_sections(fig, ax, starts)
        data = arc.assign(tone_rolling=rolling, article_id=article_id).merge(
            frames_here.rename(columns={"frame": "primary_frame"}).astype({"sent_id": int}), on="sent_id", how="left"
        )[["article_id", "sent_id", "tone", "vader_compound", "tone_rolling", "primary_frame"]]
        return save_figure(fig, stem, data=data)


def _rolling_window(n: int) -> int:
    """About a tenth of the article, odd so it centres on a sentence, at least 3."""
    return max(3, (n // 10) | 1)


def _section_starts(sents: pd.DataFrame) -> list[tuple[float, str]]:
    """(x position, heading) where ``sentences.section`` changes to a new heading."""
    if sents is None or sents.empty or "section" not in sents.columns:
        return []
    starts, previous = [], None
    for sid, section in zip(sents["sent_id"].astype(int), sents["section"]):
        section = " ".join(section.split()) if isinstance(section, str) and section.strip() else None
        if section is not None and section != previous:
            starts.append((sid - 0.5, section))
        previous = section
    return starts


SECTION_ROWS = (1.17, 1.33)  # heading rows, in tone units above the +1 line


def _label_sections(fig: Figure, ax, starts: list[tuple[float, str]]) -> None:
    """Write headings beside their lines in a band above the data, never overlapping.

    A heading goes in the first row that is free where it starts; when neither
    row is free, the heading before it in the emptiest row is shortened. Headings
    are cut at the right edge. Widths are measured on a layout pass, not guessed.
    """
    texts = [
        ax.text(
            pos + 0.35, SECTION_ROWS[0], name, fontsize=7, color="#555555", va="center", ha="left", clip_on=True,
            # White behind the words: a later section's line may run under a long heading.
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6},
        )
        for pos, name in starts
    ]
    for t in texts:
        t.set_in_layout(False)
    fig.draw_without_rendering()
    gap = 4.0  # display units between headings
    right = ax.get_window_extent().x1
    last: list = [None] * len(SECTION_ROWS)
    for t in texts:
        x0 = t.get_window_extent().x0
        ends = [(-np.inf if prev is None else prev.get_window_extent().x1) for prev in last]
        free = [r for r, end in enumerate(ends) if end + gap <= x0]
        row = free[0] if free else int(np.argmin(ends))
        if not free:
            _fit_text(last[row], x0 - gap)
        t.set_y(SECTION_ROWS[row])
        last[row] = t
    for t in texts:
        _fit_text(t, right)


def _fit_text(text, right: float) -> None:
    """Shorten `text` (with an ellipsis) until its right edge is left of `right` (display units)."""
    full = text.get_text()
    n = len(full)
    while n > 0 and text.get_window_extent().x1 > right:
        n -= 1
        text.set_text(shorten(full, n) if n >= 4 else "")


def _frame_strip(ax, frames_here: pd.DataFrame, rows: list[str], unframed: list[int], labels, order) -> None:
    colors = frame_colors(rows, order)
    for i, f in enumerate(rows):
        xs = frames_here.loc[frames_here["frame"] == f, "sent_id"].to_numpy(dtype=float)
        ax.scatter(xs, np.full(len(xs), i), marker="s", s=9, color=colors[f], linewidths=0, zorder=3)
    names = [shorten(frame_label(f, labels), 32) for f in rows]
    if unframed:
        ax.scatter(unframed, np.full(len(unframed), len(rows)), marker="s", s=9, facecolors="none",
                   edgecolors="#999999", linewidths=0.5, zorder=3)
        names.append("(no frame)")
    ax.set_yticks(np.arange(len(names)), names, fontsize=6.5)
    ax.set_ylim(len(names) - 0.5, -0.5)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    ax.grid(axis="x", visible=False)
    ax.grid(axis="y", visible=True, color="#F0F0F0")

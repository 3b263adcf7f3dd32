"""Actor figures: who is mentioned and quoted and the tone about them, and who gets to speak (share of voice)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib import ticker
from matplotlib.patches import Patch

from framescope.analysis.figure_tables import (
    ACTOR_TYPE_ORDER,
    UNATTRIBUTED,
    actor_types,
    require_columns,
    speaker_quotes,
    voice_shares,
)
from framescope.figures.files import save_figure
from framescope.figures.style import (
    CATEGORY_COLORS,
    DOUBLE_COLUMN,
    OTHER_COLOR,
    SINGLE_COLUMN,
    NothingToDraw,
    figure_style,
    new_figure,
    shorten,
)


def actors_overview(
    actor_sentiment: pd.DataFrame,
    mentions: pd.DataFrame,
    quotes: pd.DataFrame,
    stem: str | os.PathLike,
    top: int = 15,
) -> list[Path]:
    """The most mentioned actors: mentions, direct quotes, and tone about them.

    Three panels share the actor axis, ordered by mentions; colour says the actor
    type. Quotes are counted by :func:`speaker_quotes`, as share of voice counts them
    (direct quotes only; the words quoted are in the CSV). Tone about an actor is
    ``actor_sentiment.tone_about`` averaged over articles, weighted by ``n_sentences``.
    """
    if top < 1:
        raise ValueError(f"top must be at least 1, got {top}")
    if len(mentions):
        require_columns(mentions, ["actor", "actor_type"], "mentions")
    named = mentions.dropna(subset=["actor"]) if len(mentions) else mentions
    if named.empty:
        raise NothingToDraw("no actor mentions in the input")

    counts = named.groupby("actor", sort=True).size()
    leaders = sorted(counts.index, key=lambda a: (-counts[a], a))[:top]
    types = actor_types(named)

    n_quotes = pd.Series(0, index=leaders, dtype=int)
    n_words = pd.Series(0, index=leaders, dtype=int)
    if len(quotes):
        said = speaker_quotes(quotes).set_index("speaker")
        n_quotes = said["n_quotes"].reindex(leaders, fill_value=0)
        n_words = said["n_words"].reindex(leaders, fill_value=0)

    tone = pd.Series(np.nan, index=leaders, dtype=float)
    if len(actor_sentiment):
        require_columns(actor_sentiment, ["actor", "n_sentences", "tone_about"], "actor_sentiment")
        rows = actor_sentiment[actor_sentiment["actor"].isin(leaders)].dropna(subset=["tone_about", "n_sentences"])
        rows = rows[rows["n_sentences"] > 0]
        if len(rows):
            weighted = (rows["tone_about"] * rows["n_sentences"]).groupby(rows["actor"]).sum()
            tone = (weighted / rows.groupby("actor")["n_sentences"].sum()).reindex(leaders)

    with figure_style():
        fig = new_figure(DOUBLE_COLUMN, max(1.8, 0.19 * len(leaders) + 1.0))
        ax_m, ax_q, ax_t = fig.subplots(1, 3, sharey=True, width_ratios=[1, 1.15, 1])
        y = np.arange(len(leaders))
        kinds = [k for k in ACTOR_TYPE_ORDER if k in {types[a] for a in leaders}]
        kinds += sorted({types[a] for a in leaders} - set(kinds))
        palette = {k: CATEGORY_COLORS[i % len(CATEGORY_COLORS)] for i, k in enumerate(kinds)}
        colors = [palette[types[a]] for a in leaders]

        ax_m.barh(y, counts[leaders].to_numpy(), color=colors, height=0.7)
        ax_m.set_xlabel("Mentions")
        ax_m.set_yticks(y, [shorten(a, 30) for a in leaders])
        ax_m.set_ylim(len(leaders) - 0.5, -0.5)

        q = n_quotes.to_numpy()
        ax_q.barh(y, q, color=colors, height=0.7)
        for yi, count in zip(y, q):
            if count:  # the label gives what the bar shows: the number of quotes
                ax_q.text(count, yi, f" {int(count):,}", va="center", ha="left", fontsize=6.5, color="#444444")
        ax_q.set_xlim(0, max(1, q.max()) * 1.3)
        ax_q.set_xlabel("Direct quotes")

        t = tone.to_numpy(dtype=float)
        ax_t.axvline(0, color="#999999", linewidth=0.6, zorder=1)
        ax_t.hlines(y, 0, np.nan_to_num(t), color="#CCCCCC", linewidth=0.8, zorder=2)
        ax_t.scatter(t, y, s=18, c=colors, edgecolors="#333333", linewidths=0.4, zorder=3)
        for yi, value in zip(y, t):
            if not np.isfinite(value):
                ax_t.text(0, yi, "n/a", va="center", ha="center", fontsize=6.5, color="#777777")
        ax_t.set_xlim(-1.05, 1.05)
        ax_t.set_xlabel("Tone about the actor")

        for a in (ax_m, ax_q, ax_t):
            a.tick_params(axis="y", length=0)
        for a in (ax_m, ax_q):
            a.xaxis.set_major_locator(ticker.MaxNLocator(nbins=4, integer=True))
        ax_t.set_xticks([-1, -0.5, 0, 0.5, 1])
        ax_q.spines["left"].set_visible(False)
        ax_t.spines["left"].set_visible(False)
        fig.legend(
            handles=[Patch(color=palette[k], label=k.capitalize()) for k in kinds],
            loc="outside lower center",
            ncols=len(kinds),
        )
        data = pd.DataFrame({
            "actor": leaders, "actor_type": [types[a] for a in leaders], "mentions": counts[leaders].to_numpy(),
            "quotes": n_quotes.to_numpy(), "words_quoted": n_words.to_numpy(), "tone_about": t,
        })
        return save_figure(fig, stem, data=data)


# ---------------------------------------------------------------------------
# share of voice


def _pct(share: float) -> str:
    """A share as a percentage; "<1%" rather than a misleading "0%" for small non-zero shares."""
    return "<1%" if 0 < share < 0.005 else f"{share:.0%}"


def share_of_voice(voices: pd.DataFrame, stem: str | os.PathLike, top: int = 15) -> list[Path]:
    """Who gets to speak: each speaker's share of all quoted words, the `top` speakers and the rest pooled.

    Bars are coloured by speaker type, as in :func:`actors_overview`; unattributed
    quotes are a grey bar of their own. When some speakers have a ``group`` (the
    actor groups of the study), a second panel gives each group's share.
    """
    if top < 1:
        raise ValueError(f"top must be at least 1, got {top}")
    if voices is None or voices.empty:
        raise NothingToDraw("no quotes in the input: the voices table is empty")
    shares = voice_shares(voices)
    total = int(shares["n_words"].sum())
    if total == 0:
        raise NothingToDraw("the quotes hold no words")
    # speakers heard only in reported speech have no quoted words: not speakers here
    named = shares[(shares["speaker"] != UNATTRIBUTED) & (shares["n_quotes"] > 0)]
    leaders = named.head(top)
    rest = named.iloc[top:]
    unattributed = shares[shares["speaker"] == UNATTRIBUTED]
    bars = [(shorten(s, 30), t if isinstance(t, str) else "unknown", w / total, q)
            for s, t, w, q in zip(leaders["speaker"], leaders["speaker_type"], leaders["n_words"], leaders["n_quotes"])]
    if len(rest):
        bars.append((f"{len(rest):,} other speakers", "other", rest["n_words"].sum() / total, rest["n_quotes"].sum()))
    if len(unattributed):
        bars.append(("Unattributed", "unattributed", unattributed["n_words"].sum() / total,
                     unattributed["n_quotes"].sum()))
    kinds = [k for k in ACTOR_TYPE_ORDER if k in {b[1] for b in bars}]
    kinds += sorted({b[1] for b in bars} - set(kinds) - {"other", "unattributed"})
    palette = {k: CATEGORY_COLORS[i % len(CATEGORY_COLORS)] for i, k in enumerate(kinds)}
    palette.update({"other": OTHER_COLOR, "unattributed": "#DDDDDD"})

    grouped = shares[(shares["speaker"] != UNATTRIBUTED) & shares["group"].notna()]
    by_group = None
    if len(grouped):
        g = shares[shares["speaker"] != UNATTRIBUTED].assign(group=lambda d: d["group"].fillna("(no group)"))
        by_group = g.groupby("group")["n_words"].sum() / total
        by_group = by_group.reindex(sorted(by_group.index, key=lambda k: (k == "(no group)", -by_group[k], k)))

    with figure_style():
        height = max(1.8, 0.19 * len(bars) + 1.0)
        fig = new_figure(DOUBLE_COLUMN if by_group is not None else SINGLE_COLUMN + 1.0, height)
        if by_group is not None:
            ax, ax_g = fig.subplots(1, 2, width_ratios=[1.6, 1])
        else:
            ax, ax_g = fig.subplots(), None
        y = np.arange(len(bars))
        values = np.array([b[2] for b in bars])
        ax.barh(y, values, color=[palette[b[1]] for b in bars], height=0.7)
        for yi, (_, _, share, quotes) in zip(y, bars):
            ax.text(share, yi, f" {_pct(share)} ({int(quotes):,} quote{'s' if quotes != 1 else ''})", va="center",
                    ha="left", fontsize=6.5, color="#444444")
        ax.set_yticks(y, [b[0] for b in bars])
        ax.set_ylim(len(bars) - 0.5, -0.5)
        ax.set_xlim(0, min(1.0, values.max() * 1.45 + 0.02))
        ax.xaxis.set_major_locator(ticker.MaxNLocator(nbins=4))
        ax.xaxis.set_major_formatter(ticker.PercentFormatter(1.0, decimals=0))
        ax.set_xlabel(f"Share of all quoted words ({total:,} words)")
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        handles = [Patch(color=palette[k], label=k.capitalize()) for k in kinds]
        if handles:
            fig.legend(handles=handles, loc="outside lower center", ncols=len(handles))
        if ax_g is not None:
            yg = np.arange(len(by_group))
            ax_g.barh(yg, by_group.to_numpy(), color="#0072B2", height=min(0.7, 0.19 * len(bars) / len(by_group)))
            for yi, share in zip(yg, by_group.to_numpy()):
                ax_g.text(share, yi, f" {_pct(share)}", va="center", ha="left", fontsize=6.5, color="#444444")
            ax_g.set_yticks(yg, [shorten(k, 24) for k in by_group.index])
            ax_g.set_ylim(len(by_group) - 0.5, -0.5)
            ax_g.set_xlim(0, min(1.0, by_group.max() * 1.35 + 0.02))
            ax_g.xaxis.set_major_locator(ticker.MaxNLocator(nbins=3))
            ax_g.xaxis.set_major_formatter(ticker.PercentFormatter(1.0, decimals=0))
            ax_g.set_xlabel("Share by actor group")
            ax_g.tick_params(axis="y", length=0)
            ax_g.spines["left"].set_visible(False)
        return save_figure(fig, stem, data=shares)

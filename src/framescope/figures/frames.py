"""Frame figures: frame composition of articles and corpus, frames by outlet, by actor and over time."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib import ticker
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from framescope.analysis.figure_tables import (
    CORPUS_GROUP_TYPES,
    PREVALENCE_TIME_UNITS,
    actor_frame_counts,
    choose_time_unit,
    corpus_frame_estimates,
    frame_share_ci,
    frame_shares_by_group,
    FIRST_YEAR,
    LAST_YEAR,
    framed_articles,
    off_axis_dates,
    on_time_axis,
    prevalence_rows,
    primary_rows,
    published_dates,
    require_columns,
    time_unit_freq,
)
from framescope.figures.files import save_figure
from framescope.figures.style import (
    ACCENT_COLOR,
    CATEGORY_COLORS,
    DOUBLE_COLUMN,
    HEATMAP_CMAP,
    OTHER_COLOR,
    SINGLE_COLUMN,
    TEXT_COLOR,
    NothingToDraw,
    colorbar,
    figure_style,
    frame_colors,
    frame_label,
    new_figure,
    row_height,
    shorten,
    wrap_label,
)

MAX_ARTICLE_BARS = 40  # beyond this, frame_composition shows the corpus mean only
MIN_PERIOD_ARTICLES = 3
MAX_FRAME_PANELS = 15

METHOD_NAMES = {
    "cc": "classify and count",
    "acc": "adjusted classify and count",
    "pcc": "probabilistic classify and count",
    "pacc": "probabilistic adjusted classify and count",
}


def _ordered_frames(means: pd.Series, order: Sequence[str] | None) -> list[str]:
    """Frames present in `means`: those named in `order` first, the rest by mean share (desc), then id."""
    present = set(means.index)
    head = [f for f in dict.fromkeys(order or []) if f in present]
    rest = sorted((f for f in means.index if f not in head), key=lambda f: (-means[f], f))
    return head + rest


def _article_labels(articles: pd.DataFrame | None, article_ids: Sequence[str], width: int) -> dict[str, str]:
    titles: dict[str, str] = {}
    if articles is not None and len(articles) and "article_id" in articles.columns and "title" in articles.columns:
        for aid, title in zip(articles["article_id"], articles["title"]):
            if isinstance(title, str) and title.strip():
                titles[aid] = title
    return {aid: shorten(titles.get(aid, aid), width) for aid in article_ids}


def _article_order(articles: pd.DataFrame | None, article_ids: Sequence[str]) -> list[str]:
    """By publication date, then id; undated articles last."""
    dates: dict[str, str] = {}
    if articles is not None and len(articles) and "published" in articles.columns:
        for aid, day in zip(articles["article_id"], articles["published"]):
            if isinstance(day, str) and day:
                dates[aid] = day
    return sorted(article_ids, key=lambda a: (a not in dates, dates.get(a, ""), a))


# ---------------------------------------------------------------------------
# frame composition


def frame_composition(
    article_frames: pd.DataFrame,
    articles: pd.DataFrame,
    stem: str | os.PathLike,
    labels: Mapping[str, str] | None = None,
    order: Sequence[str] | None = None,
    prevalence: pd.DataFrame | None = None,
    method: str | None = None,
) -> list[Path]:
    """Frame shares per article (stacked bars) and the corpus share with a 95% CI.

    The corpus estimate and its interval come from `prevalence` (the
    ``frame_prevalence`` table, its corpus rows, `method` or the first method)
    when given, else from a bootstrap over articles (:func:`frame_share_ci`).

    One article: its shares as a sorted bar chart, the primary frame highlighted.
    Up to ``MAX_ARTICLE_BARS`` articles: one stacked bar per article beside the
    corpus means. More: the corpus means only. The seven leading frames (by `order`,
    else by mean share) get colours in the stacked bars; the rest are pooled in grey.
    Pass the same `order` (e.g. the codebook's) to :func:`sentiment_arc` and a frame
    keeps its colour across figures.
    """
    require_columns(article_frames, ["article_id", "frame", "share"], "article_frames")
    table = article_frames.dropna(subset=["share"])
    if table.empty:
        raise NothingToDraw("article_frames is empty: no article has frame shares")
    if not (table["share"] > 0).any():
        raise NothingToDraw("every frame share is 0: no sentence was assigned a frame")
    stats = corpus_frame_estimates(table, prevalence, method).set_index("frame")
    frames = _ordered_frames(stats["mean"], order)
    article_ids = sorted(table["article_id"].unique())
    data = pd.concat(
        [
            stats.reset_index().assign(scope="corpus", article_id=""),
            table.groupby(["article_id", "frame"], sort=True)["share"].sum().rename("mean").reset_index()
            .assign(scope="article"),
        ],
        ignore_index=True,
    )[["scope", "article_id", "frame", "mean", "ci_low", "ci_high", "n_articles", "source"]]

    with figure_style():
        if len(article_ids) == 1:
            fig = _single_article_frames(table, frames, labels)
        elif len(article_ids) <= MAX_ARTICLE_BARS:
            names = [wrap_label(frame_label(f, labels)) for f in frames]
            height = max(2.4, 0.17 * len(article_ids) + 1.2, row_height(names) * len(frames) + 1.2)
            fig = new_figure(DOUBLE_COLUMN, height)
            left, right = fig.subplots(1, 2, width_ratios=[1.5, 1])
            _stacked_article_bars(left, table, articles, article_ids, frames, labels, order)
            _corpus_means(right, stats, frames, labels, order)
        else:
            names = [wrap_label(frame_label(f, labels)) for f in frames]
            fig = new_figure(SINGLE_COLUMN, max(2.0, row_height(names) * len(frames) + 0.8))
            # no stacked bars to match: one colour, not seven that would mean nothing here
            _corpus_means(fig.subplots(), stats, frames, labels, order, single_color=True)
        return save_figure(fig, stem, data=data)


def _single_article_frames(table: pd.DataFrame, frames: list[str], labels) -> Figure:
    rows = table.groupby("frame", sort=True)["share"].sum()
    # Largest share first; equal shares in the agreed frame order, so they never shuffle.
    rank = {f: i for i, f in enumerate(frames)}
    rows = rows.reindex(sorted(rows.index, key=lambda f: (-rows[f], rank.get(f, len(rank)), f)))
    if "is_primary" in table.columns and table["is_primary"].fillna(False).astype(bool).any():
        primary = set(table.loc[table["is_primary"].fillna(False).astype(bool), "frame"])
    else:
        primary = {rows.index[0]}

    names = [wrap_label(frame_label(f, labels)) for f in rows.index]
    fig = new_figure(SINGLE_COLUMN, max(1.4, row_height(names) * len(rows) + 0.75))
    ax = fig.subplots()
    y = np.arange(len(rows))
    colors = [ACCENT_COLOR if f in primary else OTHER_COLOR for f in rows.index]
    ax.barh(y, rows.to_numpy(), color=colors, height=0.72)
    for yi, share in zip(y, rows.to_numpy()):
        if share > 0:  # a column of "0%" would only add noise; the grey label says it
            ax.text(share + 0.01, yi, f"{share:.0%}", va="center", ha="left", fontsize=7, color=TEXT_COLOR)
    ax.set_yticks(y, names)
    for tick, frame, share in zip(ax.get_yticklabels(), rows.index, rows.to_numpy()):
        if frame in primary:
            tick.set_fontweight("bold")
        elif share <= 0:
            tick.set_color("#888888")
    ax.invert_yaxis()
    ax.set_xlim(0, min(1.0, rows.max()) * 1.2 + 0.06)
    ax.xaxis.set_major_locator(ticker.MaxNLocator(nbins=3))
    ax.xaxis.set_major_formatter(ticker.PercentFormatter(1.0, decimals=0))
    ax.set_xlabel("Share of the article\n(primary frame in bold)")
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    return fig


def _stacked_article_bars(ax, table, articles, article_ids, frames, labels, order) -> None:
    shares = table.pivot_table(index="article_id", columns="frame", values="share", aggfunc="sum", fill_value=0.0)
    ordered = _article_order(articles, article_ids)
    shares = shares.reindex(index=ordered, columns=frames, fill_value=0.0)
    colors = frame_colors(frames, order)
    coloured = [f for f in frames if colors[f] != OTHER_COLOR]
    pooled = [f for f in frames if colors[f] == OTHER_COLOR]

    y = np.arange(len(ordered))
    left = np.zeros(len(ordered))
    handles = []
    for f in coloured:
        values = shares[f].to_numpy()
        ax.barh(y, values, left=left, color=colors[f], height=0.75, edgecolor="white", linewidth=0.3)
        left += values
        handles.append(Patch(color=colors[f], label=frame_label(f, labels)))
    if pooled:
        values = shares[pooled].sum(axis=1).to_numpy()
        ax.barh(y, values, left=left, color=OTHER_COLOR, height=0.75, edgecolor="white", linewidth=0.3)
        left += values
        handles.append(Patch(color=OTHER_COLOR, label=f"{len(pooled)} other frame{'s' if len(pooled) > 1 else ''}"))

    names = _article_labels(articles, ordered, width=38)
    ax.set_yticks(y, [names[a] for a in ordered], fontsize=7 if len(ordered) > 20 else 7.5)
    ax.invert_yaxis()
    ax.set_ylim(len(ordered) - 0.5, -0.5)
    ax.set_xlim(0, max(1.0, float(left.max())))
    ax.xaxis.set_major_formatter(ticker.PercentFormatter(1.0, decimals=0))
    ax.set_xlabel("Share of each article")
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    # A figure legend: an axes legend wider than its panel collapses constrained layout.
    ax.figure.legend(
        handles=handles,
        loc="outside upper center",
        ncols=min(4, len(handles)),
        handlelength=0.9,
        columnspacing=1.0,
        fontsize=7,
    )


def _corpus_means(ax, stats: pd.DataFrame, frames: list[str], labels, order, single_color: bool = False) -> None:
    colors = dict.fromkeys(frames, CATEGORY_COLORS[0]) if single_color else frame_colors(frames, order)
    y = np.arange(len(frames))
    means = stats.loc[frames, "mean"].to_numpy()
    low = stats.loc[frames, "ci_low"].to_numpy()
    high = stats.loc[frames, "ci_high"].to_numpy()
    n_articles = int(stats["n_articles"].iloc[0])
    if np.isfinite(low).all():
        ax.hlines(y, low, high, color="#555555", linewidth=1.0)
    ax.scatter(means, y, s=16, c=[colors[f] for f in frames], edgecolors="#333333", linewidths=0.4, zorder=3)
    ax.set_yticks(y, [wrap_label(frame_label(f, labels)) for f in frames])
    ax.set_ylim(len(frames) - 0.5, -0.5)
    top = np.nanmax(np.concatenate([means, high])) if len(frames) else 1.0
    ax.set_xlim(0, min(1.0, top * 1.1 + 0.02))
    ax.xaxis.set_major_locator(ticker.MaxNLocator(nbins=4))
    ax.xaxis.set_major_formatter(ticker.PercentFormatter(1.0, decimals=0))
    ci = "95% CI, " if np.isfinite(low).all() else ""
    source = str(stats["source"].iloc[0]) if "source" in stats.columns else ""
    # "frame_prevalence (method)": name the estimator the interval belongs to
    what = f"Corpus share, {source[source.find('(') + 1:-1]}" if source.startswith("frame_prevalence") else (
        "Corpus mean share")
    ax.set_xlabel(f"{what}\n({ci}{n_articles} article{'s' if n_articles != 1 else ''})")
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    ax.grid(axis="y", visible=False)


# ---------------------------------------------------------------------------
# heatmaps: frames by outlet, frames by actor


def _frame_columns(frames: Sequence[str], labels, width: int = 25) -> list[str]:
    return [shorten(frame_label(f, labels), width) for f in frames]


def _heatmap(ax, values: np.ndarray, rows: Sequence[str], cols: Sequence[str], vmax: float | None = None,
             outline: np.ndarray | None = None):
    """Cells coloured by share (0 to `vmax`), each written as a percentage; `outline` marks cells."""
    finite = values[np.isfinite(values)]
    vmax = float(vmax if vmax is not None else (finite.max() if finite.size else 1.0)) or 1.0
    image = ax.imshow(np.ma.masked_invalid(values), cmap=HEATMAP_CMAP, vmin=0, vmax=vmax, aspect="auto",
                      interpolation="nearest")
    ax.set_xticks(np.arange(len(cols)), cols, rotation=40, ha="right", rotation_mode="anchor", fontsize=7)
    ax.set_yticks(np.arange(len(rows)), rows, fontsize=7)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.grid(False)
    ax.set_facecolor("#F2F2F2")  # not estimable cells
    small = 5.5 if len(cols) > 10 else 6.5
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            text = "n/a" if not np.isfinite(v) else ("" if v < 0.005 else f"{v:.0%}")
            if text:
                dark = np.isfinite(v) and v / vmax > 0.55
                ax.text(j, i, text, ha="center", va="center", fontsize=small,
                        color="white" if dark else ("#777777" if text == "n/a" else TEXT_COLOR))
            if outline is not None and outline[i, j]:
                ax.add_patch(mpl.patches.Rectangle((j - 0.46, i - 0.46), 0.92, 0.92, fill=False,
                                                   edgecolor="#000000", linewidth=0.8))
    return image


def _note(fig, text: str) -> None:
    """A small grey note under the figure (in the layout, so it never overlaps the axes)."""
    if text:
        fig.supxlabel(text, x=0.01, ha="left", fontsize=6.5, color="#555555")


def frames_by_outlet(
    article_frames: pd.DataFrame,
    articles: pd.DataFrame,
    stem: str | os.PathLike,
    labels: Mapping[str, str] | None = None,
    order: Sequence[str] | None = None,
    prevalence: pd.DataFrame | None = None,
    method: str | None = None,
    top: int = 12,
) -> list[Path]:
    """Heatmap of frame shares, one row per outlet (the `top` outlets by articles), beside the corpus.

    With `prevalence` (``frame_prevalence``, its ``outlet`` and ``corpus`` rows, one
    `method`), cells are each outlet's share of sentences carrying the frame, and a
    cell is outlined when its 95% interval lies wholly above or below the corpus
    estimate. Without it, cells are mean article shares from ``article_frames`` and
    the outlets beyond `top` are pooled in one row. Not drawn with fewer than two outlets.
    """
    if top < 1:
        raise ValueError(f"top must be at least 1, got {top}")
    require_columns(articles, ["article_id", "outlet"], "articles")
    outlet_of = {
        a: " ".join(o.split()) for a, o in zip(articles["article_id"], articles["outlet"])
        if isinstance(o, str) and o.strip()
    }
    framed = framed_articles(article_frames)
    with_outlet = sorted(a for a in framed if a in outlet_of)
    outlets = sorted({outlet_of[a] for a in with_outlet})
    if not framed:
        raise NothingToDraw("article_frames is empty: no article has frame shares")
    if not outlets:
        raise NothingToDraw(f"none of the {len(framed)} articles names its outlet")
    if len(outlets) < 2:
        n = len(with_outlet)
        raise NothingToDraw(f"one outlet only ({outlets[0]}, {n} article{'s' if n != 1 else ''}): no outlets to compare")
    n_no_outlet = len(framed) - len(with_outlet)

    rows_p, chosen = prevalence_rows(prevalence, ["outlet"], method)
    if chosen is not None:
        rows_p = rows_p[rows_p["group"].isin(outlets)]
    if chosen is not None and len(rows_p):
        corpus, _ = prevalence_rows(prevalence, CORPUS_GROUP_TYPES, chosen)
        table = rows_p.rename(columns={"group": "row"})[["row", "frame", "estimate", "ci_low", "ci_high",
                                                         "n_articles"]]
        sizes = table.groupby("row")["n_articles"].max()
        shown = sorted(sizes.index, key=lambda o: (-sizes[o], o))[:top]
        left_out = sorted(set(sizes.index) - set(shown))
        table = table[table["row"].isin(shown)]
        corpus_rows = corpus[["frame", "estimate", "ci_low", "ci_high", "n_articles"]].assign(row="All articles")
        what = f"Share of sentences with the frame\n({METHOD_NAMES.get(chosen, chosen)})"
        source = f"frame_prevalence ({chosen})"
    else:
        sizes = pd.Series({o: 0 for o in outlets})
        for a in with_outlet:
            sizes[outlet_of[a]] += 1
        shown = sorted(outlets, key=lambda o: (-sizes[o], o))
        if len(shown) > top + 1:  # pooling a single outlet would only rename it
            shown, pooled = shown[:top], shown[top:]
        else:
            pooled = []
        left_out = []
        other = f"{len(pooled)} other outlets"
        group = {a: (outlet_of[a] if outlet_of[a] in shown else other) for a in with_outlet}
        table = frame_shares_by_group(article_frames, group).rename(columns={"group": "row"})
        table = table.assign(ci_low=np.nan, ci_high=np.nan)
        if pooled:
            sizes[other] = int(sum(sizes[o] for o in pooled))
            shown = shown + [other]
        corpus_rows = frame_shares_by_group(article_frames, {a: "All articles" for a in framed}).rename(
            columns={"group": "row"}).assign(ci_low=np.nan, ci_high=np.nan)
        what = "Mean share of the articles"
        source = "article_frames (mean share)"

    corpus_mean = corpus_rows.set_index("frame")["estimate"]
    frames = _ordered_frames(corpus_mean.fillna(0), order)
    row_names = ["All articles"] + shown
    full = pd.concat([corpus_rows, table], ignore_index=True)
    est = full.pivot_table(index="row", columns="frame", values="estimate", aggfunc="first", dropna=False)
    est = est.reindex(index=row_names, columns=frames)
    low = full.pivot_table(index="row", columns="frame", values="ci_low", aggfunc="first", dropna=False)
    high = full.pivot_table(index="row", columns="frame", values="ci_high", aggfunc="first", dropna=False)
    low = low.reindex(index=row_names, columns=frames).to_numpy(dtype=float)
    high = high.reindex(index=row_names, columns=frames).to_numpy(dtype=float)
    values = est.to_numpy(dtype=float)
    ref = corpus_mean.reindex(frames).to_numpy(dtype=float)
    outline = np.zeros(values.shape, dtype=bool)
    with np.errstate(invalid="ignore"):
        outline[1:] = (low[1:] > ref) | (high[1:] < ref)
    n_corpus = int(corpus_rows["n_articles"].max()) if len(corpus_rows) else len(framed)
    counts = {"All articles": n_corpus, **{r: int(sizes[r]) for r in shown}}
    names = [f"{shorten(r, 30)} ({counts[r]:,})" for r in row_names]

    with figure_style():
        fig = new_figure(DOUBLE_COLUMN, 0.2 * len(row_names) + 1.75)
        ax = fig.subplots()
        image = _heatmap(ax, values, names, _frame_columns(frames, labels), outline=outline)
        ax.axhline(0.5, color="white", linewidth=2.5)
        colorbar(fig, image, ax, what)
        notes = ["Rows: outlet (articles)."]
        if outline.any():
            notes.append("Outlined: 95% CI excludes the corpus value.")
        left = []
        if left_out:
            left.append(f"{len(left_out)} smaller outlet{'s' if len(left_out) > 1 else ''} not shown.")
        if n_no_outlet:
            left.append(f"{n_no_outlet:,} article{'s' if n_no_outlet > 1 else ''} without an outlet left out.")
        _note(fig, " ".join(notes + left))
        data = full[full["row"].isin(row_names) & full["frame"].isin(frames)].rename(columns={"row": "outlet"})
        data = data.assign(source=source)[["outlet", "frame", "estimate", "ci_low", "ci_high", "n_articles",
                                           "source"]]
        data = data.sort_values(["outlet", "frame"], kind="stable")
        return save_figure(fig, stem, data=data, notes=left)


def actor_frames(
    mentions: pd.DataFrame,
    sentence_frames: pd.DataFrame,
    stem: str | os.PathLike,
    labels: Mapping[str, str] | None = None,
    order: Sequence[str] | None = None,
    top: int = 15,
    frames: Sequence[str] | None = None,
) -> list[Path]:
    """Heatmap: for each of the `top` actors (most framed sentences), the frames of the sentences naming them.

    The first row is every framed sentence of the corpus, for reference. Actors
    come from ``mentions`` (canonical names), frames from ``sentence_frames``.
    Only its predicted rows are used: a corpus may pass just those, with `frames`,
    every frame of the full table (the columns; by default the frames found).
    """
    if top < 1:
        raise ValueError(f"top must be at least 1, got {top}")
    if mentions is None or mentions.empty or mentions["actor"].dropna().empty:
        raise NothingToDraw("no actor mentions in the input")
    if sentence_frames is None or (sentence_frames.empty and not frames):
        raise NothingToDraw("sentence_frames is empty: no sentence has frame probabilities")
    # the primary frames as rows of `sentence_frames`: a table of them would copy millions of strings
    primary = primary_rows(sentence_frames)
    frame_codes = pd.factorize(sentence_frames["frame"], sort=True)
    table = actor_frame_counts(mentions, sentence_frames, primary, frame_codes)
    if table.empty:
        raise NothingToDraw("no sentence that names an actor has a predicted frame")
    # framed sentences per frame, sorted by frame (as a groupby of the primary frames counts them)
    codes, names = frame_codes[0][primary], frame_codes[1]
    per_frame = np.bincount(codes[codes >= 0], minlength=len(names)).astype(np.int64)
    corpus = pd.Series(per_frame, index=names)[per_frame > 0]
    corpus_share = corpus / corpus.sum()
    all_frames = sorted(set(frames) if frames is not None else set(sentence_frames["frame"]))
    frames = _ordered_frames(corpus_share.reindex(all_frames, fill_value=0.0), order)

    totals = table.groupby("actor")["actor_sentences"].first()
    leaders = sorted(totals.index, key=lambda a: (-totals[a], a))[:top]
    matrix = table[table["actor"].isin(leaders)].pivot_table(
        index="actor", columns="frame", values="share", aggfunc="sum", fill_value=0.0)
    matrix = matrix.reindex(index=leaders, columns=frames, fill_value=0.0)
    values = np.vstack([corpus_share.reindex(frames, fill_value=0.0).to_numpy(dtype=float),
                        matrix.to_numpy(dtype=float)])
    names = [f"All framed sentences ({int(corpus.sum()):,})"] + [f"{shorten(a, 30)} ({int(totals[a]):,})"
                                                                 for a in leaders]
    with figure_style():
        fig = new_figure(DOUBLE_COLUMN, 0.2 * len(names) + 1.75)
        ax = fig.subplots()
        image = _heatmap(ax, values, names, _frame_columns(frames, labels))
        ax.axhline(0.5, color="white", linewidth=2.5)
        colorbar(fig, image, ax, "Share of the sentences\nnaming the actor")
        _note(fig, "Rows: actor (sentences naming the actor that carry a frame); each sentence counted under "
                   "its primary frame.")
        corpus_rows = pd.DataFrame({"actor": "(all framed sentences)", "frame": frames,
                                    "n_sentences": corpus.reindex(frames, fill_value=0).to_numpy(dtype=int),
                                    "actor_sentences": int(corpus.sum()),
                                    "share": corpus_share.reindex(frames, fill_value=0.0).to_numpy()})
        data = pd.concat([corpus_rows, table[table["actor"].isin(leaders)]], ignore_index=True)
        return save_figure(fig, stem, data=data)


# ---------------------------------------------------------------------------
# frames over time


def frames_over_time(
    article_frames: pd.DataFrame,
    articles: pd.DataFrame,
    stem: str | os.PathLike,
    labels: Mapping[str, str] | None = None,
    order: Sequence[str] | None = None,
    prevalence: pd.DataFrame | None = None,
    method: str | None = None,
    unit: str | None = None,
    min_articles: int = MIN_PERIOD_ARTICLES,
) -> list[Path]:
    """Small multiples: each frame's share per period, and the number of articles per period.

    With `prevalence` (its ``month`` or ``year`` rows, one `method`), each point is
    the period's share of sentences carrying the frame with its 95% interval as a
    band. Without it, the mean article share per period (`unit`, else the finest of
    day/week/month/quarter/year giving at most 30 periods) with a bootstrap
    interval over articles. Periods with fewer than `min_articles` articles are
    counted but not plotted. Not drawn when fewer than two periods remain. Dates a time
    axis cannot show (before FIRST_YEAR or after LAST_YEAR: placeholders such as
    0001-11-30) are left out, and the notes say so.
    """
    framed = framed_articles(article_frames)
    if not framed:
        raise NothingToDraw("article_frames is empty: no article has frame shares")
    dates = {a: d for a, d in published_dates(articles).items() if a in framed}
    off_axis = {a: d for a, d in off_axis_dates(articles).items() if a in framed}
    n_undated = len(framed) - len(dates) - len(off_axis)
    examples = ", ".join(sorted(set(off_axis.values()))[:5])
    off_note = (f"{len(off_axis):,} article{'s' if len(off_axis) != 1 else ''} dated outside {FIRST_YEAR}-"
                f"{LAST_YEAR}, which a time axis cannot show ({examples})" if off_axis else "")
    if not dates:
        raise NothingToDraw(f"none of the {len(framed)} articles has a publication date" + (
            f" a time axis can show ({len(off_axis):,} dated outside {FIRST_YEAR}-{LAST_YEAR}: {examples})"
            if off_axis else ""))
    days = sorted({d.normalize() for d in dates.values()})
    if len(days) < 2:
        n = len(dates)
        raise NothingToDraw(f"one publication date only ({days[0].date().isoformat()}, {n} dated article"
                            f"{'s' if n != 1 else ''}): no change over time to show")

    rows_p, chosen = prevalence_rows(prevalence, PREVALENCE_TIME_UNITS, method)
    if chosen is not None and len(rows_p):
        unit = str(sorted(set(rows_p["group_type"]))[0])
        freq = time_unit_freq(unit)
        rows_p = rows_p[rows_p["group"].astype(str).str.match(r"^\d{4}(-\d{2})?$")]
        # a period of the placeholders' dates ("0001") cannot be placed on the axis
        rows_p = rows_p[[on_time_axis(g) for g in rows_p["group"].astype(str)]]
        if rows_p.empty:
            raise NothingToDraw(f"frame_prevalence has no {unit} a time axis can show"
                                + (f"; {off_note}, left out" if off_axis else ""))
        table = rows_p.assign(period=[pd.Period(g, freq) for g in rows_p["group"].astype(str)])
        table = table[["period", "frame", "estimate", "ci_low", "ci_high", "n_articles"]]
        what = f"Share of sentences with the frame ({METHOD_NAMES.get(chosen, chosen)}), 95% CI"
        source = f"frame_prevalence ({chosen})"
    else:
        unit = unit or choose_time_unit(pd.Series(list(dates.values())))
        freq = time_unit_freq(unit)
        period_of = {a: d.to_period(freq) for a, d in dates.items()}
        parts = []
        for period in sorted(set(period_of.values())):
            ids = {a for a, p in period_of.items() if p == period}
            subset = article_frames[article_frames["article_id"].isin(ids)]
            ci = frame_share_ci(subset, replicates=1000)
            parts.append(ci.rename(columns={"mean": "estimate"}).assign(period=period))
        table = pd.concat(parts, ignore_index=True)[["period", "frame", "estimate", "ci_low", "ci_high",
                                                     "n_articles"]]
        what = "Mean share of the articles, 95% CI (bootstrap over articles)"
        source = "article_frames (mean share)"

    sizes = table.groupby("period")["n_articles"].max().sort_index()
    kept = [p for p in sizes.index if sizes[p] >= min_articles]
    if len(kept) < 2:
        raise NothingToDraw(
            f"only {len(kept)} {unit}{'s' if len(kept) != 1 else ''} with at least {min_articles} articles "
            f"({len(sizes)} {unit}{'s' if len(sizes) != 1 else ''} in all): too few points for a trend"
            + (f"; {off_note}, left out" if off_axis else ""))
    means = table.groupby("frame")["estimate"].mean()
    frames = _ordered_frames(means.fillna(0), order)
    extra_frames = frames[MAX_FRAME_PANELS:]
    frames = frames[:MAX_FRAME_PANELS]
    shown = table[table["period"].isin(kept)]

    def x_of(periods) -> np.ndarray:
        import matplotlib.dates as mdates

        return np.array([mdates.date2num((p.start_time + (p.end_time - p.start_time) / 2).to_pydatetime())
                         for p in periods])

    n_panels = len(frames) + 1
    ncols = 4 if n_panels > 9 else 3
    nrows = -(-n_panels // ncols)
    import matplotlib.dates as mdates

    with figure_style():
        fig = new_figure(DOUBLE_COLUMN, 1.05 * nrows + 0.7)
        axes = fig.subplots(nrows, ncols, sharex=True, squeeze=False).ravel()
        top = np.nanmax(shown[["estimate", "ci_high"]].to_numpy(dtype=float))
        top = min(1.0, (top if np.isfinite(top) else 1.0) * 1.08)
        count_ax = axes[0]
        periods = list(sizes.index)
        widths = [0.8 * (p.end_time - p.start_time).total_seconds() / 86400 for p in periods]
        count_ax.bar(x_of(periods), sizes.to_numpy(), width=widths,
                     color=["#555555" if p in kept else "#CCCCCC" for p in periods])
        count_ax.set_title("Articles", fontsize=7.5)
        count_ax.yaxis.set_major_locator(ticker.MaxNLocator(nbins=3, integer=True))
        for ax, frame in zip(axes[1:], frames):
            rows = shown[shown["frame"] == frame].sort_values("period")
            x = x_of(rows["period"])
            lo, hi = rows["ci_low"].to_numpy(dtype=float), rows["ci_high"].to_numpy(dtype=float)
            if np.isfinite(lo).any():
                ax.fill_between(x, lo, hi, color="#56B4E9", alpha=0.35, linewidth=0)
            ax.plot(x, rows["estimate"].to_numpy(dtype=float), color="#0072B2", linewidth=1.0, marker="o",
                    markersize=2.2)
            ax.set_title(shorten(frame_label(frame, labels), 27 if ncols == 4 else 36), fontsize=7.5)
            ax.set_ylim(0, top)
            ax.yaxis.set_major_locator(ticker.MaxNLocator(nbins=3))
            ax.yaxis.set_major_formatter(ticker.PercentFormatter(1.0, decimals=0))
        for i, ax in enumerate(axes):
            ax.grid(axis="x", visible=False)
            ax.grid(axis="y", visible=True)
            ax.tick_params(labelsize=6.5)
            if i >= n_panels:
                ax.set_visible(False)
            elif i % ncols and i > 1:  # panel 1 is the first frame panel: it keeps its scale
                ax.tick_params(labelleft=False)
        # the count panel has its own scale; frame panels share theirs
        count_ax.tick_params(labelleft=True)
        locator = mdates.AutoDateLocator(minticks=2, maxticks=4)
        axes[0].xaxis.set_major_locator(locator)
        axes[0].xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))
        for i, ax in enumerate(axes[:n_panels]):
            # the last filled panel in each column carries the date labels
            ax.tick_params(labelbottom=i + ncols >= n_panels)
        left = []
        dropped = len(periods) - len(kept)
        if dropped:
            left.append(f"{dropped} {unit}{'s' if dropped > 1 else ''} with fewer than {min_articles} articles "
                        "(light bars) not plotted.")
        if n_undated:
            left.append(f"{n_undated:,} undated article{'s' if n_undated > 1 else ''} left out.")
        if off_axis:
            n = len(off_axis)
            left.append(f"{n:,} article{'s' if n > 1 else ''} dated outside {FIRST_YEAR}-{LAST_YEAR} left out.")
        if extra_frames:
            left.append(f"{len(extra_frames)} rarer frames not shown.")
        _note(fig, " ".join([f"By {unit}. {what}.", *left]))
        if off_axis:  # about.json: which dates they were
            left[-2 if extra_frames else -1] = f"{off_note[:1].upper()}{off_note[1:]}: left out."
        data = table.assign(period=table["period"].astype(str), unit=unit, source=source)
        data = data.assign(plotted=data["period"].isin({str(p) for p in kept}))
        data = data.sort_values(["period", "frame"], kind="stable")[
            ["unit", "period", "frame", "estimate", "ci_low", "ci_high", "n_articles", "plotted", "source"]]
        return save_figure(fig, stem, data=data, notes=left)

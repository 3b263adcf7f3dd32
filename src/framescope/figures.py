"""Paper-ready figures from the result tables: frames, sentiment arcs and actors.

Every figure function takes tables in the contracts of :mod:`framescope.tables`
and an output stem, draws only what those tables hold (it never reruns a model),
and writes ``stem.pdf``, ``stem.svg`` and a 300-dpi ``stem.png`` through
:func:`save_figure`, byte-identical on every rebuild. When there is nothing to draw
it raises :class:`NothingToDraw` with the reason, so the caller can record why
instead of shipping an empty plot.

Frame ids come from the data, so any codebook works; ``labels`` maps ids to display
names and ``order`` fixes the frame order (otherwise frames are ordered by share).
The style lives in ``data/framescope.mplstyle`` and is applied only inside
:func:`figure_style`: importing this module changes no global matplotlib state.
"""

from __future__ import annotations

import contextlib
import os
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import matplotlib as mpl
import matplotlib.style
import numpy as np
import pandas as pd
from matplotlib import ticker
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from framescope.io import atomic_path

STYLE_PATH = Path(__file__).parent / "data" / "framescope.mplstyle"

SINGLE_COLUMN = 3.5  # inches: one column of a two-column journal page
DOUBLE_COLUMN = 7.0  # inches: full text width

PNG_DPI = 300
# Pinned so that a rebuild writes the same bytes (the defaults carry dates and versions).
PDF_METADATA = {"Creator": "framescope", "Producer": "framescope (matplotlib)", "CreationDate": None, "ModDate": None}
SVG_METADATA = {"Creator": "framescope (matplotlib)", "Date": None}
PNG_METADATA = {"Software": None}
SVG_HASHSALT = "framescope"

# Okabe-Ito without black, for categories (frames, actor types). Beyond these seven,
# colours stop being reliably distinguishable, so extra frames are drawn grey.
CATEGORY_COLORS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442"]
OTHER_COLOR = "#BBBBBB"
ACCENT_COLOR = "#D55E00"
TEXT_COLOR = "#222222"

MAX_ARTICLE_BARS = 40  # beyond this, frame_composition shows the corpus mean only
BOOTSTRAP_REPLICATES = 2000
BOOTSTRAP_SEED = 20250212
ACTOR_TYPE_ORDER = ["person", "organization", "place"]


class NothingToDraw(Exception):
    """The input holds nothing this figure can show; ``reason`` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@contextlib.contextmanager
def figure_style():
    """Apply the framescope style for the duration of the block, then restore rcParams.

    Settings are reset to matplotlib's defaults first, so a user's matplotlibrc
    cannot change what the workflow writes.
    """
    with matplotlib.style.context(STYLE_PATH, after_reset=True):
        yield


def new_figure(width: float, height: float) -> Figure:
    """A figure outside pyplot (no global figure registry, no GUI backend)."""
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)  # a renderer for measuring text; savefig still picks pdf/svg writers
    return fig


def figure_paths(stem: str | os.PathLike) -> list[Path]:
    """The files :func:`save_figure` writes for `stem`: pdf, svg, png."""
    stem = Path(stem)
    # Not with_suffix: stems may hold dots (article ids such as "ap.2025-02-12").
    return [stem.with_name(f"{stem.name}.{ext}") for ext in ("pdf", "svg", "png")]


def save_figure(fig: Figure, stem: str | os.PathLike) -> list[Path]:
    """Write `fig` as ``stem.pdf``, ``stem.svg`` and a 300-dpi ``stem.png``; close it.

    Each file is written to a temporary name and moved into place. Metadata that
    would differ between runs (dates, tool versions, random SVG ids) is pinned,
    so the bytes depend only on the figure.
    """
    paths = figure_paths(stem)
    savers = {
        "pdf": {"metadata": PDF_METADATA},
        "svg": {"metadata": SVG_METADATA},
        "png": {"metadata": PNG_METADATA, "dpi": PNG_DPI},
    }
    try:
        # Several settings (fonttype, hashsalt, dpi) are read at save time, not at draw time.
        with figure_style(), mpl.rc_context({"svg.hashsalt": SVG_HASHSALT}):
            for path in paths:
                fmt = path.suffix[1:]
                with atomic_path(path) as tmp:
                    fig.savefig(tmp, format=fmt, **savers[fmt])
    finally:
        _close(fig)
    return paths


def _close(fig: Figure) -> None:
    if getattr(fig.canvas, "manager", None) is not None:
        import matplotlib.pyplot as plt  # only a pyplot figure needs pyplot to let go of it

        plt.close(fig)
    else:
        fig.clear()


# ---------------------------------------------------------------------------
# helpers


def frame_label(frame: str, labels: Mapping[str, str] | None = None) -> str:
    """Display label of a frame id: from `labels`, else the id made readable."""
    if labels and frame in labels:
        return str(labels[frame])
    text = str(frame).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def shorten(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"


def wrap_label(text: str, width: int = 28, lines: int = 2) -> str:
    """Break a long label onto at most `lines` lines of about `width` characters."""
    parts = textwrap.wrap(" ".join(str(text).split()), width) or [""]
    if len(parts) > lines:
        parts = parts[: lines - 1] + [shorten(" ".join(parts[lines - 1 :]), width)]
    return "\n".join(parts)


def _row_height(names: Sequence[str]) -> float:
    """Inches per bar or dot row: more when some label runs over two lines."""
    return 0.27 if any("\n" in n for n in names) else 0.17


def _require(df: pd.DataFrame, columns: Iterable[str], table: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{table} table lacks columns {missing}; see framescope.tables")


def _ordered_frames(means: pd.Series, order: Sequence[str] | None) -> list[str]:
    """Frames present in `means`: those named in `order` first, the rest by mean share (desc), then id."""
    present = set(means.index)
    head = [f for f in dict.fromkeys(order or []) if f in present]
    rest = sorted((f for f in means.index if f not in head), key=lambda f: (-means[f], f))
    return head + rest


def frame_share_ci(
    article_frames: pd.DataFrame,
    level: float = 0.95,
    replicates: int = BOOTSTRAP_REPLICATES,
    seed: int = BOOTSTRAP_SEED,
) -> pd.DataFrame:
    """Corpus mean share per frame with a percentile bootstrap CI over articles.

    An article without a row for a frame counts as share 0 for it. Returns columns
    ``frame, mean, ci_low, ci_high, n_articles`` sorted by frame; the CI is NaN
    with fewer than two articles. The seed is fixed, so the interval is too.
    """
    _require(article_frames, ["article_id", "frame", "share"], "article_frames")
    shares = (
        article_frames.pivot_table(index="article_id", columns="frame", values="share", aggfunc="sum", fill_value=0.0)
        .sort_index()
        .sort_index(axis=1)
    )
    matrix = shares.to_numpy(dtype=float)
    n_articles, n_frames = matrix.shape
    out = pd.DataFrame({"frame": list(shares.columns), "mean": matrix.mean(axis=0) if n_articles else np.nan})
    out["ci_low"] = np.nan
    out["ci_high"] = np.nan
    if n_articles >= 2:
        rng = np.random.default_rng(seed)
        means = np.empty((replicates, n_frames))
        # Chunks keep memory flat for large corpora (replicates x articles x frames).
        chunk = max(1, min(replicates, 4_000_000 // max(1, n_articles * n_frames)))
        for start in range(0, replicates, chunk):
            stop = min(replicates, start + chunk)
            idx = rng.integers(0, n_articles, size=(stop - start, n_articles))
            means[start:stop] = matrix[idx].mean(axis=1)
        alpha = (1 - level) / 2
        out["ci_low"] = np.quantile(means, alpha, axis=0)
        out["ci_high"] = np.quantile(means, 1 - alpha, axis=0)
    out["n_articles"] = n_articles
    return out


def primary_frames(sentence_frames: pd.DataFrame) -> pd.DataFrame:
    """Each sentence's primary frame: the most probable among its predicted frames.

    Returns ``article_id, sent_id, frame`` for sentences with at least one predicted
    frame; ties go to the smaller frame id.
    """
    _require(sentence_frames, ["article_id", "sent_id", "frame", "probability", "predicted"], "sentence_frames")
    predicted = sentence_frames[sentence_frames["predicted"].fillna(False).astype(bool)]
    predicted = predicted.sort_values(
        ["article_id", "sent_id", "probability", "frame"], ascending=[True, True, False, True], kind="stable"
    )
    first = predicted.drop_duplicates(["article_id", "sent_id"], keep="first")
    return first[["article_id", "sent_id", "frame"]].reset_index(drop=True)


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
# frames


def frame_composition(
    article_frames: pd.DataFrame,
    articles: pd.DataFrame,
    stem: str | os.PathLike,
    labels: Mapping[str, str] | None = None,
    order: Sequence[str] | None = None,
) -> list[Path]:
    """Frame shares per article (stacked bars) and the corpus mean with a 95% bootstrap CI.

    One article: its shares as a sorted bar chart, the primary frame highlighted.
    Up to ``MAX_ARTICLE_BARS`` articles: one stacked bar per article beside the
    corpus means. More: the corpus means only. The seven leading frames (by `order`,
    else by mean share) get colours in the stacked bars; the rest are pooled in grey.
    Pass the same `order` (e.g. the codebook's) to :func:`sentiment_arc` and a frame
    keeps its colour across figures.
    """
    _require(article_frames, ["article_id", "frame", "share"], "article_frames")
    table = article_frames.dropna(subset=["share"])
    if table.empty:
        raise NothingToDraw("article_frames is empty: no article has frame shares")
    if not (table["share"] > 0).any():
        raise NothingToDraw("every frame share is 0: no sentence was assigned a frame")
    stats = frame_share_ci(table).set_index("frame")
    frames = _ordered_frames(stats["mean"], order)
    article_ids = sorted(table["article_id"].unique())

    with figure_style():
        if len(article_ids) == 1:
            fig = _single_article_frames(table, frames, labels)
        elif len(article_ids) <= MAX_ARTICLE_BARS:
            names = [wrap_label(frame_label(f, labels)) for f in frames]
            height = max(2.4, 0.17 * len(article_ids) + 1.2, _row_height(names) * len(frames) + 1.2)
            fig = new_figure(DOUBLE_COLUMN, height)
            left, right = fig.subplots(1, 2, width_ratios=[1.5, 1])
            _stacked_article_bars(left, table, articles, article_ids, frames, labels, order)
            _corpus_means(right, stats, frames, labels, order)
        else:
            names = [wrap_label(frame_label(f, labels)) for f in frames]
            fig = new_figure(SINGLE_COLUMN, max(2.0, _row_height(names) * len(frames) + 0.8))
            _corpus_means(fig.subplots(), stats, frames, labels, order)
        return save_figure(fig, stem)


def _frame_colors(frames: Sequence[str], order: Sequence[str] | None = None) -> dict[str, str]:
    """Colours by rank: in `order` when given (so figures drawn with one order agree), else in `frames`."""
    ranking = list(dict.fromkeys([*(order or []), *frames]))
    rank = {f: i for i, f in enumerate(ranking)}
    return {
        f: CATEGORY_COLORS[rank[f]] if rank.get(f, len(CATEGORY_COLORS)) < len(CATEGORY_COLORS) else OTHER_COLOR
        for f in frames
    }


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
    fig = new_figure(SINGLE_COLUMN, max(1.4, _row_height(names) * len(rows) + 0.75))
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
    colors = _frame_colors(frames, order)
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


def _corpus_means(ax, stats: pd.DataFrame, frames: list[str], labels, order) -> None:
    colors = _frame_colors(frames, order)
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
    ci = "95% CI, " if n_articles >= 2 else ""
    ax.set_xlabel(f"Corpus mean share\n({ci}{n_articles} article{'s' if n_articles != 1 else ''})")
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    ax.grid(axis="y", visible=False)


# ---------------------------------------------------------------------------
# sentiment


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
    _require(sentence_sentiment, ["article_id", "sent_id", "tone", "vader_compound"], "sentence_sentiment")
    tones = sentence_sentiment[sentence_sentiment["article_id"] == article_id]
    tones = tones.sort_values("sent_id", kind="stable").drop_duplicates("sent_id")
    if tones.empty:
        raise NothingToDraw(f"no sentence sentiment for article {article_id!r}")

    sents = sentences[sentences["article_id"] == article_id] if len(sentences) else sentences
    if len(sents):
        _require(sents, ["sent_id"], "sentences")
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
        return save_figure(fig, stem)


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
    colors = _frame_colors(rows, order)
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


# ---------------------------------------------------------------------------
# actors


def actors_overview(
    actor_sentiment: pd.DataFrame,
    mentions: pd.DataFrame,
    quotes: pd.DataFrame,
    stem: str | os.PathLike,
    top: int = 15,
) -> list[Path]:
    """The most mentioned actors: mentions, quotes (and words quoted), and tone about them.

    Three panels share the actor axis, ordered by mentions; colour says the actor
    type. Tone about an actor is ``actor_sentiment.tone_about`` averaged over
    articles, weighted by ``n_sentences``.
    """
    if top < 1:
        raise ValueError(f"top must be at least 1, got {top}")
    if len(mentions):
        _require(mentions, ["actor", "actor_type"], "mentions")
    named = mentions.dropna(subset=["actor"]) if len(mentions) else mentions
    if named.empty:
        raise NothingToDraw("no actor mentions in the input")

    counts = named.groupby("actor", sort=True).size()
    leaders = sorted(counts.index, key=lambda a: (-counts[a], a))[:top]
    types = _actor_types(named)

    n_quotes = pd.Series(0, index=leaders, dtype=int)
    n_words = pd.Series(0, index=leaders, dtype=int)
    if len(quotes):
        _require(quotes, ["speaker", "n_words"], "quotes")
        said = quotes[quotes["speaker"].isin(leaders)]
        n_quotes = said.groupby("speaker").size().reindex(leaders, fill_value=0)
        n_words = said.groupby("speaker")["n_words"].sum().reindex(leaders, fill_value=0)

    tone = pd.Series(np.nan, index=leaders, dtype=float)
    if len(actor_sentiment):
        _require(actor_sentiment, ["actor", "n_sentences", "tone_about"], "actor_sentiment")
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
        for yi, count, words in zip(y, q, n_words.to_numpy()):
            if count:
                note = f" {int(words):,} word{'' if int(words) == 1 else 's'}"
                ax_q.text(count, yi, note, va="center", ha="left", fontsize=6.5, color="#444444")
        ax_q.set_xlim(0, max(1, q.max()) * 1.6)
        ax_q.set_xlabel("Quotes (words quoted)")

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
        return save_figure(fig, stem)


def _actor_types(mentions: pd.DataFrame) -> dict[str, str]:
    """Each actor's most frequent type (ties: person, organization, place, then by name)."""
    known = mentions.assign(actor_type=mentions["actor_type"].fillna("unknown").astype(str))
    counts = known.groupby(["actor", "actor_type"], sort=True).size()
    rank = {k: i for i, k in enumerate(ACTOR_TYPE_ORDER)}
    types: dict[str, str] = {}
    for (actor, kind), n in counts.items():
        best = types.get(actor)
        key = (-n, rank.get(kind, len(rank)), kind)
        if best is None or key < (-counts[(actor, best)], rank.get(best, len(rank)), best):
            types[actor] = kind
    return types

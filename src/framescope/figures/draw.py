"""Paper-ready figures from the result tables: frames, sentiment arcs and actors.

Every figure function takes tables in the contracts of :mod:`framescope.base.tables`
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

from framescope.base.io import atomic_path

STYLE_PATH = Path(__file__).parent.parent / "data" / "framescope.mplstyle"

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


def save_figure(fig: Figure, stem: str | os.PathLike, data: pd.DataFrame | None = None) -> list[Path]:
    """Write `fig` as ``stem.pdf``, ``stem.svg`` and a 300-dpi ``stem.png``; close it.

    Each file is written to a temporary name and moved into place. Metadata that
    would differ between runs (dates, tool versions, random SVG ids) is pinned,
    so the bytes depend only on the figure. `data`, the numbers the figure shows,
    goes to ``stem.csv`` beside it (returned last), so a reader can check or
    redraw every value.
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
    if data is None:
        return paths
    csv = Path(stem).with_name(f"{Path(stem).name}.csv")
    with atomic_path(csv) as tmp:
        if len(data) < FAST_CSV_ROWS or not _write_csv(data, tmp):
            data.to_csv(tmp, index=False, float_format=CSV_FLOAT_FORMAT, lineterminator="\n")
    return paths + [csv]


CSV_FLOAT_FORMAT = "%.6g"
FAST_CSV_ROWS = 10_000  # below this pandas' writer is quick enough, and is used as it is
_CSV_SPECIAL = (",", '"', "\r", "\n")  # a field holding one of these would be quoted


def _csv_column(values: pd.Series) -> np.ndarray | None:
    """One column's fields as ``to_csv(float_format=CSV_FLOAT_FORMAT)`` writes them, or None
    for a kind of column (or a value needing quotes) that :func:`_write_csv` leaves to pandas.

    Each distinct value is formatted once: the columns of a figure's data repeat a few
    names and numbers over many rows.
    """
    dtype = values.dtype
    if dtype == np.float64:
        # by bit pattern, so 0.0 and -0.0 ("0", "-0") stay apart
        codes, uniques = pd.factorize(values.to_numpy().view(np.int64))
        # pandas: float_format % value, and an empty field for NaN (inf is written "inf")
        fields = [CSV_FLOAT_FORMAT % v if v == v else "" for v in uniques.view(np.float64).tolist()]
    elif isinstance(dtype, np.dtype) and dtype.kind in "iub":
        codes, uniques = pd.factorize(values.to_numpy())
        fields = [str(v) for v in uniques.tolist()]
    elif dtype == object or isinstance(dtype, pd.StringDtype):
        codes, uniques = pd.factorize(values)  # code -1: missing, an empty field
        fields = list(uniques)
        if not all(isinstance(f, str) and not any(c in f for c in _CSV_SPECIAL) for f in fields):
            return None  # a value that is not a string, or needs quoting
        fields.append("")
    else:
        return None
    return np.asarray(fields, dtype=object)[codes]


def _write_csv(data: pd.DataFrame, path, chunk: int = 100_000) -> bool:
    """Write what ``data.to_csv(path, index=False, float_format=CSV_FLOAT_FORMAT, lineterminator="\\n")``
    writes, byte for byte, built column by column; False (nothing written) when some column
    is not of the plain kinds this handles.

    pandas formats each float through a Python call per value and hands each row to the
    csv module: 5 s for the 1.5 million rows of frame_composition at 100,000 articles.
    Fields of these kinds never need quoting, so rows are joined with commas directly,
    `chunk` rows at a time.
    """
    names = [str(c) for c in data.columns]
    if len(names) < 2 or any(any(c in n for c in _CSV_SPECIAL) for n in names):
        return False  # a lone empty field would be quoted
    columns = []
    for i in range(len(names)):
        fields = _csv_column(data.iloc[:, i])
        if fields is None:
            return False
        columns.append(fields)
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(",".join(names) + "\n")
        for start in range(0, len(data), chunk):
            rows = zip(*(c[start:start + chunk].tolist() for c in columns))
            out.write("\n".join(map(",".join, rows)) + "\n")
    return True


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
        raise ValueError(f"{table} table lacks columns {missing}; see framescope.base.tables")


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


CORPUS_GROUP_TYPES = ("corpus", "all")  # frame_prevalence.group_type of the whole-corpus rows


def prevalence_rows(prevalence: pd.DataFrame | None, group_types: Sequence[str],
                    method: str | None = None) -> tuple[pd.DataFrame, str | None]:
    """Rows of a ``frame_prevalence`` table for one of `group_types` and one method.

    The table (``group_type, group, frame, method, estimate, ci_low, ci_high,
    n_articles, n_sentences``) may hold several estimation methods; `method` picks
    one, else the first in sorted order, so the choice never depends on row order.
    Returns ``(rows, method)``; empty rows and None when the table has none.
    """
    if prevalence is None or prevalence.empty:
        return pd.DataFrame(), None
    _require(prevalence, ["group_type", "group", "frame", "method", "estimate", "ci_low", "ci_high"],
             "frame_prevalence")
    rows = prevalence[prevalence["group_type"].isin(list(group_types))]
    methods = sorted(rows["method"].dropna().astype(str).unique())
    if not methods:
        return pd.DataFrame(), None
    if method is not None and method not in methods:
        raise ValueError(f"frame_prevalence has no method {method!r} for {list(group_types)}; it has {methods}")
    chosen = method or methods[0]
    return rows[rows["method"].astype(str) == chosen].reset_index(drop=True), chosen


def corpus_frame_estimates(
    article_frames: pd.DataFrame,
    prevalence: pd.DataFrame | None = None,
    method: str | None = None,
) -> pd.DataFrame:
    """Corpus share per frame with a 95% CI: from ``frame_prevalence`` when it has corpus rows.

    Returns ``frame, mean, ci_low, ci_high, n_articles, source``. Without corpus
    rows in `prevalence`, the mean over articles of ``article_frames.share`` with a
    percentile bootstrap over articles (:func:`frame_share_ci`).
    """
    rows, chosen = prevalence_rows(prevalence, CORPUS_GROUP_TYPES, method)
    if chosen is not None and len(rows):
        out = rows.groupby("frame", sort=True).agg(
            mean=("estimate", "first"), ci_low=("ci_low", "first"), ci_high=("ci_high", "first"))
        n = rows["n_articles"].max() if "n_articles" in rows.columns else article_frames["article_id"].nunique()
        out = out.reset_index().assign(n_articles=int(n), source=f"frame_prevalence ({chosen})")
        return out[["frame", "mean", "ci_low", "ci_high", "n_articles", "source"]]
    out = frame_share_ci(article_frames)
    return out.assign(source="bootstrap over articles")


def _sort_codes(values) -> np.ndarray:
    """Integer codes whose order is the values' sort order, missing values last (as pandas sorts).

    A categorical column is ordered by its categories, as ``sort_values`` orders it.
    """
    codes, uniques = pd.factorize(values, sort=True)  # -1 for a missing value
    codes = codes.astype(np.int64)
    codes[codes < 0] = len(uniques)
    return codes


def _primary_rows(sentence_frames: pd.DataFrame) -> np.ndarray:
    """Positions in `sentence_frames` of each sentence's primary-frame row, in (article_id, sent_id) order.

    The rule of :func:`primary_frames`, computed without sorting the rows: within each
    sentence, the largest probability among the predicted rows (NaN only when all are
    NaN, as a descending sort puts NaN last), and among rows with that probability
    the smallest frame id. A sort of 40 million strings would take seconds; this takes
    a few passes over integer codes.
    """
    _require(sentence_frames, ["article_id", "sent_id", "frame", "probability", "predicted"], "sentence_frames")
    keep = np.flatnonzero(sentence_frames["predicted"].fillna(False).astype(bool).to_numpy())
    if not len(keep):
        return keep
    rows = sentence_frames[["article_id", "sent_id", "frame", "probability"]]
    if len(keep) < len(rows):  # else no copy: a caller may pass the predicted rows only
        rows = rows.iloc[keep]
    article = _sort_codes(rows["article_id"])
    sent = _sort_codes(rows["sent_id"])
    frame = _sort_codes(rows["frame"])
    probability = rows["probability"].to_numpy(dtype=float, na_value=np.nan)
    # One integer per sentence, in (article_id, sent_id) order; corpus tables come sorted
    # by it already, so the stable sort is needed only for other input.
    sentence = article * (sent.max() + 1) + sent
    order = None if (np.diff(sentence) >= 0).all() else np.argsort(sentence, kind="stable")
    if order is not None:
        sentence, frame, probability, keep = sentence[order], frame[order], probability[order], keep[order]
    starts = np.flatnonzero(np.r_[True, sentence[1:] != sentence[:-1]])
    group = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(sentence)]))
    best = np.fmax.reduceat(probability, starts)[group]  # fmax skips NaN unless all are NaN
    candidate = (probability == best) | np.isnan(best)
    smallest = np.minimum.reduceat(np.where(candidate, frame, np.iinfo(np.int64).max), starts)[group]
    chosen = np.flatnonzero(candidate & (frame == smallest))
    # rows repeating a (sentence, frame) are alike in what is kept: take the first
    first = np.r_[True, group[chosen[1:]] != group[chosen[:-1]]]
    return keep[chosen[first]]


def primary_frames(sentence_frames: pd.DataFrame) -> pd.DataFrame:
    """Each sentence's primary frame: the most probable among its predicted frames.

    Returns ``article_id, sent_id, frame`` for sentences with at least one predicted
    frame, sorted by article and sentence; ties go to the smaller frame id.
    """
    rows = _primary_rows(sentence_frames)
    return sentence_frames[["article_id", "sent_id", "frame"]].iloc[rows].reset_index(drop=True)


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
    _require(article_frames, ["article_id", "frame", "share"], "article_frames")
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
            height = max(2.4, 0.17 * len(article_ids) + 1.2, _row_height(names) * len(frames) + 1.2)
            fig = new_figure(DOUBLE_COLUMN, height)
            left, right = fig.subplots(1, 2, width_ratios=[1.5, 1])
            _stacked_article_bars(left, table, articles, article_ids, frames, labels, order)
            _corpus_means(right, stats, frames, labels, order)
        else:
            names = [wrap_label(frame_label(f, labels)) for f in frames]
            fig = new_figure(SINGLE_COLUMN, max(2.0, _row_height(names) * len(frames) + 0.8))
            # no stacked bars to match: one colour, not seven that would mean nothing here
            _corpus_means(fig.subplots(), stats, frames, labels, order, single_color=True)
        return save_figure(fig, stem, data=data)


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


def _corpus_means(ax, stats: pd.DataFrame, frames: list[str], labels, order, single_color: bool = False) -> None:
    colors = dict.fromkeys(frames, CATEGORY_COLORS[0]) if single_color else _frame_colors(frames, order)
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
        data = pd.DataFrame({
            "actor": leaders, "actor_type": [types[a] for a in leaders], "mentions": counts[leaders].to_numpy(),
            "quotes": n_quotes.to_numpy(), "words_quoted": n_words.to_numpy(), "tone_about": t,
        })
        return save_figure(fig, stem, data=data)


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


# ---------------------------------------------------------------------------
# heatmaps: frames by outlet, frames by actor

HEATMAP_CMAP = "Blues"  # one hue, light to dark: readable in grey and with colour-vision deficiencies
METHOD_NAMES = {
    "cc": "classify and count",
    "acc": "adjusted classify and count",
    "pcc": "probabilistic classify and count",
    "pacc": "probabilistic adjusted classify and count",
}


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


def _colorbar(fig, image, ax, label: str) -> None:
    bar = fig.colorbar(image, ax=ax, shrink=0.5, aspect=18, pad=0.01, format=ticker.PercentFormatter(1.0, decimals=0))
    bar.set_label(label, fontsize=7)
    bar.ax.tick_params(labelsize=6.5, length=2)
    bar.outline.set_visible(False)


def _note(fig, text: str) -> None:
    """A small grey note under the figure (in the layout, so it never overlaps the axes)."""
    if text:
        fig.supxlabel(text, x=0.01, ha="left", fontsize=6.5, color="#555555")


def _framed_articles(article_frames: pd.DataFrame) -> set:
    """Ids of the articles with some frame share (not NaN)."""
    if not len(article_frames):
        return set()
    # distinct ids first: a set built from every row's id would take a Python step per row
    return set(article_frames.loc[article_frames["share"].notna(), "article_id"].unique())


def article_frame_matrix(article_frames: pd.DataFrame) -> pd.DataFrame:
    """Articles x frames of ``article_frames.share`` (0 where an article has no row for a frame)."""
    _require(article_frames, ["article_id", "frame", "share"], "article_frames")
    table = article_frames.dropna(subset=["share"])
    return (
        table.pivot_table(index="article_id", columns="frame", values="share", aggfunc="sum", fill_value=0.0)
        .sort_index()
        .sort_index(axis=1)
    )


def frame_shares_by_group(article_frames: pd.DataFrame, article_group: Mapping[str, str]) -> pd.DataFrame:
    """Mean article frame share per group of articles: ``group, frame, estimate, n_articles``.

    `article_group` maps article ids to a group name; articles it does not name are left out.
    """
    matrix = article_frame_matrix(article_frames)
    groups = pd.Series([article_group.get(a) for a in matrix.index], index=matrix.index, dtype=object)
    matrix = matrix[groups.notna().to_numpy()]
    groups = groups.dropna()
    if matrix.empty:
        return pd.DataFrame(columns=["group", "frame", "estimate", "n_articles"])
    means = matrix.groupby(groups.to_numpy()).mean()
    sizes = groups.value_counts()
    out = means.stack().rename("estimate").reset_index()
    out.columns = ["group", "frame", "estimate"]
    out["n_articles"] = out["group"].map(sizes).astype(int)
    return out.sort_values(["group", "frame"], kind="stable").reset_index(drop=True)


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
    _require(articles, ["article_id", "outlet"], "articles")
    outlet_of = {
        a: " ".join(o.split()) for a, o in zip(articles["article_id"], articles["outlet"])
        if isinstance(o, str) and o.strip()
    }
    framed = _framed_articles(article_frames)
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
        _colorbar(fig, image, ax, what)
        notes = ["Rows: outlet (articles)."]
        if outline.any():
            notes.append("Outlined: 95% CI excludes the corpus value.")
        if left_out:
            notes.append(f"{len(left_out)} smaller outlet{'s' if len(left_out) > 1 else ''} not shown.")
        if n_no_outlet:
            notes.append(f"{n_no_outlet:,} article{'s' if n_no_outlet > 1 else ''} without an outlet left out.")
        _note(fig, " ".join(notes))
        data = full[full["row"].isin(row_names) & full["frame"].isin(frames)].rename(columns={"row": "outlet"})
        data = data.assign(source=source)[["outlet", "frame", "estimate", "ci_low", "ci_high", "n_articles",
                                           "source"]]
        data = data.sort_values(["outlet", "frame"], kind="stable")
        return save_figure(fig, stem, data=data)


def _unique_counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct values of an integer array and how often each occurs.

    As ``np.unique(values, return_counts=True)``, by one sort: numpy 2's hash-based
    unique takes seconds on millions of distinct values.
    """
    values = np.sort(values)
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]]) if len(values) else np.array([], dtype=np.int64)
    return values[starts], np.diff(np.r_[starts, len(values)])


def _actor_frame_counts(mentions: pd.DataFrame, sentence_frames: pd.DataFrame, primary: np.ndarray,
                        frame_codes: tuple[np.ndarray, pd.Index]) -> pd.DataFrame:
    """:func:`actor_frame_table`, given the rows of `sentence_frames` holding the primary frames
    (:func:`_primary_rows`) and its frame column factorized in sorted order.

    Works on integer codes instead of merging and de-duplicating millions of string
    rows: each mention is matched to its sentence's primary frame by (article, sentence)
    code, and each (actor, sentence) pair is counted once.
    """
    _require(mentions, ["article_id", "sent_id", "actor"], "mentions")
    empty = pd.DataFrame(columns=["actor", "frame", "n_sentences", "actor_sentences", "share"])
    named = mentions[["article_id", "sent_id", "actor"]]
    usable = (named["actor"].notna() & named["sent_id"].notna()).to_numpy()
    if not usable.all():
        named = named[usable]
    if named.empty or not len(primary):
        return empty
    # Article codes shared by both tables: codes of the framed sentences' articles, and
    # each mention's article looked up among them (-1: not among them). Missing
    # article ids match each other, as in a pandas merge.
    p_article, articles = pd.factorize(sentence_frames["article_id"], use_na_sentinel=False)
    p_article = p_article[primary]
    m_article, m_articles = pd.factorize(named["article_id"], use_na_sentinel=False)
    m_article = articles.get_indexer(m_articles)[m_article]
    p_sent = sentence_frames["sent_id"].iloc[primary].astype(int).to_numpy(dtype=np.int64)
    m_sent = named["sent_id"].astype(int).to_numpy(dtype=np.int64)
    # One integer per (article, sentence) that has a primary frame; a mention's sentence
    # is looked up among them by binary search.
    sent_ids = np.sort(pd.unique(p_sent))  # a few hundred distinct values
    p_key = p_article.astype(np.int64) * len(sent_ids) + np.searchsorted(sent_ids, p_sent)
    by_key = np.argsort(p_key, kind="stable")
    p_key = p_key[by_key]
    m_slot = np.minimum(np.searchsorted(sent_ids, m_sent), len(sent_ids) - 1)
    m_key = m_article.astype(np.int64) * len(sent_ids) + m_slot
    at = np.minimum(np.searchsorted(p_key, m_key), len(p_key) - 1)
    found = (m_article >= 0) & (sent_ids[m_slot] == m_sent) & (p_key[at] == m_key)
    if not found.any():
        return empty
    sentence = by_key[at[found]]  # index into `primary`
    # each actor's sentences, each counted once however often the actor is named in it
    actor, actors = pd.factorize(named["actor"].iloc[found], sort=True)
    # by sentence first: mentions come in article order, so the sort has little to do
    pairs, _ = _unique_counts(sentence.astype(np.int64) * len(actors) + actor)
    pair_sentence, pair_actor = np.divmod(pairs, len(actors))
    frame, frames = frame_codes  # -1: no frame id, counted in the actor's total only
    pair_frame = frame[primary[pair_sentence]]
    totals = np.bincount(pair_actor, minlength=len(actors))
    framed = pair_frame >= 0
    n_frames = max(len(frames), 1)
    # (actor, frame) cells in sorted order, by counting when there are not too many cells
    cell = pair_actor[framed] * n_frames + pair_frame[framed]
    if len(actors) * n_frames <= 4 * len(cell) + 1_000_000:
        n_sentences = np.bincount(cell, minlength=len(actors) * n_frames)
        cells = np.flatnonzero(n_sentences)
        n_sentences = n_sentences[cells]
    else:
        cells, n_sentences = _unique_counts(cell)
    cell_actor, cell_frame = np.divmod(cells, n_frames)
    counts = pd.DataFrame({"actor": actors.take(cell_actor), "frame": frames.take(cell_frame),
                           "n_sentences": n_sentences.astype(np.int64)})
    counts["actor_sentences"] = totals[cell_actor].astype(int)
    counts["share"] = counts["n_sentences"] / counts["actor_sentences"]
    return counts


def actor_frame_table(mentions: pd.DataFrame, sentence_frames: pd.DataFrame) -> pd.DataFrame:
    """Which frames the sentences naming each actor carry.

    A sentence counts once per actor named in it, under its primary frame
    (:func:`primary_frames`); sentences without a predicted frame are left out.
    Returns ``actor, frame, n_sentences, actor_sentences, share`` (share of the
    actor's framed sentences), sorted by actor and frame.
    """
    _require(mentions, ["article_id", "sent_id", "actor"], "mentions")
    primary = _primary_rows(sentence_frames)
    return _actor_frame_counts(mentions, sentence_frames, primary, pd.factorize(sentence_frames["frame"], sort=True))


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
    primary = _primary_rows(sentence_frames)
    frame_codes = pd.factorize(sentence_frames["frame"], sort=True)
    table = _actor_frame_counts(mentions, sentence_frames, primary, frame_codes)
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
        _colorbar(fig, image, ax, "Share of the sentences\nnaming the actor")
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

# (name, pandas period frequency), finest first
TIME_UNITS = (("day", "D"), ("week", "W"), ("month", "M"), ("quarter", "Q"), ("year", "Y"))
PREVALENCE_TIME_UNITS = ("month", "year")  # frame_prevalence.group_type of its time groups
MAX_PERIODS = 30
MIN_PERIOD_ARTICLES = 3
MAX_FRAME_PANELS = 15


def choose_time_unit(dates: pd.Series, max_periods: int = MAX_PERIODS) -> str:
    """The finest of day/week/month/quarter/year whose periods from first to last date number at most `max_periods`."""
    dates = pd.to_datetime(pd.Series(dates), errors="coerce").dropna()
    if dates.empty:
        raise ValueError("no dates to choose a time unit for")
    for name, freq in TIME_UNITS:
        first, last = dates.min().to_period(freq), dates.max().to_period(freq)
        if (last - first).n + 1 <= max_periods:
            return name
    return "year"


def _freq(unit: str) -> str:
    freqs = dict(TIME_UNITS)
    if unit not in freqs:
        raise ValueError(f"unknown time unit {unit!r}; use one of {list(freqs)}")
    return freqs[unit]


def _published(articles: pd.DataFrame) -> dict[str, pd.Timestamp]:
    _require(articles, ["article_id", "published"], "articles")
    dates = pd.to_datetime(articles["published"], errors="coerce", format="ISO8601")
    dated = dates.notna().to_numpy()
    return dict(zip(articles["article_id"][dated], dates[dated]))


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
    counted but not plotted. Not drawn when fewer than two periods remain.
    """
    framed = _framed_articles(article_frames)
    if not framed:
        raise NothingToDraw("article_frames is empty: no article has frame shares")
    dates = {a: d for a, d in _published(articles).items() if a in framed}
    n_undated = len(framed) - len(dates)
    if not dates:
        raise NothingToDraw(f"none of the {len(framed)} articles has a publication date")
    days = sorted({d.normalize() for d in dates.values()})
    if len(days) < 2:
        n = len(dates)
        raise NothingToDraw(f"one publication date only ({days[0].date().isoformat()}, {n} dated article"
                            f"{'s' if n != 1 else ''}): no change over time to show")

    rows_p, chosen = prevalence_rows(prevalence, PREVALENCE_TIME_UNITS, method)
    if chosen is not None and len(rows_p):
        unit = str(sorted(set(rows_p["group_type"]))[0])
        freq = _freq(unit)
        rows_p = rows_p[rows_p["group"].astype(str).str.match(r"^\d{4}(-\d{2})?$")]
        table = rows_p.assign(period=[pd.Period(g, freq) for g in rows_p["group"].astype(str)])
        table = table[["period", "frame", "estimate", "ci_low", "ci_high", "n_articles"]]
        what = f"Share of sentences with the frame ({METHOD_NAMES.get(chosen, chosen)}), 95% CI"
        source = f"frame_prevalence ({chosen})"
    else:
        unit = unit or choose_time_unit(pd.Series(list(dates.values())))
        freq = _freq(unit)
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
            f"({len(sizes)} {unit}{'s' if len(sizes) != 1 else ''} in all): too few points for a trend")
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
        notes = [f"By {unit}. {what}."]
        dropped = len(periods) - len(kept)
        if dropped:
            notes.append(f"{dropped} {unit}{'s' if dropped > 1 else ''} with fewer than {min_articles} articles "
                         "(light bars) not plotted.")
        if n_undated:
            notes.append(f"{n_undated:,} undated article{'s' if n_undated > 1 else ''} left out.")
        if extra_frames:
            notes.append(f"{len(extra_frames)} rarer frames not shown.")
        _note(fig, " ".join(notes))
        data = table.assign(period=table["period"].astype(str), unit=unit, source=source)
        data = data.assign(plotted=data["period"].isin({str(p) for p in kept}))
        data = data.sort_values(["period", "frame"], kind="stable")[
            ["unit", "period", "frame", "estimate", "ci_low", "ci_high", "n_articles", "plotted", "source"]]
        return save_figure(fig, stem, data=data)


# ---------------------------------------------------------------------------
# share of voice

UNATTRIBUTED = "(unattributed)"


def _pct(share: float) -> str:
    """A share as a percentage; "<1%" rather than a misleading "0%" for small non-zero shares."""
    return "<1%" if 0 < share < 0.005 else f"{share:.0%}"


def voice_shares(voices: pd.DataFrame) -> pd.DataFrame:
    """Corpus share of voice per speaker from the ``voices`` table.

    Returns ``speaker, speaker_type, group, n_quotes, n_words, n_articles, share``:
    a speaker's quoted words over all quoted words of the corpus (unattributed
    quotes included, as the speaker ``(unattributed)``), largest first.
    """
    _require(voices, ["article_id", "speaker", "n_quotes", "n_words"], "voices")
    v = voices.copy()
    v["speaker"] = v["speaker"].astype(object).where(v["speaker"].notna(), UNATTRIBUTED)
    for column in ("speaker_type", "group"):
        v[column] = v[column].astype(object) if column in v.columns else None
    out = v.groupby("speaker", sort=True).agg(
        n_quotes=("n_quotes", "sum"), n_words=("n_words", "sum"), n_articles=("article_id", "nunique"))
    first = lambda col: v.dropna(subset=[col]).groupby("speaker")[col].agg(lambda x: sorted(map(str, x))[0])
    out["speaker_type"] = first("speaker_type").reindex(out.index)
    out["group"] = first("group").reindex(out.index)
    total = out["n_words"].sum()
    out["share"] = out["n_words"] / total if total else np.nan
    out = out.reset_index()
    out = out.sort_values(["n_words", "speaker"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return out[["speaker", "speaker_type", "group", "n_quotes", "n_words", "n_articles", "share"]]


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
    named = shares[shares["speaker"] != UNATTRIBUTED]
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


# ---------------------------------------------------------------------------
# classifier evaluation (from a model's metrics.json, never recomputed)


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
        fig = new_figure(SINGLE_COLUMN, max(1.8, _row_height(names) * len(rows) + 1.1))
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
        _colorbar(fig, image, ax, "Share of the true label")
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

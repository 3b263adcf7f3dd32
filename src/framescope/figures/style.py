"""The look every figure shares: the style file, column widths, colours, labels and a blank figure.

Every figure function takes tables in the contracts of :mod:`framescope.base.tables`
and an output stem, draws only what those tables hold (it never reruns a model),
and writes ``stem.pdf``, ``stem.svg`` and a 300-dpi ``stem.png`` through
:func:`framescope.figures.files.save_figure`, byte-identical on every rebuild. When
there is nothing to draw it raises :class:`NothingToDraw` with the reason, so the
caller can record why instead of shipping an empty plot.

Frame ids come from the data, so any codebook works; ``labels`` maps ids to display
names and ``order`` fixes the frame order (otherwise frames are ordered by share).
The style lives in ``data/framescope.mplstyle`` and is applied only inside
:func:`figure_style`: importing the figure modules changes no global matplotlib state.
"""

from __future__ import annotations

import contextlib
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib.style
from matplotlib import ticker
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

STYLE_PATH = Path(__file__).parent.parent / "data" / "framescope.mplstyle"
#: The package data this module reads (part of the figure steps' code digest).
PACKAGE_DATA = ("framescope.mplstyle",)

SINGLE_COLUMN = 3.5  # inches: one column of a two-column journal page
DOUBLE_COLUMN = 7.0  # inches: full text width

# Okabe-Ito without black, for categories (frames, actor types). Beyond these seven,
# colours stop being reliably distinguishable, so extra frames are drawn grey.
CATEGORY_COLORS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442"]
OTHER_COLOR = "#BBBBBB"
ACCENT_COLOR = "#D55E00"
TEXT_COLOR = "#222222"
HEATMAP_CMAP = "Blues"  # one hue, light to dark: readable in grey and with colour-vision deficiencies


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


# ---------------------------------------------------------------------------
# labels


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


def row_height(names: Sequence[str]) -> float:
    """Inches per bar or dot row: more when some label runs over two lines."""
    return 0.27 if any("\n" in n for n in names) else 0.17


def frame_colors(frames: Sequence[str], order: Sequence[str] | None = None) -> dict[str, str]:
    """Colours by rank: in `order` when given (so figures drawn with one order agree), else in `frames`."""
    ranking = list(dict.fromkeys([*(order or []), *frames]))
    rank = {f: i for i, f in enumerate(ranking)}
    return {
        f: CATEGORY_COLORS[rank[f]] if rank.get(f, len(CATEGORY_COLORS)) < len(CATEGORY_COLORS) else OTHER_COLOR
        for f in frames
    }


def colorbar(fig, image, ax, label: str) -> None:
    bar = fig.colorbar(image, ax=ax, shrink=0.5, aspect=18, pad=0.01, format=ticker.PercentFormatter(1.0, decimals=0))
    bar.set_label(label, fontsize=7)
    bar.ax.tick_params(labelsize=6.5, length=2)
    bar.outline.set_visible(False)

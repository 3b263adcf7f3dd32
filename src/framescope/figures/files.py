"""A figure's files: PDF, SVG and 300-dpi PNG with pinned metadata, and a CSV of the numbers it shows."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from framescope.base.io import atomic_path
from framescope.figures.style import figure_style

PNG_DPI = 300
# Pinned so that a rebuild writes the same bytes (the defaults carry dates and versions).
PDF_METADATA = {"Creator": "framescope", "Producer": "framescope (matplotlib)", "CreationDate": None, "ModDate": None}
SVG_METADATA = {"Creator": "framescope (matplotlib)", "Date": None}
PNG_METADATA = {"Software": None}
SVG_HASHSALT = "framescope"


def figure_paths(stem: str | os.PathLike) -> list[Path]:
    """The files :func:`save_figure` writes for `stem`: pdf, svg, png."""
    stem = Path(stem)
    # Not with_suffix: stems may hold dots (article ids such as "ap.2025-02-12").
    return [stem.with_name(f"{stem.name}.{ext}") for ext in ("pdf", "svg", "png")]


class Drawn(list):
    """The files a figure wrote (a list of paths), and `notes`: what the figure left out, and why."""

    def __init__(self, paths=(), notes=()):
        super().__init__(paths)
        self.notes = list(notes)


def save_figure(fig: Figure, stem: str | os.PathLike, data: pd.DataFrame | None = None,
                notes=()) -> Drawn:
    """Write `fig` as ``stem.pdf``, ``stem.svg`` and a 300-dpi ``stem.png``; close it.

    Each file is written to a temporary name and moved into place. Metadata that
    would differ between runs (dates, tool versions, random SVG ids) is pinned,
    so the bytes depend only on the figure. `data`, the numbers the figure shows,
    goes to ``stem.csv`` beside it (returned last), so a reader can check or
    redraw every value. `notes` (what the figure left out) come back with the paths,
    for the figure's about.json.
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
        return Drawn(paths, notes)
    csv = Path(stem).with_name(f"{Path(stem).name}.csv")
    with atomic_path(csv) as tmp:
        if len(data) < FAST_CSV_ROWS or not _write_csv(data, tmp):
            data.to_csv(tmp, index=False, float_format=CSV_FLOAT_FORMAT, lineterminator="\n")
    return Drawn(paths + [csv], notes)


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

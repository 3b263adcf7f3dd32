"""The frames classifier's inputs: the bundled starter set, texts, and frame labels as lists or matrices."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources

import numpy as np
import pandas as pd

STARTER_FILE = "frames_starter.csv"


def load_starter() -> pd.DataFrame:
    """Load the bundled starter set: columns text, frames (list of frame ids), article, issue.

    See ``framescope/data/frames_starter.md`` for what it is and, above all, what it
    is not (not the Media Frames Corpus, not a benchmark).
    """
    with resources.files("framescope").joinpath("data", STARTER_FILE).open("r", encoding="utf-8") as fh:
        df = pd.read_csv(fh, dtype=str, keep_default_na=False)
    df["frames"] = pd.Series([value.split(";") for value in df["frames"]], index=df.index, dtype=object)
    return df[["text", "frames", "article", "issue"]]


def as_frame_lists(values) -> list[list[str]]:
    """Frames per row as lists, accepting lists/tuples or ';'-separated strings."""
    out = []
    for value in values:
        if isinstance(value, str):
            out.append([v.strip() for v in value.split(";") if v.strip()])
        else:
            out.append([str(v) for v in value])
    return out


def as_texts(X) -> list[str]:
    """The texts of `X` (a sequence of texts, or a DataFrame's ``text`` column) as str; None is ""."""
    if isinstance(X, pd.DataFrame):
        X = X["text"]
    if isinstance(X, str):
        raise TypeError("expected a list of texts, got a single string")
    return ["" if t is None else str(t) for t in X]


def label_matrix(frame_lists: Sequence[Sequence[str]], frames: Sequence[str]) -> np.ndarray:
    """Indicator matrix (n_texts x n_frames) in the given frame order."""
    index = {f: j for j, f in enumerate(frames)}
    Y = np.zeros((len(frame_lists), len(frames)), dtype=np.int8)
    for i, row in enumerate(frame_lists):
        for f in row:
            if f not in index:
                raise ValueError(f"row {i}: frame {f!r} is not in the codebook; known frames are {list(frames)}")
            Y[i, index[f]] = 1
    return Y

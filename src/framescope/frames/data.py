"""The frames classifier's inputs: the bundled starter set or labelled data in any format, texts, and frame labels."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

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


def load_training(train: str, train_format: str, train_labels, codebook) -> tuple[pd.DataFrame, dict]:
    """The workflow model's training data, with its frames mapped onto `codebook`.

    `train` is "starter" (the bundled set) or labelled data in `train_format`, any
    format of :mod:`framescope.frames.formats` ("csv" is a text,frames CSV with an
    optional article column); `train_labels` is the separate labels file of
    semeval2023 / mfc data (semeval2023 finds it beside the folder when None).
    Malformed rows are skipped and reported.

    Returns the table (``text``, ``frames``: list of frame ids, ``article``) and what
    it is: ``format``, ``path`` (within the project, else its last two parts), ``labels``,
    ``source`` (file names and digests), ``unit``, ``n_texts``, ``n_articles``,
    ``excluded`` (rows left out by design) and ``skipped_rows``.
    """
    if train == "starter":
        df = load_starter()[["text", "frames", "article"]]
        return df, {
            "format": "starter", "path": "starter", "labels": None, "source": "bundled frames starter set",
            "unit": "sentence", "n_texts": int(len(df)), "n_articles": int(df["article"].nunique()),
            "excluded": 0, "skipped_rows": {"n": 0, "rows": []},
        }
    from framescope.frames import formats

    data = formats.map_to_codebook(formats.load(train_format, train, train_labels or None), codebook)
    if not train_labels and train_format == "semeval2023":
        from framescope.frames.formats.semeval2023 import semeval_labels_file

        train_labels = semeval_labels_file(Path(train))
    df = pd.DataFrame({
        "text": data.data["text"].tolist(),
        "frames": pd.Series(data.data["labels"].tolist(), dtype=object),
        "article": data.data["article_id"].tolist(),
    })
    return df, {
        "format": train_format, "path": shown_path(train), "labels": shown_path(train_labels) if train_labels else None,
        "source": data.source, "unit": data.unit, "n_texts": int(len(df)), "n_articles": int(df["article"].nunique()),
        "excluded": len(data.excluded), "skipped_rows": formats.skipped_summary(data),
    }


def shown_path(path) -> str:
    """A path as results may record it: relative to the project when inside it, else its last two parts.

    Never absolute, so that results do not change when the project or the data move.
    """
    p = Path(path)
    try:
        return p.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return "/".join(p.resolve().parts[-2:])


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

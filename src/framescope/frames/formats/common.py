"""What the loaders of labelled framing data share: the shape they return, its error, the helpers that build it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from framescope.base.provenance import file_digest

# Columns the table formats read, the first of each tuple that a file has.
TEXT_COLUMNS = ("text",)
LABEL_COLUMNS = ("labels", "label", "frames", "frame")
ARTICLE_COLUMNS = ("article_id", "article")


class LabelledDataError(ValueError):
    """Labelled data that cannot be read; the message names the file, line or key and what to do."""


@dataclass
class LabelledData:
    """Coded texts in one shape, whatever format they came in.

    Attributes
    ----------
    format : str
        The loader used (one of :data:`framescope.frames.formats.FORMATS`).
    data : DataFrame
        ``text``, ``labels`` (list of frame ids), ``article_id``, ``outlet``, ``group``
        (empty strings where unknown), one row per coded text, in input order.
    frames : list of str
        The label space, in a fixed order (the format's own, else first appearance).
    names : dict
        Frame id -> human-readable name.
    multi_label : bool
        False when every text carries exactly one frame.
    unit : str
        What a row is: "sentence", "article", "headline" or "text".
    excluded : list of dict
        Input rows left out, each ``{"id": ..., "reason": ...}``.
    source : str
        File names and the first 16 hex digits of their sha256.
    """

    format: str
    data: pd.DataFrame
    frames: list[str]
    names: dict[str, str]
    multi_label: bool
    unit: str
    excluded: list[dict] = field(default_factory=list)
    source: str = ""

    def __len__(self) -> int:
        return len(self.data)

    def label_counts(self) -> dict[str, int]:
        counts = {f: 0 for f in self.frames}
        for row in self.data["labels"]:
            for f in row:
                counts[f] += 1
        return counts


def source_description(*paths) -> str:
    """Names of the files (with the first 16 hex digits of their sha256) and folders (with their number of files)."""
    parts = []
    for p in paths:
        p = Path(p)
        if p.is_file():
            parts.append(f"{p.name} (sha256 {file_digest(p)[:16]})")
        elif p.is_dir():
            parts.append(f"{p.name}/ ({sum(1 for _ in p.iterdir())} files)")
    return ", ".join(parts)


def frame_data(rows: list[dict]) -> pd.DataFrame:
    """A loader's rows (text, labels, article_id, outlet, group) as the table of :class:`LabelledData`."""
    df = pd.DataFrame(rows, columns=["text", "labels", "article_id", "outlet", "group"])
    for c in ("text", "article_id", "outlet", "group"):
        df[c] = df[c].astype(object).fillna("").map(str)
    df["labels"] = pd.Series([list(v) for v in df["labels"]], index=df.index, dtype=object)
    return df


def read_jsonl(path: Path) -> list[dict]:
    """The JSON objects of a JSON-lines file, blank lines skipped; an error names the line."""
    records = []
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as err:
                raise LabelledDataError(f"{path}:{i}: not valid JSON ({err.msg}); fix or remove the line") from err
            if not isinstance(rec, dict):
                raise LabelledDataError(f"{path}:{i}: expected a JSON object per line, got {type(rec).__name__}")
            records.append(rec)
    return records


def read_any_table(path: Path) -> pd.DataFrame:
    """A CSV, TSV or Excel file, every cell a string (empty cells "")."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xls"):
        return pd.read_excel(path, dtype=str).fillna("")
    sep = "\t" if suffix == ".tsv" else ","
    return pd.read_csv(path, dtype=str, keep_default_na=False, sep=sep)


def policy_frames():
    """The Policy Frames Codebook, whose frame codes (1-15) MFC and FrAC data use."""
    from framescope.frames.codebook import load_codebook

    return load_codebook("policy_frames")


def label_key(text: str) -> str:
    """A label as frame names are matched: lower case, anything but letters and digits one space."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(text).lower()).split())

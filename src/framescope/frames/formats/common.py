"""What the loaders of labelled framing data share: the shape they return, its error, the helpers that build it."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from framescope.base.provenance import file_digest
from framescope.base.records import json_records, skip_row, text_lines

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
        Input rows left out by design (no text, coded "none" or irrelevant), each
        ``{"id": ..., "reason": ...}``.
    source : str
        File names and the first 16 hex digits of their sha256.
    skipped : list of dict
        Malformed input rows that were skipped (wrong number of fields, a value that is
        not a label, a line that is not JSON), each ``{"file", "line", "reason"}`` with
        the file's name and the row's line number (None where the format has no lines).
    """

    format: str
    data: pd.DataFrame
    frames: list[str]
    names: dict[str, str]
    multi_label: bool
    unit: str
    excluded: list[dict] = field(default_factory=list)
    source: str = ""
    skipped: list[dict] = field(default_factory=list)

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


def read_jsonl(path: Path, skipped: list[dict]) -> list[tuple[int, dict]]:
    """The JSON objects of a JSON-lines file with their line numbers (see base.records.json_records)."""
    return list(json_records(path, skipped, LabelledDataError))


def read_table_rows(path: Path, skipped: list[dict], sep: str | None = None) -> tuple[list[str], list[tuple[int, dict]]]:
    """The header and the rows of a CSV, TSV or Excel file, each row ``(line, {column: text})``.

    `sep` defaults to a tab for ``.tsv`` and a comma otherwise. Cells are strings (empty
    cells ""), column names stripped. A row with another number of fields than the
    header is added to `skipped` with its line number (a quoted field may span lines:
    the row's first line is given); blank lines are passed over. Only a file that cannot
    be read as text fails.
    """
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xls"):
        df = pd.read_excel(path, dtype=str).fillna("")
        header = [str(c).strip() for c in df.columns]
        return header, [(i + 2, dict(zip(header, values))) for i, values in enumerate(df.itertuples(index=False))]
    if sep is None:
        sep = "\t" if suffix == ".tsv" else ","
    # Whole articles can exceed the csv module's default cell limit of 128 KB.
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))
    rows: list[tuple[int, dict]] = []
    reader = csv.reader(text_lines(path, LabelledDataError, newline=""), delimiter=sep)
    header: list[str] | None = None
    last = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            skip_row(skipped, path, last + 1, f"not readable as {'TSV' if sep == chr(9) else 'CSV'} ({err})")
            last = reader.line_num
            continue
        line, last = last + 1, reader.line_num
        if not values or (len(values) == 1 and not values[0].strip()):
            continue
        if header is None:
            header = [v.strip() for v in values]
            continue
        if len(values) != len(header):
            skip_row(skipped, path, line, f"{len(values)} fields, the header has {len(header)}")
            continue
        rows.append((line, dict(zip(header, values))))
    return header or [], rows


def policy_frames():
    """The Policy Frames Codebook, whose frame codes (1-15) MFC and FrAC data use."""
    from framescope.frames.codebook import load_codebook

    return load_codebook("policy_frames")


def label_key(text: str) -> str:
    """A label as frame names are matched: lower case, anything but letters and digits one space."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(text).lower()).split())

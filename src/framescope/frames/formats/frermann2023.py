"""The ``frermann2023`` format: Frermann et al. (2023) articles with five True/False generic-frame columns."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from framescope.frames.formats.common import LabelledData, LabelledDataError, frame_data, source_description

# Frermann, Li, Khanehzar & Haffari (2023): five generic frames, column -> (id, name).
FRERMANN2023_FRAMES = {
    "RE": ("resolution", "Resolution"),
    "HI": ("human_interest", "Human interest"),
    "CO": ("conflict", "Conflict"),
    "MO": ("morality", "Morality"),
    "EC": ("economic", "Economic"),
}

_TRUE = {"true", "1", "1.0", "yes", "t"}
_FALSE = {"false", "0", "0.0", "no", "f", ""}


def load_frermann2023(path) -> LabelledData:
    """Frermann et al. (2023) articles with five True/False generic-frame columns (multi-label)."""
    path = Path(path)
    sep = "," if path.suffix.lower() == ".csv" else "\t"
    df = pd.read_csv(path, dtype=str, keep_default_na=False, sep=sep, quoting=csv.QUOTE_MINIMAL)
    df.columns = [str(c).strip() for c in df.columns]
    missing = [c for c in ("text", *FRERMANN2023_FRAMES) if c not in df.columns]
    if missing:
        raise LabelledDataError(
            f"{path}: missing column(s) {missing}; expected ID source mbfc date text RE HI CO MO EC "
            f"(columns: {list(df.columns)})"
        )
    rows, excluded = [], []
    for i, rec in enumerate(df.to_dict("records")):
        line = f"{path.name}:{i + 2}"
        text = str(rec["text"]).strip()
        if not text:
            excluded.append({"id": line, "reason": "empty text"})
            continue
        labs = []
        for col, (frame_id, _) in FRERMANN2023_FRAMES.items():
            value = str(rec[col]).strip().lower()
            if value in _TRUE:
                labs.append(frame_id)
            elif value not in _FALSE:
                raise LabelledDataError(f"{line}: column {col} is {rec[col]!r}; expected True or False")
        rows.append(
            {
                "text": text,
                "labels": labs,
                "article_id": str(rec.get("ID") or f"row{i + 2}"),
                "outlet": str(rec.get("source") or ""),
                "group": str(rec.get("mbfc") or ""),
            }
        )
    return LabelledData(
        format="frermann2023",
        data=frame_data(rows),
        frames=[v[0] for v in FRERMANN2023_FRAMES.values()],
        names={v[0]: v[1] for v in FRERMANN2023_FRAMES.values()},
        multi_label=True,
        unit="article",
        excluded=excluded,
        source=source_description(path),
    )

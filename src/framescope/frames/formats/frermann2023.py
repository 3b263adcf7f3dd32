"""The ``frermann2023`` format: Frermann et al. (2023) articles with five True/False generic-frame columns."""

from __future__ import annotations

from pathlib import Path

from framescope.base.records import skip_row
from framescope.frames.formats.common import (
    LabelledData,
    LabelledDataError,
    frame_data,
    read_table_rows,
    source_description,
)

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
    """Frermann et al. (2023) articles with five True/False generic-frame columns (multi-label).

    A row with something other than True/False in a frame column (the published TSV has
    one), or with the wrong number of fields, is skipped and listed in ``skipped``.
    """
    path = Path(path)
    sep = "," if path.suffix.lower() == ".csv" else "\t"
    skipped: list[dict] = []
    columns, records = read_table_rows(path, skipped, sep=sep)
    missing = [c for c in ("text", *FRERMANN2023_FRAMES) if c not in columns]
    if missing:
        raise LabelledDataError(
            f"{path}: missing column(s) {missing}; expected ID source mbfc date text RE HI CO MO EC "
            f"(columns: {columns})"
        )
    rows, excluded = [], []
    for i, rec in records:
        line = f"{path.name}:{i}"
        text = str(rec["text"]).strip()
        if not text:
            excluded.append({"id": line, "reason": "empty text"})
            continue
        labs, stray = [], None
        for col, (frame_id, _) in FRERMANN2023_FRAMES.items():
            value = str(rec[col]).strip().lower()
            if value in _TRUE:
                labs.append(frame_id)
            elif value not in _FALSE:
                stray = f"column {col} is {rec[col][:40]!r}; expected True or False"
                break
        if stray:
            skip_row(skipped, path, i, stray)
            continue
        rows.append(
            {
                "text": text,
                "labels": labs,
                "article_id": str(rec.get("ID") or f"row{i}"),
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
        skipped=skipped,
    )

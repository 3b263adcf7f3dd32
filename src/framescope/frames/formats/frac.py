"""The ``frac`` format: ``sentence,label`` rows with Media Frames Corpus codes (1-15)."""

from __future__ import annotations

from pathlib import Path

from framescope.base.records import skip_row
from framescope.frames.formats.common import (
    ARTICLE_COLUMNS,
    LabelledData,
    LabelledDataError,
    frame_data,
    label_key,
    policy_frames,
    read_table_rows,
    source_description,
)
from framescope.frames.formats.mfc import mfc_code


def load_frac(path) -> LabelledData:
    """FrAC-style ``sentence,label`` rows with Media Frames Corpus codes (1-15), single-label.

    A row whose label is not a code or frame name, or with the wrong number of fields, is
    skipped and listed in ``skipped``.
    """
    path = Path(path)
    skipped: list[dict] = []
    columns, records = read_table_rows(path, skipped)
    text_col = "sentence" if "sentence" in columns else "text" if "text" in columns else None
    if text_col is None or "label" not in columns:
        raise LabelledDataError(f"{path}: expected columns sentence,label (columns: {columns})")
    book = policy_frames()
    by_code = {f.code: f.id for f in book.frames}
    by_name = {label_key(f.id): f.id for f in book.frames} | {label_key(f.label): f.id for f in book.frames}
    article_col = next((c for c in ARTICLE_COLUMNS if c in columns), None)
    rows, excluded = [], []
    for i, rec in records:
        line = f"{path.name}:{i}"
        text = str(rec[text_col]).strip()
        if not text:
            excluded.append({"id": line, "reason": f"empty {text_col}"})
            continue
        raw = str(rec["label"]).strip()
        parsed = mfc_code(raw)
        frame = by_code.get(parsed[0]) if parsed else by_name.get(label_key(raw))
        if frame is None:
            skip_row(skipped, path, i, f"label {raw!r} is not a Media Frames Corpus code (1-15) or frame name")
            continue
        rows.append(
            {
                "text": text,
                "labels": [frame],
                "article_id": str(rec[article_col]) if article_col and str(rec[article_col]).strip() else f"row{i}",
                "outlet": str(rec.get("outlet") or rec.get("source") or ""),
                "group": str(rec.get("group") or rec.get("type") or ""),
            }
        )
    return LabelledData(
        format="frac",
        data=frame_data(rows),
        frames=list(book.ids),
        names={f.id: f.label for f in book.frames},
        multi_label=False,
        unit="sentence",
        excluded=excluded,
        source=source_description(path),
        skipped=skipped,
    )

"""The ``csv`` and ``jsonl`` formats: a text column and a label column, one coded text per row."""

from __future__ import annotations

import json
from pathlib import Path

from framescope.frames.formats.common import (
    ARTICLE_COLUMNS,
    LABEL_COLUMNS,
    TEXT_COLUMNS,
    LabelledData,
    LabelledDataError,
    frame_data,
    read_jsonl,
    read_table_rows,
    source_description,
)


def _multi_label(rows: list[dict]) -> bool:
    return any(len(r["labels"]) != 1 for r in rows)


def split_labels(value) -> list[str]:
    """One label, several separated by ';', or a list (or a JSON list in a string) -> list of str."""
    if value is None or (isinstance(value, float) and value != value):
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value).strip()
    if text.startswith("[") and text.endswith("]"):
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError:
            parsed = None
        if isinstance(parsed, list):
            return [str(v).strip() for v in parsed if str(v).strip()]
    return [v.strip() for v in text.split(";") if v.strip()]


def load_table(path, text_column: str | None = None, label_column: str | None = None) -> LabelledData:
    """A CSV (``.csv``/``.tsv``) or JSON-lines file with a text and a label column.

    Rows that are not JSON objects, or have another number of fields than the header,
    are skipped and listed in ``skipped`` with their line numbers.
    """
    path = Path(path)
    skipped: list[dict] = []
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        numbered = read_jsonl(path, skipped)
        columns = list(dict.fromkeys(k for _, rec in numbered for k in rec))
    else:
        columns, numbered = read_table_rows(path, skipped)
    if not numbered:
        first = f"; line {skipped[0]['line']}: {skipped[0]['reason']}" if skipped else ""
        raise LabelledDataError(f"{path}: no usable labelled texts (no readable rows, {len(skipped)} malformed{first})")
    text_col = text_column or next((c for c in TEXT_COLUMNS if c in columns), None)
    label_col = label_column or next((c for c in LABEL_COLUMNS if c in columns), None)
    if text_col is None or text_col not in columns:
        raise LabelledDataError(f"{path}: no text column {text_column or 'text'!r} (columns: {columns})")
    if label_col is None or label_col not in columns:
        raise LabelledDataError(
            f"{path}: no label column (looked for {label_column or ' / '.join(LABEL_COLUMNS)}; columns: {columns})"
        )
    article_col = next((c for c in ARTICLE_COLUMNS if c in columns), None)
    rows, excluded, order = [], [], {}
    for k, (line, rec) in enumerate(numbered):
        text = "" if rec.get(text_col) is None else str(rec.get(text_col)).strip()
        if not text:
            excluded.append({"id": f"{path}:{line}", "reason": f"empty {text_col!r}"})
            continue
        labs = split_labels(rec.get(label_col))
        for lab in labs:
            order.setdefault(lab, len(order))
        has_article = article_col is not None and rec.get(article_col) not in (None, "")
        rows.append(
            {
                "text": text,
                "labels": labs,
                "article_id": str(rec[article_col]) if has_article else f"row{k + 1}",
                "outlet": rec.get("outlet") or "",
                "group": rec.get("group") or "",
            }
        )
    frames = list(order)
    unit = "sentence" if article_col and len({r["article_id"] for r in rows}) < len(rows) else "text"
    return LabelledData(
        format="csv",
        data=frame_data(rows),
        frames=frames,
        names={f: f for f in frames},
        multi_label=_multi_label(rows),
        unit=unit,
        excluded=excluded,
        source=source_description(path),
        skipped=skipped,
    )

"""The ``gvfc`` format: Gun Violence Frame Corpus headlines and their primary theme."""

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

# Gun Violence Frame Corpus (Liu et al., 2019): Q3 theme codes.
GVFC_THEMES = {
    1: ("gun_rights", "Gun/2nd Amendment rights"),
    2: ("gun_control", "Gun control/regulation"),
    3: ("politics", "Politics"),
    4: ("mental_health", "Mental health"),
    5: ("public_safety", "School or public space safety"),
    6: ("race_ethnicity", "Race/ethnicity"),
    7: ("public_opinion", "Public opinion"),
    8: ("society_culture", "Society/culture"),
    9: ("economic", "Economic consequences"),
}
GVFC_NONE = 99


def _theme(value) -> int | None:
    text = str(value).strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return -1
    return int(number) if number == int(number) else -1


def load_gvfc(path) -> LabelledData:
    """Gun Violence Frame Corpus headlines; the label is the primary theme (``Q3 Theme1``).

    A row whose ``Q3 Theme1`` is not a theme code, or with the wrong number of fields,
    is skipped and listed in ``skipped``.
    """
    path = Path(path)
    skipped: list[dict] = []
    columns, records = read_table_rows(path, skipped)
    for col in ("news_title", "Q3 Theme1"):
        if col not in columns:
            raise LabelledDataError(f"{path}: no {col!r} column (columns: {columns})")
    id_col = next((c for c in ("ID", "id", "Id") if c in columns), None)
    rows, excluded = [], []
    for i, rec in records:
        line = f"{path.name}:{i}"
        title = str(rec["news_title"]).strip()
        theme = _theme(rec["Q3 Theme1"])
        if not title:
            excluded.append({"id": line, "reason": "empty news_title"})
            continue
        if theme is None or theme == GVFC_NONE:
            excluded.append({"id": line, "reason": "no theme (Q3 Theme1 empty or 99)"})
            continue
        if theme not in GVFC_THEMES:
            skip_row(skipped, path, i, f"Q3 Theme1 {rec['Q3 Theme1']!r} is not a theme code (1-9, 99 = none)")
            continue
        second = _theme(rec.get("Q3 Theme2", ""))
        rows.append(
            {
                "text": title,
                "labels": [GVFC_THEMES[theme][0]],
                "article_id": str(rec[id_col]) if id_col and str(rec[id_col]).strip() else f"row{i}",
                "outlet": "",
                "group": GVFC_THEMES[second][0] if second in GVFC_THEMES else "",
            }
        )
    ids = [v[0] for v in GVFC_THEMES.values()]
    return LabelledData(
        format="gvfc",
        data=frame_data(rows),
        frames=ids,
        names={v[0]: v[1] for v in GVFC_THEMES.values()},
        multi_label=False,
        unit="headline",
        excluded=excluded,
        source=source_description(path),
        skipped=skipped,
    )

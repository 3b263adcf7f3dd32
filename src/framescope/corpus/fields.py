"""A corpus record's fields: found by name in any case, made writable as UTF-8, authors split into names."""

from __future__ import annotations

import json
import math
import re

CORPUS_FIELDS = ("id", "text", "html", "title", "outlet", "published", "authors", "url")
SURROGATE = re.compile("[\ud800-\udfff]")


def scrub(value: str) -> str:
    """`value` made writable as UTF-8: lone surrogates (from a JSON "\\ud800" escape) become U+FFFD."""
    return SURROGATE.sub("\ufffd", value)


def field_value(record: dict, name: str):
    """A corpus field by name, case-insensitively ("Text", "TITLE")."""
    if name in record:
        return record[name]
    for key in record:
        if isinstance(key, str) and key.strip().lower() == name:
            return record[key]
    return None


def has_field(record: dict, name: str) -> bool:
    return any(isinstance(k, str) and k.strip().lower() == name for k in record)


def author_names(value) -> list[str]:
    """Author names from a list, or a string "A; B", "A and B" or "A, B"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, (list, tuple)):
        names = [str(v).strip() for v in value if v is not None and str(v).strip()]
    else:
        text = str(value).strip()
        if ";" in text:
            names = text.split(";")
        else:
            names = re.split(r"\s*,\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*", text)
            if any(len(n.split()) < 2 for n in names if n.strip()):
                names = re.split(r"\s+and\s+|\s*&\s*", text)  # "Doe, Jane": keep commas
        names = [n.strip() for n in names if n.strip()]
    names = [scrub(n) for n in names]
    out: list[str] = []
    for name in names:
        if name not in out:
            out.append(name)
    return out


def text_field(record: dict, name: str) -> str | None:
    value = field_value(record, name)
    if value is None or isinstance(value, (dict, list)) or (isinstance(value, float) and math.isnan(value)):
        return None
    value = scrub(" ".join(str(value).split()))
    return value or None


def metadata_json(record: dict, extra: dict) -> str:
    meta = {k: v for k, v in record.items() if not (isinstance(k, str) and k.strip().lower() in CORPUS_FIELDS)}
    meta.update(extra)
    return json.dumps(_finite(meta), sort_keys=True, ensure_ascii=False, default=str)


def _finite(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    if isinstance(value, str):
        return scrub(value)
    return value

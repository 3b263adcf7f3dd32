"""A corpus record's fields: found by name in any case, made writable as UTF-8, authors split into names.

Outlets, titles, authors and urls are tidied the same way: Unicode NFC, no invisible
characters, no stray whitespace (no-break spaces included), inner runs of blanks made one
space; what is left empty is missing (None), never "". Spellings of one outlet that differ
only in case ("the hill", "The Hill", "THE HILL") are made one across the corpus by
:func:`canonical_outlets` when the shards are put together (framescope collect ingest).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable

from framescope.corpus.clean import normalise

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


def tidy(value: str) -> str | None:
    """One line of metadata: NFC, no invisible characters, single spaces, no blanks at the ends; None when empty."""
    value = " ".join(normalise(scrub(value)).split())
    return value or None


def author_names(value) -> list[str]:
    """Author names from a list, or a string "A; B", "A and B" or "A, B" (each name tidied, empty ones dropped)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, (list, tuple)):
        names = [tidy(str(v)) or "" for v in value if v is not None]
    else:
        text = tidy(str(value)) or ""
        if ";" in text:
            names = text.split(";")
        else:
            names = re.split(r"\s*,\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*", text)
            if any(len(n.split()) < 2 for n in names if n.strip()):
                names = re.split(r"\s+and\s+|\s*&\s*", text)  # "Doe, Jane": keep commas
    out: list[str] = []
    for name in names:
        name = tidy(name)
        if name and name not in out:
            out.append(name)
    return out


def text_field(record: dict, name: str) -> str | None:
    value = field_value(record, name)
    if value is None or isinstance(value, (dict, list)) or (isinstance(value, float) and math.isnan(value)):
        return None
    return tidy(str(value))


def canonical_outlets(outlets: Iterable[str | None]) -> dict[str, str]:
    """Spelling -> the one spelling for the outlet names of a corpus that differ only in case.

    `outlets` holds every article's outlet (tidied). Of the spellings of one name the most
    frequent wins; on a tie, one in mixed case ("The Hill") before all capitals or all
    lower case, then the first in sorted order. Names spelt one way only are not listed.
    """
    counts = Counter(o for o in outlets if isinstance(o, str) and o)
    groups: dict[str, list[str]] = {}
    for name in sorted(counts):
        groups.setdefault(name.casefold(), []).append(name)
    mapping = {}
    for spellings in groups.values():
        if len(spellings) < 2:
            continue
        best = min(spellings, key=lambda n: (-counts[n], n.isupper() or n.islower(), n))
        mapping.update({n: best for n in spellings if n != best})
    return mapping


def outlet_note(spelling: str, canonical: str) -> str:
    """The note an article gets when :func:`canonical_outlets` rewrote its outlet."""
    return f"outlet {spelling!r} written {canonical!r}, the corpus's most frequent spelling of that name"


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

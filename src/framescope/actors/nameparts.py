"""The parts of a person's name: surname keys, full names, initials, suffixes and first-name genders."""

from __future__ import annotations

import re
import unicodedata

from framescope.actors.wordlists import (FAMILY_FIRST, FEMALE_NAMES, FIRST_NAMES, MALE_NAMES, NICKNAMES, PARTICLES,
                                         SUFFIXES)

INITIALS_ONLY = re.compile(r"(?:[A-Z]\.)+")  # "J.D.", "R."
_ONE_INITIAL = re.compile(r"[A-Z]\.")

_SURNAME_PREFIXES = ("al-", "el-", "Al-", "El-")
_FIRST_NOT_FAMILY = FIRST_NAMES - {"Kim", "Moon"}


def folded(word: str) -> str:
    """The word without accents: "Hincapié" -> "Hincapie" (a page may spell a name both ways)."""
    if word.isascii():
        return word
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


def surname_keys(core: list[str]) -> list[str]:
    words = [w for w in core if w not in SUFFIXES]
    if not words:
        return []
    last = words[-1]
    if last.startswith(_SURNAME_PREFIXES):
        for pre in _SURNAME_PREFIXES:
            if last.startswith(pre) and len(last) > len(pre) + 1:
                last = last[len(pre):]
    keys = [last]
    if len(words) >= 2 and words[0] in FAMILY_FIRST and words[0] not in _FIRST_NOT_FAMILY:
        keys.append(words[0])
    return keys


def is_full(core: list[str]) -> bool:
    """A full name has a first name and a surname: "Anna de Vries", not "de Vries" or "Trump Jr."."""
    return sum(w not in SUFFIXES and w not in PARTICLES for w in core) >= 2


def canonical_form(core: list[str]) -> str:
    """The name without middle initials: "Donald J. Trump" -> "Donald Trump"."""
    kept = [w for i, w in enumerate(core) if i == 0 or not _ONE_INITIAL.fullmatch(w)]
    return " ".join(kept)


def first_names_compatible(a: list[str], b: list[str]) -> bool:
    fa, fb = a[0], b[0]
    if fa == fb:
        return True
    if INITIALS_ONLY.fullmatch(fa) or INITIALS_ONLY.fullmatch(fb):
        return fa[0] == fb[0]
    return frozenset((fa, fb)) in NICKNAMES


def suffix(core: list[str]) -> str | None:
    return core[-1] if core[-1] in SUFFIXES else None


def first_name_gender(core: list[str]) -> str | None:
    if len(core) < 2:
        return None
    first = core[0]
    if first in MALE_NAMES and first not in FEMALE_NAMES:
        return "m"
    if first in FEMALE_NAMES and first not in MALE_NAMES:
        return "f"
    return None

"""Word lists of the actor and quote readers, read once from the package's data/actors/ files.

Each list is a plain UTF-8 file; lines that start with "#" are comments. Word files hold
words separated by spaces and line breaks; pair files hold one "key: value" per line
(a gender of "-" is none); cue files hold one cue per line. The gazetteer files
(places, organisations, news outlets, well-known people) are read by
`framescope.actors.gazetteer`.
"""

from __future__ import annotations

import re
from importlib import resources

#: The package data this module reads, under src/framescope/data/: part of the code digest of
#: every step that imports it (framescope.base.provenance), so editing a list reruns them.
PACKAGE_DATA = ("actors",)

_FOLDER = resources.files("framescope") / "data" / "actors"


def data_text(name: str) -> str:
    """The text of the file data/actors/`name`, without its comment lines."""
    text = (_FOLDER / name).read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if not line.startswith("#"))


def _words(name: str) -> frozenset[str]:
    return frozenset(data_text(name).split())


def _lines(name: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in data_text(name).splitlines() if line.strip())


def _pairs(name: str) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for line in _lines(name):
        key, _, value = line.partition(":")
        value = value.strip()
        out[key.strip()] = None if value == "-" else value
    return out


# Capitalised phrases that are never actors (rooms, platforms, wars, holidays, laws).
NOT_ACTOR_PHRASES = frozenset(
    p.strip() for p in data_text("not_actors.txt").replace("\n", " ").split(",") if p.strip())
NOT_ACTOR_FIRST = frozenset(p.split(" ")[0] for p in NOT_ACTOR_PHRASES)

# Capitalised words that start sentences or headings and are never part of a name.
STOP_CAPS = _words("stop_caps.txt") - {"Democrats", "Republicans", "Americans", "Reuters"}

MONTHS_DAYS = _words("months_days.txt")

HONORIFICS = _pairs("honorifics.txt")  # British style has no full stop: "Mr" as well as "Mr."

# Role words, compared in lower case. A role ends in a noun; modifiers may precede it.
ROLE_NOUNS = _words("role_nouns.txt")

ROLE_MODIFIERS = _words("role_modifiers.txt")

GENDERED_ROLES = _pairs("gendered_roles.txt")

ORG_HEADS = _words("org_heads.txt")

# Words that make a capitalised phrase a thing, not a person ("Wall Street", "Trump Tower").
NON_PERSON = _words("non_person.txt")

SUFFIXES = _words("suffixes.txt")
PARTICLES = _words("particles.txt")

# Family name first: "Xi Jinping" is "Xi" on second mention.
FAMILY_FIRST = _words("family_first.txt") - {"Lukashenko"}

MALE_NAMES = _words("male_names.txt") - {"Kamala", "Jamie"}

FEMALE_NAMES = _words("female_names.txt")

FIRST_NAMES = MALE_NAMES | FEMALE_NAMES

NICKNAMES = {frozenset(part.strip() for part in line.split(":")) for line in _lines("nicknames.txt")}

# Cues of speech (framescope.actors.quotes): each verb form and the cue it is recorded as.
FINITE_CUES = _pairs("speech_verbs.txt")
PARTICIPLE_CUES = _pairs("speech_participles.txt")
# Cues that may follow a quote directly ("said Mr. Rutte").
INVERTIBLE_CUES = _lines("invertible_cues.txt")
# Cues that report speech without quote marks (find_indirect).
REPORTING_CUES = _lines("reporting_cues.txt")


def trie_regex(words) -> str:
    """A regex alternation of `words` sharing prefixes, which the regex engine tries much faster."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node) -> str:
        alts = []
        end = "" in node
        for ch in sorted(k for k in node if k):
            alts.append(re.escape(ch) + build(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)

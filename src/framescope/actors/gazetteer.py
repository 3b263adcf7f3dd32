"""Known actors: the built-in gazetteer (read from data/actors/) and a researcher's actors file.

The built-in lists are places (demonyms are aliases of their place), organisations,
news outlets and agencies (sources), and well-known people, whose full names and
surnames line up across articles. A researcher's actors file (YAML), read by
`load_actors_config`, adds or overrides actors and gives them a `group`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, NamedTuple

from framescope.actors.wordlists import data_text

ACTOR_TYPES = ("person", "organization", "place")


class ActorsConfigError(ValueError):
    """A researcher's actors file is unreadable or has a bad entry."""


class Entry(NamedTuple):
    """One known actor: its canonical name, type, researcher group, and whether it is a news source."""

    name: str
    type: str
    group: str | None = None
    source: bool = False


# ---------------------------------------------------------------------------
# Built-in gazetteer, from data/actors/. One actor per line: "Canonical: alias, alias, ...".
# Demonyms are aliases of their place.
# ---------------------------------------------------------------------------


def _parse_people(block: str) -> tuple[dict[str, Entry], dict[str, tuple[Entry, str]]]:
    """(full name or alias -> entry, claimed surname -> (entry, gender))."""
    full: dict[str, Entry] = {}
    surnames: dict[str, tuple[Entry, str]] = {}
    for line in block.strip().splitlines():
        name, gender, claims, aliases = (part.strip() for part in line.split(";"))
        entry = Entry(name, "person")
        for alias in [name] + [a.strip() for a in aliases.split(",") if a.strip()]:
            full[alias] = entry
        for surname in (c.strip() for c in claims.split(",") if c.strip()):
            surnames[surname] = (entry, gender)
    return full, surnames


# Well-known people, so that their names line up across articles: "Name; gender; surnames
# that name them alone; other full names". An article that names a person only by a surname
# listed here ("Trump", "Mr. Putin") gets the full name, unless it shows someone else of that
# surname or the other gender ("Ms. Trump"). Only surnames that news uses for one person are
# listed (not Clinton, Bush, Johnson, Harris, Cruz, Cuomo or May).
KNOWN_PEOPLE, KNOWN_SURNAMES = _parse_people(data_text("people.txt"))


def _parse_lines(block: str, type_: str, source: bool = False) -> list[tuple[list[str], Entry]]:
    out = []
    for line in block.strip().splitlines():
        name, _, rest = line.partition(":")
        name = name.strip()
        aliases = [name] + [a.strip() for a in rest.split(",") if a.strip()]
        out.append((aliases, Entry(name, type_, None, source)))
    return out


# News outlets and agencies (sources.txt) are organisations that are also sources (speaker_type "source").
_BUILTIN = (
    _parse_lines(data_text("places.txt"), "place")
    + _parse_lines(data_text("organizations.txt"), "organization")
    + _parse_lines(data_text("sources.txt"), "organization", source=True)
)

#: Canonical names of the built-in news outlets and agencies.
SOURCE_NAMES = frozenset(e.name for _, e in _BUILTIN if e.source)


# ---------------------------------------------------------------------------
# The gazetteer
# ---------------------------------------------------------------------------


def norm_space(s: str) -> str:
    return " ".join(s.split())


class Gazetteer:
    """Known actors, looked up by exact alias.

    Built from the built-in lists of places, organisations and news outlets,
    plus (optionally) a researcher's entries, which take precedence.

    Parameters
    ----------
    entries
        Researcher actors as ``(aliases, Entry)`` pairs; the entry's own name
        counts as an alias.
    builtin
        Include the built-in lists (default True).
    """

    def __init__(self, entries: Iterable[tuple[list[str], Entry]] = (), *, builtin: bool = True):
        self.aliases: dict[str, Entry] = {}
        self.person_aliases: dict[str, Entry] = {}
        self.researcher: list[Entry] = []
        if builtin:
            for aliases, entry in _BUILTIN:
                for alias in aliases:
                    self.aliases.setdefault(norm_space(alias), entry)
        for aliases, entry in entries:
            self.researcher.append(entry)
            for alias in [entry.name, *aliases]:
                alias = norm_space(alias)
                self.aliases[alias] = entry
                if entry.type == "person":
                    self.person_aliases[alias] = entry
        # Aliases that start with a lowercase letter ("al-Qaeda") are not found by
        # the capitalised-run scanner; they get their own small regex.
        # Each alternative starts with its own first letter and looks behind it (the same test as
        # one look-behind in front of them all), so that the regex engine jumps from one of those
        # letters to the next instead of trying every position of the text: 0.3 s less a shard.
        lower = sorted((a for a in self.aliases if a[:1].islower()), key=lambda a: (-len(a), a))
        self.lower_regex = (
            re.compile("(?:" + "|".join(rf"{re.escape(a[0])}(?<![\w’'-]{re.escape(a[0])}){re.escape(a[1:])}"
                                        for a in lower) + r")(?![\w-])") if lower else None
        )
        self.first_tokens = frozenset(a.split(" ")[0] for a in self.aliases)
        self.max_tokens = max((a.count(" ") + 1 for a in self.aliases), default=1)
        # Single-word aliases of organisations and places, usable in front of a title.
        self.single_non_person = frozenset(
            a for a, e in self.aliases.items() if " " not in a and e.type != "person"
        )
        self.source_names = frozenset(e.name for e in self.aliases.values() if e.source)
        # well-known people (KNOWN_PEOPLE): full names, and surnames that name one person alone
        self.known_people: dict[str, Entry] = dict(KNOWN_PEOPLE) if builtin else {}
        self.known_surnames: dict[str, tuple[Entry, str]] = dict(KNOWN_SURNAMES) if builtin else {}

    def lookup(self, alias: str) -> Entry | None:
        return self.aliases.get(alias)


_DEFAULT_GAZETTEER: Gazetteer | None = None


def default_gazetteer() -> Gazetteer:
    """The built-in gazetteer (built once per process)."""
    global _DEFAULT_GAZETTEER
    if _DEFAULT_GAZETTEER is None:
        _DEFAULT_GAZETTEER = Gazetteer()
    return _DEFAULT_GAZETTEER


_TYPE_SYNONYMS = {"person": "person", "organization": "organization", "organisation": "organization",
                  "org": "organization", "place": "place", "location": "place"}
_ENTRY_KEYS = {"name", "type", "aliases", "group"}


def load_actors_config(path: str | Path) -> Gazetteer:
    """Read a researcher's actors file (YAML) and return the gazetteer it defines.

    The file holds a list under ``actors:``; each entry has ``name`` and ``type``
    (person, organization or place) and optionally ``aliases`` (a list of
    strings) and ``group`` (a string). Errors name the file, the entry's index
    and the key.
    """
    import yaml

    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ActorsConfigError(f"{path}: actors file not found") from None
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise ActorsConfigError(f"{path}: not valid YAML: {exc}") from None
    if data is None:
        data = {"actors": []}
    if not isinstance(data, dict) or "actors" not in data:
        raise ActorsConfigError(f"{path}: expected a mapping with an 'actors:' list at the top level")
    extra = sorted(set(data) - {"actors"})
    if extra:
        raise ActorsConfigError(f"{path}: unknown top-level key(s) {extra}; only 'actors' is read")
    items = data["actors"] or []
    if not isinstance(items, list):
        raise ActorsConfigError(f"{path}: 'actors' must be a list of entries, got {type(items).__name__}")

    entries: list[tuple[list[str], Entry]] = []
    seen: dict[str, tuple[int, str]] = {}
    for i, item in enumerate(items):
        where = f"{path}: actors[{i}]"
        if not isinstance(item, dict):
            raise ActorsConfigError(f"{where}: each entry must be a mapping with 'name' and 'type', got {item!r}")
        unknown = sorted(set(item) - _ENTRY_KEYS)
        if unknown:
            raise ActorsConfigError(f"{where}: unknown key(s) {unknown}; allowed: {sorted(_ENTRY_KEYS)}")
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ActorsConfigError(f"{where}: key 'name' must be a non-empty string, got {name!r}")
        where = f"{path}: actors[{i}] ({name})"
        type_ = item.get("type")
        if not isinstance(type_, str) or type_.strip().lower() not in _TYPE_SYNONYMS:
            raise ActorsConfigError(f"{where}: key 'type' must be one of {', '.join(ACTOR_TYPES)}, got {type_!r}")
        aliases = item.get("aliases", []) or []
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise ActorsConfigError(f"{where}: key 'aliases' must be a list of non-empty strings, got {aliases!r}")
        group = item.get("group")
        if group is not None and not isinstance(group, str):
            raise ActorsConfigError(f"{where}: key 'group' must be a string, got {group!r}")
        entry = Entry(norm_space(name), _TYPE_SYNONYMS[type_.strip().lower()], group, False)
        for alias in [name, *aliases]:
            key = norm_space(alias)
            if key in seen and seen[key][1] != entry.name:
                j, other = seen[key]
                raise ActorsConfigError(f"{where}: alias {key!r} is also an alias of actors[{j}] ({other})")
            seen[key] = (i, entry.name)
        entries.append(([norm_space(a) for a in aliases], entry))
    return Gazetteer(entries)

"""Quotation conventions and speech cues per language, read from the package's data/speech/ files.

English is read by `framescope.actors.quotes` with the lists of data/actors/; the languages
here (`SPEECH_LANGUAGES`) are read by `framescope.actors.speakers`. What each file holds is
told in data/speech/README.md: the quote marks of the language and which closes which,
whether a dash opens a line of dialogue, the speech verbs, the words for "according to",
the subject pronouns, and the short lists that tell a person's name from an institution,
a place or an office.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from framescope.actors.wordlists import trie_regex

#: The package data this module reads, under src/framescope/data/ (part of the code digest of
#: every step that imports it: framescope.base.provenance).
PACKAGE_DATA = ("speech",)

#: Languages with quote and speaker rules besides English (ISO 639-1).
SPEECH_LANGUAGES = ("de", "fr", "it", "pl", "ru")

_FOLDER = resources.files("framescope") / "data" / "speech"


@dataclass(frozen=True)
class Conventions:
    """One language's quote marks, speech cues and word lists (see data/speech/README.md)."""

    language: str
    closers: dict  # opening mark -> the marks that close it
    dialogue_dash: bool
    pro_drop: bool  # a verb may stand without its subject ("— dodał."): its speaker is the last one named
    cue: re.Pattern  # a speech verb: group "cue"
    inverted_only: re.Pattern | None  # "so" (German): only right after a quote
    pronoun_inversion: re.Pattern | None  # French "a-t-il déclaré", "dit-elle": groups "cue", "pron"
    according: re.Pattern  # "selon", "laut", "по словам": group "cue"
    according_after: re.Pattern | None  # "zufolge", after the speaker
    pronouns: dict  # lower-case pronoun -> "m" | "f" | None
    feminine_cues: frozenset  # cue forms (lower case) that say the speaker is a woman
    masculine_cues: frozenset
    determiners: frozenset
    dependent: frozenset
    stop: frozenset
    honorifics: dict  # as written -> "m" | "f" | None
    roles: frozenset  # lower case
    role_suffixes: tuple
    feminine_suffixes: tuple
    organizations: tuple  # lower-case beginnings of words
    places: tuple
    sources: frozenset
    first_names: frozenset

    @property
    def openers(self) -> str:
        return "".join(self.closers)

    @property
    def marks(self) -> str:
        chars = set(self.closers)
        for closing in self.closers.values():
            chars.update(closing)
        return "".join(sorted(chars))


def _words(data: dict, key: str, lower: bool = False) -> list[str]:
    value = data.get(key) or ""
    words = value.split() if isinstance(value, str) else [str(v) for v in value]
    return [w.lower() for w in words] if lower else words


def _alternation(words) -> str:
    return "(?:" + trie_regex(sorted(set(words), key=lambda w: (-len(w), w))) + ")"


def _phrase_regex(phrases) -> re.Pattern | None:
    if not phrases:
        return None
    body = "|".join(r"\s+".join(re.escape(p) for p in phrase.split())
                    for phrase in sorted(set(phrases), key=lambda w: (-len(w), w)))
    return re.compile(rf"(?<![\w-])(?P<cue>{body})(?![\w-])", re.IGNORECASE)


def _gendered_forms(masculine: list[str], language: str) -> tuple[list[str], list[str], list[str]]:
    """Masculine, feminine and other (plural, neuter) past forms of the Russian and Polish speech verbs."""
    if language == "ru":  # the neuter too: "сообщило ТАСС", "заявило Минобороны"
        return masculine, [w + "а" for w in masculine], [w + "и" for w in masculine] + [w + "о" for w in masculine]
    if language == "pl":
        return masculine, [w + "a" for w in masculine], []
    return masculine, [], []


@lru_cache(maxsize=None)
def conventions(language: str | None) -> Conventions | None:
    """The conventions of `language`, or None for a language without rules here (English too)."""
    if language not in SPEECH_LANGUAGES:
        return None
    data = yaml.safe_load((_FOLDER / f"{language}.yaml").read_text(encoding="utf-8"))
    closers: dict[str, str] = {}
    for pair in data["marks"]:
        closers[pair[0]] = closers.get(pair[0], "") + "".join(pair[1:])
    masculine, feminine, plural = _gendered_forms(_words(data, "past_masculine"), language)
    cues = _words(data, "cues") + masculine + feminine + plural + [str(p) for p in data.get("cue_phrases") or []]
    participles = _words(data, "participles")
    compounds = [f"{aux} {p}" for aux in _words(data, "auxiliaries") for p in participles]
    cue = re.compile(rf"(?<![\w-])(?P<cue>{'|'.join(_alt_phrases(compounds + cues))})(?![\w-])", re.IGNORECASE)
    inversion = None
    inverted_verbs = _words(data, "inverted_pronoun")
    if inverted_verbs:
        inversion = re.compile(
            rf"(?<![\w-])(?P<cue>(?:(?:a|avait|aurait|ont|avaient)(?:-t)?-(?P<pron>il|elle|on|ils|elles)"
            rf"(?:\s+(?:encore|aussi|ensuite|également|notamment|[^\W\d_]+ment))?\s+{_alternation(participles)})"
            rf"|(?:{_alternation(inverted_verbs)})(?:-t)?-(?P<pron2>il|elle|on|ils|elles))(?![\w-])",
            re.IGNORECASE)
    pronouns = {k.lower(): (None if v in ("-", None) else v) for k, v in (data.get("pronouns") or {}).items()}
    honorifics = {k: (None if v in ("-", None) else v) for k, v in (data.get("honorifics") or {}).items()}
    return Conventions(
        language=language,
        closers=closers,
        dialogue_dash=bool(data.get("dialogue_dash")),
        pro_drop=bool(data.get("pro_drop")),
        cue=cue,
        inverted_only=_phrase_regex(_words(data, "inverted_only")),
        pronoun_inversion=inversion,
        according=_phrase_regex(data.get("according") or []),
        according_after=_phrase_regex(data.get("according_after") or []),
        pronouns=pronouns,
        feminine_cues=frozenset(w.lower() for w in feminine),
        masculine_cues=frozenset(w.lower() for w in masculine),
        determiners=frozenset(_words(data, "determiners", lower=True)),
        dependent=frozenset(_words(data, "dependent", lower=True)),
        stop=frozenset(_words(data, "stop", lower=True)),
        honorifics=honorifics,
        roles=frozenset(_words(data, "roles", lower=True)),
        role_suffixes=tuple(_words(data, "role_suffixes", lower=True)),
        feminine_suffixes=tuple(_words(data, "feminine_suffixes", lower=True)),
        organizations=tuple(_words(data, "organizations", lower=True)),
        places=tuple(_words(data, "places", lower=True)),
        sources=frozenset(_words(data, "sources")),
        first_names=frozenset(_words(data, "first_names")),
    )


def _alt_phrases(phrases: list[str]) -> list[str]:
    """Regex alternatives for cue phrases, longest first, with any run of spaces between words."""
    return [r"\s+".join(re.escape(p) for p in phrase.split())
            for phrase in sorted(set(phrases), key=lambda w: (-len(w), w))]


def speech_skip_reason(language: str | None) -> str:
    """Why the quote finder reads nothing in an article of `language` ("" when it reads it)."""
    if language in (None, "en") or language in SPEECH_LANGUAGES:
        return ""  # None: a table from before languages were detected, English then
    if not language or language == "und":
        return "quotes: language undetermined"
    return f"quotes: no quote rules for language {language!r}"

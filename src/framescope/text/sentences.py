"""Splitting clean article text into paragraphs and sentences, with character offsets.

A sentence is a span of the text: ``text[start:end]`` is the sentence with its
surrounding whitespace stripped, so later stages (quotes, actors, sentiment) can
point back into ``articles.text`` exactly. Paragraphs are blocks of text separated
by blank lines, numbered from 0.

The splitter is a single regular-expression scan over candidate sentence ends
(``.``, ``!``, ``?``, ellipses, and the CJK full stops), each judged by the word
before it and the word after it. News prose has a small set of traps, handled here:

- titles and other abbreviations that never end a sentence ("Mr.", "Sen.", "e.g.");
- abbreviations that usually do not, but can ("U.S.", "Inc.", initials such as
  "David R. Sands", "p.m."): these end a sentence only when the next word is one
  that typically opens one ("The", "He", "But", ...);
- sentence ends inside closing quote marks (``."`` ``.”`` ``?”`` ``!»`` ``。」``);
- a question or exclamation inside a quote followed by its attribution in lower
  case (“Why?” he asked): not an end, because the next word is lower case;
- an ellipsis inside a quote followed by a comma (“…,” Mr. Trump wrote): not an end,
  because no space follows the ellipsis.

Other languages (`language`, an ISO 639-1 code) have their abbreviations, sentence
starters and abbreviations of several parts ("z. B.", "т. е.") in the package's
data/sentences/ files; German and Polish read "3. Oktober" as an ordinal. Outside
English a sentence may also open with a quote mark followed by a space ("« Nous")
or a dialogue dash ("— Мы"). A language without a file gets generic rules: no
abbreviation lists, initials and dotted acronyms kept with the next word. English
keeps the rules written in this module.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

#: The package data this module reads, under src/framescope/data/ (part of the code digest of
#: every step that imports it: framescope.base.provenance).
PACKAGE_DATA = ("sentences",)

# Quote marks and brackets that may close a sentence right after its final
# punctuation, or open the next one after the space. Guillemets and the German low
# quote serve both roles depending on the language, so both lists hold them.
_QUOTES = "\"'“”‘’«»‹›„‚「」『』"
_CLOSERS = _QUOTES + ")]}）"
_OPENERS = _QUOTES + "([{（¿¡"

# A candidate end: Latin terminators (one or more), or CJK ones, then any closers.
_CANDIDATE = re.compile(
    r"(?:(?P<latin>[.!?…]+)|(?P<cjk>[。！？]+))[" + re.escape(_CLOSERS) + r"]*"
)
# A closing guillemet set off by a space, as French typesets it: "C'est fini. » Puis".
_SPACED_CLOSER = re.compile(r"\s[»›]+(?=\s|$)")
# Paragraph separators: a line break, optional blanks, and another line break.
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")

# Abbreviations (lower case, without the final period) that never end a sentence in
# news text: titles before names, and a few Latin and reference abbreviations.
STRONG_ABBREVIATIONS = frozenset(
    """
    mr mrs ms mssrs messrs dr prof rev fr msgr hon pres gov govs sen sens rep reps gen gens
    lt col sgt capt cmdr adm maj cpl pvt brig supt atty insp det amb sec treas
    st ste mt ft cf vs v e.g i.e viz approx ca
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)

# Abbreviations before a number ("No. 1", "Vol. 3"); before anything else they are
# ordinary words ("He said no.").
NUMBER_ABBREVIATIONS = frozenset("no nos vol vols pp p art ch fig figs op".split())

# Abbreviations that often sit at the end of a sentence too ("... of Apple Inc.").
WEAK_ABBREVIATIONS = frozenset(
    """
    inc co corp ltd llc jr sr bros assn dept univ etc al
    ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo
    mont neb nev okla ore pa tenn vt va wash wis wyo
    """.split()
)

# Words that typically open a sentence. After a weak abbreviation or an ellipsis,
# a capitalised word from this list is taken as the start of a new sentence.
SENTENCE_STARTERS = frozenset(
    """
    the a an he she it they we i you his her its their our my your this that these those
    there here but and or so yet nor in on at for if when while after before as since
    although though still now then meanwhile however also some many most others what who
    why how where which not one two both each every other such according last next even
    only once with without under over from to asked during despite because instead today
    yesterday tomorrow mr mrs ms dr
    """.split()
)

# A speaker and a speech verb after a quote ending in "?" or "!": “Why?” Ms. Cole asked.
_ATTRIBUTION = re.compile(
    r"(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Prof|Rev)\.\s+)?[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-.]*){0,4}\s+"
    r"(?:said|says|asked|asks|shouted|yelled|wrote|writes|told|added|replied|tweeted|posted|exclaimed"
    r"|insisted|explained|recalled|noted|argued|declared|demanded|wondered|chanted|cried|joked)\b"
)
_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]\.){1,}[A-Za-z]$")  # "U.S", "p.m", "D.C"
_LIST_NUMBER = re.compile(r"\d{1,2}$")
# Outside English: a dash that opens a line of dialogue ("— Мы уходим."), and an initial.
_DASHES = "—–"
_INITIAL = re.compile(r"\w\.", re.UNICODE)
_DOTTED_INITIALS = re.compile(r"(?:[^\W\d_]\.-?){1,}[^\W\d_]$")


@dataclass(frozen=True)
class Rules:
    """The abbreviations and sentence starters of one language (see data/sentences/README.md)."""

    language: str
    strong: frozenset
    weak: frozenset
    number: frozenset
    starters: frozenset
    multi: re.Pattern | None = None  # abbreviations of several parts, each in a group of its kind
    ordinal_dot: bool = False
    english: bool = False


ENGLISH = Rules("en", STRONG_ABBREVIATIONS, WEAK_ABBREVIATIONS, NUMBER_ABBREVIATIONS, SENTENCE_STARTERS,
                english=True)


def _multi_pattern(strong: list[str], weak: list[str]) -> re.Pattern | None:
    def alternation(items):
        parts = []
        for item in sorted(items, key=lambda x: (-len(x), x)):
            pieces = [re.escape(p) for p in item.split()]
            parts.append(r"\s?".join(pieces))
        return "|".join(parts)

    groups = []
    if strong:
        groups.append(f"(?P<strong>{alternation(strong)})")
    if weak:
        groups.append(f"(?P<weak>{alternation(weak)})")
    if not groups:
        return None
    return re.compile(r"(?<![\w.])(?:" + "|".join(groups) + r")", re.IGNORECASE)


@lru_cache(maxsize=None)
def rules_for(language: str | None) -> Rules:
    """The sentence rules of `language` (an ISO 639-1 code); generic rules for one without a file.

    None counts as English: tables written before languages were detected say nothing else.
    """
    if language in (None, "en"):
        return ENGLISH
    folder = resources.files("framescope") / "data" / "sentences"
    name = f"{language}.yaml" if language.isalpha() and language.islower() else "generic.yaml"
    path = folder / name
    if not path.is_file():
        path = folder / "generic.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))

    def words(key):
        return frozenset(str(data.get(key) or "").lower().split())

    return Rules(language, words("strong"), words("weak"), words("number"), words("starters"),
                 _multi_pattern(data.get("multi_strong") or [], data.get("multi_weak") or []),
                 bool(data.get("ordinal_dot")))


def _multi_periods(text: str, start: int, end: int, rules: Rules) -> dict[int, str]:
    """Periods inside abbreviations of several parts: position -> "inner", "strong" or "weak"."""
    found: dict[int, str] = {}
    if rules.multi is None:
        return found
    for m in rules.multi.finditer(text, start, end):
        kind = "strong" if m.group("strong") else "weak"
        last = m.end() - 1
        for p in range(m.start(), last):
            if text[p] == ".":
                found[p] = "inner"
        found[last] = kind
    return found


@dataclass(frozen=True)
class Sentence:
    """One sentence: its paragraph index and its span [start, end) in the text."""

    paragraph: int
    start: int
    end: int


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Return the [start, end) span of every non-blank paragraph, whitespace stripped."""
    spans = []
    pos = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for start, end in spans:
        start, end = _strip_span(text, start, end)
        if start < end:
            out.append((start, end))
    return out


def split_sentences(text: str, language: str | None = "en") -> list[Sentence]:
    """Split text into sentences.

    Parameters
    ----------
    text : str
        Clean article text; paragraphs are separated by blank lines.
    language : str
        The text's ISO 639-1 code: its abbreviations and quote conventions. A language
        without rules of its own gets generic ones.

    Returns
    -------
    list of Sentence
        In text order. ``text[s.start:s.end]`` is the sentence without surrounding
        whitespace; ``s.paragraph`` counts non-blank paragraphs from 0.
    """
    rules = rules_for(language)
    sentences: list[Sentence] = []
    for paragraph, (p_start, p_end) in enumerate(paragraph_spans(text)):
        sent_start = p_start
        multi = None if rules.english else _multi_periods(text, p_start, p_end, rules)
        for m in _CANDIDATE.finditer(text, p_start, p_end):
            end = m.end()
            if end >= p_end:
                break  # the paragraph's end closes its last sentence anyway
            if end < sent_start:
                continue  # inside a closing mark already taken into the last sentence
            if not _is_boundary(text, m, p_start, p_end, rules, multi):
                continue
            spaced = _SPACED_CLOSER.match(text, end, p_end)
            if spaced:
                end = spaced.end()  # French spacing: "fini. » Puis"
            start, stop = _strip_span(text, sent_start, end)
            if start < stop:
                sentences.append(Sentence(paragraph, start, stop))
            sent_start = end
        start, stop = _strip_span(text, sent_start, p_end)
        if start < stop:
            sentences.append(Sentence(paragraph, start, stop))
    return sentences


def sentence_at(starts: list[int], offset: int, ends: list[int] | None = None) -> int:
    """Index of the sentence whose span contains `offset`, by bisection.

    `starts` are the sentences' start offsets in increasing order. Without `ends`,
    an offset between two sentences belongs to the earlier one. With `ends`, an
    offset outside every span (in a heading, say) gives -1. An offset before the
    first sentence always gives -1.
    """
    i = bisect.bisect_right(starts, offset) - 1
    if i < 0:
        return -1
    if ends is not None and offset >= ends[i]:
        return -1
    return i


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_boundary(text: str, m: re.Match, p_start: int, p_end: int, rules: Rules = ENGLISH,
                 multi: dict[int, str] | None = None) -> bool:
    end = m.end()
    if m.group("cjk"):
        return True  # CJK full stops end a sentence without a following space
    if not text[end].isspace():
        return False  # "U.S.-led", "3.5", "…,”", "Yahoo!’s"
    nxt = end + 1
    while nxt < p_end and text[nxt].isspace():
        nxt += 1
    spaced = _SPACED_CLOSER.match(text, end, p_end)
    if spaced:
        nxt = spaced.end()
        while nxt < p_end and text[nxt].isspace():
            nxt += 1
    opened = nxt < p_end and text[nxt] in _OPENERS
    word_at = nxt
    if rules.english:
        while word_at < p_end and text[word_at] in _OPENERS:
            word_at += 1
    else:
        # "« Nous", "„ Wir", "— Мы": a quote mark or a dialogue dash, then a space
        opened = opened or (nxt < p_end and text[nxt] in _DASHES)
        while word_at < p_end and (text[word_at] in _OPENERS or text[word_at] in _DASHES
                                   or (word_at > nxt and text[word_at].isspace())):
            word_at += 1
    if word_at >= p_end:
        return True
    first = text[word_at]
    if first.islower():
        return False  # "?” he asked", "U.S. officials", "… and then"
    if not (first.isalnum() or first in "$£€#@*•"):
        return False  # "— and", ", said", "; but"
    terminator = m.group("latin")
    if "!" in terminator or "?" in terminator:
        if not rules.english:
            return True  # inversions after a quote start in lower case: «Pourquoi ?» demande-t-il
        # “Why not?” Mr. Hale asked. -- the attribution belongs to the quote.
        quoted = m.end() > m.start() + len(terminator)
        return not (quoted and _ATTRIBUTION.match(text, word_at, p_end))
    if terminator.startswith("…") or terminator.startswith(".."):
        if len(terminator) >= 4 and terminator.endswith("."):
            return True  # an ellipsis then a full stop: "...."
        # An ellipsis ends a sentence when a quote closes with it or a new one opens,
        # or the next word is one that starts sentences.
        closed = m.end() > m.start() + len(terminator)
        return closed or opened or _next_word(text, word_at, p_end).lower() in rules.starters
    if multi:
        # the last period of the terminator is the one an abbreviation would end with
        kind = multi.get(m.start() + len(terminator) - 1)
        if kind in ("inner", "strong"):
            return False
        if kind == "weak":
            return _next_word(text, word_at, p_end).lower() in rules.starters
    return _period_ends_sentence(text, m.start(), word_at, p_start, p_end, rules)


def _period_ends_sentence(text: str, dot: int, word_at: int, p_start: int, p_end: int,
                          rules: Rules = ENGLISH) -> bool:
    # The token before the period, without opening quotes or brackets.
    begin = dot
    limit = max(p_start, dot - 40)
    while begin > limit and not text[begin - 1].isspace():
        begin -= 1
    token = text[begin:dot].lstrip(_OPENERS)
    if not token:
        return True
    lowered = token.lower()
    if lowered in rules.strong:
        return False
    first = text[word_at]
    if lowered in rules.number and first.isdigit():
        return False
    if _LIST_NUMBER.match(token) and begin == p_start:
        return False  # "1. First point" at the start of a paragraph
    weak = (
        lowered in rules.weak
        or _DOTTED_ACRONYM.match(token) is not None
        or (len(token) == 1 and token.isalpha() and token.isupper())  # an initial: "R."
        or (rules.ordinal_dot and _LIST_NUMBER.match(token) is not None)  # "am 3. Oktober"
        or (not rules.english and _DOTTED_INITIALS.match(token) is not None)  # "В.В", "J.-C"
    )
    if weak:
        if not first.isalpha():
            return False
        if not rules.english and len(token) == 1 and _INITIAL.match(text, word_at) and \
                text[word_at].isupper():
            return False  # "В. В. Путин": an initial before another
        return _next_word(text, word_at, p_end).lower() in rules.starters
    return True


def _next_word(text: str, at: int, p_end: int) -> str:
    end = at
    while end < p_end and (text[end].isalpha() or text[end] in "'’"):
        end += 1
    return text[at:end]

"""Quote kinds: which quoted spans are someone's words, and which are titles or terms.

Quote marks in news text do not only mark speech. They also set off the titles of
works, shows, laws and campaigns (“Morning Joe”, “The Bell Curve”) and terms the
reporter holds at a distance (“100-year storm”, so-called “experts”). Counted as
speech, these inflate the share of voice of "(unnamed)" and the number of quotes.

`mark_kinds` gives each direct quote found by :mod:`framescope.actors.quotes` one of

- ``"direct"``: someone's words (the default: a quote stays speech unless the signals
  below say otherwise, since dropping real quotes costs recall);
- ``"title"``: a title-case span with no speaker, or one right after a title word
  ("the book", "titled", "on CBS's"), that is not a sentence of its own, or one used as a
  name between a determiner and a noun (any "Phase 1" agreement);
- ``"term"``: a single quoted word with no speaker and no cue ("a “senior” judge"), or a span
  right after a naming word ("so-called", "dubbed", "known as", "the term", "is
  called", "considered", "describe ... as") with no speaker, or a short label with no
  speech verb between a determiner and a noun (a "community safety" model; not a judging
  phrase: a "uniquely awful" figure), or a phrase of two to four words with no speaker and
  no cue a few words after a determiner
  (opposition to the "revolving door", hired as a "friend of the court"), or one of a list of
  short quoted phrases with no speaker and no clause in them ("overseas operations," "man-made
  disasters" and "struggles").

Reported speech (``"indirect"``) is speech too but not a quote: :func:`is_quote` is the
one definition of "a quote" that every quote count and share of voice uses.
"""

from __future__ import annotations

import re

DIRECT = "direct"
INDIRECT = "indirect"
TITLE = "title"
TERM = "term"
KINDS = (DIRECT, INDIRECT, TITLE, TERM)
# The speaker under which share of voice pools quotes without a named speaker.
UNNAMED = "(unnamed)"


def is_quote(kind) -> bool:
    """Whether a quotes-table row of this ``kind`` counts as a quote: someone's words in quote marks."""
    return kind == DIRECT


# Words before the opening mark that make the span a name, not speech ("so-called", "dubbed").
_NAMING_BEFORE = re.compile(
    r"(?:\bso[- ]called|\bdubbed|\bnicknamed|\bknown as|\btermed|\blabell?ed|\bbranded"
    r"|\bthe (?:term|word|words|phrase|label|nickname|moniker)"
    r"|\b(?:is|are|was|were|be|been|being|also|often|sometimes|commonly|now|once|officially|informally|,)\s+called"
    r"|\b(?:a|an|the)\s+(?:\w+\s+){0,2}?(?:called|named))[\s,:]*$",
    re.I,
)
# A verb of classing a few words back in the sentence: describe the leaks as "hacking", could be considered "elite"
_CLASSED_AS = re.compile(
    r"(?:\b(?:considered|deemed)|\b(?:describ|characteri[sz]|regard|classif|refer)\w*\b[^.!?;:\"“”]{0,120}?\bas)"
    r"[\s,:]*$", re.I)
# Words before the opening mark that announce a title ("the book", "titled", "on CBS's").
_TITLE_BEFORE = re.compile(
    r"(?:\b(?:titled|entitled|headlined|book|novel|memoir|film|movie|documentary|show|series|program|programme"
    r"|podcast|column|op-ed|essay|editorial|headline|song|album|musical|play|exhibition|campaign|slogan"
    r"|initiative|act|bill|report)|['’]s(?:\s+\d{4})?|\bon)[\s,:]*$",
    re.I,
)
# A title-case span used as a name before a noun: the "Phase 1" deal, a "Stand Up" rally.
_DET_BEFORE = re.compile(r"\b(?:a|an|the|any|this|that|its|his|her|their|our|each|every|no)\s*$", re.I)
# ... but a judging phrase there is someone's words: a "uniquely awful" figure, a "shameful" act
# A determiner (a few words before) ahead of an unattributed short span: a "revolving door", as a "friend of the court"
_DET_PHRASE_BEFORE = re.compile(
    r"\b(?:a|an|the|any|this|that|its|his|her|their|our|each|every|no)(?:\s+[\w’'-]+,?){0,2}\s*$", re.I
)
# a quoted phrase next to another in a list: "...," "..." and "..."
_LIST_BEFORE = re.compile(r"[”\"],?\s+(?:(?:and|or|nor)\s+)?[“\"]$")
_LIST_AFTER = re.compile(r"[.,]?[”\"],?\s+(?:(?:and|or|nor)\s+)?[“\"]")
# words that make a short span a clause someone said, not a phrase: "we can't", "it is"
_CLAUSE_WORDS = re.compile(r"\b(?:I|we|you|he|she|they|it|me|us|him|them|is|are|was|were|will|can|[a-z]+n['’]t)\b",
                           re.I)
_JUDGING = re.compile(r"\w(?:ly|ful|ous|ive|ble|less|ish|ic)\b")
_NOUN_AFTER = re.compile(r"[\"”’']?\s+(?!(?:and|are|but|for|from|had|has|have|into|over|said|says|that|the|then|was|were|"
                         r"when|where|which|while|who|will|with|would)\b)[a-z]{3,}\b")
_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into nor of off on or per the to vs vs. via with & de la".split()
)
_WORD = re.compile(r"[^\W\d_][\w'’.&-]*|\d[\w'’.,-]*")


def _title_case(span: str) -> bool:
    """Two or more words, the first and every word that is not a small word capitalised, some lower case."""
    words = _WORD.findall(span)
    if not 2 <= len(words) <= 12 or span.isupper() or span.rstrip()[-1:] in "!?":
        return False
    if not words[0][:1].isupper():
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL_WORDS for w in words)


def quote_kind(text: str, quote: dict) -> str:
    """The kind of one direct quote of `text` (see the module notes): direct, title or term.

    `quote` has ``start`` and ``end`` (the quoted words), ``speaker`` and ``cue`` as
    :func:`framescope.actors.quotes.find_quotes` gives them.
    """
    span = text[quote["start"]:quote["end"]]
    words = _WORD.findall(span)
    before = text[max(0, quote["start"] - 40):quote["start"]].rstrip(" \"“‘'«„")
    named = quote.get("speaker") is not None
    before_end = max(0, quote["start"] - 40) + len(before)  # where `before` ends in `text`
    if not named and len(words) <= 6 and (_NAMING_BEFORE.search(before) or _CLASSED_AS.search(
            text, max(0, quote["start"] - 160), before_end)):
        return TERM
    if _title_case(span):
        if _TITLE_BEFORE.search(before) or (not named and quote.get("cue") is None):
            return TITLE
        if _DET_BEFORE.search(before) and _NOUN_AFTER.match(text, quote["end"]):
            return TITLE
    if not named and quote.get("cue") is None and len(words) == 1:
        return TERM
    if quote.get("cue") is None and len(words) <= 3 and span[-1:].isalnum() and _DET_BEFORE.search(before) \
            and _NOUN_AFTER.match(text, quote["end"]) and not _JUDGING.search(span):
        return TERM  # a label before a noun, with no speech verb: a "community safety" model
    listed = _LIST_BEFORE.search(text, max(0, quote["start"] - 12), quote["start"]) or _LIST_AFTER.match(
        text, quote["end"])
    if not named and quote.get("cue") is None and len(words) <= 4 and not _CLAUSE_WORDS.search(span) and listed:
        return TERM  # one of a list of quoted phrases: "overseas operations," "man-made disasters" and "struggles"
    if not named and quote.get("cue") is None and 2 <= len(words) <= 4 and span.rstrip(".,")[-1:].isalnum() \
            and _DET_PHRASE_BEFORE.search(before) and not _JUDGING.search(span) and not _CLAUSE_WORDS.search(span):
        return TERM  # a noun phrase set off by the reporter, no one saying it: opposition to the "revolving door"
    return DIRECT


def mark_kinds(text: str, quotes: list[dict]) -> None:
    """Set ``kind`` of each direct quote in `quotes` (in place); a title or term loses its speaker."""
    for q in quotes:
        if q.get("kind", DIRECT) != DIRECT:
            continue
        kind = quote_kind(text, q)
        if kind != DIRECT:
            q.update(kind=kind, speaker=None, speaker_type=None, speaker_surface=None, cue=None)


def count_quotes(speakers, kinds, n_words) -> dict[str, list[int]]:
    """Quotes and quoted words per speaker: ``{speaker: [n_quotes, n_words]}``.

    The one count behind every "number of quotes" (share of voice, the actors figure):
    rows that are quotes (:func:`is_quote`), by speaker, a quote without a named speaker
    under :data:`UNNAMED`. The three arguments are parallel sequences (columns of the
    quotes table, or fields of one article's quotes).
    """
    counts: dict[str, list[int]] = {}
    for speaker, kind, words in zip(speakers, kinds, n_words):
        if not is_quote(kind):
            continue
        key = speaker if isinstance(speaker, str) else UNNAMED
        c = counts.setdefault(key, [0, 0])
        c[0] += 1
        c[1] += int(words)
    return counts

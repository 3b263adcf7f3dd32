"""Which language an article is in: CLD3's neural model, shipped inside the cld3-py wheel.

Measured on the six SemEval-2023 Task 3 training sets in ../shared/labelled (1,238 articles
in English, French, German, Italian, Polish and Russian): every article right from its
text, 90% from its headline alone, about 1,300 articles a second on one core. Headlines
are short enough to be mistaken for a neighbouring language, so an article is judged on
its title and body together, and a text too short to judge is "und" (undetermined), with
a note, rather than a guess.

The text is judged in a few blocks of whole paragraphs taken across it (the model's own
split of a text into languages misses a German paragraph inside an English article); the
language is the one most of the judged characters are in, and a second language holding a
fifth or more of them makes the article "mixed", with a note.
"""

from __future__ import annotations

from typing import NamedTuple

from framescope.base.languages import UNDETERMINED

#: Characters a block of paragraphs is grown to before it is judged, and the most blocks an
#: article is judged in (spread across it): a few model calls an article whatever its length.
BLOCK_CHARS = 600
MAX_BLOCKS = 4
#: Below this many letters a text is not judged.
MIN_LETTERS = 20
#: A second language holding at least this share of the judged text makes the article "mixed".
MIXED_SHARE = 0.2
#: The config value (`language: auto`) asking for each article's language to be detected.
AUTO = "auto"


class Language(NamedTuple):
    code: str  # ISO 639-1 where there is one (CLD3's codes), or "und"
    confidence: float  # the model's mean probability over the blocks in `code`, 0 for "und"
    note: str | None  # undetermined or mixed, said in words


_MODEL = None


def _model():
    global _MODEL
    if _MODEL is None:
        import gcld3

        _MODEL = gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=4 * BLOCK_CHARS)
    return _MODEL


def blocks(text: str) -> list[str]:
    """Runs of whole paragraphs of at least BLOCK_CHARS characters (the last may be shorter),
    at most MAX_BLOCKS of them, evenly spread over the text."""
    runs, run, size = [], [], 0
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            continue
        run.append(paragraph)
        size += len(paragraph)
        if size >= BLOCK_CHARS:
            runs.append("\n".join(run))
            run, size = [], 0
    if run:
        runs.append("\n".join(run))
    if len(runs) <= MAX_BLOCKS:
        return runs
    step = (len(runs) - 1) / (MAX_BLOCKS - 1)
    return [runs[round(i * step)] for i in range(MAX_BLOCKS)]


def detect_language(text: str) -> Language:
    """The language of `text` (an article's title and body), its confidence and any note."""
    text = text or ""
    if sum(map(str.isalpha, text[:1000])) < MIN_LETTERS:
        return Language(UNDETERMINED, 0.0, "language undetermined: too little text")
    model = _model()
    weight: dict[str, int] = {}
    probability: dict[str, float] = {}
    guesses = []
    for block in blocks(text):
        found = model.FindLanguage(block)
        guesses.append(found)
        if found.is_reliable and found.language != UNDETERMINED:
            weight[found.language] = weight.get(found.language, 0) + len(block)
            probability[found.language] = probability.get(found.language, 0.0) + found.probability * len(block)
    if not weight:
        best = max(guesses, key=lambda g: g.probability)
        return Language(UNDETERMINED, 0.0,
                        f"language undetermined (best guess {best.language}, p={best.probability:.2f})")
    total = sum(weight.values())
    code = max(sorted(weight), key=weight.get)
    others = sorted(lang for lang in weight if lang != code and weight[lang] / total >= MIXED_SHARE)
    note = None
    if others:
        parts = ", ".join(f"{lang} {weight[lang] / total:.0%}" for lang in others)
        note = f"mixed language: mostly {code}, also {parts}"
    return Language(code, round(probability[code] / weight[code], 4), note)

"""Lexicon features: how often an article uses words of a few framing-relevant word lists.

The lists are short and hand-made for framescope; they are cues, not measures. Counts
are per 1,000 words so long and short articles compare. Generic-frame lists follow the
five generic frames of Semetko & Valkenburg (2000); hedges and certainty words mark how
firmly claims are put.
"""

from __future__ import annotations

import re
from collections import _count_elements  # Counter's counting loop, in C

LEXICONS: dict[str, tuple[str, ...]] = {
    "conflict": ("attack", "battle", "clash", "conflict", "dispute", "fight", "fighting", "war", "oppose",
                 "opposition", "rival", "threat", "threaten", "criticize", "criticized", "accuse", "accused",
                 "blame", "confront", "hostile", "aggression", "disagree", "feud", "slam", "condemn"),
    "economic": ("budget", "cost", "costs", "dollar", "dollars", "economy", "economic", "price", "prices",
                 "spending", "tax", "taxes", "billion", "million", "market", "markets", "trade", "jobs",
                 "wage", "wages", "inflation", "investment", "funding", "deficit", "revenue", "profit"),
    "morality": ("moral", "morally", "ethical", "ethics", "god", "faith", "sin", "values", "righteous",
                 "shame", "shameful", "duty", "conscience", "evil", "virtue", "dignity", "decent", "church"),
    "human_interest": ("family", "families", "mother", "father", "child", "children", "son", "daughter",
                       "victim", "victims", "suffering", "grief", "tears", "home", "life", "lives", "personal",
                       "story", "heart", "hope", "fear", "pain", "lost"),
    "responsibility": ("responsible", "responsibility", "blame", "fault", "accountable", "accountability",
                       "government", "should", "must", "solution", "solve", "fix", "failure", "failed",
                       "duty", "obligation", "policy"),
    "hedge": ("may", "might", "could", "possibly", "perhaps", "likely", "unlikely", "appear", "appears",
              "seem", "seems", "suggest", "suggested", "reportedly", "allegedly", "probably", "unclear"),
    "certainty": ("clearly", "certainly", "definitely", "always", "never", "undoubtedly", "must", "will",
                  "obviously", "surely", "absolutely", "fact", "proven"),
}

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
# word -> the lexicons it belongs to (a word may sit in more than one, e.g. "blame")
_LOOKUP: dict[str, tuple[str, ...]] = {}
for _name in sorted(LEXICONS):
    for _word in LEXICONS[_name]:
        _LOOKUP[_word] = _LOOKUP.get(_word, ()) + (_name,)


_LOWER_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")
# The only characters whose lower case holds an ASCII letter: "İ" -> "i̇" and the Kelvin sign -> "k".
_LOWERS_TO_ASCII = ("\u0130", "\u212a")


def lexicon_counts(text: str) -> dict[str, float]:
    """Per-1,000-word rates of each lexicon in `text`, as columns `lex_<name>`."""
    counts = dict.fromkeys(LEXICONS, 0)
    if any(c in text for c in _LOWERS_TO_ASCII):
        words = [w.lower() for w in _WORD.findall(text)]
    else:  # the same words, found in the lower-cased text
        words = _LOWER_WORD.findall(text.lower())
    n = len(words)
    seen: dict[str, int] = {}
    _count_elements(seen, words)
    for word in _LOOKUP.keys() & seen.keys():
        k = seen[word]
        for name in _LOOKUP[word]:
            counts[name] += k
    scale = 1000.0 / n if n else 0.0
    return {f"lex_{name}": round(counts[name] * scale, 6) for name in sorted(LEXICONS)}

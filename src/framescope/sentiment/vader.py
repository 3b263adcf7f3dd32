"""VADER, faster: the same scores as ``vaderSentiment`` 3.3.2, several times quicker.

VADER (Hutto & Gilbert, 2014) is a rule-based sentiment scorer: a lexicon of word
valences, adjusted for boosters ("very"), negation ("not"), capitals, "but" and
punctuation. The reference implementation recomputes lower-cased copies of the
sentence for every lexicon word, which makes it the slowest part of framescope's
sentiment stage. This module follows the same rules in the same order with the
lower-cased words computed once, reading the lexicon, booster list, negations and
idioms from the installed ``vaderSentiment`` package, so the two cannot drift apart.
``tests/test_sentiment.py`` checks that both give identical scores.

Texts containing an emoji (which VADER first replaces by its description) are
handed to the reference implementation unchanged.
"""

from __future__ import annotations

import functools
import math
import string
from typing import NamedTuple

from vaderSentiment import vaderSentiment as _ref

#: VADER's lexicon, idioms and rules are English.
LANGUAGES = ("en",)

_NEGATE = frozenset(_ref.NEGATE)
_BOOST = _ref.BOOSTER_DICT
_SPECIAL = _ref.SPECIAL_CASES
_N_SCALAR = _ref.N_SCALAR
_C_INCR = _ref.C_INCR
_PUNCT = string.punctuation


@functools.cache
def _reference():
    return _ref.SentimentIntensityAnalyzer()


@functools.cache
def _tables():
    ref = _reference()
    return ref.lexicon, frozenset(ref.emojis)


def _strip(token: str) -> str:
    stripped = token.strip(_PUNCT)
    return token if len(stripped) <= 2 else stripped


def _idioms(valence: float, wl: list[str], i: int) -> float:
    onezero = f"{wl[i - 1]} {wl[i]}"
    twoonezero = f"{wl[i - 2]} {wl[i - 1]} {wl[i]}"
    twoone = f"{wl[i - 2]} {wl[i - 1]}"
    threetwoone = f"{wl[i - 3]} {wl[i - 2]} {wl[i - 1]}"
    threetwo = f"{wl[i - 3]} {wl[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in _SPECIAL:
            valence = _SPECIAL[seq]
            break
    n = len(wl)
    if n - 1 > i:
        seq = f"{wl[i]} {wl[i + 1]}"
        if seq in _SPECIAL:
            valence = _SPECIAL[seq]
    if n - 1 > i + 1:
        seq = f"{wl[i]} {wl[i + 1]} {wl[i + 2]}"
        if seq in _SPECIAL:
            valence = _SPECIAL[seq]
    for seq in (threetwoone, threetwo, twoone):
        if seq in _BOOST:
            valence = valence + _BOOST[seq]
    return valence


@functools.cache
def _idiom_words() -> frozenset[str]:
    """Every word of the multi-word idioms and boosters: a sequence without one of them matches none."""
    return frozenset(w for key in (*_SPECIAL, *_BOOST) if " " in key for w in key.split(" "))


_SCORABLE: dict[int, tuple[dict, frozenset[str]]] = {}


def _scorable(lexicon: dict) -> frozenset[str]:
    """The lexicon's words that carry a valence of their own (boosters do not), worked out once per lexicon."""
    got = _SCORABLE.get(id(lexicon))
    if got is None or got[0] is not lexicon:
        got = _SCORABLE[id(lexicon)] = (lexicon, frozenset(w for w in lexicon if w not in _BOOST))
    return got[1]


def _valences(words: list[str], lexicon: dict, wl: list[str] | None = None) -> list[float]:
    """One valence per word: the reference's `sentiment_valence` loop and its 'but' rule.

    The same operations in the same order as the reference (so the same floats), with
    the checks that rarely apply (capitals, idioms) made only where they can.
    """
    if wl is None:
        wl = [w.lower() for w in words]
    n = len(words)
    out = [0.0] * n
    # boosters and unknown words carry no valence of their own
    scorable = _scorable(lexicon)
    scored = [i for i, lw in enumerate(wl) if lw in scorable]
    if not scored:
        return out
    cap_diff = None  # some words, not all, in capitals: worked out when a capitalised word needs it
    idiom_words = _idiom_words()
    boost_get = _BOOST.get
    for i in scored:
        lw = wl[i]
        if lw == "kind" and i < n - 1 and wl[i + 1] == "of":
            continue
        valence = lexicon[lw]
        if lw == "no" and i != n - 1 and wl[i + 1] in lexicon:
            valence = 0.0
        if (i > 0 and wl[i - 1] == "no") or (i > 1 and wl[i - 2] == "no") or (
                i > 2 and wl[i - 3] == "no" and wl[i - 1] in ("or", "nor")):
            valence = lexicon[lw] * _N_SCALAR
        if words[i].isupper():
            if cap_diff is None:
                n_upper = sum(map(str.isupper, words))
                cap_diff = 0 < n - n_upper < n
            if cap_diff:
                valence = valence + _C_INCR if valence > 0 else valence - _C_INCR
        # the three words before it: boosters (scaled 1, 0.95, 0.9), negations and idioms,
        # as the reference's loop over start_i = 0, 1, 2 (scalar_inc_dec, negation_check inlined)
        if i > 0:
            wk = wl[i - 1]
            if wk not in lexicon:
                s = boost_get(wk, 0.0)  # the reference's scalar_inc_dec
                if s:
                    if valence < 0:
                        s = -s
                    if words[i - 1].isupper():
                        if cap_diff is None:
                            n_upper = sum(map(str.isupper, words))
                            cap_diff = 0 < n - n_upper < n
                        if cap_diff:
                            s = s + _C_INCR if valence > 0 else s - _C_INCR
                valence = valence + s
                if wk in _NEGATE or "n't" in wk:
                    valence = valence * _N_SCALAR
            if i > 1:
                wk = wl[i - 2]
                if wk not in lexicon:
                    s = boost_get(wk, 0.0)
                    if s:
                        if valence < 0:
                            s = -s
                        if words[i - 2].isupper():
                            if cap_diff is None:
                                n_upper = sum(map(str.isupper, words))
                                cap_diff = 0 < n - n_upper < n
                            if cap_diff:
                                s = s + _C_INCR if valence > 0 else s - _C_INCR
                        s = s * 0.95
                    valence = valence + s
                    w1 = wl[i - 1]
                    if wk == "never" and (w1 == "so" or w1 == "this"):
                        valence = valence * 1.25
                    elif wk == "without" and w1 == "doubt":
                        pass
                    elif wk in _NEGATE or "n't" in wk:
                        valence = valence * _N_SCALAR
                if i > 2:
                    wk = wl[i - 3]
                    if wk not in lexicon:
                        s = boost_get(wk, 0.0)
                        if s:
                            if valence < 0:
                                s = -s
                            if words[i - 3].isupper():
                                if cap_diff is None:
                                    n_upper = sum(map(str.isupper, words))
                                    cap_diff = 0 < n - n_upper < n
                                if cap_diff:
                                    s = s + _C_INCR if valence > 0 else s - _C_INCR
                            s = s * 0.9
                        valence = valence + s
                        w2, w1 = wl[i - 2], wl[i - 1]
                        if wk == "never" and (w2 == "so" or w2 == "this") or (w1 == "so" or w1 == "this"):
                            valence = valence * 1.25
                        elif wk == "without" and (w2 == "doubt" or w1 == "doubt"):
                            pass
                        elif wk in _NEGATE or "n't" in wk:
                            valence = valence * _N_SCALAR
                        if lw in idiom_words or w1 in idiom_words or w2 in idiom_words:
                            valence = _idioms(valence, wl, i)
        if i > 1 and wl[i - 1] not in lexicon and wl[i - 1] == "least":
            if wl[i - 2] != "at" and wl[i - 2] != "very":
                valence = valence * _N_SCALAR
        elif i > 0 and wl[i - 1] not in lexicon and wl[i - 1] == "least":
            valence = valence * _N_SCALAR
        out[i] = valence
    if "but" in wl:
        # The reference rescales by looking each value up with list.index (the first equal
        # value); kept as it is so that the scores match to the last digit.
        bi = wl.index("but")
        for sentiment in out:
            si = out.index(sentiment)
            if si < bi:
                out.pop(si)
                out.insert(si, sentiment * 0.5)
            elif si > bi:
                out.pop(si)
                out.insert(si, sentiment * 1.5)
    return out


def _score(sentiments: list[float], text: str) -> tuple[float, float, float, float]:
    if not sentiments:
        return 0.0, 0.0, 0.0, 0.0
    if not any(sentiments):
        return 0.0, 1.0, 0.0, 0.0  # what the sums below come to when no word carries a valence
    sum_s = float(sum(sentiments))
    ep = min(text.count("!"), 4) * 0.292
    qm_count = text.count("?")
    qm = 0
    if qm_count > 1:
        qm = qm_count * 0.18 if qm_count <= 3 else 0.96
    amp = ep + qm
    if sum_s > 0:
        sum_s += amp
    elif sum_s < 0:
        sum_s -= amp
    compound = sum_s / math.sqrt(sum_s * sum_s + 15)
    compound = -1.0 if compound < -1.0 else 1.0 if compound > 1.0 else compound
    pos_sum = neg_sum = 0.0
    neu_count = sentiments.count(0)
    for s in filter(None, sentiments):  # the zeros add to neither sum
        if s > 0:
            pos_sum += float(s) + 1
        elif s < 0:
            neg_sum += float(s) - 1
    if pos_sum > math.fabs(neg_sum):
        pos_sum += amp
    elif pos_sum < math.fabs(neg_sum):
        neg_sum -= amp
    total = pos_sum + math.fabs(neg_sum) + neu_count
    return (round(math.fabs(neg_sum / total), 3), round(math.fabs(neu_count / total), 3),
            round(math.fabs(pos_sum / total), 3), round(compound, 4))


def polarity(text: str) -> tuple[float, float, float, float]:
    """VADER's ``(neg, neu, pos, compound)`` for one text, as ``polarity_scores`` gives them."""
    lexicon, emojis = _tables()
    if not text.isascii() and not emojis.isdisjoint(text):
        s = _reference().polarity_scores(text)
        return s["neg"], s["neu"], s["pos"], s["compound"]
    words = [w if len(s := w.strip(_PUNCT)) <= 2 else s for w in text.split()]
    return _score(_valences(words, lexicon), text)


def word_valences(words: list[str]) -> list[float]:
    """VADER's valence of each word in a tokenised sentence (0 for words it does not score).

    ``words`` are whitespace tokens as VADER splits them; the target-dependent model uses
    these to weigh sentiment words by their distance from the target.
    """
    lexicon, _ = _tables()
    return _valences([_strip(w) for w in words], lexicon)


class Analysis(NamedTuple):
    """One text as VADER reads it: its scores, its words and each word's valence."""

    scores: tuple[float, float, float, float]  # (neg, neu, pos, compound), as polarity() gives them
    raw: list[str]  # the whitespace tokens as written
    words: list[str]  # the same tokens with outer punctuation stripped, as VADER reads them
    lowered: list[str]  # `words` in lower case
    valences: list[float]  # each word's valence in context (0 for most words)


def analyse(text: str) -> Analysis:
    """VADER's scores for `text` and the per-word detail behind them, in one pass."""
    lexicon, emojis = _tables()
    raw = text.split()
    # (a word of letters and digits alone has no punctuation to strip)
    words = [w if w.isalnum() or len(s := w.strip(_PUNCT)) <= 2 else s for w in raw]
    lowered = list(map(str.lower, words))
    valences = _valences(words, lexicon, lowered)
    if text.isascii() or emojis.isdisjoint(text):  # VADER's emoji are none of them ASCII
        scores = _score(valences, text)
    else:
        scores = polarity(text)
    return Analysis(scores, raw, words, lowered, valences)

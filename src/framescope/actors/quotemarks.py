"""Quote marks: where an article's direct quotes are, and its sentences with the quoted words masked.

Which marks are read, and how a quote continues into the next paragraph, is told in
`framescope.actors.quotes`, which attributes the quotes found here to their speakers.
"""

from __future__ import annotations

import bisect
import re

_SENT_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
_NO_SENT_END = frozenset("Mr Mrs Ms Messrs Mmes Dr St Sen Rep Gov Gen Lt Col Jr Sr No vs Prof Sgt Capt Sens Reps Gens "
                          "Adm Maj Rev Cmdr".split())
_PARA_BREAK = re.compile(r"\n[ \t]*\n\s*")
WORD = re.compile(r"\w+(?:['’]\w+)*")

_OPEN, _CLOSE, _AMBIG = 1, 2, 3
_MARKS = re.compile(r"``|''|[\"“”«»„]")
_OPENISH_BEFORE = set(" \t\n([{—–-/“‘«")
_TITLE_BEFORE = re.compile(
    r"(?:(?:’s|'s)|\b(?:told|on|in|to|from|via|watch|read|titled|entitled|headlined|show|program|book|film|"
    r"column|article|newspaper|magazine|series|album|song|movie|memoir|documentary|essay|op-ed|report))[\s,:]*$"
)
_SMALL = {"of", "the", "and", "a", "an", "in", "on", "for", "to", "at", "with", "&"}


# ---------------------------------------------------------------------------
# Finding the quote marks
# ---------------------------------------------------------------------------


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for m in _PARA_BREAK.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return spans


def _mark_kind(text: str, p: int, ch: str) -> int:
    if ch in ("“", "«", "„", "``"):
        return _OPEN
    if ch in ("”", "»", "''"):
        return _CLOSE
    before = text[p - 1] if p > 0 else "\n"
    after = text[p + 1] if p + 1 < len(text) else "\n"
    if before in _OPENISH_BEFORE and not after.isspace():
        return _OPEN
    if not before.isspace() and (after.isspace() or after in ".,;:!?)]—–-"):
        return _CLOSE
    return _AMBIG


def _raw_quotes(text: str, paras: list[tuple[int, int]]) -> list[list[int]]:
    """[open_pos, content_start, content_end, close_end] for each double-quoted span."""
    para_starts = [a for a, _ in paras]
    out = []
    state = None  # [open_pos, content_start, para_index]

    def close_open_at_para_end(state):
        # No closing mark and no continuation: the quote ends with its paragraph.
        a, b = paras[state[2]]
        end = b
        while end > state[1] and text[end - 1].isspace():
            end -= 1
        if end > state[1]:
            out.append([state[0], state[1], end, end])

    for m in _MARKS.finditer(text):
        p = m.start()
        ch = m.group()
        para = bisect.bisect_right(para_starts, p) - 1
        kind = _mark_kind(text, p, ch)
        if state is not None and para != state[2]:
            first_of_para = not text[paras[para][0]:p].strip()
            stray = not text[state[1]:paras[state[2]][1]].strip()
            if para == state[2] + 1 and first_of_para and kind != _CLOSE and not stray:
                state[2] = para  # the quote continues into this paragraph
                continue
            if stray:
                state = None  # a lone opening mark at the end of a paragraph
            if state is not None:
                close_open_at_para_end(state)
                state = None
        if state is None:
            if kind == _CLOSE:
                # A closing mark with nothing open; "”" used as an opener by some typesetters.
                before = text[p - 1] if p > 0 else "\n"
                if ch == "”" and before in _OPENISH_BEFORE and p + 1 < len(text) and not text[p + 1].isspace():
                    state = [p, m.end(), para]
                continue
            if ch == '"' and p > 0 and text[p - 1].isdigit():
                continue  # inches: 5'10"
            state = [p, m.end(), para]
        else:
            if kind == _OPEN and ch != '"':
                before = text[p - 1] if p > 0 else "\n"
                after = text[p + 1] if p + 1 < len(text) else "\n"
                if not before.isspace() and (after.isspace() or after in ".,;:!?"):
                    kind = _CLOSE  # “ used as a closing mark („...“ or a typo)
                else:
                    state = [p, m.end(), para]  # the earlier opener was stray
                    continue
            out.append([state[0], state[1], p, m.end()])
            state = None
    if state is not None:
        close_open_at_para_end(state)
    return out


def _single_quotes(text: str, taken: list[list[int]]) -> list[list[int]]:
    """‘...’ spans outside double quotes: headlines and British-style quotes."""
    out = []
    starts = [q[0] for q in taken]
    pos = 0
    while True:
        p = text.find("‘", pos)
        if p < 0:
            break
        pos = p + 1
        i = bisect.bisect_right(starts, p) - 1
        if i >= 0 and taken[i][0] < p < taken[i][3]:
            continue  # a quote within a quote belongs to the outer quote
        before = text[p - 1] if p > 0 else "\n"
        after = text[p + 1] if p + 1 < len(text) else "\n"
        if before not in _OPENISH_BEFORE or after.isspace() or after.isdigit():
            continue
        q = p + 1
        limit = min(len(text), p + 400)
        close = -1
        while True:
            q = text.find("’", q, limit)
            if q < 0 or "\n" in text[p:q]:
                break
            nxt = text[q + 1] if q + 1 < len(text) else " "
            if not nxt.isalnum():
                close = q
                break
            q += 1
        if close < 0 or close - p < 3:
            continue
        out.append([p, p + 1, close, close + 1])
        pos = close + 1
    return out


def _trim(text: str, q: list[int]) -> tuple[int, int, str]:
    """Content offsets without surrounding spaces or a trailing comma; and the closing punctuation."""
    a, b = q[1], q[2]
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    punct = text[b - 1] if b > a else ""
    while b > a and text[b - 1] in ",":
        b -= 1
        while b > a and text[b - 1].isspace():
            b -= 1
    return a, b, punct


def _is_title(text: str, q: list[int], a: int, b: int) -> bool:
    """“Fox News Sunday”, “This Week”: a programme or book title, not speech."""
    words = text[a:b].strip(" .,!?").split()
    if not words or len(words) > 6:
        return False
    if not all(w[:1].isupper() or w.lower() in _SMALL for w in words) or not words[0][:1].isupper():
        return False
    return bool(_TITLE_BEFORE.search(text, max(0, q[0] - 30), q[0]))


# ---------------------------------------------------------------------------
# The article's quotes, paragraphs and sentences
# ---------------------------------------------------------------------------


class QuotedText:
    """One article's paragraphs, direct quotes and sentence bounds, with the quoted words masked."""

    def __init__(self, text: str):
        self.text = text
        self.paras = _paragraphs(text)
        self.para_starts = [a for a, _ in self.paras]
        raw = _raw_quotes(text, self.paras)
        raw = sorted(raw + _single_quotes(text, raw))
        self.quotes = []
        for q in raw:
            a, b, punct = _trim(text, q)
            if b <= a or not WORD.search(text, a, b) or _is_title(text, q, a, b):
                continue
            self.quotes.append({"open": q[0], "start": a, "end": b, "close": q[3], "punct": punct})
        # The text with quoted words masked, so cues and sentence ends inside quotes are not seen.
        pieces = []
        pos = 0
        for q in self.quotes:
            a, b = q["start"], q["end"]
            # The first letter (a capital starts a sentence) and a final full stop stay visible.
            # ... also when a quote inside the quote closes after it: “... 'Yes, we can.'”
            keep = 1 if b - a > 1 and text[b - 1] in ".!?…" else \
                2 if b - a > 2 and text[b - 1] in "'’" and text[b - 2] in ".!?…" else 0
            pieces.append(text[pos:a + 1])
            a += 1
            pieces.append("~" * (b - a - keep))
            if keep:
                pieces.append(text[b - keep:b])
            pos = b
        pieces.append(text[pos:])
        self.masked = "".join(pieces)
        bounds = {a for a, _ in self.paras}
        masked = self.masked
        for m in _SENT_END.finditer(masked):
            p = m.start()
            if masked[p] == ".":
                tail = masked[max(0, p - 7):p].rsplit(None, 1)
                w = tail[-1] if tail else ""
                w = w.lstrip("(\"“")
                if w in _NO_SENT_END or (len(w) == 1 and w.isupper()) or (len(w) >= 2 and w[-2] == "."):
                    continue  # "Mr. Hegseth", "J. Smith", "U.S. officials"
            bounds.add(m.end())
        pos = masked.find("\n")
        while pos >= 0:
            bounds.add(pos + 1)
            pos = masked.find("\n", pos + 1)
        self.bounds = sorted(bounds)

    # -- geometry -------------------------------------------------------------

    def para_of(self, pos: int) -> int:
        return bisect.bisect_right(self.para_starts, pos) - 1

    def sentence_start(self, pos: int) -> int:
        i = bisect.bisect_right(self.bounds, pos) - 1
        start = self.bounds[i] if i >= 0 else 0
        return max(start, self.paras[self.para_of(pos)][0])

    def sentence_end(self, pos: int) -> int:
        """End of the sentence running at `pos` (a sentence end exactly at `pos` does not count)."""
        i = bisect.bisect_right(self.bounds, pos)
        para_end = self.paras[self.para_of(pos)][1]
        end = self.bounds[i] if i < len(self.bounds) else len(self.text)
        return min(end, para_end)

"""Where the direct quotes of an article in French, German, Italian, Polish or Russian are.

The language's quote marks (`framescope.actors.conventions`): « » with or without
non-breaking spaces inside, „ “ and „ ”, » « (German, reversed), “ ”, and straight
double quotes. A mark that opens a quote is closed only by a closer of its own pair, so
quotes inside quotes («... „...“ ...») stay in the outer one. A quote still open at the end
of its paragraph continues when the next paragraph opens with the same mark (the
multi-paragraph convention); otherwise it ends with its paragraph. A short capitalised
quote inside a sentence is a name («Единая Россия», „The Guardian”), not speech, and is
left out.

Lines of dialogue: in languages that write speech after a dash, a paragraph that opens with
a dash is speech up to the next dash set off by spaces that starts the author's words
("— Мы не уйдём, — сказал он. — Это наш город."): each stretch of speech is a quote and
the author's words after it are its `remark`, where its speaker is named; French and Italian
may set the author's words off by a comma instead ("— Nous reviendrons, a promis Jean
Dupont."). Dashes are also
punctuation and list bullets, so such a paragraph counts as speech only when one of its
remarks holds a speech verb, or the paragraph before it ends with a colon.
"""

from __future__ import annotations

import bisect
import re

from framescope.actors.conventions import Conventions
from framescope.actors.quotemarks import WORD
from framescope.text.sentences import paragraph_spans, split_sentences

_DIALOGUE_OPEN = re.compile(r"[—–]|-(?=\s)")
_SPACED_DASH = re.compile(r",?\s+(?:[—–]|-(?=\s))\s*")
_COMMA = re.compile(r",\s+")
_CLAUSE_END = re.compile(r"[,.;!?]")
_OPENISH_BEFORE = set(" \t\n\u00a0\u202f([{—–-/:")


class LanguageText:
    """One article's paragraphs, direct quotes and sentence bounds, with the quoted words masked."""

    def __init__(self, text: str, conv: Conventions):
        self.text = text
        self.conv = conv
        self.paras = paragraph_spans(text)
        self.para_starts = [a for a, _ in self.paras]
        quotes = self._marked()
        if conv.dialogue_dash:
            quotes += self._dialogue(quotes)
        self.quotes = []
        for q in sorted(quotes, key=lambda q: q["open"]):
            a, b = q["start"], q["end"]
            while a < b and text[a].isspace():
                a += 1
            while b > a and (text[b - 1].isspace() or text[b - 1] == ","):
                b -= 1
            if b <= a or not WORD.search(text, a, b) or (not q["dialogue"] and self._is_name(q["open"], a, b)):
                continue
            q.update(start=a, end=b, punct=text[b - 1])
            self.quotes.append(q)
        self.masked = self._mask()
        sentences = split_sentences(self.masked, conv.language)
        self.bounds = sorted({s.start for s in sentences} | set(self.para_starts))

    # -- finding the marks ------------------------------------------------------

    def _is_name(self, open_at: int, a: int, b: int) -> bool:
        """A name in quote marks inside a sentence: «Единая Россия», „The Guardian”, « Le Monde »."""
        text = self.text
        if not text[a].isupper() or text[b - 1] in ".!?…" or len(WORD.findall(text, a, b)) > 5:
            return False
        before = text[max(0, open_at - 40):open_at].rstrip()
        return bool(before) and (before[-1].isalnum() or before[-1] == ",") and "\n" not in before[-3:]

    def para_of(self, pos: int) -> int:
        return bisect.bisect_right(self.para_starts, pos) - 1

    def _opens(self, p: int, ch: str) -> bool:
        text = self.text
        before = text[p - 1] if p > 0 else "\n"
        after = text[p + 1] if p + 1 < len(text) else "\n"
        is_closer = any(ch in c for c in self.conv.closers.values())
        if not is_closer:
            return True  # „ and (in French) « open a quote wherever they stand
        return (before in _OPENISH_BEFORE or before in self.conv.openers) and not after.isspace()

    def _closes(self, p: int, ch: str) -> bool:
        if ch != '"':
            return True
        text = self.text
        before = text[p - 1] if p > 0 else "\n"
        after = text[p + 1] if p + 1 < len(text) else "\n"
        return not before.isspace() or after.isspace() or after in ".,;:!?)"

    def _marked(self) -> list[dict]:
        conv, text = self.conv, self.text
        out: list[dict] = []
        marks = re.compile("[" + re.escape(conv.marks) + "]")
        state = None  # the open quote: {"mark", "open", "para", "depth"}

        def close_at_para_end(state):
            _, end = self.paras[state["para"]]
            out.append({"open": state["open"], "start": state["open"] + 1, "end": end, "close": end,
                        "dialogue": False})

        for m in marks.finditer(text):
            p, ch = m.start(), m.group()
            para = self.para_of(p)
            if state is not None and para != state["para"]:
                first_of_para = not text[self.paras[para][0]:p].strip()
                if para == state["para"] + 1 and first_of_para and ch == state["mark"]:
                    state["para"] = para  # the quote continues into this paragraph
                    continue
                close_at_para_end(state)
                state = None
            if state is None:
                if ch in conv.closers and self._opens(p, ch):
                    state = {"mark": ch, "open": p, "para": para, "depth": 0}
                continue
            if ch == '"' == state["mark"] and not self._closes(p, ch):
                state = {"mark": ch, "open": p, "para": para, "depth": 0}  # the earlier one was stray
                continue
            if ch in conv.closers[state["mark"]] and self._closes(p, ch):
                if state["depth"]:
                    state["depth"] -= 1
                    continue
                out.append({"open": state["open"], "start": state["open"] + 1, "end": p, "close": p + 1,
                            "dialogue": False})
                state = None
            elif ch == state["mark"] and self._opens(p, ch):
                state["depth"] += 1  # «... «...» ...»
        if state is not None:
            close_at_para_end(state)
        return out

    # -- lines of dialogue ------------------------------------------------------

    def _dialogue(self, marked: list[dict]) -> list[dict]:
        text = self.text
        taken = sorted((q["open"], q["close"]) for q in marked)
        out: list[dict] = []
        for k, (a, b) in enumerate(self.paras):
            opening = _DIALOGUE_OPEN.match(text, a, b)
            if opening is None or any(x < b and y > a for x, y in taken):
                continue
            dashes = list(_SPACED_DASH.finditer(text, opening.end(), b))
            speech_from = opening.end()
            pieces = []  # (speech start, speech end, remark start, remark end)
            i = 0
            while i <= len(dashes):
                end = dashes[i].start() if i < len(dashes) else b
                if i == len(dashes):
                    pieces.append((speech_from, end, end, end))
                    break
                remark_from = dashes[i].end()
                remark_end = dashes[i + 1].start() if i + 1 < len(dashes) else b
                found = self._remark_cue(remark_from, min(remark_end, remark_from + 80))
                if found is None or len(text[remark_from:found.start()].split()) > 3:
                    i += 1  # a dash inside the speech: "Москва — столица"
                    continue
                pieces.append((speech_from, end, remark_from, remark_end))
                speech_from = dashes[i + 1].end() if i + 1 < len(dashes) else b
                i += 2
            if not any(r_a < r_b for _, _, r_a, r_b in pieces):
                pieces = self._incise(opening.end(), b) or pieces
            has_remark = any(r_a < r_b for _, _, r_a, r_b in pieces)
            before = text[self.paras[k - 1][0]:self.paras[k - 1][1]].rstrip() if k > 0 else ""
            if not has_remark and not before.endswith(":"):
                continue
            for s_a, s_b, r_a, r_b in pieces:
                if s_a < s_b:
                    out.append({"open": s_a - 1, "start": s_a, "end": s_b, "close": s_b, "dialogue": True,
                                "remark": (r_a, r_b)})
        return out

    def _remark_cue(self, a: int, b: int) -> re.Match | None:
        inversion = self.conv.pronoun_inversion
        found = inversion.search(self.text, a, b) if inversion is not None else None
        return found or self.conv.cue.search(self.text, a, b)

    def _incise(self, a: int, b: int) -> list[tuple[int, int, int, int]]:
        """Speech with the author's words after a comma, no dash: "— Nous reviendrons, a promis Jean Dupont."."""
        for comma in _COMMA.finditer(self.text, a, b):
            found = self._remark_cue(comma.end(), min(b, comma.end() + 40))
            if found is None or found.start() != comma.end():
                continue
            end = _CLAUSE_END.search(self.text, found.end(), b)
            if end is None:
                return [(a, comma.start(), comma.end(), b)]
            pieces = [(a, comma.start(), comma.end(), end.start())]
            if end.group() == ",":  # "..., a-t-il dit, ..." : the speech goes on
                pieces.append((end.end(), b, b, b))
            return pieces
        return []

    # -- the masked text ----------------------------------------------------------

    def _mask(self) -> str:
        """The text with quoted words masked ("~"), so cues and sentence ends inside quotes are not seen.

        The first letter and a final ., ! or ? of each quote stay: they tell where sentences start
        and end.
        """
        text = self.text
        pieces, pos = [], 0
        for q in self.quotes:
            a, b = q["start"], q["end"]
            keep = 1 if b - a > 1 and text[b - 1] in ".!?…" else 0
            pieces.append(text[pos:a + 1])
            pieces.append("".join(c if c == "\n" else "~" for c in text[a + 1:b - keep]))
            pieces.append(text[b - keep:b])
            pos = b
        pieces.append(text[pos:])
        return "".join(pieces)

    # -- geometry -------------------------------------------------------------------

    def sentence_start(self, pos: int) -> int:
        i = bisect.bisect_right(self.bounds, pos) - 1
        start = self.bounds[i] if i >= 0 else 0
        return max(start, self.paras[max(0, self.para_of(pos))][0])

    def sentence_end(self, pos: int) -> int:
        """End of the sentence running at `pos` (a sentence starting exactly at `pos` does not end it)."""
        i = bisect.bisect_right(self.bounds, pos)
        para_end = self.paras[max(0, self.para_of(pos))][1]
        end = self.bounds[i] if i < len(self.bounds) else len(self.text)
        return min(end, para_end)

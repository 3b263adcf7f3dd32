"""Quotes: who is quoted in an article, saying what.

`find_quotes(text, mentions)` finds the direct quotes in one article's clean text
and attributes each to a speaker; `find_indirect` finds reported speech without
quote marks ("Mr. Hegseth said NATO membership ... is not ..."); `find_speech`
returns both. Offsets are character offsets into `text`; the mentions are those
of `framescope.actors.mentions.find_mentions` for the same text.

Quote marks: straight "..." and curly “...”, ``...'', guillemets «...», „...“,
and single curly ‘...’ outside double quotes (headlines such as ‘Stark
strategic realities’). Apostrophes (Ukraine’s, don’t) are not quote marks. A
quote still open at the end of its paragraph continues when the next paragraph
opens with a quote mark (the multi-paragraph convention): one quote spans both.
The quote's text is what lies inside the marks, without a trailing comma.
The marks are found by `framescope.actors.quotemarks`.

Attribution, in order of trust:

1. The quote's own sentence. After the quote: `“...,” Mr. Peskov told
   reporters.`, `“...,” said Mr. Rutte.`, `“...,” according to Tass.`. Before
   it: `Mr. Hegseth said NATO membership is not a “realistic outcome”`,
   `Mr. Trump said ... “very well,” adding, “...”` (a participle such as
   "adding" or "calling it" takes the subject of its sentence), and
   `Tass quoted a Kremlin official as saying “...”` (the official speaks). A
   reporting clause closing the sentence after more words: `... a “phased end” of
   tariffs, said a ministry spokesman, Gao Feng.` (also "X said.", "according to X.").
2. "he said" / "she said" goes to the most recent plausible person: looking
   back sentence by sentence (same paragraph, then up to two paragraphs back),
   the speaker of a quote, then a person who "said" something, then the first
   person named, skipping people of the other gender when the article shows it
   (Mr./Ms., titles, first names). "they said" is left unresolved.
3. An unnamed speaker ("one European official", "the statement") keeps speaker
   None but is kept in `speaker_surface`.
4. A quote that is a sentence of its own with no cue takes the speaker of the
   nearest attributed quote in the same paragraph (before it, else after it).
   A paragraph that opens with such a quote continues the previous paragraph's
   speaker when that paragraph ended with an attributed quote, with "X said:",
   or with reported speech of a named speaker ("X said the plan ...") (the running
   speaker of a news story).
5. A quote with no cue whose words are quoted again elsewhere with a speaker
   (a headline or subhead) takes that speaker.
6. A partial quote in the reporter's sentence goes to the sentence's subject
   ("Mayor X also wished him a "speedy recovery"", "X's pledge to seek "reforms"");
   with none, and nobody named before it in its sentence, it continues the running
   speaker (an earlier quote of its paragraph, or the last quote of the paragraph
   before when nobody is named in between).

Descriptions go to the nearest compatible named actor: "the board" to the
organisation whose board it is, "the president" to the person given that role,
"the statement" and "it" to the speaker of the last quote, "a statement from the
ACLU" and "a White House spokesman" to the organisation, "X said he reiterated"
to X (`framescope.actors.resolve`).
A speaker is always an actor of the article's mentions, or None with
``speaker_reason`` saying why ("unnamed source", "pronoun not resolved", "no
attribution"); ``speaker_surface`` holds the words for it, never a piece of a
sentence such as "D-N.Y.) paused to".

Speakers that are news outlets or agencies (Tass, the Associated Press,
Reuters) get speaker_type "source".
"""

from __future__ import annotations

import bisect
import re

from framescope.actors import cuepatterns as pat
from framescope.actors.gazetteer import SOURCE_NAMES
from framescope.actors.mentions import actor_genders
from framescope.actors.quotekinds import mark_kinds
from framescope.actors.quotemarks import WORD, QuotedText
from framescope.actors.resolve import SpeakerResolver, apposition_start, is_fragment, norm_quote, speaker_reason
from framescope.actors.speakers import find_quotes_in
from framescope.actors.wordlists import PARTICIPLE_CUES, REPORTING_CUES

# ---------------------------------------------------------------------------
# The article
# ---------------------------------------------------------------------------


class _Article(SpeakerResolver):
    """An article's quotes and actor mentions: who says each quote, and the reported speech."""

    def __init__(self, text: str, mentions: list[dict]):
        super().__init__(text)
        self.mentions = sorted(mentions, key=lambda m: m["start"])
        self.m_starts = [m["start"] for m in self.mentions]
        self.m_by_end = {m["end"]: m for m in self.mentions}
        self.genders = actor_genders(self.mentions)
        self._attributed: list[dict] = []  # quotes with a speaker so far, for "he said"
        q_spans = [(q["start"], q["end"]) for q in self.quotes]
        q_starts = [s for s, _ in q_spans]
        self.in_quote = set()
        for k, m in enumerate(self.mentions):
            i = bisect.bisect_right(q_starts, m["start"]) - 1
            if i >= 0 and q_spans[i][0] <= m["start"] < q_spans[i][1]:
                self.in_quote.add(k)

    # -- mentions -------------------------------------------------------------

    def mentions_in(self, a: int, b: int):
        i = bisect.bisect_left(self.m_starts, a)
        while i < len(self.mentions) and self.mentions[i]["start"] < b:
            if i not in self.in_quote:
                yield self.mentions[i]
            i += 1

    # -- speakers -------------------------------------------------------------

    def speaker_of_mention(self, m: dict) -> dict:
        if (proxy := self.proxy_voice(m)) is not None:
            return proxy  # "a spokesman for Speaker X": not X
        t = "source" if m["actor"] in SOURCE_NAMES else m["actor_type"]
        return {"speaker": m["actor"], "speaker_type": t, "speaker_surface": m["surface"]}

    def np_speaker(self, a: int, b: int, pos: int, inverted: bool = False) -> dict | None:
        """The speaker named by the noun phrase text[a:b] ("Mr. Peskov", "he", "one European official")."""
        text = self.text
        while a < b and text[a] in " ,\u00a0":
            a += 1
        while b > a and text[b - 1] in " ,.\u00a0":
            b -= 1
        if b <= a:
            return None
        phrase = text[a:b]
        low = phrase.lower()
        if low in pat.PRONOUNS:
            return self.pronoun(phrase, pos)
        # "Princeton University history professor Julian Zelizer, referring to ...": the person at the head's end
        comma = phrase.find(",")
        if comma > 0 and pat.DET_START.match(phrase) and (named := self.apposition(a, phrase, comma)) is not None:
            return named  # "a ministry spokesman, Gao Feng": the name in apposition
        head_end = a + len(pat.PARTY_AT_END.sub("", phrase[:comma if comma >= 0 else len(phrase)].rstrip()))  # "X (D)"
        last = self.m_by_end.get(head_end)
        if last is not None and last["actor_type"] == "person" and last["start"] >= a:
            k = bisect.bisect_left(self.m_starts, last["start"])
            if k not in self.in_quote and not pat.DEPENDENT.search(text, max(a, last["start"] - 30), last["start"]):
                return self.speaker_of_mention(last)
        first = next(self.mentions_in(a, b), None)
        if first is not None:
            pre = text[a:first["start"]]
            post = text[first["end"]:b]
            pre_ok = not pre.strip() or pat.PRE_NAME.fullmatch(pre) is not None
            if pre_ok and pat.HEAD_CONTINUES.match(post):
                return self.speaker_of_mention(first)
        doc = self.document_source(a, b) or self.owner(a, b)  # "a statement from the ACLU", "the ACLU's lawyers"
        if doc is not None:
            return doc
        head = phrase.split(",")[0].strip()
        head = pat.PREP_TAIL.sub("", head).strip() if inverted else head
        if not head or len(head.split()) > 8 or not pat.UNNAMED_START.match(head) or " that " in head \
                or pat.RELATIVE_END.search(head):
            return None
        return self.unnamed(head, pos)

    def unnamed(self, surface: str, pos: int) -> dict | None:
        """A speaker given by a description: the named actor it stands for ("the board"), else none;
        None when the words are a fragment of a sentence, not a description ("D-N.Y.) paused to")."""
        found = self.describe(surface, pos) or self.org_voice(surface, pos)
        if found is not None:
            return {**found, "speaker_surface": surface}
        if is_fragment(surface):
            return None
        return {"speaker": None, "speaker_type": None, "speaker_surface": surface}

    def subject_before(self, sent_start: int, cue_start: int, pos: int) -> dict | None:
        """The subject of a cue verb: the words just before it in its sentence."""
        masked, end = self.masked, cue_start
        seg = masked[sent_start:end].rstrip()
        # drop adverbs and auxiliaries between subject and verb ("Mr. Trump later told")
        while True:
            m = pat.ADVERB_AT_END.search(seg)
            if not m:
                break
            seg = seg[:m.start()].rstrip()
        if (listener := self.passive_listener(seg, cue_start, pos)) is not None:
            return listener  # "she is often asked, "...": someone else asks
        # an apposition that is a name: "The spokeswoman for Issa, Becca Watkins, said"
        if seg.endswith(","):
            k = seg.rfind(",", 0, len(seg) - 1)
            m = self.m_by_end.get(sent_start + len(seg) - 1)
            if k > 0 and m is not None and m["actor_type"] == "person" and \
                    pat.APPOSITION_LEAD.fullmatch(masked, sent_start + k + 1, m["start"]):  # "..., the Rev. X, said"
                return self.speaker_of_mention(m)
            # drop a relative clause or apposition: "Mr. Rutte, who leads NATO, said"; and a party: "(D., N.Y.)"
            k = apposition_start(seg, k)  # "the senator, a critic of X who ..., dropped him, and ..., said"
            if k > 0:
                seg = pat.PARTY_AT_END.sub("", seg[:k].rstrip())
        end = sent_start + len(seg)
        if end <= sent_start:
            return None
        if seg.endswith(" to"):  # "Ms. X (D-N.Y.) paused to call it ...": the sentence's subject
            return self.subject_of(sent_start, end) or self.initial_subject(sent_start, end, max_words=3)
        pm = pat.PRONOUN_END.search(seg)
        if pm:
            said = pat.SAID_PRONOUN.search(seg, 0, pm.start())
            if said is not None:  # "the director said he reiterated ...": he is the one who said it
                return self.subject_before(sent_start, sent_start + said.start(), pos)
            return self.pronoun(pm.group(1), pos)
        m = self.m_by_end.get(end)
        if m is not None and m["actor_type"] == "place" and pat.PARTY_BEFORE.search(masked, max(0, m["start"] - 40),
                                                                              m["start"]):
            # "Sen. Ted Cruz, R-Texas", "Sen. Ann Moss of Ohio": a party or state, not the subject
            return self.initial_subject(sent_start, end, max_words=3)
        if m is not None and m["start"] >= sent_start:
            k = bisect.bisect_left(self.m_starts, m["start"])
            if k not in self.in_quote:
                conj = pat.AND_AT_END.search(masked[max(sent_start, m["start"] - 8):m["start"]])
                joint = conj is not None and (m["start"] - len(conj.group())) in self.m_by_end
                of = pat.OF_BEFORE.search(masked, max(sent_start, m["start"] - 10), m["start"])
                if of is not None and not joint:
                    p = self.m_by_end.get(of.start())
                    if p is not None and p["actor_type"] == "person" and p["start"] >= sent_start \
                            and pat.initial_ok(masked[sent_start:p["start"]]):
                        return self.speaker_of_mention(p)  # "Paul Ashworth of Capital Economics said"
                if joint or pat.DEPENDENT.search(masked, max(sent_start, m["start"] - 30), m["start"]):
                    # "a lawyer for Mr. Trump said", "Mr. Trump and Mr. Hegseth said"
                    doc = self.document_source(sent_start, end)  # "A statement from the ACLU said"
                    if doc is not None:
                        return doc
                    tail = pat.CLAUSE_BREAK.split(seg)[-1].strip()
                    return {"speaker": None, "speaker_type": None, "speaker_surface": tail or None}
                return self.speaker_of_mention(m)
        own = self.owner(sent_start, end)  # "USA Today's editorial board wrote"
        if own is not None:
            return own
        # "Russia’s Tass news service said": the outlet speaks
        ot = pat.OUTLET_TAIL.search(seg)
        if ot is not None:
            m = self.m_by_end.get(sent_start + ot.start())
            if m is not None and m["actor_type"] == "organization":
                return self.speaker_of_mention(m)
        tail = pat.PHRASE_BREAK.split(seg)[-1].strip()
        if tail and len(tail.split()) <= 8 and pat.UNNAMED_START.match(tail) and not pat.RELATIVE_END.search(tail):
            return self.unnamed(tail, pos)
        # "House Speaker John Boehner, after trying ..., joked": the one who opens the sentence
        return self.initial_subject(sent_start, end, max_words=3)

    def initial_subject(self, sent_start: int, end: int, max_words: int) -> dict | None:
        """A person or organisation that opens the sentence (at most `max_words` words before it)."""
        for m in self.mentions_in(sent_start, end):
            if m["actor_type"] not in ("person", "organization"):
                continue
            if self.org_as_modifier(m):
                return None  # "The House Budget chairman": a person the organisation describes, not it
            before = self.masked[sent_start:m["start"]]
            if len(before.split()) > max_words or pat.DEPENDENT.search(before) or "~" in before \
                    or pat.VERB_ED_BEFORE.search(before) or self.masked.startswith(("'s", "’s"), m["end"]):
                return None  # ("has denied X's claim": X is the object; "X's campaign manager" is not X)
            return self.speaker_of_mention(m)
        return None

    def pronoun(self, word: str, pos: int) -> dict | None:
        """Resolve "he"/"she" to the most recent plausible person before `pos`."""
        gender = pat.PRONOUNS.get(word.lower())
        if gender is None:
            low = word.lower()
            found = self.it_speaker(pos) if low == "it" else self.they_speaker(pos) if low == "they" else None
            return {"speaker": None, "speaker_type": None, **(found or {}), "speaker_surface": word}
        para = self.para_of(pos)
        first_para = para
        seen = 0
        while first_para > 0 and seen < 2:
            first_para -= 1
            a, b = self.paras[first_para]
            if len(self.text[a:b].split()) > 3:  # "Advertisement" is not a paragraph of the story
                seen += 1
        floor = self.paras[first_para][0]
        end = pos
        while end > floor:
            start = self.sentence_start(end - 1)
            hit = self._person_in_sentence(start, end, gender)
            if hit is not None:
                return {"speaker": hit, "speaker_type": "person", "speaker_surface": word}
            end = start
        return {"speaker": None, "speaker_type": None, "speaker_surface": word}

    def _compatible(self, actor: str, gender: str | None) -> bool:
        g = self.genders.get(actor)
        return gender is None or g is None or g == gender

    def _person_in_sentence(self, a: int, b: int, gender: str | None) -> str | None:
        # 1. someone quoted in this sentence
        for q in reversed(self._attributed):
            if a <= q["open"] < b and q["speaker_type"] == "person" and self._compatible(q["speaker"], gender):
                return q["speaker"]
        persons = [m for m in self.mentions_in(a, b) if m["actor_type"] == "person"
                   and self._compatible(m["actor"], gender)]
        if gender is not None and pat.HE_SHE_OPENS.match(self.masked[a:b]):
            # "He warned that ... President Trump ...": the subject is the same "he"; look further back
            persons = [m for m in persons if pat.REPORT_AFTER_SUBJECT.match(self.masked, m["end"])]
            return persons[0]["actor"] if persons else None
        # 2. someone who says something in it ("..., Mr. Hegseth said.")
        for m in persons:
            if pat.REPORT_AFTER_SUBJECT.match(self.masked, m["end"]) or pat.SAID_AT_END.search(
                    self.masked[max(a, m["start"] - 15):m["start"]]):
                return m["actor"]
        # 3. the first person named in it
        return persons[0]["actor"] if persons else None

    # -- attribution ----------------------------------------------------------

    def attribute(self) -> list[dict]:
        text, masked = self.text, self.masked
        self._attributed = []
        results = []
        for q in self.quotes:
            pos = q["open"]
            s_start = self.sentence_start(pos)
            s_end = self.sentence_end(q["close"])
            found, cue, relay = None, None, None
            # 0. "With the crowd chanting "...", X told them ...": the quote is the absolute clause's
            w = pat.WITH_ABSOLUTE.fullmatch(masked, s_start, pos)
            if w is not None:
                found = self.np_speaker(w.start("np"), w.end("np"), pos) or {
                    "speaker": None, "speaker_type": None, "speaker_surface": w.group("np")}
                cue = PARTICIPLE_CUES.get(w.group("cue"), w.group("cue"))
            # 1a. after the quote, in its sentence
            if found is None and (q["punct"] not in (".",) or (
                    q["close"] < len(text) and text[q["close"]:q["close"] + 2].strip()[:1].islower())):
                found, cue = self._after(q, s_end)
            late = found is not None
            if found is not None and found.get("speaker") is not None and w is None:
                inner = self._nested(q, s_start)  # 'X railed that "..." would leave us "...," Y noted.'
                if inner is not None and inner[0]["speaker"] != found["speaker"]:
                    relay, (found, cue) = {**found, "cue": cue}, inner  # the next quote may be the relayer's
            # 1a'. '..., which she called "...," The Daily Caller reported': the outlet relays; the one the
            # sentence names with a cue before the quote speaks
            if found is not None and found.get("speaker_type") == "source" and cue in ("reported", "reports") \
                    and w is None and relay is None:
                inner, inner_cue = self._before(q, s_start)
                if inner is not None and inner.get("speaker") is not None and inner["speaker_type"] != "source":
                    relay, found, cue = {**found, "cue": cue}, inner, inner_cue
            # 1b. before the quote, in its sentence
            if found is None:
                found, cue = self._before(q, s_start)
            if found is None:  # 'Officials agreed to a "gradual end" of the fees, Ms. X said.'; '"..." - Ann Moss'
                found, cue = self._tail(q, s_end)
                late = found is not None
            found, cue = (found, cue) if found is not None else self.signed(q)  # a signature line
            if found is None and masked[s_start:pos].strip():
                found = self.subject_of(s_start, pos)  # a partial quote: the sentence's subject
            r = {"start": q["start"], "end": q["end"], "text": text[q["start"]:q["end"]],
                 "speaker": None, "speaker_type": None, "speaker_surface": None, "cue": cue,
                 "kind": "direct", "n_words": len(WORD.findall(text, q["start"], q["end"])),
                 "_open": pos, "_para": self.para_of(pos), "_own_sentence": len(masked[s_start:pos].split()) <= 1,
                 "_attributed": found is not None, "_relay": relay, "_sent": s_start, "_late": late,
                 "_close": q["close"]}
            if found is not None:
                r.update(found)
                if found.get("speaker") is not None:
                    self._attributed.append({"open": pos, "speaker": found["speaker"],
                                             "speaker_type": found["speaker_type"]})
            results.append(r)
        self.same_sentence(results)
        self._inherit(results)
        mark_kinds(text, results)  # titles and scare-quoted terms are not speech
        for r in results:
            for k in ("_open", "_para", "_own_sentence", "_attributed", "_relay", "_sent", "_late", "_close"):
                r.pop(k)
            r["speaker_reason"] = speaker_reason(r)
        return results

    def _after(self, q, s_end):
        masked = self.masked
        a = q["close"]
        if a >= s_end:
            return None, None
        m = pat.AFTER_NP_CUE.match(masked, a, s_end)
        if m and len(m.group("np").split()) <= 15 and not pat.CLAUSE_WORD.match(m.group("np")):
            sp = self.np_speaker(m.start("np"), m.end("np"), q["open"])
            if sp is not None:
                return sp, self._cue_text(m.group("cue"), m.end("cue"))
        m = pat.AFTER_INVERT.match(masked, a, s_end)
        if m:
            sp = self.np_speaker(m.start("np"), m.end("np"), q["open"], inverted=True)
            if sp is not None:
                return sp, self._cue_text(m.group("cue"), m.end("cue"))
        return None, None

    def _nested(self, q, s_start):
        """The speaker whose reported words hold the quote ("X railed that "..." would ..."): a named subject
        of the last reporting verb before the quote in its sentence, followed by "that" and no comma up to
        the quote; (speaker, cue) or None. A reporting clause after the quote then names the one who relays it."""
        masked = self.masked
        cues = [c for c in pat.CUE_RE.finditer(masked, s_start, q["open"]) if c.group("fin")]
        if not cues:
            return None
        c = cues[-1]
        if pat.THAT.match(masked, c.end()) is None \
                or any(ch in masked[c.end():q["open"]] for ch in ",;:.!?"):
            return None
        sp = self.subject_before(s_start, c.start(), q["open"])
        if sp is None or sp.get("speaker") is None or (sp.get("speaker_surface") or "").lower() in pat.PRONOUNS:
            return None
        return sp, self._cue_text(c.group("fin"), c.end())

    def _tail(self, q, s_end):
        """A reporting clause closing the quote's sentence after more of the reporter's words."""
        masked = self.masked
        seg = masked[q["close"]:s_end].rstrip(" .\n")
        if "~" in seg:
            return None, None
        m = pat.REPORT_AT_END.search(seg)
        if m is not None and not pat.CLAUSE_WORD.match(m.group("np")):
            a = q["close"] + m.start("np")
            sp = self.np_speaker(a, a + len(m.group("np")), q["open"])
            if sp is not None:
                return sp, self._cue_text(m.group("cue"), q["close"] + m.end("cue"))
        acc = pat.ACCORDING_TAIL.search(seg)  # 'The union is "all in" for her according to its president, X.'
        if acc is not None:
            a = q["close"] + acc.start("np")
            return self.np_speaker(a, a + len(acc.group("np")), q["open"], inverted=True), "according to"
        for k in (i for i in range(len(seg)) if seg.startswith(", ", i)):
            m = pat.AFTER_INVERT.fullmatch(seg, k)
            if m is not None and m.group("cue") not in ("told", "tells"):  # ", told Vox": Vox is the listener
                a = q["close"] + m.start("np")
                sp = self.np_speaker(a, a + len(m.group("np")), q["open"], inverted=True)
                return (sp, self._cue_text(m.group("cue"), q["close"] + m.end("cue"))) if sp else (None, None)
        return None, None

    def _before(self, q, s_start):
        masked = self.masked
        qa = pat.QUOTED_AS.search(masked, s_start, q["open"])
        if qa is not None:
            sp = self.np_speaker(qa.start("np"), qa.end("np"), q["open"], inverted=True)
            if sp is not None:
                return sp, "quoted"
        cues = list(pat.CUE_RE.finditer(masked, s_start, q["open"]))
        before_quote = masked[s_start:q["open"]].rstrip()
        if before_quote.endswith(":") and not any(
                len(masked[c.end():s_start + len(before_quote)].split()) <= 3 for c in cues if c.group("fin")):
            # "..., Harris made a weak joke: “...”": the last person named before the colon speaks
            last = None
            for m in self.mentions_in(s_start, q["open"]):
                if m["actor_type"] in ("person", "organization") and not pat.DEPENDENT.search(
                        masked, max(s_start, m["start"] - 30), m["start"]):
                    last = m
            if last is not None:
                return self.speaker_of_mention(last), None
        for k in range(len(cues) - 1, -1, -1):
            c = cues[k]
            if c.group("acc"):
                stop = masked.find(",", c.end(), q["open"])
                stop = q["open"] if stop < 0 else stop
                sp = self.np_speaker(c.end(), stop, q["open"], inverted=True)
                if sp is not None:
                    return sp, "according to"
                continue
            if c.group("fin"):
                sp = self.relative_subject(s_start, c.start()) or self.subject_before(s_start, c.start(), q["open"])
                if sp is not None and sp.get("speaker") is None:
                    # "The Fed added that inflation continued to run low, "...": the verb sits in the words
                    # a named subject reports, so the quote is that subject's
                    outer = self.reporting_subject(cues[:k], s_start, c.start(), q["open"])
                    if outer is not None:
                        return outer
                if sp is not None:
                    return sp, self._cue_text(c.group("fin"), c.end())
                continue
            # "Trump's morning tweet saying ...": the one whose words they are
            sp = self.noun_owner(s_start, c.start())
            if sp is not None:
                return sp, PARTICIPLE_CUES[c.group("part")]
            # a participle ("adding", "calling it") takes the subject of its sentence
            for c2 in reversed(cues[:k]):
                if c2.group("fin"):
                    sp = self.subject_before(s_start, c2.start(), q["open"])
                    if sp is not None:
                        return sp, PARTICIPLE_CUES[c.group("part")]
            cue = PARTICIPLE_CUES[c.group("part")]
            pm = pat.PRONOUN_OPENS.match(masked[s_start:c.start()])
            if pm:
                return self.pronoun(pm.group(1), q["open"]), cue
            # the sentence's subject: a person or organisation among its first words
            # ("When asked about it, McConnell defended his record, saying ...")
            first = self.initial_subject(s_start, c.start(), max_words=8)
            if first is None:  # "A petition sent out by the ACLU points to ..., urging ...": its author
                first = self.document_source(s_start, c.start())
            if first is None and (d := pat.OPENING_DESCRIPTION.match(masked, s_start, c.start())) is not None:
                found = self.describe(d.group(1), q["open"]) or self._topic_of(d, q["open"])
                first = {**found, "speaker_surface": d.group(1)} if found is not None else None
            if first is not None:
                return first, cue
        return None, None

    def _topic_of(self, d: re.Match, pos: int) -> dict | None:
        """"The House Budget chairman tailored his stump ..., saying "..."": the person the story is about
        (`topic_person`), unless the description names a place ("the Florida senator" is someone else)."""
        if any(m["actor_type"] == "place" for m in self.mentions_in(d.start(1), d.end(1))):
            return None
        return self.topic_person(d.group(2).lower(), pos)

    def _inherit(self, results: list[dict]) -> None:
        keys = ("speaker", "speaker_type", "speaker_surface", "cue")
        by_para: dict[int, list[dict]] = {}
        for r in results:
            by_para.setdefault(r["_para"], []).append(r)
        # a quote opened in an earlier paragraph and closed in this one (its last paragraph) counts here too
        ends_in = {self.para_of(r["end"]): r for r in results
                   if r["_attributed"] and self.para_of(r["end"]) != r["_para"]}
        for p in sorted(by_para):
            rs = by_para[p]
            # 4a. a quote of its own in a paragraph with an attributed quote
            for i, r in enumerate(rs):
                if r["_attributed"] or not r["_own_sentence"]:
                    continue
                src = next((x for x in reversed(rs[:i]) if x["_attributed"]), None)
                src = src or next((x for x in rs[i + 1:] if x["_attributed"]), None) or ends_in.get(p)
                if src is not None and src["_relay"] is not None:  # 'X said that "...," Y said. "..."': Y's
                    r.update({k: src["_relay"].get(k) for k in keys})
                    r["_attributed"] = "inherited"
                elif src is not None:
                    r.update({k: src[k] for k in keys})
                    r["_attributed"] = "inherited"
            # 4b. a paragraph that opens with an unattributed quote continues the running speaker
            first = rs[0]
            a, _ = self.paras[p]
            if first["_attributed"] or self.text[a:first["_open"]].strip():
                continue
            prev = p - 1
            while prev >= 0 and len(self.text[self.paras[prev][0]:self.paras[prev][1]].split()) <= 3 \
                    and prev not in by_para:
                prev -= 1  # skip "Advertisement" lines
            if prev < 0:
                continue
            src = None
            if prev in by_para:
                last = by_para[prev][-1]
                if last["_attributed"] and last["speaker"] is not None:
                    src = {k: last[k] for k in keys}
            else:
                src = self._colon_intro(prev, first["_open"])  # "In a statement, the ministry said:"
                if src is None:  # "McConnell said the House's inability ... gave him no choice."
                    src = self._reported_intro(prev, first["_open"])
            if src is None:
                continue
            for r in rs:
                if r["_attributed"]:
                    break
                if r["_own_sentence"]:
                    r.update(src)
                    r["_attributed"] = "inherited"
        self._running(results, by_para, keys)
        # 5. a headline or subhead (a quote that is its whole paragraph) quoted again with a speaker
        said = {}
        for r in results:
            if r["speaker"] is not None:
                said.setdefault(norm_quote(r["text"]), r)
        for r in results:
            a, b = self.paras[r["_para"]]
            whole = len(self.text[a:b].strip()) <= r["end"] - r["start"] + 3
            if not r["_attributed"] and whole:
                src = said.get(norm_quote(r["text"]))
                if src is not None:
                    r.update({k: src[k] for k in keys})

    def _running(self, results: list[dict], by_para: dict[int, list[dict]], keys) -> None:
        """6. A partial quote with no speaker of its own continues the running speaker: the named
        speaker of an earlier quote in its paragraph or, when nobody is named between the
        paragraph's start and the quote, of the last quote of the story paragraph before.
        Not when its own sentence names someone before it (who may be its subject)."""
        for p, rs in by_para.items():
            for i, r in enumerate(rs):
                if r["_attributed"] or r["speaker"] is not None or any(
                        m["actor_type"] in ("person", "organization")
                        for m in self.mentions_in(self.sentence_start(r["_open"]), r["_open"])):
                    continue
                src = next((x for x in reversed(rs[:i]) if x["speaker"] is not None), None)
                if src is None and i == 0:
                    a, _ = self.paras[p]
                    if any(m["actor_type"] in ("person", "organization") for m in self.mentions_in(a, r["_open"])):
                        continue
                    prev = p - 1
                    while prev >= 0 and len(self.text[self.paras[prev][0]:self.paras[prev][1]].split()) <= 3 \
                            and prev not in by_para:
                        prev -= 1
                    last = by_para[prev][-1] if prev in by_para else None
                    src = last if last is not None and last["speaker"] is not None else None
                if src is not None:
                    r.update({k: src[k] for k in keys})
                    r["_attributed"] = "inherited"

    def _reported_intro(self, para: int, pos: int) -> dict | None:
        """The named speaker of a paragraph that ends in reported speech ("X said the plan ...")."""
        a, b = self.paras[para]
        masked = self.masked
        while b > a and masked[b - 1].isspace():
            b -= 1
        if b <= a:
            return None
        s0 = self.sentence_start(b - 1)
        for c in pat.CUE_RE.finditer(masked, s0, b):
            word = c.group("fin")
            if word not in ("said", "says", "told", "added", "argued", "insisted", "explained", "noted", "warned"):
                continue
            sp = self.subject_before(s0, c.start(), pos)
            if sp is None or sp.get("speaker") is None:
                return None
            return {"speaker": sp["speaker"], "speaker_type": sp["speaker_type"],
                    "speaker_surface": sp.get("speaker_surface"), "cue": self._cue_text(word, c.end())}
        return None

    def _colon_intro(self, para: int, pos: int) -> dict | None:
        """The speaker of a paragraph that introduces the next one: "..., Mr. X said:"."""
        a, b = self.paras[para]
        masked = self.masked
        while b > a and masked[b - 1].isspace():
            b -= 1
        if b <= a or masked[b - 1] != ":":
            return None
        s0 = self.sentence_start(b - 1)
        cues = list(pat.CUE_RE.finditer(masked, s0, b))
        if not cues:
            return None
        c = cues[-1]
        if c.group("acc"):
            sp = self.np_speaker(c.end(), b - 1, pos, inverted=True)
            cue = "according to"
        elif c.group("fin"):
            sp = self.subject_before(s0, c.start(), pos)
            cue = self._cue_text(c.group("fin"), c.end())
        else:
            return None
        if sp is None:
            return None
        return {"speaker": sp.get("speaker"), "speaker_type": sp.get("speaker_type"),
                "speaker_surface": sp.get("speaker_surface"), "cue": cue}

    # -- indirect speech --------------------------------------------------------

    def indirect(self) -> list[dict]:
        out = []
        if not hasattr(self, "_attributed"):
            self.attribute()
        bounds = self.bounds
        for (pa, pb) in self.paras:
            starts = bounds[bisect.bisect_left(bounds, pa):bisect.bisect_left(bounds, pb)]
            if not starts or starts[0] != pa:
                starts.insert(0, pa)
            for k, s in enumerate(starts):
                e = starts[k + 1] if k + 1 < len(starts) else pb
                r = self._indirect_in(s, e)
                if r is not None:
                    out.append(r)
        return out

    def _indirect_in(self, s: int, e: int) -> dict | None:
        masked = self.masked
        if pat.ANY_REPORTING.search(masked, s, e) is None:
            return None
        sent = masked[s:e]
        if sent.lstrip()[:1] in ("“", '"', "‘", "«", "„"):
            return None  # a sentence that opens with a quote is direct speech
        body_end = s + len(sent.rstrip())
        if body_end > s and masked[body_end - 1] in ".!?":
            body_end -= 1
        if body_end - s < 15:
            return None
        # (b) "..., Mr. Hegseth said." / "..., according to Tass."
        tail_from = max(s, body_end - 160)
        m = pat.REPORT_AT_END.search(masked, tail_from, body_end) or pat.ACCORDING_AT_END.search(masked, tail_from, body_end)
        if m is not None:
            m_start, np_a, np_b, cue_end = m.start(), m.start("np"), m.end("np"), m.end("cue")
            clause_a, clause_b = s, m_start
        if m is not None:
            if masked[clause_a:clause_b].lstrip()[:1] not in ("“", '"', "~", "‘") and "~" not in masked[clause_a:clause_b]:
                sp = self.np_speaker(np_a, np_b, s)
                if sp is not None:
                    return self._indirect_result(clause_a, clause_b, sp, self._cue_text(m.group("cue"), cue_end))
        # (a) "Mr. Hegseth said NATO membership ... is not ..."
        for c in pat.CUE_RE.finditer(masked, s, body_end):
            word = c.group("fin") or (c.group("acc") and "according to")
            if not word or word not in REPORTING_CUES and word != "according to":
                continue
            if word == "according to":
                stop = masked.find(",", c.end(), body_end)
                if stop < 0 or c.start() - s > 2:
                    continue
                sp = self.np_speaker(c.end(), stop, s, inverted=True)
                clause_a = stop + 1
            else:
                sp = self.subject_before(s, c.start(), c.start())
                clause_a = c.end()
                if masked[clause_a:clause_a + 1] == ",":
                    # ", he said," in mid-sentence: the whole sentence is reported
                    if sp is None or sp.get("speaker_surface") is None:
                        return None
                    return self._indirect_result(s, body_end, sp, self._cue_text(word, c.end()))
                if word in ("told", "tells"):
                    t = pat.TOLD_THAT.match(masked, clause_a, body_end)
                    if t is None:
                        continue
                    clause_a = t.end()
                else:
                    t = pat.THAT.match(masked, clause_a, body_end)
                    if t is not None:
                        clause_a = t.end()
            if sp is None or sp.get("speaker_surface") is None:
                return None
            while clause_a < body_end and masked[clause_a] in " ,:":
                clause_a += 1
            clause = masked[clause_a:body_end]
            if clause[:1] in ("“", '"', "~", "‘") or len(clause.split()) < 3:
                return None
            return self._indirect_result(clause_a, body_end, sp, self._cue_text(word, c.end()))
        return None

    def _indirect_result(self, a: int, b: int, sp: dict, cue: str) -> dict:
        text = self.text
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1] in " ,":
            b -= 1
        r = {"start": a, "end": b, "text": text[a:b], "speaker": None, "speaker_type": None,
             "speaker_surface": None, "cue": cue, "kind": "indirect", "n_words": len(WORD.findall(text, a, b))}
        r.update(sp)
        r["speaker_reason"] = speaker_reason(r)
        return r


def _english(language: str | None) -> bool:
    return language in (None, "en")  # None: a table from before languages were detected


def _quotes_in(text: str, language: str) -> list[dict]:
    """The direct quotes of an article outside English (`framescope.actors.speakers`), each with
    its ``speaker_reason`` as in English."""
    quotes = find_quotes_in(text, language)
    for q in quotes:
        q["speaker_reason"] = speaker_reason(q)
    return quotes


def find_quotes(text: str, mentions: list[dict], language: str | None = "en") -> list[dict]:
    """Find the direct quotes in one article and attribute each to a speaker.

    Parameters
    ----------
    text
        The article's clean text (paragraphs separated by blank lines).
    mentions
        The article's actor mentions, from `framescope.actors.mentions.find_mentions`.
    language
        The article's language (ISO 639-1). French, German, Italian, Polish and Russian are
        read by `framescope.actors.speakers` (the mentions are not used there); a language
        without quote rules gives no quotes (`conventions.speech_skip_reason` says why).

    Returns
    -------
    list of dict
        In text order, with keys ``start``, ``end`` (offsets of the quoted words,
        inside the marks), ``text``, ``speaker`` (canonical actor or None),
        ``speaker_type`` ("person", "organization", "place", "source" or None),
        ``speaker_surface`` (the speaker as written: "Mr. Peskov", "he", "one
        European official", or None), ``speaker_reason`` (why there is no named
        speaker: "unnamed source", "pronoun not resolved", "no attribution"; None
        when there is one), ``cue`` ("said", "told reporters", "according to", ...
        or None), ``kind`` ("direct") and ``n_words``.
    """
    if not _english(language):
        return _quotes_in(text, language)
    return _Article(text, mentions).attribute()


def find_indirect(text: str, mentions: list[dict], language: str | None = "en") -> list[dict]:
    """Find reported speech without quote marks ("Mr. Hegseth said NATO membership ... is not ...").

    Same keys as `find_quotes`, with ``kind`` "indirect" and ``start``/``end``
    covering the reported clause. Only the common, unambiguous patterns are
    read: "X said (that) ...", "X told reporters/Y that ...", "..., X said.",
    "..., according to X." and "According to X, ...". English only: other languages give [].
    """
    if not _english(language):
        return []
    art = _Article(text, mentions)
    art.attribute()
    return art.indirect()


def find_speech(text: str, mentions: list[dict], language: str | None = "en") -> list[dict]:
    """Direct and indirect speech together, in text order (one pass over the article).

    Outside English, the direct quotes of `framescope.actors.speakers` (no indirect speech yet).
    """
    if not _english(language):
        return _quotes_in(text, language)
    art = _Article(text, mentions)
    direct = art.attribute()
    return sorted(direct + art.indirect(), key=lambda r: (r["start"], r["kind"]))

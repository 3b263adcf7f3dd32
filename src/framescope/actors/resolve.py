"""Speakers that the quote's own words do not name: descriptions, "it", and partial quotes.

Used by `framescope.actors.quotes` (its article class builds on `SpeakerResolver`).
Every speaker found here is an actor of the article's mentions; when none fits, the
speaker stays None and the words that stood for it stay in ``speaker_surface``.

- A description goes to the nearest compatible named actor before it (`describe`):
  "the board", "the agency", "the department" to an organisation, the one whose name
  or possessive holds the noun first ("USA Today's editorial board" ... "the board");
  "the president", "the Arizona senator" to the person the article gave that role
  ("President X" before "Ukrainian President Y"; never a vice president), else to the
  person opening the sentence before;
  "a White House spokesman", "three Justice Department lawyers" to the organisation;
  "the statement", "the letter", "the filing" to whoever the last quote before it was
  credited to (within two paragraphs).
- "it said" (`it_speaker`) goes to an organisation opening a sentence after the last
  quote (else one named there), else to the one credited with the last quote, else to
  the last one named in its paragraph or the one before.
- An organisation naming a person or its members ("the House Budget chairman",
  "House members") is not the speaker (`org_as_modifier`).
- A partial quote inside the reporter's sentence with no speech verb (`subject_of`):
  "President Obama's pledge to work on "appropriate reforms"", "Mayor Olga Brandt
  also wished him a "speedy recovery"" go to the sentence's subject: a person or
  organisation opening a clause before the quote and followed by a verb, or one
  whose possessive heads a word of speech (pledge, promise, call, words, ...), or one whose
  relative clause holds the quote ("Ann Moss, who once called it a "scam," now ...").
- `signed`: a quote opening its paragraph and followed by a dash and a name ending the line
  ('"He is a fraud." - Ann Moss', in lists of quotes and pasted blurbs) is that actor's.
- `passive_listener`: the subject of a passive cue that opens the quote ("she is often asked,
  "..."") hears the words and is not the speaker.
- `proxy_voice`, `spokesperson`: "a spokesman for X" is not X but the spokesperson the article
  names ("spokesman Ann Moss", "a ministry spokesman, Ann Moss"), else unnamed.
- `document_source`: "a statement from the ACLU", "a post by Mr. X": the author speaks.
- Speaker words that are a piece of a sentence ("D-N.Y.) paused to") are not kept as a
  description (`is_fragment`); `speaker_reason` says why a quote has no named speaker.
"""

from __future__ import annotations

import bisect
import re

from framescope.actors.quotemarks import WORD, QuotedText
from framescope.actors.wordlists import FINITE_CUES

_ORG_NOUNS = frozenset(
    "board agency company department ministry committee court campaign group organization organisation party "
    "government administration firm paper newspaper network union council commission bank embassy office "
    "institute foundation coalition panel university league association club team army military police "
    "service corporation publication outlet magazine station channel regime authority authorities "
    "federation alliance movement caucus senate house cabinet palace kremlin".split())
_DOC_NOUNS = frozenset(
    "statement letter filing release memo report post tweet editorial complaint lawsuit suit email message "
    "website site ad advertisement video document ruling order opinion decision motion brief petition "
    "announcement transcript note notice draft".split())
_PERSON_NOUNS = frozenset(
    "president senator governor congressman congresswoman lawmaker secretary minister mayor chairman "
    "chairwoman leader candidate nominee judge justice speaker premier chancellor ambassador "
    "prime-minister vice-president representative sheriff commissioner director ceo founder".split())
_OTHER_PERSON_NOUNS = frozenset("director chief spokesman spokeswoman spokesperson official aide adviser advisor "
                                "lawyer attorney economist analyst professor scientist historian".split())
_SPOKES = frozenset("spokesman spokeswoman spokesperson".split())
# a role that makes a person's mention someone else's voice: "spokesman for Speaker X", "an aide to X"
_PROXY_ROLE = re.compile(r"(?:press\s+)?(?:spokes(?:man|woman|person)|aide|lawyer|attorney|adviser|advisor)s?"
                         r"\s+(?:for|to)\b", re.I)
# an outlet or body called by the last word of its name: "The Times", "the Journal"
_SHORT_NAME = re.compile(r"[Tt]he\s+([A-Z][a-z]+)")
_PASSIVE_CUE = re.compile(r"(?:asked|told|quoted)\b")
_BE_AT_END = re.compile(r"\b(?:is|are|was|were|been|being|be|gets|got)$")
# the quote inside a relative clause on the subject: "Johnson, who once called himself "...""
_WHO_CLAUSE = re.compile(r",\s+who\s+[^,;:()~]*")
_SIGNATURE = re.compile(r"[ \t]*[-–—]{1,2}[ \t]*")
_DESCRIPTION = re.compile(r"(?:the|The)\s+(?P<mods>(?:[\w.’'-]+\s+){0,3}?)(?P<noun>[a-z][a-z-]+)")
_SPEECH_NOUNS = (r"pledge|promise|call|calls|claim|claims|words|description|statement|remarks?|comments?|vow|"
                 r"warning|assertion|tweets?|phrase|label|argument|message|response|reply|letter|view|verdict|"
                 r"speech|plea|complaint|charge|accusation|insistence|suggestion|proposal|demand|threat|boast|"
                 r"quip|joke|slogan|characteri[sz]ation|prediction|criticism|praise|post|posts|answer|advice")
_NOUN_AT_END = re.compile(rf"['’]s?\s+(?:[\w-]+\s+){{0,3}}?(?:{_SPEECH_NOUNS}|{'|'.join(sorted(_DOC_NOUNS))})\s*$")
# "For Archbishop X, the news "deepens our compassion"": X's view
_FOR_X = re.compile(r"\s*(?:And\s+|But\s+)?For\s+(?:[A-Z][\w.’'-]*\s+(?:of\s+(?:the\s+)?)?){0,4}")
_HIS_SPEECH = re.compile(rf"\b([Hh]is|[Hh]er)\s+(?:[\w-]+\s+)?(?:{_SPEECH_NOUNS})\b")
_POSSESSIVE_SPEECH = re.compile(rf"['’]s?\s+(?:[\w-]+\s+){{0,2}}?(?:{_SPEECH_NOUNS})\b")
# what comes before a clause's subject: nothing, a break, or a conjunction ("..., and Mr. X said")
_CLAUSE_OPEN = re.compile(r"(?:^|[,;:()—–]|\b(?:and|but|while|as|when|after|though|although|so|then|also|because|"
                          r"since|whereas|yet|before|meanwhile|instead|still|later|earlier)|\b[A-Z][a-z]+,?)\s*"
                          r"(?:(?:former|future|then|late|the|The|then-)\s*)*$")
# what follows a subject: a verb (a lowercase word), maybe after an apposition in commas
_VERB_AFTER = re.compile(r"(?:\s*,[^,;~“”\"]{1,120},|\s*\([^()~]{1,40}\))?\s+(?:[a-z][\w’'-]*)")
_NOT_VERBS = frozenset({"of", "for", "and", "or", "in", "on", "at", "to", "by", "with", "from", "the", "a", "an",
                        "who", "which", "that", "whose", "whom"})
_DEPENDENT_END = re.compile(r"\b(?:for|of|at|from|with|to|by|about|on|against|than|like|under|behind|"
                            r"wished|thanked|told|asked|called|urged|praised|criticized|criticised|accused|"
                            r"named|sued|met)\s+(?:the\s+)?$")


# "a statement from the ACLU", "a post by Mr. X": the document's author speaks
_DOC_FROM = re.compile(r"\b(?:statement|letter|filing|release|memo|report|post|tweet|editorial|email|message|"
                       r"website|video|document|announcement|ruling|opinion|brief|complaint|motion|petition|"
                       r"mailer|flyer|flier|leaflet|ad|advertisement)s?\s+"
                       r"(?:(?:issued|released|posted|sent|put|published|written|paid\s+for)\s+(?:out\s+)?)?"
                       r"(?:from|by|of)\s+(?:the\s+)?$", re.I)
# words a description never ends with, and marks it never holds: "D-N.Y.) paused to", "The action was"
_FRAGMENT_END = re.compile(r"\b(?:to|was|were|is|are|be|been|has|had|have|on|of|in|at|a|an|the|and|or|but|"
                           r"went|paused|began|who|that)$", re.I)


_OWNED = re.compile(r"['’]s?\s+(?:[\w-]+\s+){0,2}?(?P<noun>[a-z]+)\s*")
_OWNED_NOUNS = (_ORG_NOUNS | _DOC_NOUNS) - {"party", "group"}
_OWNER_SUBJECT = re.compile(r"['’]s?\s+(?:[\w-]+\s+){0,2}?(?P<noun>[a-z]+)\s+[a-z]")


# "a White House spokesman", "the Pentagon's statement": an unnamed voice of a named organisation speaks for it
_ORG_VOICE = re.compile(r"(?:a|an|the|two|three|four|five|several)\s+(?P<org>[A-Z][^,;:]{0,60}?)(?:['’]s?)?\s+"
                        r"(?:press\s+)?(?:spokes(?:man|woman|person)|statement|press\s+release|press\s+office|"
                        r"lawyers|attorneys)", re.I)


_TOLD_OBJECT = re.compile(r"\s+(?P<obj>reporters|journalists|the press|the media|an interviewer)\b")
_MEMBER_NOUNS = frozenset("member staffer employee worker insider source veteran".split())
# the people a news outlet's name describes: "NBC Nightly News anchor Lester Holt", "Fox News host X"
_MEDIA_NOUNS = frozenset("anchor host reporter correspondent columnist editor producer commentator contributor "
                         "moderator writer".split())
# a cue inside a relative clause: "Treasury Secretary Jacob Lew, who expressed doubts but called it "..."",
# "Ann Moss, a retired nurse who urged him ...": the clause's antecedent speaks (no comma and no other
# subject between "who" and the cue: "X, who he said was "..."" is not X speaking)
_WHO_REL = re.compile(r"(?:,\s+(?:an?|the)\s+[^,;:~“”\"()]{1,80}?\s+|,\s+)who(?:\s+(?P<rest>[^,;:~“”\"()]*))?$")
_SUBJECT_WORD = re.compile(r"\b(?:he|she|they|we|I|you|it|that|the|an?|his|her|their|its|this|these|those|"
                           r"[A-Z][\w’'-]*)\b")
_PASSIVE_END = re.compile(r"\b(?:was|were|is|are|been|being|be|get|got|gets)$")
_TRAILING_ADVERBS = re.compile(r"(?:\s+(?:also|later|then|once|previously|recently|earlier|again|even|still|\w+ly))+$")
_THAT_AFTER = re.compile(r"\s+that\b")
_PARTY_NAME = re.compile(r"[RDI][-–]")
_ATTACHED_BEFORE = re.compile(r"\b(?:at|of|for|from|in)\s+(?:the\s+)?$")
_ROLE_WORDS = re.compile(r"\s+(?:(?:chief|senior|political|national|foreign|news|legal|medical|business|"
                         r"investigative|radio|television|TV|talk|show|opinion)\s+)?"
                         rf"(?:{'|'.join(sorted(_MEDIA_NOUNS))})\s+")
_MODIFIED_NOUN = re.compile(r"(?:\s+[A-Z][\w.-]*){0,2}\s+([a-z]+)")
_SUBJECT_OPEN = re.compile(r"\s*(?:[Tt]he\s+)?")


def norm_quote(s: str) -> str:
    """A quote's words, lower case, one space apart (to find the same quote twice)."""
    return " ".join(WORD.findall(s.lower()))


_APPOSITION_OPEN = re.compile(r",\s+(?:a|an|who|which|whose|whom)\s")
_LIST_GOES_ON = re.compile(r",\s+(?!(?:a|an|the|who|which|whose|whom)\b)[a-z]")


def apposition_start(seg: str, k: int) -> int:
    """Where the apposition before a subject's verb opens (`seg` ends with its closing comma, `k` is the comma
    before that): at `k`, unless the last piece goes on a list of the apposition's own verbs ("a critic of
    X who backed him, dropped him, and then ..."): then at the comma opening "a ..." or "who ..." before it."""
    if k <= 0 or not _LIST_GOES_ON.match(seg, k):
        return k
    opens = [m.start() for m in _APPOSITION_OPEN.finditer(seg, 0, k)]
    return opens[-1] if opens else k


def is_fragment(surface: str) -> bool:
    """Are these words a piece of a sentence rather than a description of a speaker?"""
    s = surface.strip()
    return not s or any(c in s for c in "()[]—–") or bool(_FRAGMENT_END.search(s))


def speaker_reason(r: dict) -> str | None:
    """Why a quote has no named speaker: "unnamed source" (a description that names no one:
    "one European official"), "pronoun not resolved" ("they said"), or "no attribution"
    (nothing in the text says who); None when it has one."""
    if r.get("speaker") is not None:
        return None
    surface = (r.get("speaker_surface") or "").strip()
    if not surface:
        return "no attribution"
    if surface.lower() in ("he", "she", "they", "we", "i", "it", "you"):
        return "pronoun not resolved"
    return "unnamed source"


class SpeakerResolver(QuotedText):
    """Finds speakers through descriptions and sentence subjects; needs the article's `mentions`,
    `m_starts`, `_attributed` (set by the subclass) and `mentions_in`, `speaker_of_mention`."""

    def _floor(self, pos: int, n_paras: int = 2) -> int:
        """Start of the paragraph `n_paras` story paragraphs before the one holding `pos`."""
        p = self.para_of(pos)
        seen = 0
        while p > 0 and seen < n_paras:
            p -= 1
            a, b = self.paras[p]
            if len(self.text[a:b].split()) > 3:
                seen += 1
        return self.paras[p][0]

    def describe(self, head: str, pos: int) -> dict | None:
        """The named actor a description such as "the board" or "the president" stands for, or None."""
        m = _DESCRIPTION.fullmatch(head.strip())
        if m is None:
            return None
        noun = m.group("noun").lower()
        mods = m.group("mods").split()
        if noun == "minister" and mods and mods[-1].lower() == "prime":
            noun = "prime-minister"
        if noun == "president" and mods and mods[-1].lower() == "vice":
            noun = "vice-president"
        if noun in _DOC_NOUNS:
            return self._doc_owner(noun, pos) or self.last_speaker(pos)
        if noun in _ORG_NOUNS:
            return self._org_for(noun, [w.lower() for w in mods], pos)
        if noun in _PERSON_NOUNS:
            return self._person_for(noun, pos) or self._person_by_words(mods, pos) or self._last_subject(pos)
        if noun in _OTHER_PERSON_NOUNS:
            return self._person_by_words(mods, pos) or (self.spokesperson(noun, pos) if noun in _SPOKES else None)
        return None

    def _doc_owner(self, noun: str, pos: int) -> dict | None:
        """"the draft" after "Comey's draft was edited": the person or organisation whose document with that
        head noun was named last before `pos` (within two paragraphs), or None."""
        own = re.compile(rf"['’]s?\s+(?:[\w-]+\s+){{0,2}}?{re.escape(noun)}s?\b")
        for m in self._mentions_back(pos, self._floor(pos)):
            if m["actor_type"] in ("person", "organization", "source") and own.match(self.masked, m["end"]):
                return self.speaker_of_mention(m)
        return None

    def spokesperson(self, noun: str, pos: int, not_actor: str | None = None) -> dict | None:
        """"the spokesman": the person the article names as one ("spokesman Ian Pratt", "a ministry spokesman,
        Ian Pratt"): the nearest before `pos`, else the only one after; None when there is none."""
        before, after = [], {}
        for m in self.mentions:
            if m["actor_type"] != "person" or m["actor"] == not_actor or _PROXY_ROLE.match(m.get("role") or ""):
                continue
            if noun in (m.get("role") or "").lower().split() or re.search(
                    rf"\b{noun},\s*$", self.text[max(0, m["start"] - 30):m["start"]]):
                (before.append(m) if m["start"] < pos else after.setdefault(m["actor"], m))
        if before:
            return self.speaker_of_mention(before[-1])
        return self.speaker_of_mention(next(iter(after.values()))) if len(after) == 1 else None

    def proxy_voice(self, m: dict) -> dict | None:
        """"a spokesman for Speaker X" speaks for X but is not X: the spokesperson the article names
        (`spokesperson`), else an unnamed voice; None when `m` is no such mention."""
        role = m.get("role") or ""
        if m["actor_type"] != "person" or not _PROXY_ROLE.match(role):
            return None
        noun = role.split()[0].lower()
        found = self.spokesperson(noun, m["start"], m["actor"]) if noun in _SPOKES else None
        return found or {"speaker": None, "speaker_type": None, "speaker_surface": m["surface"]}

    def passive_listener(self, seg: str, cue_start: int, pos: int) -> dict | None:
        """"she is often asked, "..."", "he was told: "..."": the subject before a passive cue that opens the
        quote at `pos` hears the words; an unnamed speaker (the asker is not named there), else None."""
        cue = _PASSIVE_CUE.match(self.masked, cue_start)
        if cue and _BE_AT_END.search(seg) and re.fullmatch(r"\s*(?:[,:]|that)?\s*", self.masked[cue.end():pos]):
            return {"speaker": None, "speaker_type": None, "speaker_surface": None}
        return None

    def signed(self, q: dict) -> tuple[dict | None, str | None]:
        """A quote opening its paragraph and signed by a dash and a name ending the line ('"He is a fraud."
        - Ann Moss', in lists of quotes and pasted blurbs): that person or organisation, cue "signed"."""
        text = self.text
        dash = _SIGNATURE.match(text, q["close"])
        para_start = self.paras[self.para_of(q["open"])][0]
        if dash is None or text[para_start:q["open"]].strip():
            return None, None
        line_end = text.find("\n", dash.end())
        line_end = len(text) if line_end < 0 else line_end
        m = next((x for x in self.mentions_in(dash.end(), line_end) if x["start"] == dash.end()), None)
        if m is None or m["actor_type"] not in ("person", "organization") or line_end - m["end"] > 60 \
                or any(c in text[m["end"]:line_end] for c in "\"“”"):
            return None, None
        return self.speaker_of_mention(m), "signed"

    def org_voice(self, surface: str, pos: int) -> dict | None:
        """The organisation whose spokesman or statement `surface` is ("a White House spokesman"): the one
        named with exactly those words nearest `pos`, or None; "The Times": the last one named "... Times"."""
        short = _SHORT_NAME.fullmatch(surface.strip())
        if short is not None:  # "The Times" after "The New York Times": that outlet
            tail = f" {short.group(1)}"
            named = [x for x in self._mentions_back(pos) if x["actor_type"] in ("organization", "source")
                     and x["actor"].endswith(tail)]
            return self.speaker_of_mention(named[0]) if named else None
        m = _ORG_VOICE.fullmatch(surface.strip())
        if m is None:
            return None
        org = m.group("org")
        near = [x for x in self.mentions if x["actor_type"] in ("organization", "source") and x["surface"] == org
                and abs(x["start"] - pos) < 600]
        return self.speaker_of_mention(min(near, key=lambda x: abs(x["start"] - pos))) if near else None

    def apposition(self, a: int, phrase: str, comma: int) -> dict | None:
        """The person named alone between the first two commas of `phrase` (at `a`), or None."""
        nxt = phrase.find(",", comma + 1)
        part = phrase[comma + 1:nxt if nxt > 0 else len(phrase)]
        m = self.m_by_end.get(a + comma + 1 + len(part.rstrip()))
        start = a + comma + 1 + len(part) - len(part.lstrip())
        if m is not None and m["actor_type"] == "person" and m["start"] == start:
            return self.speaker_of_mention(m)
        return None

    def _cue_text(self, word: str, end: int) -> str:
        """The cue as recorded: "said" for "says", "according to", "told reporters"."""
        if word.lower().startswith("according"):
            return "according to"
        cue = FINITE_CUES.get(word, word.lower())
        if cue == "told":
            m = _TOLD_OBJECT.match(self.masked, end)
            if m:
                return "told " + m.group("obj")
        return cue

    def org_as_modifier(self, m: dict) -> bool:
        """Does organisation mention `m` describe a person ("House Budget chairman", "Pentagon officials")?"""
        after = _MODIFIED_NOUN.match(self.text, m["end"])
        return m["actor_type"] == "organization" and after is not None and \
            after.group(1).rstrip("s") in _PERSON_NOUNS | _OTHER_PERSON_NOUNS | _MEMBER_NOUNS | _MEDIA_NOUNS

    def _last_subject(self, pos: int) -> dict | None:
        """"X seems to agree. ... the Arizona senator complained": the person opening the sentence before
        the one holding `pos` (in its paragraph or the one before), when no role names anyone."""
        s = self.sentence_start(pos)
        if s <= self._floor(pos, 1):
            return None
        prev = self.sentence_start(len(self.text[:s].rstrip()) - 1)
        first = next((m for m in self.mentions_in(prev, s) if m["actor_type"] in ("person", "organization")), None)
        if first is None or first["actor_type"] != "person" \
                or not _SUBJECT_OPEN.fullmatch(self.text, prev, first["start"]):
            return None
        return self.speaker_of_mention(first)

    def topic_person(self, noun: str, pos: int) -> dict | None:
        """"The House Budget chairman tailored his stump ...", with no one given that role: the person the
        story is about, when one is: named at least three times before `pos` (outside quotes), twice as
        often as anyone else, and never given another office ("President X" is not "the chairman")."""
        if noun not in _PERSON_NOUNS or noun == "vice-president":
            return None
        counts: dict[str, int] = {}
        roles: dict[str, set[str]] = {}
        for m in self.mentions_in(0, pos):
            if m["actor_type"] == "person":
                counts[m["actor"]] = counts.get(m["actor"], 0) + 1
                if m.get("role"):
                    roles.setdefault(m["actor"], set()).update(m["role"].lower().split())
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] < 3 or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
            return None
        actor = ranked[0][0]
        held = roles.get(actor, set()) & (_PERSON_NOUNS | {"prime", "vice"})
        if held and noun.split("-")[-1] not in held:
            return None
        return {"speaker": actor, "speaker_type": "person"}

    def _person_by_words(self, mods: list[str], pos: int) -> dict | None:
        """"the Mossad director": the one person named before `pos` with those capitalised words at
        their name ("Mossad chief Tamir Pardo"), or None."""
        words = [w for w in mods if w[:1].isupper()]
        if not words:
            return None
        found = {}
        for m in self._mentions_back(pos):
            if m["actor_type"] == "person":
                near = self.text[max(0, m["start"] - 15):m["end"]]
                if all(re.search(rf"\b{re.escape(w)}\b", near) for w in words):
                    found.setdefault(m["actor"], m)
        return self.speaker_of_mention(next(iter(found.values()))) if len(found) == 1 else None

    def last_speaker(self, pos: int, types=("person", "organization", "source")) -> dict | None:
        """The speaker credited with the last quote before `pos`, within two paragraphs."""
        floor = self._floor(pos)
        for q in reversed(self._attributed):
            if q["open"] >= pos:
                continue
            if q["open"] < floor:
                break
            if q["speaker_type"] in types:
                return {"speaker": q["speaker"], "speaker_type": q["speaker_type"]}
            break
        return None

    def _mentions_back(self, pos: int, floor: int = 0):
        """Mentions outside quotes before `pos` (from `floor`), nearest first."""
        return reversed(list(self.mentions_in(floor, pos)))

    def _org_for(self, noun: str, mods: list[str], pos: int) -> dict | None:
        """"the board": an organisation named with that noun ("appeals court": with its words too),
        or followed by it ("USA Today's editorial board"); "the agency" alone: also the last one named."""
        text = self.text
        for m in self._mentions_back(pos):
            if m["actor_type"] not in ("organization", "source"):
                continue
            words = m["actor"].lower().split()
            if noun in words and all(w in words for w in mods) or re.match(
                    rf"['’]s?\s+(?:[\w-]+\s+){{0,2}}{re.escape(noun)}\b", text[m["end"]:m["end"] + 60], re.I):
                return self.speaker_of_mention(m)
        if mods:
            return None
        for m in self._mentions_back(pos, self._floor(pos)):
            if m["actor_type"] in ("organization", "source"):
                return self.speaker_of_mention(m)
        return None

    def _person_for(self, noun: str, pos: int) -> dict | None:
        """The last person before `pos` given that role (alone, "President X", first), else the only person
        the article gives it later."""
        word = noun.replace("-", " ")
        given = [m for m in self._mentions_back(pos) if m["actor_type"] == "person" and m.get("role")
                 and word in m["role"].lower() and (word != "president" or "vice" not in m["role"].lower())]
        # "the president" is one given the bare role ("President Moss") before a "Ukrainian President Kowal"
        bare = [m for m in given if m["role"].lower() == word and m["surface"].lower().startswith(word)]
        if bare or given:
            return self.speaker_of_mention((bare or given)[0])
        later = {m["actor"]: m for m in self.mentions
                 if m["start"] > pos and m["actor_type"] == "person" and m.get("role") and word in m["role"].lower()}
        return self.speaker_of_mention(next(iter(later.values()))) if len(later) == 1 else None

    def they_speaker(self, pos: int) -> dict | None:
        """"they said" right after an organisation's quote ("..., the board wrote. ... they wrote"): it."""
        return self.last_speaker(pos, types=("organization", "source"))

    def it_speaker(self, pos: int) -> dict | None:
        """What "it" stands for as a speaker: an organisation named after the last quote (one opening its
        sentence first), else the organisation of the last quote, else the last one named in its
        paragraph or the one before."""
        found = self.last_speaker(pos, types=("organization", "source"))
        last_q = max((q["open"] for q in self._attributed if q["open"] < pos), default=-1)
        org_types = ("organization", "source")
        # not one named inside the sentence of the quote ("It said ... as FBI director ...")
        orgs = [m for m in self._mentions_back(self.sentence_start(pos), self._floor(pos, 1))
                if m["actor_type"] in org_types]
        if found is not None:  # an organisation named after the last quote is the nearer antecedent
            orgs = [m for m in orgs if m["start"] > last_q]
        elif not orgs:
            orgs = [m for m in self._mentions_back(pos, self.sentence_start(pos)) if m["actor_type"] in org_types]
        subj = [m for m in orgs if _SUBJECT_OPEN.fullmatch(self.text, self.sentence_start(m["start"]), m["start"])]
        best = (subj or orgs or [None])[0]
        return self.speaker_of_mention(best) if best is not None else found

    def owner(self, a: int, b: int) -> dict | None:
        """The organisation in "USA Today's editorial board", "the ministry's statement" (text[a:b]), or None."""
        for m in reversed(list(self.mentions_in(a, b))):
            if m["actor_type"] not in ("organization", "source"):
                continue
            tail = _OWNED.fullmatch(self.masked, m["end"], b)
            if tail is not None and tail.group("noun").lower().rstrip("s") in _OWNED_NOUNS:
                return self.speaker_of_mention(m)
            return None
        return None

    def noun_owner(self, a: int, b: int) -> dict | None:
        """The person or organisation in "Trump's Tuesday tweet" ending at `b` (before "saying ..."), or None."""
        tail = _NOUN_AT_END.search(self.masked, a, b)
        if tail is None:
            return None
        m = next((x for x in self.mentions_in(a, tail.start() + 1) if x["end"] == tail.start()), None)
        if m is None or m["actor_type"] not in ("person", "organization", "source"):
            return None
        return self.speaker_of_mention(m)

    def document_source(self, a: int, b: int) -> dict | None:
        """The named author in "a statement from the ACLU" (text[a:b]), or None."""
        for m in self.mentions_in(a, b):
            if m["actor_type"] in ("person", "organization") and _DOC_FROM.search(self.masked, max(a, m["start"] - 60),
                                                                                   m["start"]):
                return self.speaker_of_mention(m)
        return None

    def subject_of(self, s_start: int, q_open: int) -> dict | None:
        """The subject of a reporter's sentence holding a partial quote, or None (see the module doc)."""
        masked = self.masked
        cands = [m for m in self.mentions_in(s_start, q_open) if m["actor_type"] in ("person", "organization")
                 and not self.org_as_modifier(m)]
        described = {}  # "NBC Nightly News anchor Lester Holt": the person the organisation's name describes
        for p in self.mentions_in(s_start, q_open):
            if p["actor_type"] == "organization" and self.org_as_modifier(p):
                nxt = next((x for x in self.mentions_in(p["end"], q_open) if x["actor_type"] == "person"), None)
                if nxt is not None and _ROLE_WORDS.fullmatch(masked, p["end"], nxt["start"]):
                    described[nxt["start"]] = p
                    if nxt not in cands:
                        cands.append(nxt)
        cands.sort(key=lambda x: x["start"])
        for m in reversed(cands):
            after = masked[m["end"]:q_open]
            before = masked[s_start:(described[m["start"]] if m["start"] in described else m)["start"]]
            if _FOR_X.fullmatch(before) and after.startswith(","):
                return self.speaker_of_mention(m)
            if _DEPENDENT_END.search(before) or "~" in before[-3:]:
                continue
            if not _CLAUSE_OPEN.search(before):
                continue  # "... has denied Kerry's claim that ...": an object, not the subject
            if _POSSESSIVE_SPEECH.match(after) or _WHO_CLAUSE.fullmatch(after):
                return self.speaker_of_mention(m)  # "X's pledge to ...", "X, who once called it "...""
            own = _OWNER_SUBJECT.match(after)  # "USA Today's editorial board had harsh words: ..."
            if own is not None and own.group("noun").rstrip("s") in _OWNED_NOUNS \
                    and m["actor_type"] == "organization":
                return self.speaker_of_mention(m)
            v = _VERB_AFTER.match(after)
            if v is None or v.group().split()[-1] in _NOT_VERBS:
                continue
            return self.speaker_of_mention(m)
        his = _HIS_SPEECH.search(masked, s_start, q_open)  # "a repeat of his claim that ... was a "hoax""
        if his is not None:
            found = self.pronoun("he" if his.group(1).lower() == "his" else "she", q_open)
            if found is not None and found.get("speaker") is not None:
                return found
        return None

    def relative_subject(self, sent_start: int, cue_start: int) -> dict | None:
        """A cue inside a relative clause on a person named in the sentence ("Treasury Secretary Jacob Lew,
        who expressed doubts but called it "..."", "a question by Ann Moss, a retired nurse who urged him to
        drop "...""): that person. Not when another subject stands in the clause ("X, who he said was"), the
        verb is passive ("X, who was charged"), or the person hangs on another noun ("a physician at X, who")."""
        seg = self.masked[sent_start:cue_start].rstrip()
        seg = _TRAILING_ADVERBS.sub("", seg)
        rel = _WHO_REL.search(seg)
        if rel is None or _SUBJECT_WORD.search(rel.group("rest") or "") or _PASSIVE_END.search(seg):
            return None
        m = self.m_by_end.get(sent_start + rel.start())
        if m is None or m["actor_type"] != "person" or m["start"] < sent_start or _PARTY_NAME.match(m["surface"]) \
                or bisect.bisect_left(self.m_starts, m["start"]) in self.in_quote \
                or _ATTACHED_BEFORE.search(self.masked, max(sent_start, m["start"] - 12), m["start"]):
            return None
        return self.speaker_of_mention(m)

    def reporting_subject(self, earlier, s_start: int, cue_start: int, pos: int):
        """(speaker, cue) of the last finite cue in `earlier` followed by "that" with no clause break up to
        `cue_start`, when its subject is named; else None."""
        masked = self.masked
        for c in reversed(earlier):
            if not c.group("fin") or _THAT_AFTER.match(masked, c.end()) is None \
                    or any(ch in masked[c.end():cue_start] for ch in ",;:~"):
                continue
            sp = self.subject_before(s_start, c.start(), pos)
            if sp is not None and sp.get("speaker") is not None and sp.get("speaker_type") != "source":
                return sp, self._cue_text(c.group("fin"), c.end())  # (an outlet reporting it relays it)
            return None
        return None

    def same_sentence(self, results: list[dict]) -> None:
        """'While a rate rise "does not look likely," it "remains an option," X wrote.': a quote with no
        attribution takes the speaker named after the next quote of its sentence, when no one else is named
        between them."""
        keys = ("speaker", "speaker_type", "speaker_surface", "cue")
        for r, nxt in zip(results, results[1:]):
            if r["_attributed"] or not nxt["_late"] or nxt["_sent"] != r["_sent"] or nxt.get("speaker") is None \
                    or r["n_words"] < 2 or any(ch in self.masked[r["_close"]:nxt["_open"]] for ch in ".!?;"):
                continue
            if any(m["actor_type"] in ("person", "organization") for m in self.mentions_in(r["_close"], nxt["_open"])):
                continue
            r.update({k: nxt.get(k) for k in keys})
            r["_attributed"] = True

"""Quotes and their speakers in French, German, Italian, Polish and Russian.

`find_quotes_in(text, language)` finds an article's direct quotes with the quote marks of
its language (`framescope.actors.quotespans`) and names the speaker of each; the rows have
the keys of `framescope.actors.quotes.find_quotes`. English has its own reader there, which
this module does not change. The speech verbs and word lists are the language's file in
data/speech/ (`framescope.actors.conventions`).

Attribution, in order of trust:

1. After the quote, in its sentence: the verb then the speaker (« ... », a déclaré Gérald
   Darmanin. / „...“, sagte Merkel. / «...», — заявил Лавров. / „...” – powiedział Tusk.),
   "so" in German („...“, so Merkel.), "according to" (« ... », selon le ministre.), or the
   speaker then the verb. French inversion with a pronoun ("a-t-il déclaré", "dit-elle").
2. Before the quote, in its sentence: the speaker then the verb (Macron a déclaré : « ... »),
   the verb then the speaker (Dazu sagte Scholz: „...“; Как заявил Путин, «...»), or
   "according to" (Selon Macron, « ... »; По словам Путина, «...»); failing those, a person
   named just before a colon.
3. A line of dialogue: the speaker named in the author's words after it ("— ..., — сказал он.").
4. A pronoun ("il", "er", "она") or a verb without a subject (Italian, Polish, Russian:
   "— dodał.") is the last person named or quoted before, in that paragraph or the two before
   it, of the gender the pronoun or the verb's ending says (Russian and Polish past tenses,
   French "a-t-elle").
5. A quote with no cue that is its own sentence takes the speaker of the nearest attributed
   quote in its paragraph; a paragraph that opens with such a quote continues the speaker
   of the quote that ended the paragraph before.

The speaker is a name as the article gives it, with offices, honorifics, institutions and
places in front of it taken off ("le porte-parole du Kremlin Dmitri Peskov" -> "Dmitri
Peskov"; "президент России Владимир Путин" -> "Владимир Путин"). Within an article the
forms of one name are one speaker: the fullest, in the form it takes as a subject
("Путина" and "Путин" -> "Владимир Путин"; "Tuska" -> "Donald Tusk"). A description
without a name ("un porte-parole", "ein Sprecher des Ministeriums") is kept in
`speaker_surface` with speaker None. News agencies ("AFP", "dpa", "ТАСС") are "source".

Not read here: indirect speech without quote marks, and interviews set as questions and
answers after dashes with no speech verb.
"""

from __future__ import annotations

import re

from framescope.actors.conventions import Conventions, conventions
from framescope.actors.gazetteer import KNOWN_SURNAMES
from framescope.actors.quotemarks import WORD
from framescope.actors.quotespans import LanguageText
from framescope.actors.wordlists import FEMALE_NAMES, FIRST_NAMES, MALE_NAMES
from framescope.text.sentences import rules_for

_TOKEN = re.compile(r"[^\W\d_](?:[\w'’\-]|\.(?![^\W\d_]*[^\W\d_a-zà-ÿа-яёąćęłńóśźż]))*\.?", re.UNICODE)
_MID_CAP = re.compile(r"(?<=[\w,] )[^\W\d_][\w'’\-]*", re.UNICODE)
_NP_END = re.compile(r"[,;:!?()~«»„“”\"\n]|\.(?:\s|$)|\s[—–-]\s")
_CLAUSE_BREAK = re.compile(r"[;:~«»„“”\"]|\s[—–]\s")
_LEAD = re.compile(r"[\s,\u00a0\u202f]*(?:[—–-]+[\s\u00a0]*)?")
_ELISION = re.compile(r"^(?:l|d|dell|dall|all|nell|sull)['’](?=[^\W\d_])", re.IGNORECASE)
_PARTICLES = frozenset("de du des la le van von der den di da del della bin ben al ibn фон ван де ди".split())
_FEMININE_SURNAME = {"ru": ("ова", "ева", "ёва", "ина", "ская", "цкая", "ая"), "pl": ("ska", "cka", "dzka")}
_MAX_NAME_WORDS = 4


def find_quotes_in(text: str, language: str) -> list[dict]:
    """The direct quotes of one article in `language` and their speakers ([] for a language without rules).

    Keys as `framescope.actors.quotes.find_quotes`: ``start``, ``end`` (the quoted words),
    ``text``, ``speaker``, ``speaker_type``, ``speaker_surface``, ``cue``, ``kind`` ("direct")
    and ``n_words``.
    """
    conv = conventions(language)
    if conv is None:
        return []
    return _Article(text, conv).attribute()


# ---------------------------------------------------------------------------
# Names in a noun phrase
# ---------------------------------------------------------------------------


def _tokens(text: str, a: int, b: int, conv: Conventions) -> list[tuple[str, int, int]]:
    out = []
    for m in _TOKEN.finditer(text, a, b):
        tok, s, e = m.group(), m.start(), m.end()
        if text[e:e + 1] == "~":
            continue  # the first letter of a quote, left visible in the masked text
        while tok.endswith((".", "-")) and tok not in conv.honorifics:
            tok, e = tok[:-1], e - 1
        if tok:
            out.append((tok, s, e))
    return out


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper()


def _latin(tok: str) -> bool:
    """Whether a word is in Latin letters (a name in Cyrillic does not run on into one in Latin)."""
    return tok[:1] < "\u0400"


class _Names:
    """Reads the name in a noun phrase: which capitalised words are a person, an institution, a place."""

    def __init__(self, conv: Conventions, text: str):
        self.conv = conv
        self.text = text
        # words the article also writes in lower case: plain words, capitalised because a sentence starts
        self.lower_words = frozenset(w for w in WORD.findall(text) if w.islower())
        # capitalised words the article writes inside a sentence: names, not capitals of a sentence start
        self.mid_caps = frozenset(w for w in _MID_CAP.findall(text) if w[:1].isupper())
        self.honorifics_lower = {k.lower(): v for k, v in conv.honorifics.items() if not _is_cap(k)}
        self.starters = rules_for(conv.language).starters
        self.known: frozenset | None = None  # surnames of people the article names in full (German)

    def first_name(self, tok: str) -> bool:
        """A common first name of the language, in any of its forms ("Władimirem" is not, "Владимира" is)."""
        if tok in self.conv.first_names:
            return True
        return len(tok) >= 4 and any(_same_name(tok, n) for n in self.conv.first_names if n[:2] == tok[:2])

    def _stem_of(self, tok: str, stems: tuple) -> bool:
        low = tok.lower()
        return any(low.startswith(s) for s in stems)

    def is_org(self, tok: str) -> bool:
        return (tok.isupper() and len(tok) >= 2) or self._stem_of(tok, self.conv.organizations)

    def is_place(self, tok: str) -> bool:
        return self._stem_of(tok, self.conv.places)

    def is_role(self, tok: str) -> bool:
        low = tok.lower()
        return low in self.conv.roles or any(low.endswith(s) and len(low) > len(s) + 1 or low == s
                                             for s in self.conv.role_suffixes)

    def runs(self, tokens: list[tuple[str, int, int]], sentence_start: bool = False) -> list[dict]:
        """Runs of name words in `tokens`, each with its kind and what stands before it."""
        conv = self.conv
        runs: list[dict] = []
        cur: list[tuple[str, int, int]] = []
        prev = None  # what the last word was: det, dependent, lower, role, name, common, honorific
        gender = None
        before = None
        led = False  # the run follows an office or an honorific: "US-Präsident Biden", "Frau Merkel"

        def close():
            nonlocal cur
            if cur:
                runs.append({"tokens": cur, "before": before, "gender": gender, "led": led,
                             "at_start": sentence_start and cur[0][1] == tokens[0][1]})
            cur = []

        for i, (tok, s, e) in enumerate(tokens):
            low = tok.lower()
            elided = _ELISION.match(tok)
            if elided:
                close()
                prev = "dependent" if low[0] == "d" or prev == "dependent" else "det"
                tok, s = tok[elided.end():], s + elided.end()
                low = tok.lower()
            if tok in conv.honorifics or low in self.honorifics_lower:
                close()
                gender = conv.honorifics.get(tok, self.honorifics_lower.get(low))
                prev = "honorific"
                continue
            if _is_cap(tok):
                if not cur and self.is_role(tok):  # inside a name it is the name: "Bruno Le Maire"
                    close()
                    if any(low.endswith(f) for f in conv.feminine_suffixes):
                        gender = "f"
                    prev = "role"
                    continue
                if i == 0 and sentence_start and (low in self.starters or low in self.lower_words
                                                  or low in conv.determiners or low in conv.stop
                                                  or low in conv.dependent or low in conv.pronouns
                                                  or conv.according.fullmatch(tok) or conv.cue.fullmatch(tok)):
                    prev = "det"  # a capital because the sentence starts: "Secondo", "Dazu", "Według"
                    continue
                if conv.language == "de" and prev in ("det", "dependent", "lower", "common"):
                    close()
                    prev = "common"  # a German noun: "ein Sprecher des Auswärtigen Amtes"
                    continue
                if cur and (not self._joined(cur[-1], s) or _latin(cur[-1][0]) != _latin(tok)):
                    close()  # "Donald Trump, Emmanuel Macron", "Zimniok (AfD)"
                    before = prev
                if not cur:
                    before = prev
                    led = prev in ("role", "honorific")
                cur.append((tok, s, e))
                prev = "name"
                continue
            if cur and low in _PARTICLES and (low not in ("der", "den") or cur[-1][0].lower() in ("van", "von")):
                k = i + 1
                while k < len(tokens) and tokens[k][0].lower() in _PARTICLES:
                    k += 1
                if k < len(tokens) and _is_cap(tokens[k][0]):
                    cur.append((tok, s, e))  # "Ursula von der Leyen"
                    continue
            close()
            prev = "dependent" if low in conv.dependent else "det" if low in conv.determiners \
                else "role" if low in conv.roles else "lower"
        close()
        out = []
        for run in runs:
            toks = run["tokens"]
            if run["at_start"] and toks[0][0] not in self.mid_caps and toks[0][0] not in FIRST_NAMES \
                    and not self.first_name(toks[0][0]):
                # a word capitalised only where sentences start: "Musimy", "Источники", "Zaś Parlament Europejski"
                if len(toks) == 1:
                    continue
                if len(toks) >= 3 or conv.language == "de":
                    toks = toks[1:]  # German: "Sowohl Smil", "Achtzehn Mal"
            dropped = False
            while len(toks) > 1 and (self.is_org(toks[0][0]) or self.is_place(toks[0][0])):
                toks = toks[1:]  # "России Владимир Путин", "МИД России Сергей Лавров"
                dropped = True
            if not dropped and run["before"] == "dependent":
                if len(toks) > 1 and toks[0][0] not in FIRST_NAMES and toks[1][0].lower() not in _PARTICLES:
                    toks = toks[1:]  # "du Kremlin Dmitri Peskov"
                else:
                    run["dependent"] = True  # "un porte-parole du Kremlin"
            if conv.language != "de":
                while toks and toks[0][0].lower() in self.lower_words and toks[0][0].lower() not in _PARTICLES:
                    toks = toks[1:]  # a plain word with a capital: "Sam Berlusconi" ("sam": himself), "Aby Ukraina"
                if not toks:
                    continue
            if not dropped and len(toks) == 1 and run["before"] == "lower" and conv.language in ("ru", "pl") \
                    and len(run["tokens"]) == 1:
                run["dependent"] = True  # a complement in the genitive: "уроженец Чернигова", "szef Funduszu"
            if not dropped and run["before"] in ("lower", "role") and conv.language in ("ru", "pl") \
                    and all(self.is_org(t) or self.is_place(t) for t, _, _ in toks):
                run["dependent"] = True  # "представитель Кремля", "rzecznik MSZ"
            while toks and toks[-1][0].lower() in _PARTICLES:
                toks = toks[:-1]
            while toks and toks[0][0].lower() in _PARTICLES:
                toks = toks[1:]  # "LR de Paris" without "LR" is no "de Paris"
            if conv.language == "de" and len(toks) >= 3 and len(toks[0][0]) >= 14 and "-" not in toks[0][0]:
                toks = toks[1:]  # an office in one long compound: "Stiftungsvorstand Eugen Brysch"
            if not toks:
                continue
            if conv.language == "de" and len(toks) == 1 and not run["led"] and self.known is not None \
                    and toks[0][0] not in self.known and toks[0][0] not in FIRST_NAMES \
                    and toks[0][0] not in KNOWN_SURNAMES:
                continue  # German capitalises its nouns: one word is a name when the article names it in full,
                # an office or honorific leads it, or it is a well-known surname (data/actors/people.txt)
            run["tokens"] = toks[-_MAX_NAME_WORDS:]
            run.setdefault("dependent", False)
            out.append(run)
        return out

    def _joined(self, last: tuple[str, int, int], start: int) -> bool:
        gap = self.text[last[2]:start]
        if len(last[0]) == 1 and gap.startswith("."):
            gap = gap[1:]  # an initial: "Franklin D. Roosevelt"
        return bool(gap) and gap.isspace()

    def kind(self, toks: list[tuple[str, int, int]]) -> str:
        words = [t for t, _, _ in toks]
        if any(w in self.conv.sources or any(w.startswith(s) for s in self.conv.sources if len(s) >= 3)
               for w in words):
            return "source"
        if any(self.is_org(w) for w in words):
            return "organization"
        if len(words) == 1 and self.is_place(words[0]):
            return "place"
        return "person"

    def gender(self, toks: list[tuple[str, int, int]], run_gender: str | None) -> str | None:
        if run_gender:
            return run_gender
        words = [t for t, _, _ in toks]
        if words[0] in FEMALE_NAMES:
            return "f"
        if words[0] in MALE_NAMES:
            return "m"
        endings = _FEMININE_SURNAME.get(self.conv.language)
        if endings and len(words) >= 2:
            first, last = words[0].lower(), words[-1].lower()
            if first.endswith(("a", "а", "я")) or last.endswith(endings):
                return "f"
            return "m"
        return None


def _plain_name(words: list[str]) -> bool:
    """A name as a person is called: one or two words, or three with a particle or an initial in the middle."""
    if len(words) <= 2:
        return True
    return len(words) == 3 and (words[1].lower() in _PARTICLES or len(words[1].rstrip(".")) == 1)


def _same_name(a: str, b: str) -> bool:
    """Whether two words are forms of one name: "Путин"/"Путина", "Tusk"/"Tuska", "Мария"/"Марии"."""
    if a == b:
        return True
    short, long_ = sorted((a.lower(), b.lower()), key=len)
    if len(short) < 4 or len(long_) - len(short) > 3:
        return False
    if long_.startswith(short):
        return True
    return short[-1] in "aeiouyаеёиоуыэюяąęó" and long_.startswith(short[:-1]) and len(long_) - len(short) <= 2


# ---------------------------------------------------------------------------
# The article
# ---------------------------------------------------------------------------


class _Article(LanguageText):
    def __init__(self, text: str, conv: Conventions):
        super().__init__(text, conv)
        self.names = _Names(conv, self.masked)
        self._all_named = self._named(0, len(text))
        self.names.known = frozenset(n["speaker"].split()[-1] for n in self._all_named)
        self._seen: list[dict] = []  # speakers and persons named, with their offsets, for pronouns

    # -- speakers from noun phrases ----------------------------------------------

    def _speaker(self, run: dict, mode: str, np_a: int, np_b: int, pos: int) -> dict:
        toks = run["tokens"]
        kind = self.names.kind(toks)
        surface = self.text[toks[0][1]:toks[-1][2]]
        return {"speaker": surface, "speaker_type": kind, "speaker_surface": surface,
                "_gender": self.names.gender(toks, run["gender"]) if kind == "person" else None,
                "_nominative": mode != "according", "_pos": pos}

    def _unnamed(self, tokens) -> dict | None:
        if not tokens or len(tokens) > 8 or tokens[0][0].lower() in self.conv.stop:
            return None
        surface = self.text[tokens[0][1]:tokens[-1][2]]
        return {"speaker": None, "speaker_type": None, "speaker_surface": surface}

    def _np_end(self, a: int, b: int) -> re.Match | None:
        """Where a noun phrase ends: punctuation, a dash, or a full stop not of an honorific or initial."""
        for m in _NP_END.finditer(self.masked, a, b):
            if m.group().startswith("."):
                word = self.masked[max(a, m.start() - 12):m.start()].split()[-1:]
                if word and (word[0] + "." in self.conv.honorifics or (len(word[0]) == 1 and word[0].isupper())):
                    continue  # "M. Pompeo", "Christoph B. Schiltz"
            return m
        return None

    def np_after(self, a: int, b: int, pos: int, mode: str = "after", unnamed: bool = True) -> dict | None:
        """The speaker named at text[a:b], after a verb or "according to": "Gérald Darmanin", "er"."""
        masked, conv = self.masked, self.conv
        end = self._np_end(a, b)
        b = end.start() if end else b
        tokens = _tokens(masked, a, b, conv)
        if len(tokens) > 1 and tokens[0][0].lower() in conv.stop:
            # a short phrase of time, place or audience before the speaker: "— сообщил журналистам Песков",
            # "mówiła na konferencji prasowej posłanka Katarzyna Kotula": a person named within a few words
            people = [r for r in self.names.runs(tokens[1:7]) if not r["dependent"] and len(r["tokens"]) >= 2
                      and self.names.kind(r["tokens"]) == "person"]
            if people:
                run = people[-1]
                first = run["tokens"][0]
                if first[1] == tokens[1][1] and len(run["tokens"]) >= 3 and not self.names.first_name(first[0]) \
                        and first[0] not in FIRST_NAMES:
                    run = {**run, "tokens": run["tokens"][1:]}  # the preposition's object: "na Twitterze"
                return self._speaker(run, mode, a, b, pos)
        for k, (tok, _, _) in enumerate(tokens):
            if tok.lower() in conv.stop:
                tokens = tokens[:k]
                break
        if not tokens:
            return None
        if tokens[0][0].lower() in conv.pronouns:
            return self.pronoun(tokens[0][0], pos)  # "sagte er", "a dit elle"
        runs = [r for r in self.names.runs(tokens) if not r["dependent"]]
        if runs:
            # the name closes the phrase: "колумнист Fox News Дуглас Мюррей"
            people = [r for r in runs if self.names.kind(r["tokens"]) == "person"]
            return self._speaker(people[-1] if people else runs[0], mode, a, b, pos)
        if end is not None and masked[end.start()] == ",":
            # an apposition: "a déclaré le ministre de l'Intérieur, Gérald Darmanin, ..."
            nxt = self._np_end(end.end(), len(masked))
            apposition = _tokens(masked, end.end(), nxt.start() if nxt else len(masked), conv)
            runs = [r for r in self.names.runs(apposition) if not r["dependent"]]
            if runs and apposition and not apposition[0][0].lower() in conv.stop:
                return self._speaker(runs[0], mode, a, b, pos)
        return self._unnamed(tokens) if unnamed else None

    def np_before(self, s_start: int, cue_start: int, pos: int) -> dict | None:
        """The subject of a verb: the name just before it in its sentence."""
        masked, conv = self.masked, self.conv
        breaks = list(_CLAUSE_BREAK.finditer(masked, s_start, cue_start))
        a = breaks[-1].end() if breaks else s_start
        pieces = masked[a:cue_start].split(",")
        offsets, at = [], a
        for piece in pieces:
            offsets.append((at, at + len(piece)))
            at += len(piece) + 1
        for p_a, p_b in reversed(offsets):
            tokens = _tokens(masked, p_a, p_b, conv)
            if not tokens:
                continue
            if tokens[0][0].lower() in conv.stop and not (p_a == s_start and _is_cap(tokens[0][0])):
                continue  # a relative clause or a place and time: ", qui ...", ", à Paris"
            stops = [k for k, (t, _, _) in enumerate(tokens) if t.lower() in conv.stop and k > 0]
            preposition = tokens[stops[-1]][0] if stops else ""
            if stops:
                tokens = tokens[stops[-1] + 1:]
            if not tokens:
                continue
            if tokens[-1][0].lower() in conv.pronouns:
                return self.pronoun(tokens[-1][0], pos)
            runs = [r for r in self.names.runs(tokens, sentence_start=(p_a == s_start or
                                                                        not masked[a:p_a].strip()))
                    if not r["dependent"]]
            if stops and len(preposition) <= 3 and runs and runs[-1]["tokens"][0][1] == tokens[0][1] \
                    and len(runs[-1]["tokens"]) == 1:
                runs.pop()  # the object of a preposition: "O projekcie w Sejmie mówiła", "tra Germania e Russia"
                if not runs:
                    return None
            if runs:
                return self._speaker(runs[-1], "subject", p_a, p_b, pos)
            return self._unnamed(tokens)
        return None

    # -- pronouns and verbs without a subject ----------------------------------------

    def pronoun(self, word: str, pos: int, gender: str | None = None) -> dict:
        gender = gender or self.conv.pronouns.get(word.lower())
        if word.lower() in self.conv.pronouns and self.conv.pronouns[word.lower()] is None:
            return {"speaker": None, "speaker_type": None, "speaker_surface": word}
        found = self.recent_person(pos, gender)
        if found is None:
            return {"speaker": None, "speaker_type": None, "speaker_surface": word or None}
        return {"speaker": found["speaker"], "speaker_type": "person", "speaker_surface": word or None,
                "_gender": gender or found.get("_gender"), "_nominative": False, "_pos": pos}

    def recent_person(self, pos: int, gender: str | None) -> dict | None:
        para = self.para_of(pos)
        floor = self.paras[max(0, para - 2)][0]
        best = None
        for seen in self._seen + self._named(floor, pos):
            if not floor <= seen["_pos"] < pos or seen["speaker_type"] != "person":
                continue
            if gender and seen.get("_gender") and seen["_gender"] != gender:
                continue
            if seen.get("_plausible", True) and (best is None or seen["_pos"] > best["_pos"]):
                best = seen  # a speaker, or a name surely a person's ("Oddział Ginekologii" is not)
        return best

    def _named(self, a: int, b: int) -> list[dict]:
        """People named in the text between a and b (two or more name words), outside quotes."""
        out = []
        for s in [x for x in self.bounds if a <= x < b] or [a]:
            e = min(self.sentence_end(s), b)
            tokens = _tokens(self.masked, s, e, self.conv)
            for run in self.names.runs(tokens, sentence_start=True):
                if len(run["tokens"]) >= 2 and not run["dependent"] and self.names.kind(run["tokens"]) == "person":
                    sp = self._speaker(run, "named", s, e, run["tokens"][0][1])
                    sp["_plausible"] = self._plausible(run)
                    out.append(sp)
        return out

    def _plausible(self, run: dict) -> bool:
        """Whether a name run is surely a person, for a pronoun to point to: an office or honorific
        before it, a known first name, or a surname the article also uses alone ("Kobachidse sagte")."""
        words = [t for t, _, _ in run["tokens"]]
        if run["led"] or words[0] in FIRST_NAMES or run["gender"] or self.names.first_name(words[0]):
            return True
        return self.masked.count(words[-1]) > self.masked.count(" ".join(words))

    def _cue_gender(self, cue: str) -> str | None:
        low = " ".join(cue.lower().split())
        if low in self.conv.feminine_cues:
            return "f"
        if low in self.conv.masculine_cues:
            return "m"
        return None

    # -- attribution ----------------------------------------------------------------

    def attribute(self) -> list[dict]:
        results = []
        for q in self.quotes:
            found, cue = None, None
            if q["dialogue"]:
                r_a, r_b = q["remark"]
                if r_a < r_b:
                    found, cue = self._after(q, r_a, r_b)
            else:
                s_end = self.sentence_end(q["close"])
                if q["close"] < s_end:
                    found, cue = self._after(q, q["close"], s_end)
                if found is None:
                    found, cue = self._before(q["open"], self.sentence_start(q["open"]))
                if found is None:
                    found, cue = self._colon_intro(q)
            r = {"start": q["start"], "end": q["end"], "text": self.text[q["start"]:q["end"]],
                 "speaker": None, "speaker_type": None, "speaker_surface": None, "cue": cue,
                 "kind": "direct", "n_words": len(WORD.findall(self.text, q["start"], q["end"])),
                 "_open": q["open"], "_para": self.para_of(q["open"]),
                 "_own_sentence": q["dialogue"] or not self.masked[self.sentence_start(q["open"]):q["open"]].strip(),
                 "_attributed": found is not None}
            if found is not None:
                r.update({k: v for k, v in found.items() if not k.startswith("_")})
                r["_nominative"] = found.get("_nominative", True)
                if found.get("speaker") is not None and found.get("speaker_type") == "person":
                    self._seen.append({**found, "_pos": q["open"]})
            results.append(r)
        self._inherit(results)
        self._canonical(results)
        for r in results:
            for k in [k for k in r if k.startswith("_")]:
                r.pop(k)
        return results

    def _after(self, q: dict, a: int, b: int):
        """The speaker named after a quote: ", a déclaré X", ", sagte er", ", so Merkel", "— сказал он"."""
        masked, conv = self.masked, self.conv
        lead = _LEAD.match(masked, a, b)
        at = lead.end()
        if at >= b:
            return None, None
        pos = q["open"]
        if conv.pronoun_inversion is not None:
            m = conv.pronoun_inversion.match(masked, at, b)
            if m:
                pron = m.group("pron") or m.group("pron2")
                return self.pronoun(pron, pos), _cue(m.group("cue"))
        for pattern, mode in ((conv.inverted_only, "after"), (conv.cue, "after"), (conv.according, "according")):
            if pattern is None:
                continue
            m = pattern.match(masked, at, b)
            if m is None and mode == "after" and pattern is conv.cue:
                # a few words of manner before the verb: "— с сарказмом написал Евгений"
                m = pattern.search(masked, at, min(b, at + 40))
                between = _tokens(masked, at, m.start(), conv) if m else []
                if m is None or not between or len(between) > 3 or any(_is_cap(t) for t, _, _ in between) \
                        or self._np_end(at, m.start()):
                    m = None
            if m:
                cue = _cue(m.group("cue"))
                sp = self._pronoun_in(m, pos) or self.np_after(m.end(), b, pos, mode)
                if sp is None and mode == "after" and conv.pro_drop:
                    # a verb without a subject: "— dodał.", "ha aggiunto."
                    sp = self.pronoun("", pos, self._cue_gender(cue))
                    if sp.get("speaker") is None:
                        sp["speaker_surface"] = None
                return sp, cue
        # the speaker, then the verb: "«...», Macron a déclaré." / "Merkel zufolge"
        m = conv.cue.search(masked, at, min(b, at + 80))
        if m and not self._np_end(at, m.start()):
            sp = self.np_before(at, m.start(), pos)
            if sp is not None:
                return sp, _cue(m.group("cue"))
        if conv.according_after is not None:
            m = conv.according_after.search(masked, at, min(b, at + 80))
            if m and not self._np_end(at, m.start()):
                sp = self.np_after(at, m.start(), pos, "according")
                if sp is not None:
                    return sp, _cue(m.group("cue"))
        return None, None

    def _pronoun_in(self, m: re.Match, pos: int) -> dict | None:
        """A pronoun inside an "according to" phrase: "по его словам"."""
        for tok, _, _ in _tokens(m.group(), 0, len(m.group()), self.conv):
            if tok.lower() in self.conv.pronouns:
                return self.pronoun(tok, pos)
        return None

    def _colon_intro(self, q: dict):
        """A quote that opens its paragraph after one that ends with a colon: "Nuland a déclaré :"."""
        para = self.para_of(q["open"])
        a, _ = self.paras[para]
        if para == 0 or self.text[a:q["open"]].strip():
            return None, None
        _, b = self.paras[para - 1]
        if self.masked[b - 1] != ":":
            return None, None
        return self._before(b, self.sentence_start(b - 1))

    def _before(self, pos: int, s_start: int):
        """The speaker named before a quote (at `pos`) in its sentence."""
        masked, conv = self.masked, self.conv
        hits = [(m.start(), m.end(), "cue", m) for m in conv.cue.finditer(masked, s_start, pos)]
        hits += [(m.start(), m.end(), "according", m) for m in conv.according.finditer(masked, s_start, pos)]
        if conv.pronoun_inversion is not None:
            hits += [(m.start(), m.end(), "inversion", m)
                     for m in conv.pronoun_inversion.finditer(masked, s_start, pos)]
        for start, end, kind, m in sorted(hits, key=lambda h: (h[0], h[1]), reverse=True):
            cue = _cue(m.group("cue"))
            if kind == "inversion":
                return self.pronoun(m.group("pron") or m.group("pron2"), pos), cue
            if kind == "according":
                sp = self._pronoun_in(m, pos) or self.np_after(end, pos, pos, "according")
                if sp is not None:
                    return sp, cue
                continue
            # the verb then its subject ("Dazu sagte Scholz:", "Как заявил Путин,"), or the subject first;
            # German puts the verb second, the others name their subject first when they name it before
            sp = None
            if conv.language != "de":
                sp = self.np_before(s_start, start, pos)
                if sp is not None and sp.get("speaker") is None:
                    sp = None  # an unnamed subject, unless no name follows the verb
            sp = sp or self.np_after(end, pos, pos, "after", unnamed=False)
            if sp is None or sp.get("speaker") is None and sp.get("speaker_surface") is None:
                sp = self.np_before(s_start, start, pos)
            if sp is None and conv.pro_drop:
                sp = self.pronoun("", pos, self._cue_gender(cue))
                if sp.get("speaker") is None:
                    sp["speaker_surface"] = None
            if sp is None:
                continue
            return sp, cue
        # a person named just before a colon: "Le ministre Gérald Darmanin, lundi : « ... »"
        before = masked[s_start:pos].rstrip(" \u00a0\u202f")
        if before.endswith(":"):
            tokens = _tokens(masked, s_start, s_start + len(before) - 1, conv)
            runs = [r for r in self.names.runs(tokens, sentence_start=True) if not r["dependent"]]
            if runs and len(runs[-1]["tokens"]) >= 2 and self.names.kind(runs[-1]["tokens"]) == "person":
                return self._speaker(runs[-1], "subject", s_start, pos, pos), None
        return None, None

    # -- quotes without a cue ------------------------------------------------------------

    def _inherit(self, results: list[dict]) -> None:
        keys = ("speaker", "speaker_type", "speaker_surface", "cue")
        by_para: dict[int, list[dict]] = {}
        for r in results:
            by_para.setdefault(r["_para"], []).append(r)
        previous_last = None  # the last quote of the paragraph before, if attributed
        for p in sorted(by_para):
            rs = by_para[p]
            for i, r in enumerate(rs):
                if r["_attributed"] or not r["_own_sentence"]:
                    continue
                src = next((x for x in reversed(rs[:i]) if x["_attributed"]), None)
                src = src or next((x for x in rs[i + 1:] if x["_attributed"]), None)
                a, _ = self.paras[p]
                if src is None and i == 0 and not self.text[a:r["_open"]].strip() and previous_last is not None \
                        and previous_last["_para"] == p - 1:
                    src = previous_last  # the running speaker of the paragraph before
                if src is not None and src["speaker"] is not None:
                    r.update({k: src[k] for k in keys})
                    r["_attributed"] = "inherited"
            last = rs[-1]
            previous_last = last if last["_attributed"] and last["speaker"] is not None else None

    def _canonical(self, results: list[dict]) -> None:
        """One name per speaker in the article.

        The surname in its shortest form seen (the nominative of an inflected name: "Путин",
        not "Путина"; "Tusk", not "Tuska"), with the first name of a form that writes the
        surname so ("Владимир Путин"); a speaker named in full keeps the words it was given.
        """
        people = [r for r in results if r["speaker"] is not None and r["speaker_type"] == "person"]
        spoken = {r["speaker"] for r in people} | {s["speaker"] for s in self._seen}
        # names met elsewhere in the text: two words ("Taipei di Pelosi" is no one's name)
        forms = sorted(spoken | {n["speaker"] for n in self._all_named if len(n["speaker"].split()) <= 2})
        forms = [f for f in forms if _plain_name(f.split())]
        for r in people:
            words = r["speaker"].split()
            matching = [f.split() for f in forms if _same_name(f.split()[-1], words[-1]) and (
                len(words) == 1 or len(f.split()) == len(words)
                and all(_same_name(x, y) for x, y in zip(words[:-1], f.split()[:-1])))]
            if not matching:
                continue
            surname = min((m[-1] for m in matching), key=lambda w: (len(w), w))
            if len(words) > 1 and surname == words[-1]:
                continue
            full = [m for m in matching if m[-1] == surname and len(m) >= len(words)]
            best = max(full, key=lambda m: (len(m), [-ord(c) for c in " ".join(m)])) if full else [surname]
            r["speaker"] = " ".join(best)


def _cue(matched: str) -> str:
    return " ".join(matched.lower().split())

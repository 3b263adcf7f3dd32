"""Step 1 of finding mentions: runs of capitalised words read into candidate mentions.

One regex finds *runs*: capitalised words joined by single spaces, with connectors
("of", "and", "bin") and lowercase role words ("spokesman", "press secretary")
inside them. `Scanner` reads each run left to right and keeps what it finds (people,
gazetteer actors, organisations, descriptions, single words kept aside) for
`framescope.actors.mentions` to resolve. Boilerplate lines are skipped; in
title-case headings only known surnames count.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from framescope.actors.gazetteer import Entry, Gazetteer, norm_space
from framescope.actors.nameparts import INITIALS_ONLY
from framescope.actors.wordlists import (FIRST_NAMES, GENDERED_ROLES, HONORIFICS, MONTHS_DAYS, NON_PERSON,
                                         NOT_ACTOR_FIRST, NOT_ACTOR_PHRASES, ORG_HEADS, PARTICLES, ROLE_MODIFIERS,
                                         ROLE_NOUNS, STOP_CAPS, SUFFIXES, trie_regex)

# ---------------------------------------------------------------------------
# Boilerplate and headings
# ---------------------------------------------------------------------------

# Lines that are boilerplate, not story: their names are not actors. A fast search
# for the tell-tale words first; only the lines that contain one are skipped.
_BOILERPLATE_ANYWHERE = ("contributed to this article", "contributed to this report", "can be reached at",
                         "all rights reserved", "comment policy", "copyright", "©")
_BOILERPLATE_WORDS = (r"[ \t•*·-]*(?:advertisement|sponsored|click here|hide caption"
                      r"|- .* - (?:mon|tues|wednes|thurs|fri|satur|sun)day)")
# A line that starts with one of these: matched at the text's start, and searched for
# after a line break (a search that begins with "\n" the regex engine does fast; one that
# begins with "^|\n" it tries at every position).
_BOILERPLATE_FIRST = re.compile(_BOILERPLATE_WORDS, re.I)
_BOILERPLATE_NEXT = re.compile(r"\n" + _BOILERPLATE_WORDS, re.I)


_LINE = re.compile(r"[^\n]+")
_SMALL_WORDS = frozenset("a an the of and or in on at to for by with from as is are vs. vs".split())


def _headings(text: str) -> list[tuple[int, int]]:
    """Short title-case lines without a full stop ("Hegseth in Brussels", "The Quiet Cost of Cheap Flights")."""
    out = []
    for m in _LINE.finditer(text):
        line = m.group().strip()
        if len(line) > 120 or not line or line[-1] in ".!?\"”’:":
            continue
        words = [w for w in line.split() if w[:1].isalpha()]
        if len(words) < 3:
            continue
        caps = sum(w[0].isupper() for w in words if w.lower() not in _SMALL_WORDS)
        content = sum(w.lower() not in _SMALL_WORDS for w in words)
        if content and caps == content:
            out.append((m.start(), m.end()))
    return out


def _boilerplate_lines(text: str) -> list[tuple[int, int]]:
    first = _BOILERPLATE_FIRST.match(text)  # no match holds a line break but its first character
    hits = [first.end()] if first else []
    hits += [m.end() for m in _BOILERPLATE_NEXT.finditer(text)]
    lower = None
    for word in _BOILERPLATE_ANYWHERE:
        if lower is None:
            lower = text.lower()
        p = lower.find(word)
        while p >= 0:
            hits.append(p)
            p = lower.find(word, p + 1)
    spans = []
    for h in sorted(hits):
        a = text.rfind("\n", 0, h) + 1
        b = text.find("\n", h)
        b = len(text) if b < 0 else b
        if not spans or spans[-1][1] < a:
            spans.append((a, b))
    return spans


# ---------------------------------------------------------------------------
# Runs
# ---------------------------------------------------------------------------

# Lowercase words that may sit inside a run (between a capitalised organisation and a name).
_LOWER_RUN_WORDS = sorted(
    {w for w in ROLE_NOUNS if w.isalpha() or "-" in w}
    - {"host", "chair", "judge", "coach", "anchor", "counsel", "aide", "general", "captain",
       "justice", "marshal", "actor", "editor", "author", "speaker", "rival", "donor", "delegate"}
    | {"former", "acting", "deputy", "vice", "senior", "press", "top", "prime", "presidential",
       "foreign", "defense", "first", "administration", "campaign"},
    key=lambda w: (-len(w), w),
)

_CONNECTORS = frozenset({"of", "for", "on", "and", "&", "the"}) | PARTICLES

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
_ABBREV = (r"(?:Mr|Mrs|Ms|Mx|Messrs|Dr|Prof|Sens?|Reps?|Gov|Lt|Gens?|Col|Sgt|Capt|Cpl|Adm|Maj|Cmdr|Rev|Hon|"
           r"Atty|Supt|Jr|Sr|St|Mt|Ft|Corp|Inc|Co|Ltd|Bros)\.")
_INITIALS = r"(?:[A-Z]\.){1,4}(?!\w)"
_CAPWORD = rf"[{_UPPER}][\w]*(?:['’][{_UPPER}][\w]*)?(?:-[\w]+)*"

_LOWER = r"(?:then-|ex-)?" + trie_regex(_LOWER_RUN_WORDS) + r"(?![\w-])"
_TOKEN = rf"(?:{_ABBREV}|{_INITIALS}|{_CAPWORD}|{_LOWER})"
_CONN = r"(?:of|for|on|and|&|the|" + "|".join(sorted(PARTICLES)) + r")"
_RUN = re.compile(rf"(?<![\w’'@.-]){_TOKEN}(?:[ \u00a0](?:{_CONN}[ \u00a0])*{_TOKEN})*")

_CUE_AFTER = re.compile(
    r"[ \u00a0]+(?:said|says|told|tells|wrote|writes|added|adds|asked|asks|noted|explained|argued|insisted|"
    r"warned|claimed|replied|responded|tweeted|announced|testified|stated|declared|recalled)\b"
)
_CUE_BEFORE = re.compile(r"\b(?:said|says|according to)[ \u00a0]+$")
_ACRONYM_DEF = re.compile(r"[ \u00a0]*\(([A-Z][A-Z0-9&.-]{1,9})\)")


def _inside(starts: list[int], spans: list[tuple[int, int]], pos: int) -> bool:
    """Is `pos` inside one of the sorted, non-overlapping `spans` (whose starts are `starts`)?"""
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and pos < spans[i][1]


@dataclass
class _Tok:
    start: int
    end: int
    text: str


_ROLE_WORDS = ROLE_NOUNS | ROLE_MODIFIERS
# Role nouns that are also surnames: "Rep. Peter King", "Mark Judge". After a known first name,
# at the end of a name, they are the surname; alone, they are kept aside like any surname.
# Months that are surnames too ("Theresa May", "Mrs May") count the same way.
_SURNAME_ROLES = frozenset({"King", "Bishop", "Judge", "Dean", "Marshal", "Pope", "Prince", "Baron", "Sheriff"})
_SURNAME_MONTHS = frozenset({"May", "April", "June", "August"})


def _surname_role(toks, start: int, j: int) -> bool:
    """Is toks[j] a role noun or month used as the surname of the name toks[start:j] ("Peter King")?"""
    if j < start or (j + 1 < len(toks) and toks[j + 1].text[:1].isupper()):
        return False
    t, prev = toks[j].text, toks[j - 1].text if j > 0 else ""
    if t in _SURNAME_MONTHS:
        return prev in FIRST_NAMES or prev.rstrip(".") in ("Mr", "Mrs", "Ms", "Miss", "Dr")
    return j > start and t in _SURNAME_ROLES and prev in FIRST_NAMES


def _particles_then_name(toks, k: int, gaz) -> bool:
    """Do particles start at toks[k] and lead to a name word ("von der Leyen")?"""
    j = k
    while j < len(toks) and toks[j].text in PARTICLES:
        j += 1
    return k < j < len(toks) and _name_like(toks[j].text, gaz)
_HEADS_OR_NON_PERSON = ORG_HEADS | NON_PERSON


def _given_name(toks, j: int, start: int, gaz) -> bool:
    """A first name that is also a thing word opens a name when a name word follows it: "Bill Bratton",
    "Bill de Blasio" (but "the Farm Bill", "a Bill", "Bill 8" stay things)."""
    return j == start and toks[j].text in NON_PERSON and toks[j].text in FIRST_NAMES and j + 1 < len(toks) and (
        (_name_like(toks[j + 1].text, gaz) and toks[j + 1].text not in gaz.aliases)
        or _particles_then_name(toks, j + 1, gaz))


def _is_cap(t: str) -> bool:
    c = t[:1]
    return c.isupper()


def is_acronym(t: str) -> bool:
    return len(t) >= 2 and t.replace("&", "").replace("-", "").isupper() and "." not in t


COMPASS = frozenset({"West", "North", "East", "South"})
_REGION_WORDS = frozenset({"Deep", "Far", "Middle", "Near", "Global", "Wild", "Great", "Mid", "Pacific", "Atlantic"})


def _compass_surname(toks, i: int, j: int, gaz: Gazetteer) -> bool:
    """"Darrell West", "Oliver North": a compass word right after one name-like word (no place or known
    actor), ending the run, is a surname (not "West Virginia", "North Korea", "the West", "Kansas West")."""
    return j == i + 1 and j < len(toks) and toks[j].text in COMPASS and toks[i].text not in gaz.aliases \
        and toks[i].text not in _REGION_WORDS and (
        j + 1 == len(toks) or not toks[j + 1].text[:1].isupper())


def _name_like(t: str, gaz: Gazetteer) -> bool:
    """Could `t` be one word of a person's name?"""
    if not t[:1].isupper():
        return False
    if t in STOP_CAPS or t in MONTHS_DAYS or t in ORG_HEADS or t in NON_PERSON or t in HONORIFICS:
        return False
    if t.lower() in ROLE_NOUNS:
        return False
    if "." in t:
        return bool(INITIALS_ONLY.fullmatch(t))  # initials: "J.D.", "R."
    if is_acronym(t) and len(t) > 1:
        return False
    if "-" in t:
        parts = t.split("-")
        if not all(p[:1].isupper() or p.lower() in ("al", "el", "bin") for p in parts if p):
            return False
    entry = gaz.aliases.get(t)
    if entry is not None and entry.type == "organization":
        return False
    return True


# ---------------------------------------------------------------------------
# The scanner
# ---------------------------------------------------------------------------


class Scanner:
    """Reads one article's runs (step 1). Kept as a class so its steps share the article's state."""

    def __init__(self, text: str, gaz: Gazetteer):
        self.text = text
        self.gaz = gaz
        self.found: list[dict] = []  # mentions with an internal "kind": person | entry | org | descriptor | single
        self.skip_spans = _boilerplate_lines(text)

    def scan(self) -> list[dict]:
        """The article's candidate mentions, in text order."""
        text = self.text
        skip = self.skip_spans
        skip_starts = [a for a, _ in skip]
        self.headings = _headings(text)
        heading_starts = [a for a, _ in self.headings]
        for m in _RUN.finditer(text):
            pos = m.start()
            if skip_starts and _inside(skip_starts, skip, pos):
                continue
            g = m.group()
            if " " not in g and "\u00a0" not in g:
                if g in STOP_CAPS or g in MONTHS_DAYS or not g[0].isupper():
                    continue  # the most common run: one sentence-initial word
                toks = [_Tok(pos, pos + len(g), g)]
            else:
                toks = []
                for w in g.replace("\u00a0", " ").split(" "):
                    toks.append(_Tok(pos, pos + len(w), w))
                    pos += len(w) + 1
            self.in_heading = bool(heading_starts) and _inside(heading_starts, self.headings, m.start())
            self._read_run(toks)
        if self.gaz.lower_regex is not None:
            taken = [(f["start"], f["end"]) for f in self.found]
            for m in self.gaz.lower_regex.finditer(text):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                if skip_starts and _inside(skip_starts, skip, m.start()):
                    continue
                self._emit_entry(m.start(), m.end(), self.gaz.aliases[m.group()])
            self.found.sort(key=lambda f: f["start"])
        return self.found

    def _read_run(self, toks: list[_Tok]) -> None:
        gaz = self.gaz
        n = len(toks)
        has_head = toks[0].text in ORG_HEADS if n == 1 else any(tk.text in ORG_HEADS for tk in toks)
        i = 0
        while i < n:
            t = toks[i].text
            if t in _CONNECTORS or (not t[:1].isupper() and not t.lower() in ROLE_NOUNS
                                    and not t.lower() in ROLE_MODIFIERS):
                i += 1
                continue
            g_end = self._gaz_match(toks, i)
            r = self._role_person(toks, i, g_end) if n > 1 else None
            o_end = self._org_span(toks, i) if has_head else 0
            g_len = g_end - i if g_end else 0
            r_len = (r[2] - i) if r else 0
            o_len = o_end - i if o_end else 0
            best = max(g_len, r_len, o_len)
            if best and g_len == best:
                key = self._key(toks, i, g_end)
                if key in NOT_ACTOR_PHRASES:
                    i = g_end
                    continue
                entry = gaz.aliases[key]
                if entry.type == "person":
                    self._emit_person(toks, i, g_end, role_end=i, forced=entry)
                else:
                    self._emit_entry(toks[i].start, toks[g_end - 1].end, entry, maybe_surname=(g_len == 1))
                i = g_end
                continue
            if best and r_len == best:
                role_end, name_end = r[1], r[2]
                if name_end == role_end:  # a description without a name: "the Ukrainian president"
                    self._emit_descriptor(toks, i, role_end)
                else:
                    self._emit_person(toks, i, name_end, role_end=role_end)
                i = name_end
                continue
            if best and o_len == best:
                self._emit_org(toks, i, o_end)
                i = o_end
                continue
            if t in STOP_CAPS or t in MONTHS_DAYS or not _is_cap(t):
                i += 1
                continue
            # hyphenated word with a gazetteer part: "Russian-occupied", "Russia-Ukraine"
            if "-" in t and t not in gaz.aliases:
                if self._hyphen_parts(toks[i]):
                    i += 1
                    continue
            # a name without a title; "Safeguarding European security" is none
            if t.endswith(("ing", "ed")) and t not in FIRST_NAMES and len(t) > 4 and self._sentence_initial(toks[i].start):
                i += 1
                continue
            j = i
            while j < n and (_name_like(toks[j].text, gaz) or _given_name(toks, j, i, gaz)
                    or (j > i and _particles_then_name(toks, j, gaz))
                    or (j > i and toks[j].text == "King" and j + 1 < n and toks[j + 1].text in SUFFIXES)
                    or _surname_role(toks, i, j) or _compass_surname(toks, i, j, gaz)):
                if j > i and any(toks[x].text == toks[j].text for x in range(i, j)):
                    break  # "Trump Trump": page furniture, not a longer name
                j += 1
            while j - i >= 3 and toks[j - 1].text in gaz.aliases:
                j -= 1  # "James Jeffrey Iraq": the place is not part of the name
            while j < n and j > i and toks[j].text in SUFFIXES:
                j += 1
            if j > i and toks[j - 1].text in PARTICLES:
                j -= 1
            if j < n and j > i and toks[j].text in ("administration", "campaign"):
                self._emit_named_org(toks, i, j + 1)
                i = j + 1
                continue
            if j - i >= 2 and self.in_heading:
                # A title-case heading ("The Quiet Cost of Cheap Flights"): only known surnames count here.
                for tk in toks[i:j]:
                    self._keep_single(tk)
                i = j
                continue
            if j - i >= 2:
                words = [tk.text for tk in toks[i:j]]
                phrase = " ".join(words)
                if phrase in NOT_ACTOR_PHRASES:
                    i = j
                    continue
                if j < n and toks[j].text in NON_PERSON:
                    i = j + 1  # "Trump Tower", "Wall Street"
                    continue
                if not self._real_name(words) or (
                        words[0] not in FIRST_NAMES and any(w in gaz.aliases for w in words)
                        and not (len(words) == 2 and words[1] in COMPASS)):  # "Darrell West"
                    i += 1  # "Russia Ukraine", "Putin Russia": not a name; read the words one by one
                    continue
                self._emit_person(toks, i, j, role_end=i)
                i = j
                continue
            if j == i + 1:
                if j < n and toks[j].text in NON_PERSON:
                    i = j + 1
                    continue
                self._keep_single(toks[i])
                i = j
                continue
            if is_acronym(t) or (t in _SURNAME_ROLES and i + 1 == n and not self._after_the(toks[i].start)):
                self._keep_single(toks[i])
            i += 1

    def _after_the(self, pos: int) -> bool:
        return self.text[max(0, pos - 4):pos].lower() == "the "

    def _sentence_initial(self, pos: int) -> bool:
        k = pos - 1
        while k >= 0 and self.text[k] in " \t\u00a0":
            k -= 1
        return k < 0 or self.text[k] in ".!?\n\"“‘:(—"

    @staticmethod
    def _key(toks, i, j):
        if j == i + 1:
            return toks[i].text
        return " ".join([tk.text for tk in toks[i:j]])

    def _gaz_match(self, toks, i) -> int:
        """End index of the longest gazetteer alias starting at token i, or 0."""
        gaz = self.gaz
        if toks[i].text not in gaz.first_tokens and toks[i].text not in NOT_ACTOR_FIRST:
            return 0
        n = len(toks)
        for j in range(min(n, i + max(gaz.max_tokens, 4)), i, -1):
            key = self._key(toks, i, j)
            if key in gaz.aliases or key in NOT_ACTOR_PHRASES:
                if j == i + 1 and key in gaz.aliases and j < n and toks[i].text in FIRST_NAMES \
                        and _name_like(toks[j].text, gaz) and toks[j].text not in gaz.aliases:
                    return 0  # "Jordan Peterson", "Georgia Smith": a first name, not a place
                return j
        if toks[i].text in NOT_ACTOR_PHRASES:
            return i + 1
        return 0

    def _is_role_modifier(self, t: str) -> bool:
        lo = t.lower()
        if lo in ROLE_MODIFIERS:
            return True
        if t in self.gaz.single_non_person or t in ORG_HEADS:
            return True
        return False

    def _role_person(self, toks, i, g):
        """(i, role_end, name_end) if a title starts at i, else None.

        `g` is the end of the gazetteer alias starting at i (0 if none);
        name_end == role_end means a title without a name (a description)."""
        n = len(toks)
        j = i
        last_noun = -1
        saw_of = False
        # A multi-word organisation or place in front of the title ("White House press secretary").
        if g and g - i >= 2 and self.gaz.aliases.get(self._key(toks, i, g), Entry("", "person")).type != "person":
            j = g
        while j < n:
            t = toks[j].text
            lo = t.lower()
            if t in HONORIFICS or lo in ROLE_NOUNS:
                # "General Motors": a role noun directly followed by an org head is an organisation
                last_noun = j
                j += 1
                if t in HONORIFICS:
                    break
                continue
            if lo in ("of", "the", "for") and j > i and last_noun >= 0:
                saw_of = True
                j += 1
                continue
            if lo == "and" and saw_of and j + 1 < n and self._is_role_modifier(toks[j + 1].text):
                j += 1
                continue
            if self._is_role_modifier(t):
                j += 1
                continue
            if lo.startswith(("then-", "ex-")) and lo.split("-", 1)[1] in _ROLE_WORDS:
                j += 1
                continue
            if saw_of and toks[j - 1].text == "of" and j + 2 < n and _is_cap(t) and toks[j + 1].text in FIRST_NAMES \
                    and _name_like(toks[j + 2].text, self.gaz):
                j += 1  # "Archbishop of Canterbury Justin Welby": one word after "of", then a first name
                continue
            break
        if last_noun < 0:
            return None
        role_end = j
        # trailing connectors or modifiers after the last noun belong to the role only after "of"
        if role_end - 1 > last_noun and not saw_of:
            role_end = last_noun + 1
        while role_end > last_noun + 1 and toks[role_end - 1].text in ("of", "the", "for", "and"):
            role_end -= 1
        k = role_end
        gaz = self.gaz
        titled = toks[role_end - 1].text in HONORIFICS
        while k < n and (_name_like(toks[k].text, gaz) or _given_name(toks, k, role_end, gaz)
                         or _surname_role(toks, role_end, k) or (
                (k > role_end or titled) and _particles_then_name(toks, k, gaz))):
            k += 1
        while k < n and k > role_end and toks[k].text in SUFFIXES:
            k += 1
        if k > role_end and toks[k - 1].text in PARTICLES:
            k -= 1
        if k == role_end:
            # a description needs a place in it and "the" in front: "the Ukrainian president"
            if any(toks[x].text in gaz.aliases and gaz.aliases[toks[x].text].type == "place"
                   for x in range(i, role_end)) and self._preceded_by_the(toks, i):
                return (i, role_end, role_end)
            return None
        if k < n and toks[k].text in _HEADS_OR_NON_PERSON:
            return None  # "General Motors Co.", "President Trump Tower"
        if not self._real_name([tk.text for tk in toks[role_end:k]], titled=toks[role_end - 1].text in HONORIFICS):
            return None  # "host U.S. officials"
        return (i, role_end, k)

    def _real_name(self, core: list[str], titled: bool = False) -> bool:
        """A name needs a word that is neither initials nor a known place ("U.S." alone is no name)."""
        aliases = self.gaz.aliases
        for w in core:
            if w in PARTICLES or w in SUFFIXES or INITIALS_ONLY.fullmatch(w):
                continue
            if w not in aliases or titled or (core[0] in FIRST_NAMES and len(core) > 1):
                return True
        return False

    def _preceded_by_the(self, toks, i) -> bool:
        if i > 0:
            return toks[i - 1].text in ("The", "the")
        return self.text[max(0, toks[i].start - 4):toks[i].start].lower() == "the "

    def _org_span(self, toks, i) -> int:
        """End index of an organisation named by its head word ("Defense Ministry"), or 0."""
        n = len(toks)
        t0 = toks[i].text
        if t0 in STOP_CAPS or t0 in HONORIFICS or not _is_cap(t0) or t0 in MONTHS_DAYS:
            return 0
        j = i
        last_head = -1
        while j < n:
            t = toks[j].text
            if _is_cap(t) and t not in STOP_CAPS and t not in HONORIFICS and t not in MONTHS_DAYS:
                if t in ORG_HEADS:
                    last_head = j
                j += 1
                continue
            break
        if last_head < 0 or last_head == i and (last_head + 1 >= n or toks[last_head + 1].text not in ("of", "for", "on")):
            return 0
        end = last_head + 1
        # "Department of Justice", "Committee on Foreign Relations"
        k = end
        while k < n and toks[k].text in ("of", "for", "on", "the"):
            k += 1
        if k > end:
            m = k
            while m < n and _is_cap(toks[m].text) and toks[m].text not in HONORIFICS and toks[m].text not in STOP_CAPS \
                    and toks[m].text not in MONTHS_DAYS:  # "the State Department on Friday" is a date, not a name
                m += 1
            if m > k:
                end = m
        if end - i < 2:
            return 0
        return end

    def _hyphen_parts(self, tok: _Tok) -> bool:
        pos = tok.start
        emitted = False
        for part in tok.text.split("-"):
            entry = self.gaz.aliases.get(part)
            if entry is not None and entry.type != "person" and part not in NOT_ACTOR_PHRASES:
                self._emit_entry(pos, pos + len(part), entry)
                emitted = True
            pos += len(part) + 1
        return emitted

    # -- emitters -----------------------------------------------------------

    def _emit_entry(self, start, end, entry: Entry, maybe_surname=False):
        if self.text[max(0, start - 4):start].lower() == "non-":
            return
        self.found.append({"start": start, "end": end, "kind": "entry", "entry": entry,
                           "maybe_surname": maybe_surname, "surface": self.text[start:end]})

    def _emit_org(self, toks, i, j):
        start, end = toks[i].start, toks[j - 1].end
        name = norm_space(self.text[start:end])
        if name.startswith("The "):
            name = name[4:]
        entry = self.gaz.aliases.get(name) or Entry(name, "organization")
        f = {"start": start, "end": end, "kind": "org", "entry": entry, "surface": self.text[start:end]}
        m = _ACRONYM_DEF.match(self.text, end)
        if m:
            f["acronym"] = m.group(1)
            f["acronym_at"] = m.start(1)
        self.found.append(f)

    def _emit_named_org(self, toks, i, j):
        start, end = toks[i].start, toks[j - 1].end
        words = [tk.text for tk in toks[i:j - 1] if tk.text not in SUFFIXES]
        self.found.append({"start": start, "end": end, "kind": "named_org", "surname": words[-1],
                           "what": toks[j - 1].text, "surface": self.text[start:end]})

    def _emit_person(self, toks, i, j, role_end, forced: Entry | None = None):
        role_toks = [tk.text for tk in toks[i:role_end]]
        core = [tk.text for tk in toks[role_end:j]]
        honorific = None
        if role_toks and role_toks[-1] in HONORIFICS:
            honorific = role_toks[-1]
            role_toks = role_toks[:-1]
        # nationality: places at the front of the title are dropped from the role
        nationality = None
        k = 0
        while k < len(role_toks):
            e = self.gaz.aliases.get(role_toks[k])
            if e is not None and e.type == "place":
                nationality = nationality or e.name
                k += 1
                continue
            break
        role_words = role_toks[k:]
        role = " ".join(role_words) if role_words else None
        gender = HONORIFICS.get(honorific) if honorific else None
        for w in role_words:
            gender = gender or GENDERED_ROLES.get(w.lower())
        start = toks[i].start
        self.found.append({
            "start": start, "end": toks[j - 1].end, "kind": "person", "core": core, "role": role,
            "nationality": nationality, "honorific": honorific, "gender": gender, "forced": forced,
            "role_noun": role_words[-1].lower() if role_words else None,
            "surface": self.text[start:toks[j - 1].end],
        })

    def _emit_descriptor(self, toks, i, role_end):
        role_toks = [tk.text for tk in toks[i:role_end]]
        nationality = None
        for w in role_toks:
            e = self.gaz.aliases.get(w)
            if e is not None and e.type == "place":
                nationality = e.name
                break
        start, end = toks[i].start, toks[role_end - 1].end
        self.found.append({"start": start, "end": end, "kind": "descriptor", "nationality": nationality,
                           "role_noun": role_toks[-1].lower(), "toks": toks[i:role_end],
                           "surface": self.text[start:end]})

    def _keep_single(self, tok: _Tok):
        text = self.text
        after_cue = bool(_CUE_AFTER.match(text, tok.end))
        before = text[max(0, tok.start - 20):tok.start]
        # (the regex only where one of its words is there at all)
        before_cue = ("said" in before or "says" in before or "according to" in before) and bool(
            _CUE_BEFORE.search(before))
        self.found.append({"start": tok.start, "end": tok.end, "kind": "single", "word": tok.text,
                           "speaks": after_cue or before_cue, "surface": tok.text})

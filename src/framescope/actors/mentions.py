"""Actors: who is named in an article, where, and as whom.

`find_mentions(text)` finds the people, organisations and places named in one
article's clean text and returns their character offsets, with one canonical
name per real-world actor: "President Trump", "Mr. Trump" and "Trump's" are one
actor, called "Donald Trump" if the article names him in full and "Trump" if not.

It reads the text in three steps, all pure-Python regular expressions and set
look-ups (no model to download):

1. One regex finds *runs*: capitalised words joined by single spaces, with
   connectors ("of", "and", "bin") and lowercase role words ("spokesman",
   "press secretary") inside them. Each run is read left to right. At each word
   the longest of these wins: a role followed by a name ("Defense Secretary Pete
   Hegseth"), a gazetteer alias ("Ukraine Defense Contact Group", "Russia"), a
   capitalised phrase ending in an organisation word ("Russian Defense
   Ministry", "Department of Justice"). Failing those, two or more name-like
   words are a person ("Mark Rutte"); a single unknown capitalised word is kept
   aside for step 3.
2. People are grouped by surname within the article. The canonical name is the
   fullest form seen, middle initials dropped ("Donald J. Trump" -> "Donald
   Trump") so that names line up across articles.
3. Words kept aside become mentions when they are a known surname ("Hegseth"),
   an acronym the article defined ("Democratic National Committee (DNC)"), or a
   capitalised word that says something ("Trump said"). Descriptions such as
   "the Ukrainian president" become mentions of the person the article
   introduced with that title ("Ukrainian President Volodymyr Zelenskyy").

Choices a researcher should know:

- A nationality or organisation in front of a person's title belongs to that
  person's mention: "Russian President Vladimir Putin" is one mention of
  Vladimir Putin with role "President" (the nationality is dropped from the
  role, the organisation kept: "Kremlin spokesman"); it is not also a mention of
  Russia. Everywhere else a demonym is a mention of its place: "Russian forces"
  and "the Americans" mention Russia and the United States.
- Honorifics (Mr., Mrs., Ms.) are not roles; academic and military titles
  (Dr., Gen.) are.
- "Trump administration", "Biden administration" (and "... campaign") are
  organisations named after the person's surname.
- Rooms, buildings, streets, wars, holidays and platforms ("Oval Office",
  "Truth Social", "World War II") are not actors.
- Lines that are boilerplate (bylines "X contributed to this article", "can be
  reached at", copyright, "Advertisement") are skipped.

A researcher can add or override actors with an actors file (YAML), read by
`load_actors_config`; its actors win over the built-in lists and carry a `group`.

Step 1 is `framescope.actors.scan`. The built-in lists are files in the package's
data/actors/ folder, read by `framescope.actors.gazetteer` (known actors, and
`load_actors_config`) and `framescope.actors.wordlists` (the word lists).
"""

from __future__ import annotations

import bisect
import re

from framescope.actors.gazetteer import Entry, Gazetteer, default_gazetteer
from framescope.actors.nameparts import (canonical_form, first_name_gender, first_names_compatible, folded, is_full,
                                         suffix, surname_keys)
from framescope.actors.scan import COMPASS, Scanner, is_acronym
from framescope.actors.wordlists import FIRST_NAMES, GENDERED_ROLES, HONORIFICS, MONTHS_DAYS, STOP_CAPS

# ---------------------------------------------------------------------------
# The article reader
# ---------------------------------------------------------------------------


class _Reader:
    """Reads one article. Kept as a class so the steps share the article's state."""

    def __init__(self, text: str, gaz: Gazetteer):
        self.text = text
        self.gaz = gaz
        self.found: list[dict] = []  # mentions with an internal "kind": person | entry | org | descriptor | single

    # -- step 1 -------------------------------------------------------------

    def scan(self) -> None:
        self.found = Scanner(self.text, self.gaz).scan()

    # -- steps 2 and 3 --------------------------------------------------------

    def resolve(self) -> list[dict]:
        found = self.found
        text = self.text
        gaz = self.gaz

        # Single words that speak ("Trump said") are people, unless they are plain words; so
        # are the surnames of well-known people ("Putin's war").
        lower_words = None
        for f in found:
            if f["kind"] == "single" and (f["speaks"] or f["word"] in gaz.known_surnames) \
                    and not is_acronym(f["word"]) \
                    and f["word"] not in STOP_CAPS and f["word"] not in gaz.aliases:
                word = f["word"].lower()
                if lower_words is None:
                    lower_words = {}
                if word not in lower_words:  # is it also written in lower case (a plain word)?
                    lower_words[word] = word[:1].isalpha() and word.isascii() and word in text and re.search(
                        r"(?<![\w'-])" + re.escape(word) + r"(?![\w'-])", text) is not None
                if not lower_words[word]:
                    f.update(kind="person", core=[f["word"]], role=None, nationality=None, honorific=None,
                             gender=None, forced=None, role_noun=None)

        clusters = self._cluster([f for f in found if f["kind"] == "person"])
        by_key: dict[str, list[int]] = {}
        for ci, c in enumerate(clusters):
            for k in c["keys"]:
                by_key.setdefault(k, []).append(ci)

        acronyms: dict[str, Entry] = {}
        acronym_positions = set()
        org_names = sorted({f["entry"].name for f in found
                            if f["kind"] in ("org", "entry") and f["entry"].type == "organization"})
        for f in found:
            if f["kind"] == "org" and "acronym" in f:
                acronyms.setdefault(f["acronym"], self._merged_org(f["entry"], org_names))
                acronym_positions.add(f["acronym_at"])

        out = []
        for f in found:
            kind = f["kind"]
            if kind == "person":
                c = clusters[f["cluster"]]
                out.append(self._mention(f, c["name"], "person", f["role"], c["group"]))
            elif kind == "entry":
                entry = f["entry"]
                if f.get("maybe_surname") and f["surface"] in by_key and clusters[by_key[f["surface"]][0]]["strong"] \
                        and text[max(0, f["start"] - 4):f["start"]].lower() != "the ":  # "the West" stays a place
                    c = clusters[by_key[f["surface"]][0]]
                    out.append(self._mention(f, c["name"], "person", None, c["group"]))
                else:
                    out.append(self._mention(f, entry.name, entry.type, None, entry.group))
            elif kind == "org":
                entry = self._merged_org(f["entry"], org_names)
                out.append(self._mention(f, entry.name, entry.type, None, entry.group))
            elif kind == "named_org":
                name = f["surname"]
                if name in by_key:
                    name = clusters[by_key[name][0]]["surname"]
                actor = f"{name} {f['what']}"
                entry = gaz.aliases.get(actor)
                out.append(self._mention(f, actor, "organization", None, entry.group if entry else None))
            elif kind == "descriptor":
                c = self._descriptor_person(f, clusters)
                if c is not None:
                    out.append(self._mention(f, c["name"], "person", None, c["group"]))
                else:
                    for tk in f["toks"]:
                        e = gaz.aliases.get(tk.text)
                        if e is not None and e.type != "person":
                            out.append(self._mention({"start": tk.start, "end": tk.end, "surface": tk.text},
                                                     e.name, e.type, None, e.group))
            elif kind == "single":
                w = f["word"]
                if w in by_key and w not in MONTHS_DAYS:
                    cands = by_key[w]
                    ci = cands[0] if len(cands) == 1 else self._pick(cands, clusters, f["start"], None)
                    c = clusters[ci]
                    out.append(self._mention(f, c["name"], "person", None, c["group"]))
                elif w in acronyms and f["start"] not in acronym_positions:
                    e = acronyms[w]
                    out.append(self._mention(f, e.name, e.type, None, e.group))
        return out

    @staticmethod
    def _mention(f, actor, actor_type, role, group):
        return {"start": f["start"], "end": f["end"], "surface": f["surface"], "actor": actor,
                "actor_type": actor_type, "role": role, "group": group}

    @staticmethod
    def _merged_org(entry: Entry, org_names: list[str]) -> Entry:
        """A short name the article uses for an organisation it named in full: "Contact Group"."""
        if entry.group is not None or " " not in entry.name:
            return entry
        best = None
        for other in org_names:
            if other != entry.name and other.endswith(" " + entry.name):
                if best is None or len(other) > len(best):
                    best = other
        return Entry(best, "organization") if best else entry

    def _descriptor_person(self, f, clusters):
        hits = [ci for ci, c in enumerate(clusters) if (f["nationality"], f["role_noun"]) in c["titles"]]
        if len(hits) == 1:
            return clusters[hits[0]]
        return None

    def _pick(self, cands, clusters, pos, gender):
        if gender:
            g = [ci for ci in cands if _vote(clusters[ci]["gender_votes"]) in (gender, None)]
            cands = g or cands
        before = [(clusters[ci]["last_full_before"](pos), ci) for ci in cands]
        best = max(before)
        if best[0] >= 0:
            return best[1]
        return cands[0]

    def _cluster(self, persons: list[dict]) -> list[dict]:
        gaz = self.gaz
        clusters: list[dict] = []
        by_key: dict[str, list[int]] = {}  # surname -> clusters, in order of creation

        def new(f):
            clusters.append({"members": [], "full": [], "keys": [], "gender_votes": {}, "titles": set(),
                             "strong": False, "last_full_before": _never})
            return len(clusters) - 1

        def same_key(k):  # the clusters of this surname, or of the same spelt without accents
            if k in by_key:
                return by_key[k]
            fk = folded(k)
            return next((v for key, v in by_key.items() if folded(key) == fk), ())

        def add(ci, f):
            c = clusters[ci]
            c["members"].append(f)
            f["cluster"] = ci
            if is_full(f["core"]):
                c["full"].append(f)
            for k in surname_keys(f["core"]):
                if k not in c["keys"]:
                    c["keys"].append(k)
                    by_key.setdefault(k, []).append(ci)
            g = f["gender"] or first_name_gender(f["core"])
            if g:
                c["gender_votes"][g] = c["gender_votes"].get(g, 0) + 1
            if f["role_noun"]:
                c["titles"].add((f["nationality"], f["role_noun"]))
            if f["role_noun"] or f["honorific"] or f["forced"] or (len(f["core"]) > 1 and f["core"][0] in FIRST_NAMES) \
                    or (len(f["core"]) == 2 and f["core"][1] in COMPASS):  # "Darrell West": West is his name
                c["strong"] = True

        # researcher entries matched directly by alias come first
        forced_idx: dict[str, int] = {}
        for f in persons:
            if f["forced"] is not None:
                name = f["forced"].name
                if name not in forced_idx:
                    forced_idx[name] = new(f)
                add(forced_idx[name], f)

        fulls = [f for f in persons if f["forced"] is None and is_full(f["core"])]
        singles = [f for f in persons if f["forced"] is None and not is_full(f["core"])]
        for f in fulls:
            keys = surname_keys(f["core"])
            target = None
            for ci in same_key(keys[0]):
                c = clusters[ci]
                if not c["full"]:
                    continue
                other = c["full"][0]["core"]
                if first_names_compatible(f["core"], other):
                    if f["core"][0] == other[0] and suffix(f["core"]) != suffix(other):
                        continue  # "Donald Trump Jr." is not "Donald Trump"
                    target = ci
                    break
            if target is None:
                target = new(f)
            add(target, f)
        for c in clusters:  # the full names are all placed; singles only pick among them
            c["last_full_before"] = _last_before(c)
        for f in singles:
            keys = surname_keys(f["core"])
            w = keys[0] if keys else f["core"][0]
            cands = list(same_key(w))
            if suffix(f["core"]):  # "Trump Jr." is the one with the suffix
                cands = [ci for ci in cands if any(suffix(x["core"]) == suffix(f["core"]) for x in clusters[ci]["full"])]
            if not cands and len(f["core"]) == 1 and w not in gaz.known_surnames and w not in gaz.aliases:
                # "Gao" after "Gao Feng", "Fred" after "Fred Espenak": the one full name opening with the word
                cands = list({ci: 0 for ci, c in enumerate(clusters) for x in c["full"] if x["core"][0] == w})
                cands = cands if len(cands) == 1 else []
            if not cands:
                ci = new(f)
            elif len(cands) == 1:
                ci = cands[0]
            else:
                ci = self._pick(cands, clusters, f["start"], f["gender"])
            add(ci, f)

        for ci, c in enumerate(clusters):
            c["last_full_before"] = _last_before(c)
            c["gender"] = _vote(c["gender_votes"])
            if c["full"]:
                forms = [canonical_form(f["core"]) for f in c["full"]]
                # the fullest; of equals, the one with accents ("Hincapié"); max keeps the first of ties
                c["name"] = max(forms, key=lambda s: (len(s.split()), len(s), not s.isascii()))
                c["surname"] = surname_keys(c["full"][0]["core"])[0]
            else:
                c["name"] = c["members"][0]["core"][0]
                c["surname"] = c["name"]
            c["group"] = None
            forced = next((f["forced"] for f in c["members"] if f["forced"] is not None), None)
            if forced is None:
                forms = [c["name"]] + [" ".join(f["core"]) for f in c["members"]] + [f["surface"] for f in c["members"]]
                forced = next((gaz.person_aliases[s] for s in forms if s in gaz.person_aliases), None)
            if forced is not None:
                c["name"], c["group"] = forced.name, forced.group
            elif c["full"]:
                known = next((gaz.known_people[f] for f in [c["name"]] + [canonical_form(x["core"]) for x in c["full"]]
                              if f in gaz.known_people), None)
                if known is not None:
                    c["name"] = known.name
            elif c["name"] in gaz.known_surnames:
                known, gender = gaz.known_surnames[c["name"]]
                if c["gender"] in (None, gender):
                    c["name"] = known.name
        self.clusters = clusters
        return clusters


def _vote(votes: dict[str, int]) -> str | None:
    """The clear winner of a vote, or None on a tie or no votes."""
    if not votes:
        return None
    top = max(votes.values())
    winners = [g for g, v in votes.items() if v == top]
    return winners[0] if len(winners) == 1 else None


def _never(pos: int) -> int:
    return -1


def _last_before(c):
    starts = sorted(f["start"] for f in c["full"])

    def last(pos):
        i = bisect.bisect_left(starts, pos)
        return starts[i - 1] if i else -1

    return last


def find_mentions(text: str, gazetteer: Gazetteer | None = None) -> list[dict]:
    """Find the actors named in one article's clean text.

    Parameters
    ----------
    text
        The article's clean text (paragraphs separated by blank lines).
    gazetteer
        Known actors; the built-in gazetteer when None. Use `load_actors_config`
        to add a researcher's actors.

    Returns
    -------
    list of dict
        One dict per mention, in text order and non-overlapping, with keys
        ``start``, ``end`` (character offsets into `text`), ``surface`` (the words
        as written), ``actor`` (canonical name), ``actor_type`` ("person",
        "organization" or "place"), ``role`` (a title such as "Defense
        Secretary", or None) and ``group`` (the researcher's group, or None).
    """
    reader = _Reader(text, gazetteer or default_gazetteer())
    reader.scan()
    return reader.resolve()


def actor_genders(mentions: list[dict]) -> dict[str, str | None]:
    """Each person actor's likely grammatical gender ("m", "f" or None), from honorifics, titles and first names.

    Used to resolve "he said" / "she said" in `framescope.actors.quotes`.
    """
    votes: dict[str, dict[str, int]] = {}
    for m in mentions:
        if m["actor_type"] != "person":
            continue
        v = votes.setdefault(m["actor"], {})
        words = m["surface"].split()
        g = None
        for w in words:
            g = g or HONORIFICS.get(w) or GENDERED_ROLES.get(w.lower())
        if g is None:
            g = first_name_gender(m["actor"].split())
        if g:
            v[g] = v.get(g, 0) + 1
    return {actor: _vote(v) for actor, v in votes.items()}

"""Unit tests for framescope.actors.mentions: who is named, where, and as whom."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from framescope.actors.gazetteer import ActorsConfigError, Gazetteer, load_actors_config
from framescope.actors.mentions import find_mentions

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_59bdb630432fb0d7.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "features"


def by_surface(text, **kw):
    return {m["surface"]: m for m in find_mentions(text, **kw)}


@pytest.fixture(scope="module")
def seed_text():
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_mentions(seed_text):
    return find_mentions(seed_text)


# -- the contract -------------------------------------------------------------


def test_offsets_order_and_keys(seed_text, seed_mentions):
    assert seed_mentions
    last_end = -1
    for m in seed_mentions:
        assert set(m) == {"start", "end", "surface", "actor", "actor_type", "role", "group"}
        assert seed_text[m["start"]:m["end"]] == m["surface"]
        assert m["start"] >= last_end, "mentions overlap or are out of order"
        last_end = m["end"]
        assert m["actor_type"] in ("person", "organization", "place")


def test_lowercase_aliases_found_as_with_one_look_behind():
    # the regex of lowercase aliases puts its look-behind after each first letter, for speed
    import re

    gaz = Gazetteer()
    lower = sorted((a for a in gaz.aliases if a[:1].islower()), key=lambda a: (-len(a), a))
    plain = re.compile(r"(?<![\w’'-])(?:" + "|".join(re.escape(a) for a in lower) + r")(?![\w-])")
    text = " ".join(["al Qaeda", "xal Qaeda", "-the West", "’the West", "the Westy", "(al-Qaida)", "the West-",
                     "é the West.", "\nal-Qaeda,", "tal Qaeda"])
    for t in (text, text[1:], "al Qaeda", "the West"):
        assert [m.span() for m in gaz.lower_regex.finditer(t)] == [m.span() for m in plain.finditer(t)]
    assert len(list(gaz.lower_regex.finditer(text))) == 4


def test_empty_and_plain_text():
    assert find_mentions("") == []
    assert find_mentions("nothing capitalised here at all.") == []


# -- seed facts -----------------------------------------------------------------


def test_seed_trump_variants_are_one_actor(seed_mentions):
    surfaces = {m["surface"]: m["actor"] for m in seed_mentions if "Trump" in m["surface"] and m["actor_type"] == "person"}
    assert {"President Trump", "Mr. Trump"} <= set(surfaces)
    # The seed never names him in full; the built-in list of well-known people does.
    assert set(surfaces.values()) == {"Donald Trump"}


def test_seed_role_is_not_part_of_the_name(seed_mentions):
    hegseth = next(m for m in seed_mentions if m["surface"] == "Defense Secretary Pete Hegseth")
    assert hegseth["actor"] == "Pete Hegseth"
    assert hegseth["role"] == "Defense Secretary"
    putin = next(m for m in seed_mentions if m["surface"] == "Russian President Vladimir Putin")
    assert (putin["actor"], putin["role"]) == ("Vladimir Putin", "President")
    peskov = next(m for m in seed_mentions if m["surface"].endswith("Dmitry Peskov"))
    assert (peskov["actor"], peskov["role"]) == ("Dmitry Peskov", "Kremlin spokesman")
    rutte = next(m for m in seed_mentions if m["surface"].endswith("Mark Rutte"))
    assert rutte["role"] == "NATO Secretary-General"


def test_seed_surnames_resolve_to_full_names(seed_mentions):
    actors = {m["surface"]: m["actor"] for m in seed_mentions}
    assert actors["Mr. Hegseth"] == "Pete Hegseth"
    assert actors["Hegseth"] == "Pete Hegseth"  # the subhead "Hegseth in Brussels"
    assert actors["Mr. Peskov"] == "Dmitry Peskov"
    assert actors["Mr. Zelenskyy"] == "Volodymyr Zelenskyy"
    assert actors["Mr. Putin"] == "Vladimir Putin"
    assert actors["Ukrainian president"] == "Volodymyr Zelenskyy"  # "The Ukrainian president"


def test_seed_no_false_people(seed_mentions):
    people = {m["actor"] for m in seed_mentions if m["actor_type"] == "person"}
    assert people == {"Donald Trump", "Vladimir Putin", "Volodymyr Zelenskyy", "Pete Hegseth", "Dmitry Peskov",
                      "Mohammed bin Salman", "Marco Rubio", "J.D. Vance", "Mark Rutte"}
    surfaces = " | ".join(m["surface"] for m in seed_mentions)
    for word in ("Despite", "Still", "Together", "Truth Social", "Oval Office", "World War", "Advertisement",
                 "Wednesday", "Chasing", "Honesty"):
        assert word not in surfaces


def test_seed_organisations_and_places(seed_mentions):
    c = Counter((m["actor"], m["actor_type"]) for m in seed_mentions)
    assert c[("Trump administration", "organization")] == 4
    assert c[("Biden administration", "organization")] == 2
    assert c[("Ukraine Defense Contact Group", "organization")] == 2  # "the Contact Group countries" too
    assert c[("NATO", "organization")] == 7  # not the one in "NATO Secretary-General Mark Rutte"
    assert c[("The Associated Press", "organization")] == 2  # "The Associated Press" and "AP reported"
    assert c[("Tass", "organization")] == 1
    assert c[("Saudi Arabia", "place")] == 2  # "Saudi Arabia" and "Saudi ruler"
    assert c[("The Hague", "place")] == 1
    assert c[("Indo-Pacific", "place")] == 1
    # Possessives are not part of a name.
    assert all(not m["surface"].endswith(("’s", "'s")) for m in seed_mentions)


def test_seed_boilerplate_lines_have_no_actors(seed_text, seed_mentions):
    tail = seed_text.index("David R. Sands")
    assert all(m["start"] < tail for m in seed_mentions)


# -- rules on small texts ---------------------------------------------------------


def test_fullest_name_is_canonical_and_initials_drop():
    text = "President Trump spoke. Later Donald J. Trump said more. Mr. Trump left."
    ms = find_mentions(text)
    assert {m["actor"] for m in ms} == {"Donald Trump"}
    assert [m["role"] for m in ms] == ["President", None, None]


def test_demonym_counts_as_place_only_outside_a_title():
    ms = by_surface("Russian forces advanced. Russian President Vladimir Putin spoke.")
    assert ms["Russian"]["actor"] == "Russia"
    assert ms["Russian President Vladimir Putin"]["actor_type"] == "person"


def test_lowercase_titles_and_organisations():
    ms = by_surface("White House press secretary Sarah Sanders spoke. Former Vice President Joe Biden replied.")
    assert ms["White House press secretary Sarah Sanders"]["role"] == "White House press secretary"
    assert ms["Former Vice President Joe Biden"]["actor"] == "Joe Biden"


def test_generic_organisations_by_head_word():
    ms = by_surface("The Russian Defense Ministry and the Department of Homeland Security and the Senate "
                    "Foreign Relations Committee met.")
    assert ms["Russian Defense Ministry"]["actor_type"] == "organization"
    assert ms["Department of Homeland Security"]["actor"] == "Department of Homeland Security"
    assert ms["Senate Foreign Relations Committee"]["actor_type"] == "organization"


def test_acronym_defined_in_the_article():
    ms = find_mentions("The Foo Bar Association (FBA) objected. Later the FBA backed down.")
    assert [m["actor"] for m in ms] == ["Foo Bar Association", "Foo Bar Association"]


def test_two_people_with_one_surname_stay_apart():
    text = "Donald Trump and Ivanka Trump arrived. Ms. Trump spoke first, then Mr. Trump."
    ms = by_surface(text)
    assert ms["Ms. Trump"]["actor"] == "Ivanka Trump"
    assert ms["Mr. Trump"]["actor"] == "Donald Trump"


def test_title_case_heading_is_no_person():
    ms = find_mentions("The Quiet Cost of Cheap Flights\n\nAirlines disagree.")
    assert all(m["actor_type"] != "person" for m in ms)


def test_fixture_wire_story_people():
    ms = find_mentions((FIXTURES / "wire_story.txt").read_text(encoding="utf-8"))
    people = {m["surface"]: (m["actor"], m["role"]) for m in ms if m["actor_type"] == "person"}
    assert people["Dutch Finance Minister Anna de Vries"] == ("Anna de Vries", "Finance Minister")
    assert people["Ms. de Vries"] == ("Anna de Vries", None)
    assert people["Commission spokeswoman Maria Lopez"] == ("Maria Lopez", "Commission spokeswoman")
    assert people["Tomasz Nowak"] == ("Tomasz Nowak", None)


# -- determinism ----------------------------------------------------------------------


def test_same_output_whatever_the_hash_seed(seed_text):
    code = ("import json,sys; from framescope.actors.mentions import find_mentions; "
            "print(json.dumps(find_mentions(open(sys.argv[1], encoding='utf-8').read())))")
    outs = set()
    for seed in ("0", "1", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        r = subprocess.run([sys.executable, "-c", code, str(SEED)], env=env, capture_output=True, text=True,
                           check=True)
        outs.add(r.stdout)
    assert len(outs) == 1
    assert json.loads(outs.pop()) == find_mentions(seed_text)


# -- the researcher's actors file -----------------------------------------------------


def write(tmp_path, body):
    p = tmp_path / "actors.yaml"
    p.write_text(body, encoding="utf-8")
    return p


def test_actors_file_takes_precedence_and_carries_group(tmp_path, seed_text):
    gaz = load_actors_config(write(tmp_path, """
actors:
  - name: Donald Trump
    type: person
    aliases: [Trump, President Trump, "Mr. Trump"]
    group: US government
  - name: North Atlantic Treaty Organization
    type: organization
    aliases: [NATO]
    group: alliances
"""))
    assert isinstance(gaz, Gazetteer)
    ms = find_mentions(seed_text, gaz)
    trump = [m for m in ms if "Trump" in m["surface"] and m["actor_type"] == "person"]
    assert trump and {m["actor"] for m in trump} == {"Donald Trump"}
    assert {m["group"] for m in trump} == {"US government"}
    nato = [m for m in ms if m["surface"] == "NATO"]
    assert {(m["actor"], m["group"]) for m in nato} == {("North Atlantic Treaty Organization", "alliances")}
    # Actors the file does not name still appear, without a group.
    hegseth = [m for m in ms if m["actor"] == "Pete Hegseth"]
    assert hegseth and {m["group"] for m in hegseth} == {None}


def test_actors_file_empty_is_fine(tmp_path):
    gaz = load_actors_config(write(tmp_path, "actors: []\n"))
    assert find_mentions("Mr. Putin spoke in Moscow.", gaz)


@pytest.mark.parametrize("body, expected", [
    ("actors:\n  - name: X\n    type: persn\n", r"actors\[0\] \(X\): key 'type'"),
    ("actors:\n  - type: person\n", r"actors\[0\]: key 'name'"),
    ("actors:\n  - name: A\n    type: place\n  - name: B\n    type: place\n    aliases: 5\n", r"actors\[1\] \(B\): key 'aliases'"),
    ("actors:\n  - name: A\n    type: place\n    colour: red\n", r"actors\[0\]: unknown key"),
    ("actors:\n  - name: A\n    type: place\n    group: [x]\n", r"actors\[0\] \(A\): key 'group'"),
    ("actors:\n  - name: A\n    type: place\n  - name: B\n    type: place\n    aliases: [A]\n", r"alias 'A' is also"),
    ("people: []\n", r"'actors:' list"),
    ("actors: {name: A}\n", r"'actors' must be a list"),
    ("actors: [\n", r"not valid YAML"),
])
def test_actors_file_errors_name_file_entry_and_key(tmp_path, body, expected):
    p = write(tmp_path, body)
    with pytest.raises(ActorsConfigError, match=expected) as err:
        load_actors_config(p)
    assert str(p) in str(err.value)


def test_actors_file_missing(tmp_path):
    with pytest.raises(ActorsConfigError, match="not found"):
        load_actors_config(tmp_path / "nope.yaml")


# -- well-known people and corpus names ---------------------------------------------------


def test_well_known_surnames_get_the_full_name():
    ms = by_surface("Putin’s war dragged on. Mr. Zelensky said so, and President Trump agreed.")
    assert ms["Putin"]["actor"] == "Vladimir Putin"
    assert ms["Mr. Zelensky"]["actor"] == "Volodymyr Zelenskyy"
    assert ms["President Trump"]["actor"] == "Donald Trump"
    assert by_surface("Joseph R. Biden spoke.")["Joseph R. Biden"]["actor"] == "Joe Biden"


def test_well_known_surname_yields_to_the_article():
    assert by_surface("Ms. Trump spoke.")["Ms. Trump"]["actor"] == "Trump"  # not Donald: the other gender
    ms = by_surface("Eric Trump spoke. Later Trump left.")
    assert ms["Trump"]["actor"] == "Eric Trump"
    # an actors file wins over the built-in list
    gaz = Gazetteer([(["Trump"], __import__("framescope.actors.gazetteer", fromlist=["Entry"]).Entry("Melania Trump", "person"))])
    assert by_surface("Trump spoke.", gazetteer=gaz)["Trump"]["actor"] == "Melania Trump"


def mentions_table(rows):
    import pandas as pd

    return pd.DataFrame(rows, columns=["article_id", "mention_id", "actor", "actor_type", "group"])


def test_corpus_names_join_surnames_and_nicknames_only_when_unambiguous():
    from framescope.actors.names import corpus_names

    m = mentions_table([
        ("a1", 0, "Lena Okafor", "person", None), ("a2", 0, "Okafor", "person", None),   # one full name: joined
        ("a1", 1, "Joe Hale", "person", None), ("a2", 1, "Joseph Hale", "person", None),  # nickname: joined
        ("a3", 0, "Joe Hale", "person", None),
        ("a1", 2, "Anna Smith", "person", None), ("a2", 2, "Tom Smith", "person", None),  # two Smiths: no
        ("a3", 1, "Smith", "person", None),
        ("a3", 2, "Reid", "person", None),                                                # no full name: no
        ("a1", 3, "NATO", "organization", "alliances"), ("a2", 3, "NATO", "organization", None),
        ("a4", 0, "Sam Ruiz", "person", None), ("a4", 1, "Ruiz", "person", None),          # an article's two
        ("a5", 0, "Ana Ruiz", "person", None),                                             # names stay two
    ])
    mapping, index = corpus_names(m)
    assert mapping[("a2", "Okafor")] == "Lena Okafor"
    assert mapping[("a2", "Joseph Hale")] == "Joe Hale"  # the form more articles use
    assert ("a3", "Smith") not in mapping and ("a3", "Reid") not in mapping
    assert ("a4", "Ruiz") not in mapping  # two full Ruizes in the corpus
    rows = {r.actor: r for r in index.itertuples()}
    assert rows["Lena Okafor"].n_articles == 2 and list(rows["Lena Okafor"].variants) == ["Lena Okafor", "Okafor"]
    assert rows["NATO"].group == "alliances" and rows["NATO"].n_mentions == 2
    assert "Okafor" not in rows


def test_corpus_names_never_fold_two_names_of_one_article():
    from framescope.actors.names import corpus_names

    m = mentions_table([("a1", 0, "Joe Hale", "person", None), ("a1", 1, "Joseph Hale", "person", None),
                        ("a2", 0, "Joe Hale", "person", None)])
    mapping, _ = corpus_names(m)
    assert ("a1", "Joseph Hale") not in mapping


def _corpus_names_by_loops(mentions):
    """What `corpus_names` computes, one mention at a time: the reference its vectorised code must equal.

    (The choice of each name's corpus name, `_corpus_targets`, works on distinct names and is shared.)
    """
    import pandas as pd

    from framescope.actors.names import _corpus_targets

    rows = [r for r in mentions.astype(object).to_dict("records") if not _missing(r["actor"])]
    names_in: dict = {}
    for r in rows:
        if r["actor_type"] == "person":
            names_in.setdefault(None if _missing(r["article_id"]) else r["article_id"], set()).add(r["actor"])
    n_articles = Counter(name for names in names_in.values() for name in names)
    target = _corpus_targets(dict(n_articles))
    mapping = {}
    for aid in sorted(a for a in names_in if isinstance(a, str)):
        result = {n: target.get(n, n) for n in sorted(names_in[aid])}
        counts = Counter(result.values())
        mapping.update({(aid, n): v for n, v in result.items() if v != n and counts[v] == 1})
    found: dict = {}
    for r in rows:
        if not isinstance(r["actor_type"], str):
            continue
        name = r["actor"]
        corpus = mapping.get((r["article_id"], name), name) if r["actor_type"] == "person" else name
        e = found.setdefault((corpus, r["actor_type"]), {"groups": set(), "articles": set(), "variants": set(), "n": 0})
        if isinstance(r.get("group"), str):
            e["groups"].add(r["group"])
        if isinstance(r["article_id"], str):
            e["articles"].add(r["article_id"])
        e["variants"].add(name)
        e["n"] += 1
    index = [{"actor": actor, "actor_type": type_, "group": min(e["groups"]) if e["groups"] else None,
              "n_articles": len(e["articles"]), "n_mentions": e["n"], "variants": sorted(e["variants"])}
             for (actor, type_), e in sorted(found.items())]
    return mapping, pd.DataFrame(index, columns=["actor", "actor_type", "group", "n_articles", "n_mentions", "variants"])


def _missing(value):
    return value is None or value != value


def test_corpus_names_equal_the_one_mention_at_a_time_reading():
    """Random corpora with every awkward value: missing actors, types, groups and article ids."""
    import random

    import numpy as np
    import pandas as pd
    import pyarrow as pa

    from framescope.actors.names import corpus_names

    people = ["Lena Okafor", "Okafor", "Joe Hale", "Joseph Hale", "Hale", "Anna Smith", "Tom Smith", "Smith",
              "Reid", "Sam Ruiz", "Ana Ruiz", "Ruiz", "Bill Reyes", "William Reyes", "Reyes", "Donald Trump",
              "Donald Trump Jr.", "Trump", "Jürgen Weiß", "Weiß"]
    others = ["NATO", "Ukraine", "Reid", "Hale"]  # "Hale" the place must keep its name
    for seed in range(30):
        rng = random.Random(seed)
        rows = []
        for i in range(rng.randint(0, 80)):
            aid = rng.choice([f"a{rng.randint(0, 12):02d}"] * 12 + [None])
            if rng.random() < 0.7:
                actor, type_ = rng.choice(people), "person"
            else:
                actor, type_ = rng.choice(others), rng.choice(["organization", "place"])
            actor = None if rng.random() < 0.05 else actor
            type_ = rng.choice([None, np.nan]) if rng.random() < 0.05 else type_
            group = rng.choice(["alliances", "government", None, None, None, np.nan])
            rows.append((aid, i, actor, type_, group))
        m = mentions_table(rows)
        variants = [m, m.drop(columns="group"), m.astype({"article_id": "str", "actor": "str", "actor_type": "str"})]
        for table in variants:
            want_mapping, want_index = _corpus_names_by_loops(table)
            mapping, index = corpus_names(table)
            assert list(mapping.items()) == list(want_mapping.items()), seed
            pd.testing.assert_frame_equal(index, want_index, check_exact=True, obj=f"index of corpus {seed}")
            assert pa.Table.from_pandas(index).equals(pa.Table.from_pandas(want_index), check_metadata=True)
    assert corpus_names(mentions_table([]))[0] == {} and corpus_names(mentions_table([]))[1].empty


def test_corpus_names_of_an_article_whose_names_meet_in_one_corpus_name():
    from framescope.actors.names import corpus_names

    m = mentions_table([
        ("a1", 0, "Joe Hale", "person", None), ("a1", 1, "Hale", "person", None),    # both would be Joseph Hale
        ("a1", 2, "Okafor", "person", None),                                         # ... but this one changes
        ("a2", 0, "Joseph Hale", "person", None), ("a3", 0, "Joseph Hale", "person", None),
        ("a2", 1, "Lena Okafor", "person", None),
        ("a4", 0, "Hale", "person", "government"), ("a4", 1, "Hale", "person", "alliances"),
    ])
    mapping, index = corpus_names(m)
    assert ("a1", "Joe Hale") not in mapping and ("a1", "Hale") not in mapping
    assert mapping[("a1", "Okafor")] == "Lena Okafor"
    assert mapping[("a4", "Hale")] == "Joseph Hale"  # a bare surname of one (nicknamed) person joins it
    rows = {r.actor: r for r in index.itertuples()}
    assert rows["Joseph Hale"].n_articles == 3 and rows["Joseph Hale"].n_mentions == 4
    assert list(rows["Joseph Hale"].variants) == ["Hale", "Joseph Hale"]
    assert rows["Joseph Hale"].group == "alliances"  # the least of its groups
    assert rows["Hale"].n_articles == 1 and rows["Joe Hale"].n_articles == 1  # a1 kept its two names


def test_renamed_looks_up_each_article_s_names():
    import pyarrow as pa

    from framescope.commands.name_actors import renamed

    mapping = {("a1", "Okafor"): "Lena Okafor", ("a2", "Hale"): "Joe Hale"}
    speakers = {"some missing": ["Okafor", None, "Hale", "Okafor", "Hale"], "all missing": [None] * 5}
    for label, values in speakers.items():
        for typ in (pa.string(), pa.large_string()):
            quotes = pa.table({"article_id": ["a1", "a1", "a2", "a3", "a1"], "quote_id": [0, 1, 0, 0, 2],
                               "speaker": pa.array(values, typ), "n_words": [1] * 5})
            want = [mapping.get((a, v), v) if v is not None else None for a, v in zip(quotes["article_id"].to_pylist(),
                                                                                      values)]
            for keep in (True, False):
                got = renamed(quotes, "speaker", mapping, keep_original=keep)
                assert got["speaker"].to_pylist() == want, (label, typ)
                assert got.schema.field("speaker").type == pa.string()
                assert got.column_names == ["article_id", "quote_id", "speaker", "n_words"] + (
                    ["article_speaker"] if keep else [])
                if keep:
                    assert got["article_speaker"].to_pylist() == values
                    # renaming a renamed table starts again from the article's names
                    assert renamed(got, "speaker", mapping).equals(got)
                    assert renamed(got, "speaker", {}, keep_original=False)["speaker"].to_pylist() == values
    assert renamed(quotes.slice(0, 0), "speaker", mapping).num_rows == 0


def test_name_actors_rewrites_corpus_tables_and_is_idempotent(tmp_path):
    import pandas as pd

    from framescope.base.io import read_table, write_table
    from framescope.commands.name_actors import name_actors

    mentions = pd.DataFrame({
        "article_id": ["a1", "a2"], "mention_id": [0, 0], "sent_id": [0, 0], "start": [0, 4], "end": [11, 10],
        "surface": ["Lena Okafor", "Okafor"], "actor": ["Lena Okafor", "Okafor"], "actor_type": ["person"] * 2,
        "role": [None, None], "group": [None, None]})
    quotes = pd.DataFrame({
        "article_id": ["a2"], "quote_id": [0], "sent_id": [0], "start": [20], "end": [30], "text": ["We will win"],
        "speaker": ["Okafor"], "speaker_type": ["person"], "cue": ["said"], "kind": ["direct"], "n_words": [3]})
    voices = pd.DataFrame({"article_id": ["a2"], "speaker": ["Okafor"], "speaker_type": ["person"], "group": [None],
                           "n_quotes": [1], "n_words": [3], "share_words": [1.0]})
    actor_sentiment = pd.DataFrame({"article_id": ["a2"], "actor": ["Okafor"], "actor_type": ["person"],
                                    "n_sentences": [1], "tone_about": [0.1], "vader_about": [0.0],
                                    "n_quotes": [1], "quote_tone": [0.2]})
    for name, df in (("mentions", mentions), ("quotes", quotes), ("voices", voices),
                     ("actor_sentiment", actor_sentiment)):
        write_table(df, tmp_path / f"{name}.parquet", name)
    files = ("mentions", "quotes", "voices", "actors", "actor_sentiment")
    written = []
    for _ in range(2):
        name_actors(tmp_path, "features")
        name_actors(tmp_path, "sentiment")
        written.append({name: (tmp_path / f"{name}.parquet").read_bytes() for name in files})
    assert written[0] == written[1]  # the second run changes no byte
    m = read_table(tmp_path / "mentions.parquet")
    assert m["actor"].tolist() == ["Lena Okafor", "Lena Okafor"]
    assert m["article_actor"].tolist() == ["Lena Okafor", "Okafor"]
    assert read_table(tmp_path / "quotes.parquet")["speaker"].tolist() == ["Lena Okafor"]
    assert read_table(tmp_path / "voices.parquet")["speaker"].tolist() == ["Lena Okafor"]
    assert read_table(tmp_path / "actor_sentiment.parquet")["actor"].tolist() == ["Lena Okafor"]
    index = read_table(tmp_path / "actors.parquet")
    assert index["actor"].tolist() == ["Lena Okafor"] and index["n_articles"].tolist() == [2]


def test_example_actors_file_loads_and_groups_the_seed():
    gaz = load_actors_config(ROOT / "config" / "actors.yaml")
    ms = find_mentions(SEED.read_text(encoding="utf-8"), gaz)
    groups = {m["actor"]: m["group"] for m in ms}
    assert groups["Donald Trump"] == "US government" and groups["Vladimir Putin"] == "foreign leaders"
    assert groups["NATO"] == "alliances"
    assert groups["Saudi Arabia"] is None  # not named in the file: still found, no group

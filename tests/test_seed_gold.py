"""Actors and quotes scored against hand-made gold files (tests/gold/*.json).

The seed article's gold lists every direct quote with its speaker and every actor with
its number of mentions; the three articles written for the purpose (a wire story with
many speakers, a feature with long multi-paragraph quotes, an opinion piece without
quotes) also list every mention as written, the roles, and the indirect speech. The
shared scorer is `framescope.actors.scoring`; `framescope score-quotes tests/gold/*.json`
prints the same figures. The floors are what the code achieves minus a small margin
(run pytest with -s to see the figures).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from framescope.actors.scoring import compare, load_gold, prf, score_files, summarise

ROOT = Path(__file__).resolve().parents[1]
GOLD = sorted((ROOT / "tests" / "gold").glob("*.json"))


@pytest.fixture(scope="module")
def scores():
    return score_files(GOLD, ROOT)


def test_there_are_four_gold_articles_of_different_shapes():
    names = {p.stem for p in GOLD}
    assert {"seed_000_59bdb630432fb0d7", "wire_story", "council_speech", "opinion_cheap_flights"} <= names
    opinion = load_gold(ROOT / "tests" / "gold" / "opinion_cheap_flights.json")
    assert all(q["speaker"] is None for q in opinion["quotes"]) and opinion["indirect"] == []


def test_pooled_scores(scores):
    a = scores["all"]
    print("\ngold (4 articles): " + json.dumps({k: (v["f1"] if isinstance(v, dict) and "f1" in v else v)
                                               for k, v in a.items()}))
    assert a["quotes"]["f1"] >= 0.97
    assert a["speakers"]["f1"] >= 0.95
    assert a["speaker_accuracy"] >= 0.95
    assert a["actors"]["f1"] >= 0.95
    assert a["mentions"]["f1"] >= 0.95
    assert a["indirect"]["f1"] >= 0.85
    assert a["roles"]["accuracy"] >= 0.9


@pytest.mark.parametrize("name", ["seed_000_59bdb630432fb0d7", "wire_story", "council_speech",
                                  "opinion_cheap_flights"])
def test_each_article(scores, name):
    s = scores["articles"][name]
    assert s["quotes"]["f1"] >= 0.95, s["errors"]
    assert s["actors"]["f1"] >= 0.9, s["errors"]
    if s["speakers"]["n_gold"]:
        assert s["speakers"]["f1"] >= 0.9, s["errors"]


def test_opinion_piece_has_no_speakers(scores):
    s = scores["articles"]["opinion_cheap_flights"]
    assert s["speakers"]["n_pred"] == 0 and s["quotes"]["n_gold"] == 2  # and one scare-quoted term


def test_gold_titles_and_terms_are_not_quotes():
    gold = {"article": "x", "actors": [], "quotes": [{"text": "We will win.", "speaker": "A"},
                                                     {"text": "safe harbour", "speaker": None, "kind": "term"}]}
    speech = [{"text": "We will win", "speaker": "A", "kind": "direct"},
              {"text": "safe harbour", "speaker": None, "kind": "term"}]
    s = summarise(__import__("collections").Counter(compare(gold, [], speech)["counts"]))
    assert (s["quotes"]["tp"], s["quotes"]["n_pred"], s["quotes"]["n_gold"]) == (1, 1, 1)


def test_scorer_counts_by_hand():
    gold = {"article": "x", "quotes": [{"text": "We will win.", "speaker": "A"}, {"text": "No", "speaker": None}],
            "indirect": [{"text": "the plan would fail", "speaker": "B"}],
            "actors": [{"actor": "A", "type": "person", "mentions": ["Ann A", "A"], "roles": ["Mayor", None]},
                       {"actor": "B", "type": "person", "mentions": 1}]}
    mentions = [{"actor": "A", "actor_type": "person", "surface": "Ann A", "role": "Mayor"},
                {"actor": "C", "actor_type": "place", "surface": "C", "role": None}]
    speech = [{"text": "we will WIN", "speaker": "B", "kind": "direct"},
              {"text": "Yes", "speaker": None, "kind": "direct"},
              {"text": "that the plan would fail", "speaker": "B", "kind": "indirect"}]
    s = summarise(__import__("collections").Counter(compare(gold, mentions, speech)["counts"]))
    assert (s["quotes"]["tp"], s["quotes"]["n_pred"], s["quotes"]["n_gold"]) == (1, 2, 2)
    assert (s["speakers"]["tp"], s["speakers"]["n_pred"], s["speakers"]["n_gold"]) == (0, 1, 1)
    assert (s["actors"]["tp"], s["mentions"]["tp"], s["mentions"]["n_gold"]) == (1, 1, 3)
    assert s["indirect"]["tp"] == 1 and s["indirect_speaker_accuracy"] == 1.0
    assert s["roles"] == {"accuracy": 1.0, "n_gold": 1}
    assert prf(1, 2, 4) == {"precision": 0.5, "recall": 0.25, "f1": 0.3333, "tp": 1, "n_pred": 2, "n_gold": 4}


def test_scorer_command(capsys):
    from framescope.commands import cli

    assert cli.main(["--quiet", "score-quotes", *[str(p) for p in GOLD], "--root", str(ROOT)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out["articles"]) == {p.stem for p in GOLD}

"""Actors and quotes on the seed article, scored against a hand-made gold file.

The gold (tests/gold/seed_000_59bdb630432fb0d7.json) lists every direct quote with
its speaker and every actor with its number of mentions, read by hand. The floors
are what the code achieves minus a small margin; the figures are printed (run
pytest with -s to see them).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from framescope.actors import find_mentions
from framescope.quotes import find_quotes

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "seed_000_59bdb630432fb0d7.json"


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def norm(s: str) -> str:
    return " ".join(s.split()).strip(" ,.;:")


@pytest.fixture(scope="module")
def run():
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    text = (ROOT / gold["article"]).read_text(encoding="utf-8")
    mentions = find_mentions(text)
    quotes = find_quotes(text, mentions)
    return gold, mentions, quotes


def test_quotes_and_speakers(run):
    gold, _, quotes = run
    # Match quotes by their normalised text, in order (the same words may be quoted twice).
    pred = Counter(norm(q["text"]) for q in quotes)
    want = Counter(norm(q["text"]) for q in gold["quotes"])
    tp = sum((pred & want).values())
    p, r, f = prf(tp, sum(pred.values()), sum(want.values()))

    pred_by_text: dict[str, list] = {}
    for q in quotes:
        pred_by_text.setdefault(norm(q["text"]), []).append(q["speaker"])
    right = matched = 0
    for g in gold["quotes"]:
        options = pred_by_text.get(norm(g["text"]))
        if options:
            matched += 1
            right += options.pop(0) == g["speaker"]
    acc = right / matched if matched else 0.0
    print(f"\nseed quotes: P={p:.3f} R={r:.3f} F1={f:.3f} ({tp}/{sum(want.values())}); "
          f"speaker accuracy {acc:.3f} ({right}/{matched})")
    assert f >= 0.95
    assert acc >= 0.93


def test_person_actors(run):
    gold, mentions, _ = run
    pred = {m["actor"] for m in mentions if m["actor_type"] == "person"}
    want = {a["actor"] for a in gold["actors"] if a["type"] == "person"}
    p, r, f = prf(len(pred & want), len(pred), len(want))
    print(f"\nseed person actors: P={p:.3f} R={r:.3f} F1={f:.3f}; missing {sorted(want - pred)}, "
          f"extra {sorted(pred - want)}")
    assert f >= 0.9


def test_all_actors_and_mention_counts(run):
    gold, mentions, _ = run
    pred = Counter((m["actor"], m["actor_type"]) for m in mentions)
    want = {(a["actor"], a["type"]): a["mentions"] for a in gold["actors"]}
    p, r, f = prf(len(set(pred) & set(want)), len(pred), len(want))
    exact = sum(pred[k] == n for k, n in want.items())
    total_gold = sum(want.values())
    found = sum(min(pred[k], n) for k, n in want.items())
    print(f"\nseed actors (all types): P={p:.3f} R={r:.3f} F1={f:.3f}; mention counts exact for "
          f"{exact}/{len(want)} actors; {found}/{total_gold} gold mentions found")
    assert f >= 0.9
    assert exact / len(want) >= 0.85
    assert found / total_gold >= 0.95

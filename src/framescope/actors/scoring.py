"""Score actors and quotes against hand-made gold files.

A gold file (JSON) describes one article as a careful reader sees it::

    {"article": "path/to/article.txt",            # relative to the project root
     "quotes":   [{"text": "...", "speaker": "Anna de Vries" | null}, ...],   # direct quotes; a quoted
                                                  # title or term has "kind": "title" | "term"
     "indirect": [{"text": "...", "speaker": ...}, ...],                      # optional
     "actors":   [{"actor": "Anna de Vries", "type": "person",
                   "mentions": ["Dutch Finance Minister Anna de Vries", "Ms. de Vries"]
                               | 2,                                           # or just a count
                   "roles": ["Finance Minister", null]}, ...]}                # optional

`score_files` runs framescope's actor and quote finders on each article and
reports precision, recall and F1, pooled over the files (micro) and per file:

- ``quotes``: direct quotes found, matched on their words (case, punctuation and
  quote marks ignored; the same words quoted twice count twice);
- ``speakers``: attributed quotes, a quote counting only with the right speaker
  (predicted: quotes given a speaker; gold: quotes whose speaker is named), and
  ``speaker_accuracy`` over the matched quotes, null speakers included;
- ``actors``: the set of (actor, type) pairs; ``mentions``: mentions per actor,
  counted (min of predicted and gold count per actor);
- ``indirect``: reported speech, a prediction matching a gold clause when they share
  at least half their words (Jaccard), with ``indirect_speaker_accuracy``;
- ``roles``: for gold mentions that give a role, the share whose surface form was
  found with exactly that role.

``framescope score-quotes tests/gold/*.json`` prints the scores as JSON.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from framescope.actors.quotekinds import DIRECT, is_quote

_WORD = re.compile(r"\w+")


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def load_gold(path: str | Path) -> dict:
    """Read and check one gold file; errors name the file and the entry."""
    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    for key in ("article", "quotes", "actors"):
        if key not in data:
            raise ValueError(f"{path}: gold file lacks key {key!r}")
    for i, q in enumerate(data["quotes"]):
        if not isinstance(q, dict) or "text" not in q or "speaker" not in q:
            raise ValueError(f"{path}: quotes[{i}] needs 'text' and 'speaker'")
    for i, a in enumerate(data["actors"]):
        if not isinstance(a, dict) or not {"actor", "type", "mentions"} <= set(a):
            raise ValueError(f"{path}: actors[{i}] needs 'actor', 'type' and 'mentions'")
    return data


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    """Precision, recall and F1 with their counts (0.0 where undefined)."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "tp": int(tp), "n_pred": int(n_pred), "n_gold": int(n_gold)}


def _count(mentions) -> int:
    return mentions if isinstance(mentions, int) else len(mentions)


def _jaccard(a: str, b: str) -> float:
    x, y = set(_norm(a).split()), set(_norm(b).split())
    return len(x & y) / len(x | y) if x | y else 0.0


def compare(gold: dict, mentions: list[dict], speech: list[dict]) -> dict:
    """Counts for one article: gold versus the finders' `mentions` and `speech` (direct and indirect)."""
    direct = [q for q in speech if is_quote(q.get("kind", DIRECT))]
    gold = {**gold, "quotes": [g for g in gold["quotes"] if is_quote(g.get("kind", DIRECT))]}
    c: dict[str, int] = Counter()

    # direct quotes, matched on their words, in order
    pred_by_text: dict[str, list] = {}
    for q in direct:
        pred_by_text.setdefault(_norm(q["text"]), []).append(q["speaker"])
    c["quotes_pred"] = len(direct)
    c["quotes_gold"] = len(gold["quotes"])
    c["speakers_pred"] = sum(q["speaker"] is not None for q in direct)
    c["speakers_gold"] = sum(g["speaker"] is not None for g in gold["quotes"])
    errors = []
    for g in gold["quotes"]:
        options = pred_by_text.get(_norm(g["text"]))
        if not options:
            errors.append({"missed_quote": g["text"][:60]})
            continue
        got = options.pop(0)
        c["quotes_tp"] += 1
        c["speaker_right"] += got == g["speaker"]
        c["speakers_tp"] += got == g["speaker"] and got is not None
        if got != g["speaker"]:
            errors.append({"quote": g["text"][:60], "speaker": got, "gold": g["speaker"]})
    for text, left in pred_by_text.items():
        for sp in left:
            errors.append({"extra_quote": text[:60], "speaker": sp})

    # indirect speech
    if "indirect" in gold:
        pred = [q for q in speech if q.get("kind") == "indirect"]
        c["indirect_pred"] = len(pred)
        c["indirect_gold"] = len(gold["indirect"])
        used = set()
        for g in gold["indirect"]:
            best, best_j = None, 0.5
            for k, q in enumerate(pred):
                if k not in used:
                    j = _jaccard(q["text"], g["text"])
                    if j >= best_j:
                        best, best_j = k, j
            if best is None:
                errors.append({"missed_indirect": g["text"][:60]})
                continue
            used.add(best)
            c["indirect_tp"] += 1
            c["indirect_speaker_right"] += pred[best]["speaker"] == g["speaker"]
            if pred[best]["speaker"] != g["speaker"]:
                errors.append({"indirect": g["text"][:60], "speaker": pred[best]["speaker"], "gold": g["speaker"]})
        for k, q in enumerate(pred):
            if k not in used:
                errors.append({"extra_indirect": q["text"][:60], "speaker": q["speaker"]})

    # actors and their mentions
    pred_actors = Counter((m["actor"], m["actor_type"]) for m in mentions)
    gold_actors = {(a["actor"], a["type"]): _count(a["mentions"]) for a in gold["actors"]}
    c["actors_pred"] = len(pred_actors)
    c["actors_gold"] = len(gold_actors)
    c["actors_tp"] = len(set(pred_actors) & set(gold_actors))
    c["mentions_pred"] = sum(pred_actors.values())
    c["mentions_gold"] = sum(gold_actors.values())
    c["mentions_tp"] = sum(min(pred_actors[k], n) for k, n in gold_actors.items())
    for k in sorted(set(gold_actors) - set(pred_actors), key=str):
        errors.append({"missed_actor": list(k)})
    for k in sorted(set(pred_actors) - set(gold_actors), key=str):
        errors.append({"extra_actor": list(k), "mentions": pred_actors[k]})
    for k in sorted(set(pred_actors) & set(gold_actors), key=str):
        if pred_actors[k] != gold_actors[k]:
            errors.append({"actor": list(k), "mentions": pred_actors[k], "gold": gold_actors[k]})

    # roles, where the gold gives them
    found_roles: dict[str, list] = {}
    for m in mentions:
        found_roles.setdefault(m["surface"], []).append(m.get("role"))
    for a in gold["actors"]:
        if "roles" not in a or isinstance(a["mentions"], int):
            continue
        for surface, role in zip(a["mentions"], a["roles"]):
            if role is None:
                continue
            c["roles_gold"] += 1
            options = found_roles.get(surface, [])
            if role in options:
                c["roles_right"] += 1
                options.remove(role)
            else:
                errors.append({"surface": surface, "roles": options, "gold_role": role})
    return {"counts": dict(c), "errors": errors}


def summarise(counts: Counter) -> dict:
    """P/R/F1 and accuracies from summed counts."""
    out = {
        "quotes": prf(counts["quotes_tp"], counts["quotes_pred"], counts["quotes_gold"]),
        "speakers": prf(counts["speakers_tp"], counts["speakers_pred"], counts["speakers_gold"]),
        "speaker_accuracy": round(counts["speaker_right"] / counts["quotes_tp"], 4) if counts["quotes_tp"] else None,
        "actors": prf(counts["actors_tp"], counts["actors_pred"], counts["actors_gold"]),
        "mentions": prf(counts["mentions_tp"], counts["mentions_pred"], counts["mentions_gold"]),
    }
    if counts["indirect_gold"] or counts["indirect_pred"]:
        out["indirect"] = prf(counts["indirect_tp"], counts["indirect_pred"], counts["indirect_gold"])
        out["indirect_speaker_accuracy"] = (
            round(counts["indirect_speaker_right"] / counts["indirect_tp"], 4) if counts["indirect_tp"] else None)
    if counts["roles_gold"]:
        out["roles"] = {"accuracy": round(counts["roles_right"] / counts["roles_gold"], 4),
                        "n_gold": int(counts["roles_gold"])}
    return out


def score_files(paths, root: str | Path = ".", gazetteer=None) -> dict:
    """Run the actor and quote finders on each gold file's article and score them.

    Returns ``{"all": {...}, "articles": {name: {...}}}``: pooled scores, and per file
    its scores and its ``errors`` (what was missed, added or misattributed).
    """
    from framescope.actors.mentions import find_mentions
    from framescope.actors.quotes import find_speech

    root = Path(root)
    total: Counter = Counter()
    articles = {}
    for path in sorted(Path(p) for p in paths):
        gold = load_gold(path)
        article = root / gold["article"]
        if not article.is_file():
            raise FileNotFoundError(f"{path}: article {gold['article']} not found under {root}")
        text = article.read_text(encoding="utf-8")
        mentions = find_mentions(text, gazetteer)
        result = compare(gold, mentions, find_speech(text, mentions))
        total.update(result["counts"])
        articles[path.stem] = {**summarise(Counter(result["counts"])), "errors": result["errors"]}
    return {"all": summarise(total), "articles": articles}

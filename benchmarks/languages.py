"""Language identification benchmark: how often framescope's detector names an article's language.

    python benchmarks/languages.py            # the SemEval-2023 sets under ../shared/labelled
    make languages                            # the same, through the Makefile

Reads every training article of the six SemEval-2023 Task 3 sets present under --labelled
(``semeval2023-<lang>/train-articles-subtask-2/article<ID>.txt``: the headline on the
first line, then the body) and asks :func:`framescope.text.language.detect_language`, as
ingest does with ``language: auto``, for the language of

- the whole article (headline + body), and
- the headline alone (a short text: the hard case).

Writes a Markdown table (per language: articles, right, wrong, undetermined, articles a
second) to benchmarks/languages.md (--table). Nothing here is needed to run the workflow.
"""

from __future__ import annotations

import argparse
import platform
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT.parent / "shared" / "labelled"
# SemEval's folder codes -> ISO 639-1 (what the detector and articles.language use)
SEMEVAL = {"en": "en", "fr": "fr", "ge": "de", "it": "it", "po": "pl", "ru": "ru"}


def articles(labelled: Path, code: str) -> list[tuple[str, str]]:
    """(headline, whole text) of each article of one SemEval set, in file-name order."""
    folder = labelled / f"semeval2023-{code}" / "train-articles-subtask-2"
    out = []
    for path in sorted(folder.glob("article*.txt")):
        text = path.read_text(encoding="utf-8")
        headline = text.split("\n", 1)[0].strip()
        out.append((headline, text))
    return out


def score(texts: list[str], truth: str) -> dict:
    from framescope.text.language import UNDETERMINED, detect_language

    t0 = time.perf_counter()
    found = Counter(detect_language(t).code for t in texts)
    seconds = time.perf_counter() - t0
    right = found.pop(truth, 0)
    undetermined = found.pop(UNDETERMINED, 0)
    return {"n": len(texts), "right": right, "undetermined": undetermined, "wrong": sum(found.values()),
            "wrong_as": ", ".join(f"{k} {v}" for k, v in found.most_common(3)),
            "per_second": len(texts) / seconds if seconds else float("inf")}


def table(rows: list[tuple[str, str, dict]]) -> str:
    lines = ["| language | text | articles | right | undetermined | wrong (as) | texts/s, 1 core |",
             "|---|---|---:|---:|---:|---|---:|"]
    for language, what, r in rows:
        wrong = f"{r['wrong']}" + (f" ({r['wrong_as']})" if r["wrong"] else "")
        lines.append(f"| {language} | {what} | {r['n']:,} | {r['right']:,} ({r['right'] / r['n']:.1%}) | "
                     f"{r['undetermined']:,} | {wrong} | {r['per_second']:,.0f} |")
    return "\n".join(lines)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--labelled", type=Path, default=LABELLED)
    p.add_argument("--table", type=Path, default=ROOT / "benchmarks" / "languages.md")
    a = p.parse_args(argv)
    rows = []
    totals = {"article": [], "headline": []}
    for code, iso in SEMEVAL.items():
        found = articles(a.labelled, code)
        if not found:
            print(f"semeval2023-{code}: not under {a.labelled}, left out")
            continue
        headlines, texts = zip(*found)
        for what, batch in (("article", texts), ("headline", headlines)):
            r = score(list(batch), iso)
            rows.append((iso, what, r))
            totals[what].append(r)
            print(f"{iso} {what}: {r['right']}/{r['n']} right, {r['undetermined']} undetermined, {r['wrong']} wrong")
    for what, parts in totals.items():
        if parts:
            n = sum(r["n"] for r in parts)
            seconds = sum(r["n"] / r["per_second"] for r in parts)
            rows.append(("all", what, {"n": n, "right": sum(r["right"] for r in parts),
                                       "undetermined": sum(r["undetermined"] for r in parts),
                                       "wrong": sum(r["wrong"] for r in parts), "wrong_as": "",
                                       "per_second": n / seconds if seconds else float("inf")}))
    body = table(rows)
    print(body)
    a.table.write_text(
        "# Language identification on the SemEval-2023 training articles\n\n"
        "`python benchmarks/languages.py` (or `make languages`): framescope's detector "
        "(`framescope.text.language.detect_language`, CLD3 from the `cld3-py` wheel, judged on blocks of "
        "whole paragraphs) on every training article of the six SemEval-2023 Task 3 sets in "
        "../shared/labelled, from the whole article (headline and body, as ingest reads it) and from "
        "the headline alone. Undetermined (`und`) is the detector declining to guess a text too short "
        f"or too unclear; wrong is a guess of another language. Python {platform.python_version()}.\n\n"
        + body + "\n", encoding="utf-8")
    print(f"table written to {a.table}")


if __name__ == "__main__":
    main()

"""Validity benchmark: cross-validate framescope's models on the real labelled sets, write a table.

    python benchmarks/validity.py                       # every set under ../shared/labelled that is there
    python benchmarks/validity.py --only semeval2023-en newsmtsc
    make validity                                       # the same, through the Makefile

Runs, for each labelled set present under --labelled (default ``../shared/labelled``
beside the project), the evaluation a researcher would run by hand, with its defaults:

- SemEval-2023 Task 3 subtask 2 (``semeval2023-<lang>``, the training set of each
  language): ``framescope evaluate --format semeval2023 --train DIR --folds 5``;
- NewsMTSC (``newsmtsc/train.jsonl``): ``framescope evaluate-sentiment --format newsmtsc
  --train FILE --target --folds 5``.

Only the training splits are there, so every score is a 5-fold cross-validation on the
training set (whole articles, or whole sentences, held out); each fold's model makes its
own choices (C, threshold strategy) by an inner cross-validation on its training part.
Prints a Markdown table (n, micro- and macro-F1, the options the model chose on the whole
training set, seconds) and writes it to benchmarks/validity.md (--table). The metrics and
model cards go to --out (a temporary folder by default). Nothing here is needed to run the
workflow, and a fresh clone without ../shared/labelled writes an empty table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT.parent / "shared" / "labelled"
SEMEVAL_LANGUAGES = ("en", "fr", "ge", "it", "po", "ru")
FOLDS = 5


def semeval(name: str, labelled: Path, out: Path, select_by: str) -> dict:
    from framescope.frames.evaluate import evaluate

    folder = labelled / name / "train-articles-subtask-2"
    t0 = time.perf_counter()
    m = evaluate("semeval2023", folder, folds=FOLDS, out=out / name, select_by=select_by)
    seconds = time.perf_counter() - t0
    final = m["model_selection"]["all_data"]
    folds = ", ".join(f"{f['C']:g}/{f['thresholds']}" for f in m["model_selection"]["folds"])
    return {
        "set": f"SemEval-2023 {name.rsplit('-', 1)[1].upper()} train, 14 frames, multi-label",
        "n": f"{m['n_train']} articles",
        "micro_f1": m["micro_f1"],
        "macro_f1": m["macro_f1"],
        "chosen": f"C={final['C']:g}, thresholds {final['thresholds']} (folds: {folds})",
        "skipped": m["skipped_rows"]["n"],
        "seconds": seconds,
        "command": f"framescope evaluate --format semeval2023 --train {_shown(folder)} --folds {FOLDS}"
                   + (f" --select-by {select_by}" if select_by != "macro_f1" else ""),
    }


def newsmtsc(labelled: Path, out: Path) -> dict:
    from framescope.sentiment.evaluate import run

    path = labelled / "newsmtsc" / "train.jsonl"
    t0 = time.perf_counter()
    m = run("newsmtsc", str(path), None, out / "newsmtsc", target=True, folds=FOLDS)
    seconds = time.perf_counter() - t0
    final = m["model_selection"]["all_data"]
    folds = ", ".join(f"{f['C']:g}" for f in m["model_selection"]["folds"])
    return {
        "set": "NewsMTSC train, target-dependent sentiment, 3 classes",
        "n": f"{m['n_train']} targets",
        "micro_f1": m["micro_f1"],
        "macro_f1": m["macro_f1"],
        "chosen": f"C={final['C']:g} (folds: {folds})",
        "skipped": m["skipped_rows"]["n"],
        "seconds": seconds,
        "command": f"framescope evaluate-sentiment --format newsmtsc --train {_shown(path)} --target --folds {FOLDS}",
    }


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path, ROOT)
    except ValueError:
        return str(path)


def available(labelled: Path) -> list[str]:
    names = [f"semeval2023-{lang}" for lang in SEMEVAL_LANGUAGES
             if (labelled / f"semeval2023-{lang}" / "train-articles-subtask-2").is_dir()]
    if (labelled / "newsmtsc" / "train.jsonl").is_file():
        names.append("newsmtsc")
    return names


def table(rows: list[dict], select_by: str) -> str:
    lines = [
        "# Validity: framescope's models on real labelled news",
        "",
        f"`make validity` (benchmarks/validity.py), {dt.date.today().isoformat()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}. Each row is a {FOLDS}-fold cross-validation on the set's training "
        "split (its test split is held outside the project): whole articles (SemEval) or whole sentences "
        "(NewsMTSC) held out, every fold's model choosing its own C (and, for frames, its decision-threshold "
        f"strategy) by an inner cross-validation on its training part (frames: by {select_by.replace('_f1', '-F1')}). "
        "\"Chosen\" is what the model fitted on the whole training set chose. micro-F1 is accuracy for "
        "NewsMTSC (one label per target).",
        "",
        "| data set | n | micro-F1 | macro-F1 | chosen | skipped rows | seconds |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['set']} | {r['n']} | {r['micro_f1']:.3f} | {r['macro_f1']:.3f} | {r['chosen']} | "
                     f"{r['skipped']} | {r['seconds']:.0f} |")
    if not rows:
        lines.append("| (no labelled sets found) | | | | | | |")
    lines += ["", "Commands:", ""] + [f"    {r['command']}" for r in rows]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--labelled", type=Path, default=LABELLED, help="folder of the labelled sets (../shared/labelled)")
    p.add_argument("--only", nargs="*", default=None, help="run only these sets (semeval2023-en, ..., newsmtsc)")
    p.add_argument("--select-by", default="macro_f1", choices=("macro_f1", "micro_f1", "mean_f1"),
                   help="the frames models' inner-CV selection score (framescope evaluate --select-by)")
    p.add_argument("--out", type=Path, default=None, help="folder for each evaluation's metrics.json and model card")
    p.add_argument("--table", type=Path, default=ROOT / "benchmarks" / "validity.md", help="where to write the table")
    a = p.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    names = available(a.labelled)
    if a.only is not None:
        unknown = sorted(set(a.only) - set(names))
        if unknown:
            p.error(f"not found under {a.labelled}: {unknown} (found: {names})")
        names = [n for n in names if n in a.only]
    if not names:
        print(f"no labelled sets under {a.labelled}; nothing to run", file=sys.stderr)
    out = a.out or Path(tempfile.mkdtemp(prefix="framescope-validity-"))
    rows = []
    for name in names:
        row = newsmtsc(a.labelled, out) if name == "newsmtsc" else semeval(name, a.labelled, out, a.select_by)
        print(f"{row['set']}: micro-F1 {row['micro_f1']:.3f}, macro-F1 {row['macro_f1']:.3f}, {row['chosen']}, "
              f"{row['seconds']:.0f} s", flush=True)
        rows.append(row)
    text = table(rows, a.select_by)
    print(text)
    a.table.write_text(text, encoding="utf-8")
    print(f"written to {a.table}; metrics and model cards in {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

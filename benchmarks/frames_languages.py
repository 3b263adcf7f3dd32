"""Frames in six languages: one model per language, one pooled model, or pooled with per-language decisions.

    python benchmarks/frames_languages.py               # the SemEval-2023 sets under ../shared/labelled
    make validity-languages                             # the same, through the Makefile

Reads the SemEval-2023 Task 3 subtask 2 training sets of every language that is there
(``semeval2023-en``, ``-fr``, ``-ge``, ``-it``, ``-po``, ``-ru``; SemEval's ``ge`` and
``po`` are German and Polish, ISO 639-1 ``de`` and ``pl``) and cross-validates, on the same
folds, the three ways :mod:`framescope.frames.languages` makes a model of several languages
(``per_language``, ``pooled``, ``pooled_adapted``), with the classifier the workflow trains
(:func:`framescope.frames.classifier.build_model`: word and character 2-5-gram TF-IDF and static
embeddings, C and thresholds chosen by inner cross-validation; ``--words-only`` drops the
character n-grams). Each language's articles are split into 5
folds of their own, grouped by article; fold k of every language is held out at once, so a
pooled model never sees the articles it is scored on, and each language's score is on its
own held-out articles. The method with the best mean macro-F1 over languages is the one the
workflow chooses (``frames.method: auto``).

Prints a Markdown table and writes it to benchmarks/frames_languages.md (--table). Only the
training splits are here: every number is a cross-validation on them. Nothing here is needed
to run the workflow; without ../shared/labelled it writes an empty table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT.parent / "shared" / "labelled"
# SemEval's folder suffix -> the article language code (ISO 639-1) the workflow routes by
SEMEVAL_LANGUAGES = {"en": "en", "fr": "fr", "ge": "de", "it": "it", "po": "pl", "ru": "ru"}
NAMES = {"en": "English", "fr": "French", "de": "German", "it": "Italian", "pl": "Polish", "ru": "Russian"}
FOLDS = 5


def load(labelled: Path, only=None):
    """Texts, indicator labels, languages and article ids of the SemEval sets present."""
    import numpy as np

    from framescope.frames import formats
    from framescope.frames.data import label_matrix
    from framescope.frames.formats.semeval2023 import SEMEVAL2023_FRAMES

    texts, Ys, languages, groups, found = [], [], [], [], []
    for suffix, code in SEMEVAL_LANGUAGES.items():
        folder = labelled / f"semeval2023-{suffix}" / "train-articles-subtask-2"
        if not folder.is_dir() or (only and code not in only):
            continue
        data = formats.load("semeval2023", folder).data
        texts += data["text"].tolist()
        Ys.append(label_matrix(list(data["labels"]), SEMEVAL2023_FRAMES))
        languages += [code] * len(data)
        groups += data["article_id"].tolist()
        found.append((code, folder))
    Y = np.concatenate(Ys) if Ys else np.zeros((0, len(SEMEVAL2023_FRAMES)), dtype=np.int8)
    return texts, Y, languages, groups, found, list(SEMEVAL2023_FRAMES)


EMBEDDING_NAMES = {"auto": "the text vectors of `frames.embeddings: auto`",
                   "wordllama": "wordllama static embeddings", "none": "no embeddings",
                   "use": "Universal Sentence Encoder multilingual v3 vectors (`embeddings: use`)",
                   "minilm": "all-MiniLM-L6-v2 vectors (English)"}


def table(record: dict, seconds: float, found, char_ngrams, embeddings: str = "auto", weight=None) -> str:
    from framescope.frames.languages import METHODS, MULTILINGUAL_CHAR_NGRAMS

    blocks = {}
    if record:
        blocks = record.get("by_embeddings") or {record.get("embeddings", {}).get("chosen", embeddings):
                                                 record["by_method"]}
    chosen_encoder = record["embeddings"]["chosen"] if record and "embeddings" in record else next(iter(blocks), None)
    vectors = (f" and {EMBEDDING_NAMES[next(iter(blocks), embeddings)]}" if len(blocks) <= 1 else
               ", and, one table each, the text vectors `frames.embeddings: auto` cross-validates on the same folds: "
               + " and ".join(EMBEDDING_NAMES[e] for e in blocks)
               + " (the workflow takes the encoder whose best method has the best mean macro-F1, the faster one "
                 "within 0.005)")
    lines = [
        "# Frames in six languages: per-language, pooled, pooled with per-language decisions",
        "",
        f"`make validity-languages` (benchmarks/frames_languages.py), {dt.date.today().isoformat()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, {seconds:.0f} s for all methods"
        + (" and encoders" if len(blocks) > 1 else "") + ". SemEval-2023 "
        f"Task 3 subtask 2 training sets (14 frames, multi-label, whole articles), {FOLDS}-fold cross-validation: "
        "each language's articles in folds of their own (grouped by article, stratified on the first frame), fold "
        "k of every language held out at once, the same folds for every method. Each fold's models choose C and "
        "the threshold strategy by an inner 3-fold cross-validation on their training part (by macro-F1). "
        "micro-F1 / macro-F1 per language:",
        "",
        "- **per_language**: one model per language, trained on its own articles;",
        "- **pooled**: one model trained on all six languages' articles, one calibration and set of thresholds;",
        "- **pooled_adapted**: the pooled model with each language's own calibration and thresholds, fitted to "
        "that language's inner out-of-fold scores (frames with fewer than 3 of its articles keep the pooled ones).",
        "",
        "Features, as the workflow's model of several languages: word TF-IDF (unigrams in at least two "
        "articles)" + (f", character {char_ngrams[0]}-{char_ngrams[1]}-gram TF-IDF (within word boundaries, in "
                       "at least two articles)" if char_ngrams else ", no character n-grams")
        + vectors + ".",
    ]
    languages = record["languages"] if record else []
    for encoder, by in blocks.items():
        if len(blocks) > 1:
            lines += ["", f"With {EMBEDDING_NAMES[encoder]}" + (" (chosen)" if encoder == chosen_encoder else "")
                      + ":"]
        lines += ["", "| language | articles | " + " | ".join(METHODS) + " |", "|---|---|" + "---|" * len(METHODS)]
        for lg in languages:
            cells = []
            for m in METHODS:
                if m in by:
                    s = by[m]["by_language"][lg]
                    mark = "**" if m == record["method"] and encoder == chosen_encoder else ""
                    cells.append(f"{mark}{s['micro_f1']:.3f} / {s['macro_f1']:.3f}{mark}")
                else:
                    cells.append("-")
            n = by[next(iter(by))]["by_language"][lg]["n_articles"]
            lines.append(f"| {NAMES.get(lg, lg)} ({lg}) | {n} | " + " | ".join(cells) + " |")
        lines.append("| mean | | " + " | ".join(
            f"{by[m]['mean_micro_f1']:.3f} / {by[m]['mean_macro_f1']:.3f}" if m in by else "-" for m in METHODS) + " |")
    if blocks:
        lines += ["", f"Chosen (bold): **{record['method']}**, {record['how']}."
                  + (f" Text vectors: **{chosen_encoder}**, {record['embeddings']['how']}." if len(blocks) > 1
                     else ""), ""]
        lines.append("What the final model chose per language: " + "; ".join(
            f"{lg} C={s['C']:g}, thresholds {s['thresholds']}" for lg, s in record["selection"].items()) + ".")
    else:
        lines += ["", "| (no SemEval-2023 sets found) | | | | |"]
    lines += ["", "Data: " + ", ".join(f"{lg} {_shown(folder)}" for lg, folder in found) if found else "",
              "", "Command:", "", "    python benchmarks/frames_languages.py"
              + ("" if char_ngrams == MULTILINGUAL_CHAR_NGRAMS else
                 f" --char-ngrams {char_ngrams[0]} {char_ngrams[1]}" if char_ngrams else " --words-only")
              + ("" if embeddings == "auto" else f" --embeddings {embeddings}")
              + ("" if weight is None else f" --embedding-weight {weight:g}")]
    return "\n".join(lines) + "\n"


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path, ROOT)
    except ValueError:
        return str(path)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--labelled", type=Path, default=LABELLED, help="folder of the labelled sets (../shared/labelled)")
    p.add_argument("--only", nargs="*", default=None, help="languages to run (en fr de it pl ru)")
    p.add_argument("--method", default="auto", help="auto (all three, then choose) or one method")
    p.add_argument("--char-ngrams", nargs=2, type=int, default=None, metavar=("MIN", "MAX"),
                   help="character n-gram lengths (default: the workflow's, 2 5)")
    p.add_argument("--words-only", action="store_true", help="no character n-grams (the model before issue 22's "
                   "character n-grams; about five times faster)")
    p.add_argument("--embeddings", default="auto", choices=tuple(EMBEDDING_NAMES),
                   help="text vectors beside the TF-IDF features (config frames.embeddings; default auto: "
                        "wordllama and use cross-validated, as the workflow does)")
    p.add_argument("--embedding-weight", type=float, default=None,
                   help="scale of the text vectors against each TF-IDF block (the classifier's dense_weight; default 1)")
    p.add_argument("--table", type=Path, default=ROOT / "benchmarks" / "frames_languages.md",
                   help="where to write the table")
    a = p.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from framescope.frames.classifier import FrameClassifier
    from framescope.frames.languages import MULTILINGUAL_CHAR_NGRAMS, embedding_candidates, train_languages

    texts, Y, languages, groups, found, frames = load(a.labelled, a.only)
    record, seconds = None, 0.0
    if found:
        candidates = embedding_candidates(a.embeddings, sorted(set(languages)))
        weight = {} if a.embedding_weight is None else {"dense_weight": a.embedding_weight}
        template = FrameClassifier(frames=tuple(frames), dense=candidates[0], random_state=0, **weight,
                                   char_ngrams=None if a.words_only else tuple(a.char_ngrams) if a.char_ngrams
                                   else "auto")
        t0 = time.perf_counter()
        _, _, record = train_languages(texts, Y, languages, groups, template, folds=FOLDS, random_state=0,
                                       method=a.method, log=lambda line: print(line, file=sys.stderr, flush=True),
                                       embeddings=candidates)
        seconds = time.perf_counter() - t0
    else:
        print(f"no SemEval-2023 sets under {a.labelled}; nothing to run", file=sys.stderr)
    text = table(record, seconds, found, None if a.words_only else
                 tuple(a.char_ngrams) if a.char_ngrams else MULTILINGUAL_CHAR_NGRAMS, a.embeddings, a.embedding_weight)
    print(text)
    a.table.write_text(text, encoding="utf-8")
    print(f"written to {a.table}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

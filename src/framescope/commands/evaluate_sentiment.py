"""`framescope evaluate-sentiment`: train on one labelled set and score on another, or cross-validate on one."""

from __future__ import annotations

import argparse

from framescope.sentiment.data import FORMATS
from framescope.sentiment.evaluate import run


def _command(a) -> None:
    if a.embeddings != "none" and not a.target:
        raise ValueError("--embeddings minilm is an option of the target-dependent model: add --target")
    metrics = run(a.format, a.train, a.test, a.out, target=a.target, seed=a.seed, folds=a.folds,
                  embeddings=a.embeddings)
    b = metrics["baselines"]
    how = (f"{metrics['folds']}-fold CV on {metrics['n_train']} rows" if metrics["mode"] == "cross-validation"
           else f"on {metrics['n_test']} rows (trained on {metrics['n_train']})")
    chosen = (metrics.get("model_selection") or {}).get("all_data")
    print(f"{metrics['task']} sentiment: macro-F1 {metrics['macro_f1']:.3f}, accuracy {metrics['accuracy']:.3f}, "
          f"{how}; VADER {b['vader_sentence']['macro_f1']:.3f}, TF-IDF {b['tfidf_sentence']['macro_f1']:.3f}"
          + (f"; chosen C={chosen['C']:g}" if chosen else "")
          + (f"; {metrics['skipped_rows']['n']} malformed rows skipped" if metrics["skipped_rows"]["n"] else "")
          + f"; written to {a.out}/metrics.json")


def add_parser(subparsers) -> None:
    s = subparsers.add_parser(
        "evaluate-sentiment", help="train framescope's sentiment model on one labelled set and score it on another",
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    s.add_argument("--format", required=True, choices=FORMATS, help="the files' format")
    s.add_argument("--train", required=True, help="labelled training data, or 'starter'")
    s.add_argument("--test", default=None, help="labelled test data; without it, cross-validation on --train")
    s.add_argument("--folds", type=int, default=5, help="cross-validation folds when there is no --test (default 5)")
    s.add_argument("--target", action="store_true", help="score target-dependent sentiment (needs target spans)")
    s.add_argument("--embeddings", choices=("none", "minilm"), default="none",
                   help="--target: add all-MiniLM-L6-v2 vectors of the sentence and of the target's window "
                        "(English, slower)")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--out", required=True, help="folder for metrics.json, model_card.md and predictions.csv")
    s.set_defaults(func=_command)

"""Train the target-dependent sentiment model (tone about one actor in a sentence)."""

from __future__ import annotations

import time
from pathlib import Path

from framescope.base.io import save_model, write_json, write_text
from framescope.base.provenance import file_digest
from framescope.sentiment.data import load_target_starter, read_labelled
from framescope.base.logs import log
from framescope.commands.train import model_card
from framescope.sentiment.target import train_target_model


def run(data: str, out_dir: str | Path, format: str = "newsmtsc", seed: int = 0) -> None:
    out = Path(out_dir)
    if data == "starter":
        df, desc = load_target_starter(), "bundled target sentiment starter set"
    else:
        if not Path(data).is_file():
            raise FileNotFoundError(f"target sentiment training data {data} does not exist "
                                    "(config: sentiment.target_train)")
        df, desc = read_labelled(data, format), f"{Path(data).name} (sha256 {file_digest(data)[:16]})"
    t0 = time.monotonic()
    model, metrics = train_target_model(df, random_state=seed)
    log.info("target sentiment model trained on %d targets in %.1f s: macro-F1 %.3f (VADER %.3f, TF-IDF %.3f)",
             len(df), time.monotonic() - t0, metrics["macro_f1"], metrics["baselines"]["vader_sentence"]["macro_f1"],
             metrics["baselines"]["tfidf_sentence"]["macro_f1"])
    digest = save_model(model, out / "model.pkl")
    write_json(out / "metrics.json", {**metrics, "model_sha256": digest, "data": desc})
    base = metrics["baselines"]
    write_text(out / "model_card.md", model_card(
        "target-dependent sentiment (tone about one actor in a sentence)", desc.replace("sentences", "targets"),
        len(df), metrics,
        ["- Model: scikit-learn pipeline (see `framescope.sentiment.target.build_target_model`).",
         f"- Same folds, baselines: VADER on the sentence macro-F1 {base['vader_sentence']['macro_f1']:.3f}; "
         f"sentence TF-IDF macro-F1 {base['tfidf_sentence']['macro_f1']:.3f}.",
         f"- Random state: {seed}.", f"- sha256 of model.pkl: {digest}."]))


def add_parser(subparsers) -> None:
    s = subparsers.add_parser("train-target-sentiment",
                              help="train the target-dependent sentiment model (tone about an actor)")
    s.add_argument("--data", required=True, help="'starter' or labelled data with target spans (config sentiment.target_train)")
    s.add_argument("--format", required=True, choices=("csv", "jsonl", "newsmtsc"), help="config sentiment.target_format")
    s.add_argument("--seed", type=int, required=True, help="config sentiment.seed")
    s.add_argument("--out", required=True)
    s.set_defaults(func=lambda a: run(a.data, a.out, format=a.format, seed=a.seed))

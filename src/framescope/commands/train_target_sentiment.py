"""Train the target-dependent sentiment model (tone about one actor in a sentence)."""

from __future__ import annotations

import time
from pathlib import Path

from framescope.base.io import save_model, write_json, write_text
from framescope.base.provenance import file_digest
from framescope.sentiment.data import load_target_starter, read_labelled_data, skipped_summary
from framescope.base.logs import log
from framescope.commands.train import model_card
from framescope.frames.data import shown_path
from framescope.sentiment.target import train_target_model


def run(data: str, out_dir: str | Path, format: str, seed: int, embeddings: str) -> None:
    """Train on `data` ("starter" or labelled targets in `format`) and write model.pkl, metrics.json and
    model_card.md into `out_dir`; `embeddings`: none or minilm (all-MiniLM-L6-v2 vectors, English)."""
    out = Path(out_dir)
    if data == "starter":
        df, desc, skipped = load_target_starter(), "bundled target sentiment starter set", []
    else:
        if not Path(data).is_file():
            raise FileNotFoundError(f"target sentiment training data {data} does not exist "
                                    "(config: sentiment.target_train)")
        loaded = read_labelled_data(data, format)
        df, desc, skipped = loaded.data, f"{Path(data).name} (sha256 {file_digest(data)[:16]})", loaded.skipped
    training = {
        "format": "starter" if data == "starter" else format,
        "path": "starter" if data == "starter" else shown_path(data),
        "n_targets": int(len(df)),
        "n_sentences": int(df["text"].nunique()),
        "skipped_rows": skipped_summary(skipped),
    }
    t0 = time.monotonic()
    model, metrics = train_target_model(df, random_state=seed, embeddings=embeddings)
    selection = metrics["model_selection"]["all_data"]
    log.info("target sentiment model trained on %d targets in %.1f s: macro-F1 %.3f (VADER %.3f, TF-IDF %.3f), C=%g",
             len(df), time.monotonic() - t0, metrics["macro_f1"], metrics["baselines"]["vader_sentence"]["macro_f1"],
             metrics["baselines"]["tfidf_sentence"]["macro_f1"], selection["C"])
    digest = save_model(model, out / "model.pkl")
    write_json(out / "metrics.json", {**metrics, "model_sha256": digest, "data": desc, "training_data": training})
    base = metrics["baselines"]
    candidates = ", ".join(f"C={c['C']:g} {c['macro_f1']:.3f}" for c in selection["candidates"])
    skipped_line = (f"- Malformed rows skipped: {len(skipped)} ("
                    + "; ".join(f"{e['file']}:{e['line']}: {e['reason']}" for e in skipped[:5])
                    + (f"; {len(skipped) - 5} more in metrics.json" if len(skipped) > 5 else "") + ")."
                    if skipped else "- Malformed rows skipped: none.")
    write_text(out / "model_card.md", model_card(
        "target-dependent sentiment (tone about one actor in a sentence)", desc, len(df), metrics,
        [f"- Training data format: {training['format']}; path: {training['path']}; {training['n_targets']} targets "
         f"in {training['n_sentences']} sentences.",
         skipped_line,
         "- Model: scikit-learn pipeline (see `framescope.sentiment.target.build_target_model`)"
         + (", with all-MiniLM-L6-v2 vectors (int8 ONNX) of the sentence and of the target with 8 words either side"
            if embeddings == "minilm" else ", without sentence vectors") + "; C chosen by an "
         f"inner {selection['inner_folds']}-fold cross-validation on the training data, by macro-F1: "
         f"C={selection['C']:g}" + (f" ({candidates})." if candidates else "."),
         f"- Same folds, baselines: VADER on the sentence macro-F1 {base['vader_sentence']['macro_f1']:.3f}; "
         f"sentence TF-IDF macro-F1 {base['tfidf_sentence']['macro_f1']:.3f}.",
         f"- Random state: {seed}.", f"- sha256 of model.pkl: {digest}."], unit="target"))


def add_parser(subparsers) -> None:
    s = subparsers.add_parser("train-target-sentiment",
                              help="train the target-dependent sentiment model (tone about an actor)")
    s.add_argument("--data", required=True, help="'starter' or labelled data with target spans (config sentiment.target_train)")
    s.add_argument("--format", required=True, choices=("csv", "jsonl", "newsmtsc"), help="config sentiment.target_format")
    s.add_argument("--seed", type=int, required=True, help="config sentiment.seed")
    s.add_argument("--embeddings", required=True, choices=("none", "minilm"),
                   help="sentence vectors beside the sparse features (config sentiment.target_embeddings)")
    s.add_argument("--out", required=True)
    s.set_defaults(func=lambda a: run(a.data, a.out, format=a.format, seed=a.seed, embeddings=a.embeddings))

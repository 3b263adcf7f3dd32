"""Train the sentence sentiment model (negative / neutral / positive)."""

from __future__ import annotations

import time
from pathlib import Path

from framescope.base.io import save_model, write_json, write_text
from framescope.sentiment.model import load_starter, train_model
from framescope.base.logs import log
from framescope.commands.train import load_labelled, model_card


def run(data: str, out_dir: str | Path, seed: int = 0) -> None:
    out = Path(out_dir)
    df, desc = load_labelled(data, "sentiment", load_starter)
    t0 = time.monotonic()
    model, metrics = train_model(df, random_state=seed)
    log.info("sentiment model trained on %d sentences in %.1f s: macro-F1 %.3f",
             len(df), time.monotonic() - t0, metrics["macro_f1"])
    digest = save_model(model, out / "model.pkl")
    write_json(out / "metrics.json", {**metrics, "model_sha256": digest, "data": desc})
    write_text(out / "model_card.md", model_card(
        "sentence sentiment (negative / neutral / positive)", desc, len(df), metrics,
        ["- Model: scikit-learn pipeline (see `framescope.sentiment.model.build_model`).",
         f"- Random state: {seed}.", f"- sha256 of model.pkl: {digest}."]))

"""Train the sentence frames classifier for a codebook."""

from __future__ import annotations

import json
import time
from pathlib import Path

from framescope.frames.codebook import load_codebook
from framescope.frames.data import load_starter
from framescope.frames.validation import train_model
from framescope.base.io import save_model, write_json, write_text
from framescope.base.logs import log
from framescope.commands.train import load_labelled, model_card


def run(data: str, codebook: str, out_dir: str | Path, seed: int = 0) -> None:
    out = Path(out_dir)
    book = load_codebook(codebook)
    df, desc = load_labelled(data, "frames", load_starter)
    t0 = time.monotonic()
    model, metrics = train_model(df, book, random_state=seed)
    log.info("frames model trained on %d sentences in %.1f s: micro-F1 %.3f, macro-F1 %.3f",
             len(df), time.monotonic() - t0, metrics["micro_f1"], metrics["macro_f1"])
    digest = save_model(model, out / "model.pkl")
    coding = _coding_round(data)
    extra = {"coding_round": coding} if coding else {}
    write_json(out / "metrics.json", {**metrics, "model_sha256": digest, "data": desc, "codebook": book.name,
                                      **extra})
    write_text(out / "model_card.md", model_card(
        f"sentence frames ({book.name}, {len(book.frames)} frames)", desc, len(df), metrics,
        ["- Model: multi-label logistic regression per frame over word/character TF-IDF and wordllama "
         "static embeddings (see `framescope.frames.classifier.build_model`); Platt-calibrated probabilities and the "
         "decision threshold chosen by an inner cross-validation grouped by article.",
         f"- Codebook: {book.name}.", f"- Random state: {seed}.", f"- sha256 of model.pkl: {digest}."]
        + _coding_lines(coding)))


def _coding_round(data: str) -> dict | None:
    """The coding round behind researcher-coded data (`framescope adjudicate` writes coding_round.json)."""
    if data == "starter":
        return None
    record = Path(data).parent / "coding_round.json"
    if not record.is_file():
        return None
    return json.loads(record.read_text(encoding="utf-8"))


def _coding_lines(coding: dict | None) -> list[str]:
    if not coding:
        return []
    keys = ("round", "coders", "alpha_nominal", "n_units", "n_unresolved", "strategy")
    return ["- Coding round: " + ", ".join(f"{k} {coding[k]}" for k in keys if k in coding) + "."]

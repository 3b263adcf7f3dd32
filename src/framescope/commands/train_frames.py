"""Train the sentence frames classifier for a codebook."""

from __future__ import annotations

import json
import time
from pathlib import Path

from framescope.frames.codebook import load_codebook
from framescope.frames.data import load_training
from framescope.frames.evaluate import selection_lines, skipped_lines
from framescope.frames.validation import train_model
from framescope.base.io import save_model, write_json, write_text
from framescope.base.logs import log
from framescope.commands.train import model_card

EMBEDDING_WORDS = {"none": "", "wordllama": " and wordllama static embeddings",
                   "minilm": " and all-MiniLM-L6-v2 sentence vectors (int8 ONNX)"}


def run(data: str, codebook: str, out_dir: str | Path, seed: int, train_format: str, train_labels: str | None,
        embeddings: str) -> None:
    """Train on `data` ("starter" or labelled data in `train_format`, mapped onto `codebook`) and write
    model.pkl, metrics.json and model_card.md into `out_dir`; `embeddings`: none, wordllama or minilm."""
    out = Path(out_dir)
    book = load_codebook(codebook)
    df, training = load_training(data, train_format, train_labels, book)
    desc = training["source"]
    t0 = time.monotonic()
    model, metrics = train_model(df, book, random_state=seed, dense=embeddings)
    log.info("frames model trained on %d %ss in %.1f s: micro-F1 %.3f, macro-F1 %.3f (C=%g, thresholds %s)",
             len(df), training["unit"], time.monotonic() - t0, metrics["micro_f1"], metrics["macro_f1"],
             model.selection_["C"], model.selection_["thresholds"])
    digest = save_model(model, out / "model.pkl")
    coding = _coding_round(data)
    extra = {"coding_round": coding} if coding else {}
    write_json(out / "metrics.json", {**metrics, "model_sha256": digest, "data": desc, "codebook": book.name,
                                      "training_data": training, **extra})
    write_text(out / "model_card.md", model_card(
        f"sentence frames ({book.name}, {len(book.frames)} frames)", desc, len(df), metrics,
        _training_lines(training, metrics)
        + ["- Model: multi-label logistic regression per frame over word/character TF-IDF"
           + EMBEDDING_WORDS[embeddings] + " (see `framescope.frames.classifier.build_model`); Platt-calibrated probabilities; C "
           "and the decision thresholds' strategy chosen by an inner cross-validation grouped by article."]
        + selection_lines(metrics["model_selection"], multi_label=True)
        + ["", f"- Codebook: {book.name}.", f"- Random state: {seed}.", f"- sha256 of model.pkl: {digest}."]
        + _coding_lines(coding), unit=training["unit"]))


def _training_lines(training: dict, metrics: dict) -> list[str]:
    """Model-card lines naming the training data: format, path, texts, articles, rows left out."""
    t = training
    lines = [f"- Training data format: {t['format']}; path: {t['path']}"
             + (f"; labels: {t['labels']}" if t.get("labels") else "")
             + f"; {t['n_texts']} {t['unit']}s"
             + (f" in {t['n_articles']} articles." if t["unit"] != "article" else ".")]
    if t["excluded"]:
        lines.append(f"- Left out by design (no text, no code): {t['excluded']} rows.")
    lines += skipped_lines(t["skipped_rows"])
    if metrics.get("not_modelled"):
        lines.append(f"- Not modelled (no labelled texts in the training data): {', '.join(metrics['not_modelled'])}.")
    if t["unit"] != "sentence":
        lines.append(f"- Trained on whole {t['unit']}s and applied to sentences: its probabilities and thresholds "
                     f"are calibrated for {t['unit']}s and do not carry over to sentences (on the seed article, a "
                     "model trained on SemEval-2023 articles gave most sentences four to seven frames). Read the "
                     "sentence frames with care, or train on sentences coded from your corpus.")
    return lines


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

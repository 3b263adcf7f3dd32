"""Train the sentence frames classifier for a codebook."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pandas as pd

from framescope.frames.classifier import build_model
from framescope.frames.codebook import load_codebook
from framescope.frames.data import load_training
from framescope.frames.evaluate import embedding_words, selection_lines, skipped_lines
from framescope.frames.languages import (choose_embeddings, embedding_candidates, embeddings_record, single_language,
                                        train_model_languages)
from framescope.frames.validation import train_model
from framescope.base.io import save_model, write_json, write_text
from framescope.base.logs import log
from framescope.commands.train import model_card


def run(data: str, codebook: str, out_dir: str | Path, seed: int, train_format: str, train_labels: str | None,
        train_language: str, train_by_language: dict, method: str, embeddings: str) -> None:
    """Train on `data` ("starter" or labelled data in `train_format`, mapped onto `codebook`), in
    `train_language`, and on the sets of `train_by_language` (language -> {train, train_format,
    train_labels}; an entry for `train_language` replaces `data`), and write model.pkl (a
    :class:`~framescope.frames.languages.LanguageFrames`), metrics.json and model_card.md into `out_dir`;
    `embeddings`: none, wordllama, minilm, use, or auto (:func:`~framescope.frames.languages.embedding_candidates`:
    wordllama for English alone, else the better of wordllama and use by cross-validation)."""
    out = Path(out_dir)
    book = load_codebook(codebook)
    sets = {train_language: {"train": data, "train_format": train_format, "train_labels": train_labels}}
    sets.update(train_by_language)
    loaded = {}
    for language, entry in sorted(sets.items()):
        df, training = load_training(entry["train"], entry["train_format"], entry["train_labels"] or None, book)
        loaded[language] = (df.assign(language=language), {**training, "language": language})
    t0 = time.monotonic()
    candidates = embedding_candidates(embeddings, list(loaded))
    if len(loaded) == 1:
        (language, (df, training)), = loaded.items()
        fits = {}
        for encoder in candidates:
            fits[encoder] = train_model(df, book, random_state=seed, dense=encoder)
            if len(candidates) > 1:
                log.info("embeddings %s: cross-validated micro-F1 %.3f, macro-F1 %.3f", encoder,
                         fits[encoder][1]["micro_f1"], fits[encoder][1]["macro_f1"])
        scores = {e: m["macro_f1"] for e, (_, m) in fits.items()}
        chosen = choose_embeddings(scores)
        classifier, metrics = fits[chosen]
        metrics["embeddings"] = embeddings_record(embeddings, scores, chosen, "cross-validated macro-F1")
        model = single_language(classifier, language)
        metrics["languages"] = {"method": "single_language", "method_description": f"one language ({language})",
                                "how": "the training data are in one language", "languages": [language]}
        trainings = [training]
    else:
        df = pd.concat([d for d, _ in loaded.values()], ignore_index=True)
        trainings = [t for _, t in loaded.values()]
        template = build_model(book, random_state=seed, dense=candidates[0])
        model, metrics = train_model_languages(df, book, template, random_state=seed, folds=5, method=method,
                                               log=log.info, embeddings=candidates)
        record = metrics["languages"]
        metrics["embeddings"] = record.get("embeddings") or embeddings_record(
            embeddings, {candidates[0]: record["by_method"][record["method"]]["mean_macro_f1"]}, candidates[0],
            "the mean macro-F1 over languages")
        chosen = metrics["embeddings"]["chosen"]
    units = sorted({t["unit"] for t in trainings})
    unit = units[0] if len(units) == 1 else "text"
    desc = "; ".join(f"{t['language']}: {t['source']}" for t in trainings) if len(trainings) > 1 else trainings[0][
        "source"]
    log.info("frames model (%s, embeddings %s; languages %s) trained on %d %ss in %.1f s: micro-F1 %.3f, "
             "macro-F1 %.3f", metrics["languages"]["method"], chosen, ", ".join(model.languages_), len(df), unit,
             time.monotonic() - t0, metrics["micro_f1"], metrics["macro_f1"])
    digest = save_model(model, out / "model.pkl")
    coding = _coding_round(data) if len(trainings) == 1 else None
    extra = {"coding_round": coding} if coding else {}
    training = trainings[0] if len(trainings) == 1 else {"by_language": {t["language"]: t for t in trainings}}
    write_json(out / "metrics.json", {**metrics, "model_sha256": digest, "data": desc, "codebook": book.name,
                                      "training_data": training, **extra})
    lines = []
    for i, t in enumerate(trainings):
        lines += _training_lines(t, metrics, prefix=f"[{t['language']}] " if len(trainings) > 1 else "",
                                 notes=i == len(trainings) - 1)
    write_text(out / "model_card.md", model_card(
        f"sentence frames ({book.name}, {len(book.frames)} frames)", desc, len(df), metrics,
        lines
        + ["- Model: multi-label logistic regression per frame over word/character TF-IDF"
           + embedding_words(chosen) + " (see `framescope.frames.classifier.build_model`); Platt-calibrated probabilities; C "
           "and the decision thresholds' strategy chosen by an inner cross-validation grouped by article."]
        + [embedding_line(metrics["embeddings"])]
        + language_lines(metrics["languages"])
        + (selection_lines(metrics["model_selection"], multi_label=True) if len(trainings) == 1 else [])
        + ["", f"- Codebook: {book.name}.", f"- Random state: {seed}.", f"- sha256 of model.pkl: {digest}."]
        + _coding_lines(coding), unit=unit))


def embedding_line(record: dict) -> str:
    """The model-card line on the text vectors: which, and how they were chosen (with each candidate's score)."""
    scores = ", ".join(f"{e} {v:.3f}" for e, v in record["candidates"].items())
    return f"- Text vectors: {record['chosen']}; {record['how']}" + (f" ({scores})." if len(record["candidates"]) > 1
                                                                    else ".")


def language_lines(record: dict) -> list[str]:
    """Model-card lines on the languages the model covers, how it was made and each method's scores."""
    lines = [f"- Languages: {', '.join(record['languages'])}; articles in any other language get no frames "
             "(frames_coverage says why). Method: "
             f"{record['method']} ({record['method_description']}); {record['how']}."]
    by = record.get("by_method")
    if not by:
        return lines
    methods = list(by)
    lines += ["", "| language | " + " | ".join(f"{m} micro / macro-F1" for m in methods) + " |",
              "|---|" + "---|" * len(methods)]
    for language in record["languages"]:
        cells = [f"{by[m]['by_language'][language]['micro_f1']:.3f} / {by[m]['by_language'][language]['macro_f1']:.3f}"
                 for m in methods]
        lines.append(f"| {language} ({by[methods[0]]['by_language'][language]['n_articles']} articles) | "
                     + " | ".join(cells) + " |")
    lines.append("| mean | " + " | ".join(f"{by[m]['mean_micro_f1']:.3f} / {by[m]['mean_macro_f1']:.3f}"
                                          for m in methods) + " |")
    lines.append("")
    lines.append("- Chosen per language: " + "; ".join(
        f"{lg} C={s['C']:g}, thresholds {s['thresholds']}" for lg, s in record["selection"].items()) + ".")
    return lines


def _training_lines(training: dict, metrics: dict, prefix: str = "", notes: bool = True) -> list[str]:
    """Model-card lines naming the training data: format, path, texts, articles, rows left out (and with
    `notes`, the frames not modelled and what the unit of training means for sentences)."""
    t = training
    lines = [f"- {prefix}Training data format: {t['format']}; path: {t['path']}"
             + (f"; labels: {t['labels']}" if t.get("labels") else "")
             + f"; {t['n_texts']} {t['unit']}s"
             + (f" in {t['n_articles']} articles." if t["unit"] != "article" else ".")]
    if t["excluded"]:
        lines.append(f"- Left out by design (no text, no code): {t['excluded']} rows.")
    lines += skipped_lines(t["skipped_rows"])
    if not notes:
        return lines
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

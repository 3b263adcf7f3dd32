"""Model training rules: the sentence sentiment model and the frames classifier.

Each model is saved with its sha256, its cross-validated metrics and a model card.
"""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

from framescope.io import save_model, write_json, write_text
from framescope.provenance import file_digest, package_versions
from framescope.steps._common import log


def _load_labelled(data: str, kind: str) -> tuple[pd.DataFrame, str]:
    """`starter` -> the bundled starter set; otherwise a CSV the researcher names."""
    if data == "starter":
        if kind == "sentiment":
            from framescope.sentiment import load_starter
        else:
            from framescope.frames import load_starter
        return load_starter(), f"bundled {kind} starter set"
    path = Path(data)
    if not path.is_file():
        raise FileNotFoundError(f"{kind} training data {path} does not exist (config: {kind}.train)")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    return _normalise(df, kind, path), f"{path.name} (sha256 {file_digest(path)[:16]})"


def _normalise(df: pd.DataFrame, kind: str, path: Path) -> pd.DataFrame:
    """A researcher's CSV -> the columns the trainers take, with errors that name the file.

    sentiment: text,label. frames: text and `frames` or `labels` (several separated by
    ";"), optional `article`/`article_id` to keep an article's sentences in one fold.
    """
    if "text" not in df.columns:
        raise ValueError(f"{path}: no 'text' column (columns: {list(df.columns)})")
    if kind == "sentiment":
        if "label" not in df.columns:
            raise ValueError(f"{path}: no 'label' column (negative/neutral/positive)")
        return df[["text", "label"]].assign(label=df["label"].str.strip().str.lower())
    column = "frames" if "frames" in df.columns else "labels" if "labels" in df.columns else None
    if column is None:
        raise ValueError(f"{path}: no 'frames' (or 'labels') column with ';'-separated frame ids")
    group = "article" if "article" in df.columns else "article_id" if "article_id" in df.columns else None
    out = pd.DataFrame({
        "text": df["text"].tolist(),
        "frames": [[f.strip() for f in v.split(";") if f.strip()] for v in df[column]],
        "article": df[group].tolist() if group else [f"row{i}" for i in range(len(df))],
    })
    return out


def _card(title: str, data_desc: str, n: int, metrics: dict, extra: list[str]) -> str:
    lines = [f"# Model card: {title}", "", f"- Training data: {data_desc}, {n} sentences."]
    lines += extra
    lines += ["", "## Cross-validated metrics", ""]
    for key in ("macro_f1", "micro_f1", "accuracy", "folds"):
        if key in metrics:
            value = metrics[key]
            lines.append(f"- {key}: {value:.3f}" if isinstance(value, float) else f"- {key}: {value}")
    per = metrics.get("per_label", {})
    if per:
        lines += ["", "| label | precision | recall | F1 | support |", "|---|---|---|---|---|"]
        for label in per:
            m = per[label]
            lines.append(f"| {label} | {m['precision']:.2f} | {m['recall']:.2f} | {m['f1']:.2f} | {m['support']} |")
    lines += ["", "## Software", ""]
    lines += [f"- {k} {v}" for k, v in package_versions().items()]
    lines += ["", "## Known limits", "",
              "- The starter sets are small, written by the framescope team, single-coded: the metrics say the "
              "pipeline learns, not how well it will do on your corpus. Validate on coded data of your own "
              "(`framescope reliability`, `framescope evaluate`).", ""]
    return "\n".join(lines)


def train_sentiment(data: str, out_dir: str | Path, seed: int = 0) -> None:
    from framescope.sentiment import train_model

    out = Path(out_dir)
    df, desc = _load_labelled(data, "sentiment")
    t0 = time.monotonic()
    model, metrics = train_model(df, random_state=seed)
    log.info("sentiment model trained on %d sentences in %.1f s: macro-F1 %.3f",
             len(df), time.monotonic() - t0, metrics["macro_f1"])
    digest = save_model(model, out / "model.pkl")
    write_json(out / "metrics.json", {**metrics, "model_sha256": digest, "data": desc})
    write_text(out / "model_card.md", _card(
        "sentence sentiment (negative / neutral / positive)", desc, len(df), metrics,
        ["- Model: scikit-learn pipeline (see `framescope.sentiment.build_model`).",
         f"- Random state: {seed}.", f"- sha256 of model.pkl: {digest}."]))


def train_frames(data: str, codebook: str, out_dir: str | Path, seed: int = 0) -> None:
    from framescope.codebook import load_codebook
    from framescope.frames import train_model

    out = Path(out_dir)
    book = load_codebook(codebook)
    df, desc = _load_labelled(data, "frames")
    t0 = time.monotonic()
    model, metrics = train_model(df, book, random_state=seed)
    log.info("frames model trained on %d sentences in %.1f s: micro-F1 %.3f, macro-F1 %.3f",
             len(df), time.monotonic() - t0, metrics["micro_f1"], metrics["macro_f1"])
    digest = save_model(model, out / "model.pkl")
    coding = _coding_round(data)
    extra = {"coding_round": coding} if coding else {}
    write_json(out / "metrics.json", {**metrics, "model_sha256": digest, "data": desc, "codebook": book.name,
                                      **extra})
    write_text(out / "model_card.md", _card(
        f"sentence frames ({book.name}, {len(book.frames)} frames)", desc, len(df), metrics,
        ["- Model: multi-label scikit-learn classifier (see `framescope.frames.build_model`); "
         "per-frame thresholds from cross-validation.",
         f"- Codebook: {book.name}.", f"- Random state: {seed}.", f"- sha256 of model.pkl: {digest}."]
        + _coding_lines(coding)))


def _coding_round(data: str) -> dict | None:
    """The coding round behind researcher-coded data (`framescope gold` writes coding_round.json)."""
    if data == "starter":
        return None
    record = Path(data).parent / "coding_round.json"
    if not record.is_file():
        return None
    import json

    return json.loads(record.read_text(encoding="utf-8"))


def _coding_lines(coding: dict | None) -> list[str]:
    if not coding:
        return []
    keys = ("round", "coders", "alpha_nominal", "n_units", "n_unresolved", "strategy")
    return ["- Coding round: " + ", ".join(f"{k} {coding[k]}" for k in keys if k in coding) + "."]

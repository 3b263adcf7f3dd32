"""Stage 5: figures drawn from the corpus tables and the models' metrics.

Each figure goes to its own folder under results/figures/ with an `about.json` that says
whether it was drawn and, when it was not, why (a figure that would be empty or
misleading for this input is not drawn), or, when it was, what it left out (`notes`:
undated articles, dates no time axis can show, outlets without an outlet name, ...), and
a CSV of the numbers it shows beside each image. Tables other stages may not have written (frame_prevalence, voices) are read
when they are there.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from framescope.figures import actors as actor_figures
from framescope.figures import evaluation, tone
from framescope.figures import frames as frame_figures
from framescope.figures.style import NothingToDraw
from framescope.base.io import read_table, write_json
from framescope.analysis.results import predicted_frames
from framescope.base.logs import log

NAMES = ("frame_composition", "sentiment_arc", "actors", "actor_frames", "share_of_voice", "frames_by_outlet",
         "frames_over_time", "model_evaluation")


def _labels(codebook: str | None) -> tuple[dict | None, list | None]:
    if not codebook:
        return None, None
    from framescope.frames.codebook import load_codebook

    book = load_codebook(codebook)
    return {f.id: f.label for f in book.frames}, [f.id for f in book.frames]


def _record(out: Path, name: str, paths=None, reason: str | None = None, notes=(), **extra) -> None:
    about = {"figure": name, "drawn": reason is None, "files": sorted(Path(p).name for p in (paths or [])),
             "reason": reason, "notes": list(notes), **extra}
    write_json(out / "about.json", about)
    log.info("%s: %s", name, "drawn" if reason is None else f"not drawn ({reason})")
    for note in notes:
        log.info("%s: %s", name, note)


def _draw(out: Path, name: str, draw, left_out=(), **extra) -> None:
    """Draw and record; `left_out`: notes on the articles the figure's data leaves out."""
    out.mkdir(parents=True, exist_ok=True)
    try:
        paths = draw()
    except NothingToDraw as why:
        _record(out, name, reason=str(why), notes=left_out, **extra)
        return
    _record(out, name, paths, notes=[*getattr(paths, "notes", ()), *left_out], **extra)


def skipped_notes(tables: Path, table: str, what: str) -> list[str]:
    """What the figure leaves out because a stage skipped articles: one note per reason in the
    ``skipped`` column of `table` (framescope.base.languages), e.g. "tone: 12 articles left out
    (sentiment: article in German (de); made for English (en))"."""
    path = tables / f"{table}.parquet"
    if not path.is_file() or "skipped" not in pq.read_schema(path).names:
        return []
    reasons = read_table(path, columns=["skipped"])["skipped"].fillna("")
    counts = reasons[reasons != ""].value_counts()
    return [f"{what}: {n:,} article{'s' if n != 1 else ''} left out ({why})" for why, n in sorted(counts.items())]


def _unframed(tables: Path) -> list[str]:
    """The note a frames figure carries on the articles the frames step gave no frames (their language)."""
    from framescope.commands.prevalence import skipped_note

    note = skipped_note(tables / "frames_coverage.parquet")
    return [note] if note else []


def _optional(tables: Path, name: str, path: str | None = None) -> pd.DataFrame | None:
    """A table that another stage may not have written: None when absent."""
    if path == "none":  # the workflow says no rule makes it: never read a stale file
        return None
    file = Path(path) if path else tables / f"{name}.parquet"
    return read_table(file) if file.is_file() else None


def frame_composition(tables: Path, out_dir, codebook: str | None = None, prevalence: str | None = None,
                      method: str | None = None) -> None:
    out = Path(out_dir)
    labels, order = _labels(codebook)
    article_frames = read_table(tables / "article_frames.parquet")
    articles = read_table(tables / "articles.parquet", columns=["article_id", "title", "outlet", "published"])
    prev = _optional(tables, "frame_prevalence", prevalence)
    _draw(out, "frame_composition", lambda: frame_figures.frame_composition(
        article_frames, articles, out / "frame_composition", labels=labels, order=order, prevalence=prev,
        method=method), left_out=_unframed(tables),
          corpus_estimate=f"frame_prevalence ({method or 'first method'})" if prev is not None
          else "bootstrap over articles")


def sentiment_arc(tables: Path, out_dir, codebook: str | None = None, articles: list[str] | None = None,
                  *, max_articles: int) -> None:
    """One arc per article named in `articles`, else for the first `max_articles` ids."""
    out = Path(out_dir)
    labels, order = _labels(codebook)
    # the chosen articles' rows only: the corpus tables may hold millions of sentences
    scored = read_table(tables / "sentence_sentiment.parquet", columns=["article_id"])["article_id"]
    # distinct ids first: a set of every row's id would take a Python step per sentence
    ids = sorted(set(scored.unique())) if len(scored) else []
    known = set(ids)
    chosen = [a for a in (articles or []) if a in known] if articles else ids[:max_articles]
    if chosen:
        only = [("article_id", "in", chosen)]
        sentences = read_table(tables / "sentences.parquet", filters=only)
        scores = read_table(tables / "sentence_sentiment.parquet", filters=only)
        frames_ = read_table(tables / "sentence_frames.parquet", filters=only)
    out.mkdir(parents=True, exist_ok=True)
    paths, skipped = [], {}
    for aid in chosen:
        try:
            paths += tone.sentiment_arc(sentences, scores, frames_, aid, out / aid, labels=labels)
        except NothingToDraw as why:
            skipped[aid] = str(why)
    if not paths:
        reason = "no article with scored sentences" if not skipped else "; ".join(
            f"{k}: {v}" for k, v in sorted(skipped.items()))
        _record(out, "sentiment_arc", reason=reason, articles=chosen)
    else:
        missing = sorted(set(articles or []) - known)
        notes = [f"not drawn for {k}: {v}" for k, v in sorted(skipped.items())]
        notes += skipped_notes(tables, "article_sentiment", "no arc (not scored)")
        if missing:
            notes.append(f"{len(missing)} article id(s) named in figures.arc_articles are not in the corpus: "
                         f"{', '.join(missing[:5])}")
        _record(out, "sentiment_arc", paths, notes=notes, articles=chosen, skipped=skipped)


def actors(tables: Path, out_dir, *, top: int) -> None:
    out = Path(out_dir)
    # only the columns drawn: the quotes' text alone is most of that table
    actor_sentiment = read_table(tables / "actor_sentiment.parquet", columns=["actor", "n_sentences", "tone_about"])
    mentions = read_table(tables / "mentions.parquet", columns=["actor", "actor_type"])
    quotes = read_table(tables / "quotes.parquet", columns=["speaker", "kind", "n_words"])
    _draw(out, "actors", lambda: actor_figures.actors_overview(
        actor_sentiment, mentions, quotes, out / "actors", top=top),
        left_out=skipped_notes(tables, "article_sentiment", "tone about actors"))


def actor_frames(tables: Path, out_dir, codebook: str | None = None, *, top: int) -> None:
    out = Path(out_dir)
    labels, order = _labels(codebook)
    mentions = read_table(tables / "mentions.parquet", columns=["article_id", "sent_id", "actor"])
    # only the predicted rows (about one in fifteen): at 100k articles the job peaks at
    # 1.3 GB instead of the 5.3 GB of reading the whole table
    predicted, frames = predicted_frames(tables / "sentence_frames.parquet")
    _draw(out, "actor_frames", lambda: frame_figures.actor_frames(
        mentions, predicted, out / "actor_frames", labels=labels, order=order, top=top, frames=frames),
          left_out=_unframed(tables))


def share_of_voice(tables: Path, out_dir, *, top: int, voices: str | None = None) -> None:
    out = Path(out_dir)
    table = _optional(tables, "voices", voices)
    if table is None:
        out.mkdir(parents=True, exist_ok=True)
        _record(out, "share_of_voice", reason="no voices table in this run (results/tables/voices.parquet)")
        return
    _draw(out, "share_of_voice", lambda: actor_figures.share_of_voice(table, out / "share_of_voice", top=top))


def frames_by_outlet(tables: Path, out_dir, codebook: str | None = None, prevalence: str | None = None,
                     method: str | None = None, *, top: int) -> None:
    out = Path(out_dir)
    labels, order = _labels(codebook)
    article_frames = read_table(tables / "article_frames.parquet", columns=["article_id", "frame", "share"])
    articles = read_table(tables / "articles.parquet", columns=["article_id", "outlet"])
    prev = _optional(tables, "frame_prevalence", prevalence)
    _draw(out, "frames_by_outlet", lambda: frame_figures.frames_by_outlet(
        article_frames, articles, out / "frames_by_outlet", labels=labels, order=order, prevalence=prev,
        method=method, top=top), left_out=_unframed(tables))


def frames_over_time(tables: Path, out_dir, codebook: str | None = None, prevalence: str | None = None,
                     method: str | None = None) -> None:
    out = Path(out_dir)
    labels, order = _labels(codebook)
    article_frames = read_table(tables / "article_frames.parquet", columns=["article_id", "frame", "share"])
    articles = read_table(tables / "articles.parquet", columns=["article_id", "published"])
    prev = _optional(tables, "frame_prevalence", prevalence)
    _draw(out, "frames_over_time", lambda: frame_figures.frames_over_time(
        article_frames, articles, out / "frames_over_time", labels=labels, order=order, prevalence=prev,
        method=method), left_out=_unframed(tables))


EVALUATION_PARTS = (
    ("scores", evaluation.classifier_scores),
    ("confusion", evaluation.confusion_figure),
    ("calibration", evaluation.calibration_figure),
    ("learning_curve", evaluation.learning_curve_figure),
)


def model_evaluation(models_dir, out_dir, codebook: str | None = None, models=("frames", "sentiment")) -> None:
    """Per model: scores per label, confusion matrix, calibration, learning curve, each drawn when metrics.json holds it."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    labels, _ = _labels(codebook)
    paths, not_drawn = [], {}
    for model in models:
        path = Path(models_dir) / model / "metrics.json"
        if not path.is_file():
            not_drawn[model] = f"no {path.as_posix()}"
            continue
        metrics = json.loads(path.read_text(encoding="utf-8"))
        for part, draw in EVALUATION_PARTS:
            kwargs = {"labels": labels if model == "frames" else None} if part in ("scores", "confusion") else {}
            try:
                paths += draw(metrics, out / f"{model}_{part}", name=model, **kwargs)
            except NothingToDraw as why:
                not_drawn[f"{model}_{part}"] = str(why)
    if paths:
        _record(out, "model_evaluation", paths, notes=[f"{k} not drawn: {v}" for k, v in sorted(not_drawn.items())],
                not_drawn=not_drawn)
    else:
        _record(out, "model_evaluation", reason="; ".join(f"{k}: {v}" for k, v in sorted(not_drawn.items()))
                or "no model metrics", not_drawn=not_drawn)


def run(name: str, tables_dir, out_dir, **kwargs) -> None:
    if name == "model_evaluation":
        return model_evaluation(kwargs.pop("models_dir", Path(tables_dir).parent / "models"), out_dir, **kwargs)
    tables = Path(tables_dir)
    runners = {"frame_composition": frame_composition, "sentiment_arc": sentiment_arc, "actors": actors,
               "actor_frames": actor_frames, "share_of_voice": share_of_voice, "frames_by_outlet": frames_by_outlet,
               "frames_over_time": frames_over_time}
    runners[name](tables, out_dir, **kwargs)

"""Stage 5: figures drawn from the corpus tables.

Each figure goes to its own folder under results/figures/ with an `about.json` that says
whether it was drawn and, when it was not, why (a figure that would be empty or
misleading for this input is not drawn).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from framescope import figures
from framescope.io import read_table, write_json
from framescope.steps._common import log


def _labels(codebook: str | None) -> tuple[dict | None, list | None]:
    if not codebook:
        return None, None
    from framescope.codebook import load_codebook

    book = load_codebook(codebook)
    return {f.id: f.label for f in book.frames}, [f.id for f in book.frames]


def _record(out: Path, name: str, paths=None, reason: str | None = None, **extra) -> None:
    about = {"figure": name, "drawn": reason is None, "files": sorted(Path(p).name for p in (paths or [])),
             "reason": reason, **extra}
    write_json(out / "about.json", about)
    log.info("%s: %s", name, "drawn" if reason is None else f"not drawn ({reason})")


def _draw(out: Path, name: str, draw, **extra) -> None:
    out.mkdir(parents=True, exist_ok=True)
    try:
        paths = draw()
    except figures.NothingToDraw as why:
        _record(out, name, reason=str(why), **extra)
        return
    _record(out, name, paths, **extra)


def frame_composition(tables: Path, out_dir, codebook: str | None = None) -> None:
    out = Path(out_dir)
    labels, order = _labels(codebook)
    article_frames = read_table(tables / "article_frames.parquet")
    articles = read_table(tables / "articles.parquet", columns=["article_id", "title", "outlet", "published"])
    _draw(out, "frame_composition", lambda: figures.frame_composition(
        article_frames, articles, out / "frame_composition", labels=labels, order=order))


def sentiment_arc(tables: Path, out_dir, codebook: str | None = None, articles: list[str] | None = None,
                  max_articles: int = 3) -> None:
    """One arc per article named in `articles`, else for the first `max_articles` ids."""
    out = Path(out_dir)
    labels, _ = _labels(codebook)
    sentences = read_table(tables / "sentences.parquet")
    scores = read_table(tables / "sentence_sentiment.parquet")
    frames_ = read_table(tables / "sentence_frames.parquet")
    ids = sorted(set(scores["article_id"])) if len(scores) else []
    chosen = [a for a in (articles or []) if a in set(ids)] if articles else ids[:max_articles]
    out.mkdir(parents=True, exist_ok=True)
    paths, skipped = [], {}
    for aid in chosen:
        try:
            paths += figures.sentiment_arc(sentences, scores, frames_, aid, out / aid, labels=labels)
        except figures.NothingToDraw as why:
            skipped[aid] = str(why)
    if not paths:
        reason = "no article with scored sentences" if not skipped else "; ".join(
            f"{k}: {v}" for k, v in sorted(skipped.items()))
        _record(out, "sentiment_arc", reason=reason, articles=chosen)
    else:
        _record(out, "sentiment_arc", paths, articles=chosen, skipped=skipped)


def actors(tables: Path, out_dir, top: int = 15) -> None:
    out = Path(out_dir)
    actor_sentiment = read_table(tables / "actor_sentiment.parquet")
    mentions = read_table(tables / "mentions.parquet")
    quotes = read_table(tables / "quotes.parquet")
    _draw(out, "actors", lambda: figures.actors_overview(actor_sentiment, mentions, quotes, out / "actors", top=top))


def run(name: str, tables_dir, out_dir, **kwargs) -> None:
    tables = Path(tables_dir)
    {"frame_composition": frame_composition, "sentiment_arc": sentiment_arc, "actors": actors}[name](
        tables, out_dir, **kwargs)

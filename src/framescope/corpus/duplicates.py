"""Exact and near-duplicate articles: the same wire story run by several outlets.

Exact duplicates have the same clean text (the same sha256). Near-duplicates share
most of their word shingles (runs of `shingle` words, lower-cased): a MinHash
signature of each article's shingle set estimates the Jaccard similarity of two
articles, and locality-sensitive hashing (LSH, with the bands datasketch's MinHashLSH
chooses) finds the pairs worth comparing without comparing every pair.

The work is split so that the corpus-level step stays cheap: the ingest step
computes each shard's signatures (:func:`signatures`, the bulk of the work, in
parallel across shards), and the collect step only runs LSH over them
(:func:`find_duplicates`).

Which article is kept does not depend on input order: articles are taken in id
order, and each is a duplicate of the first kept article it matches (the smallest
id), or is kept itself. Every duplicate's `similarity` to the article it names is at
least the threshold.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

NUM_PERM = 128  # permutations per signature: the estimate's standard error is about 0.04
SEED = 1
LSH_WEIGHTS = (0.05, 0.95)  # (false positive, false negative) weights for choosing LSH bands
_WORD = re.compile(r"\w+")
_MAX = np.uint64((1 << 32) - 1)
_rng = np.random.RandomState(SEED)  # the legacy generator: the same numbers in every numpy version
# multiply-add-shift hashing: h -> (a * h + b mod 2**64) >> 32, a odd
_A = _rng.randint(0, 1 << 63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_B = _rng.randint(0, 1 << 63, size=NUM_PERM, dtype=np.uint64)
_CHUNK = 1 << 15  # shingles hashed at once: bounds memory for a very long text
_CRC: dict[str, int] = {}  # word -> CRC-32, kept across the texts of a process
_CRC_MAX = 1 << 19  # words kept at most (about 60 MB), then forgotten


def shingle_hashes(text: str, shingle: int) -> np.ndarray:
    """32-bit hashes of the distinct runs of `shingle` words of `text` (lower-cased), sorted.

    A text of fewer than `shingle` words is one run. Words are hashed with CRC-32 and
    runs by a polynomial over their words' hashes, so nothing depends on
    PYTHONHASHSEED.
    """
    words = _WORD.findall(text.casefold())
    if not words:
        return np.zeros(0, dtype=np.uint64)
    # each distinct word hashed once per process: a shard's articles share most of their words
    crc = _CRC
    if len(crc) > _CRC_MAX:
        crc.clear()
    for w in set(words).difference(crc):
        crc[w] = zlib.crc32(w.encode("utf-8"))
    word_hashes = np.fromiter(map(crc.__getitem__, words), dtype=np.uint64, count=len(words))
    k = min(shingle, len(words))
    n = len(words) - k + 1
    runs = np.zeros(n, dtype=np.uint64)
    for j in range(k):
        runs = runs * np.uint64(1_000_003) + word_hashes[j : j + n]  # wraps around 2**64, as meant
    return np.unique((runs >> np.uint64(32)) ^ (runs & _MAX))


def signature(text: str, shingle: int) -> np.ndarray:
    """The MinHash signature (NUM_PERM uint32 values) of a text's word shingles.

    Each of the NUM_PERM hash functions is h -> (a * h + b mod 2**64) >> 32
    (multiply-add-shift, a odd), with a and b from a seeded generator. Computed here
    with numpy because hashing shingles one by one in Python, as datasketch's
    MinHash does, took 3x as long as the rest of the ingest step.
    """
    hashes = shingle_hashes(text, shingle)
    out = np.full(NUM_PERM, _MAX, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for start in range(0, len(hashes), _CHUNK):
            values = hashes[start : start + _CHUNK, None] * _A  # one (shingles x NUM_PERM) array, worked in place
            values += _B
            values >>= np.uint64(32)
            out = np.minimum(out, values.min(axis=0))
    return out.astype(np.uint32)


def signatures(article_ids, texts, shingle: int, memo=None) -> pa.Table:
    """The `signatures` side table of a shard: article_id, minhash (list of NUM_PERM uint32), sorted by id.

    A `memo` (:class:`framescope.base.memo.TextMemo` made under this code) gives the
    signatures of the texts it has seen (uint32 values are exact as float64).
    """
    rows = sorted(zip(article_ids, texts))

    def compute(positions) -> np.ndarray:
        return np.array([signature(rows[i][1], shingle) for i in positions], dtype=np.uint32).reshape(-1, NUM_PERM)

    if memo is None:
        values = compute(range(len(rows)))
    else:
        values = memo.rows([f"{shingle}\0{text}" for _, text in rows], compute).astype(np.uint32)
    flat = values.reshape(-1)
    offsets = np.arange(0, len(flat) + 1, NUM_PERM, dtype=np.int32)
    return pa.table({
        "article_id": pa.array([aid for aid, _ in rows], type=pa.string()),
        "minhash": pa.ListArray.from_arrays(pa.array(offsets), pa.array(flat, type=pa.uint32())),
    })


def signature_matrix(table: pa.Table) -> np.ndarray:
    """The minhash column of a signatures table as an (n, NUM_PERM) array."""
    column = table["minhash"].combine_chunks()
    values = np.asarray(column.flatten(), dtype=np.uint32)
    if len(values) != NUM_PERM * table.num_rows:
        raise ValueError(f"signatures must hold {NUM_PERM} values each; rebuild the ingest shards")
    return values.reshape(table.num_rows, NUM_PERM)


@dataclass(frozen=True)
class Duplicate:
    """`article_id` repeats `duplicate_of`: exactly (similarity 1.0) or nearly."""

    article_id: str
    duplicate_of: str
    similarity: float
    exact: bool


def find_duplicates(article_ids, digests, matrix: np.ndarray | None, threshold: float) -> dict[str, Duplicate]:
    """Exact duplicates (same digest) and near-duplicates (estimated Jaccard >= threshold).

    Parameters
    ----------
    article_ids, digests : sequences of str
        Each article's id and the sha256 of its clean text.
    matrix : ndarray of shape (n, NUM_PERM), or None
        The articles' MinHash signatures, in the same order; None finds exact
        duplicates only.
    threshold : float
        Smallest estimated Jaccard similarity of word shingles for a near-duplicate.

    Returns
    -------
    dict
        article id -> :class:`Duplicate`, for the duplicates only.
    """
    order = sorted(range(len(article_ids)), key=lambda i: article_ids[i])
    found: dict[str, Duplicate] = {}
    first_by_digest: dict[str, int] = {}
    for i in order:
        original = first_by_digest.setdefault(digests[i], i)
        if original != i:
            found[article_ids[i]] = Duplicate(article_ids[i], article_ids[original], 1.0, True)
    if matrix is None or not len(order):
        return found

    # LSH: two articles are candidates when all values of one band of their signatures
    # agree. The bands are datasketch's MinHashLSH's for these weights, weighted towards
    # recall: every candidate is checked against the signatures anyway, so a false
    # candidate costs one comparison while a missed one is a missed duplicate. For
    # threshold 0.8 this gives 16 bands of 8 values: a pair at similarity 0.84 is a
    # candidate with probability 0.99 (0.63 with datasketch's default weights).
    # The buckets are found with numpy (datasketch's index took 10 s at 100k articles);
    # the candidates are those its query returns, so the result is the same.
    bands = _bands(threshold)
    matrix = np.ascontiguousarray(matrix[order], dtype=np.uint32)  # rows by rank (id order)
    buckets = []  # per band: each article's bucket number, and how many articles share it
    shared = np.zeros(len(order), dtype=bool)
    for start, end in bands:
        keys = np.ascontiguousarray(matrix[:, start:end]).view(np.dtype((np.void, 4 * (end - start))))[:, 0]
        _, bucket, sizes = np.unique(keys, return_inverse=True, return_counts=True)
        bucket = bucket.reshape(-1)
        buckets.append(bucket)
        shared |= sizes[bucket] > 1
    kept_in: list[dict[int, list[int]]] = [{} for _ in bands]  # band -> bucket -> kept ranks, ascending
    for r in np.flatnonzero(shared).tolist():  # an article alone in every bucket has no candidate
        i = order[r]
        if article_ids[i] in found:
            continue
        candidates = set()
        for band, bucket in zip(kept_in, buckets):
            candidates.update(band.get(int(bucket[r]), ()))
        best = None
        for c in sorted(candidates):  # smallest id first
            similarity = float(np.count_nonzero(matrix[r] == matrix[c])) / NUM_PERM
            if similarity >= threshold:
                best = (c, similarity)
                break
        if best is None:  # only kept articles can be matched
            for band, bucket in zip(kept_in, buckets):
                band.setdefault(int(bucket[r]), []).append(r)
        else:
            found[article_ids[i]] = Duplicate(article_ids[i], article_ids[order[best[0]]], best[1], False)
    return found


def _bands(threshold: float) -> list[tuple[int, int]]:
    """The (start, end) of each LSH band, as datasketch's MinHashLSH chooses them for LSH_WEIGHTS."""
    from datasketch import MinHashLSH

    return [tuple(r) for r in MinHashLSH(threshold=threshold, num_perm=NUM_PERM, weights=LSH_WEIGHTS).hashranges]

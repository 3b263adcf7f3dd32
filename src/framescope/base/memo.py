"""Numbers per text, kept between runs, so that a shard rerun computes only its new texts.

Adding one article to a corpus reruns its shard's jobs, and a shard holds thousands of
articles. A sentence's frame probabilities depend only on its text and the model (the
classifier scores each sentence on its own, as the shard-count test checks), so a
shard's job can keep them, by a digest of the text, for its next run. :class:`TextMemo`
is that store: one ``.npz`` file per shard job, under a key naming everything else the
numbers depend on (the model's sha256, the code, the library versions). A run whose key
matches takes the numbers of the texts it has seen and computes the others; a run with
another key computes everything. Either way the file is rewritten to hold exactly the
texts of this run, and the numbers are stored exactly (float64), so results are the same
bytes with or without it. Deleting the files is always safe.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from framescope.base.io import atomic_path


def memo_key(*parts: str, packages: Sequence[str] = ("numpy", "scipy", "scikit-learn")) -> str:
    """sha256 over `parts` and the versions of `packages`."""
    from importlib import metadata

    h = hashlib.sha256()
    for part in [*parts, *(f"{p}=={_version(metadata, p)}" for p in packages)]:
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def _version(metadata, package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "none"


def text_digests(texts: Sequence[str]) -> np.ndarray:
    """A 16-byte digest per text."""
    return np.array([hashlib.blake2b(str(t).encode("utf-8", "surrogatepass"), digest_size=16).digest()
                     for t in texts], dtype="S16")


def read_store(path: Path, key: str, read):
    """The contents of a store whose key is `key`: `read(path)` gives (key, contents). None, and
    a log line saying why, when the file holds another key or cannot be read; None when there is none."""
    from framescope.base.logs import log

    try:
        stored_key, contents = read(path)
    except FileNotFoundError:
        return None
    except Exception as err:  # noqa: BLE001 - an unreadable store is only a miss
        log.info("%s: unreadable (%s); computing every text", path, err)
        return None
    if stored_key != key:
        log.info("%s: made under another model, code, setting or library version; computing every text", path)
        return None
    return contents


def _read_npz(path: Path):
    with np.load(path) as stored:
        return str(stored["key"]), (stored["digests"], stored["values"])


def read_pickle(path: Path):
    import pickle

    with open(path, "rb") as f:
        return pickle.load(f)


def distinct_rows(keys: np.ndarray, positions: np.ndarray, compute: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """`compute(positions)` as float64 rows, computing each distinct key of `keys` (one per position) once.

    News repeats itself (wire copy, boilerplate, a paragraph quoted again): a shard of the
    benchmark corpus holds 94,000 sentences and 57,000 distinct texts. A row depends only on
    its text, so a repeat gets a copy of the first occurrence's row, the same bits.
    """
    positions = np.asarray(positions, dtype=np.int64)
    _, first, inverse = np.unique(np.asarray(keys), return_index=True, return_inverse=True)
    if len(first) == len(positions):
        return np.asarray(compute(positions), dtype=np.float64)
    order = np.argsort(first, kind="stable")  # computed in the order of first occurrence
    computed = np.asarray(compute(positions[first[order]]), dtype=np.float64)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return computed[rank[inverse.reshape(-1)]]


class TextMemo:
    """Rows of float64 per text (`compute` gives them for texts not seen under the same key), kept in `path`."""

    def __init__(self, path, key: str):
        self.path, self.key = Path(path), key
        self.hits = self.computed = 0

    def rows(self, texts: Sequence[str], compute: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        """One row per text: `compute(positions)` gives the rows of the texts at those positions
        (an array of ints) that the store does not hold; the store gives the others."""
        texts = np.asarray(texts, dtype=object)
        if not len(texts):
            return np.asarray(compute(np.arange(0)), dtype=np.float64)
        digests = text_digests(texts)
        stored = read_store(self.path, self.key, _read_npz)
        found = np.full(len(texts), -1, dtype=np.int64)
        if stored is not None:
            row_of = {d: i for i, d in enumerate(stored[0].tolist())}
            found = np.array([row_of.get(d, -1) for d in digests.tolist()], dtype=np.int64)
        missing = np.flatnonzero(found < 0)
        new = distinct_rows(digests[missing], missing, compute) if len(missing) else None
        if new is not None and stored is not None and new.shape[1:] != stored[1].shape[1:]:
            raise ValueError(f"{self.path}: stored rows of shape {stored[1].shape[1:]}, computed {new.shape[1:]}")
        shape = (new if new is not None else stored[1]).shape[1:]
        values = np.empty((len(texts), *shape), dtype=np.float64)
        if new is not None:
            values[missing] = new
        if len(missing) < len(texts):
            values[found >= 0] = stored[1][found[found >= 0]]
        self.hits, self.computed = len(texts) - len(missing), len(missing)
        if len(missing) or stored is None or len(stored[0]) != len(texts) or not np.array_equal(stored[0], digests):
            with atomic_path(self.path) as tmp, open(tmp, "wb") as f:
                np.savez(f, key=np.array(self.key), digests=digests, values=values)
        return values


class ObjectMemo:
    """Like :class:`TextMemo`, for any picklable value per text (a pickle file instead of numbers).

    For results that are Python values rather than rows of floats, such as what one article
    adds to the actors and quotes tables. Values are stored as they were computed, so a
    table built from them is the table built from computing them again.
    """

    def __init__(self, path, key: str):
        self.path, self.key = Path(path), key
        self.hits = self.computed = 0

    def values(self, texts: Sequence[str], compute: Callable[[np.ndarray], list]) -> list:
        """One value per text: `compute(positions)` gives those of the texts the store does not hold."""
        import pickle

        digests = text_digests(texts).tolist() if len(texts) else []
        stored = read_store(self.path, self.key, read_pickle) or {}
        missing = np.array([i for i, d in enumerate(digests) if d not in stored], dtype=np.int64)
        new = list(compute(missing)) if len(missing) else []
        if len(new) != len(missing):
            raise ValueError(f"{self.path}: {len(missing)} values asked for, {len(new)} computed")
        fresh = dict(zip((digests[i] for i in missing), new))
        values = [fresh[d] if d in fresh else stored[d] for d in digests]
        self.hits, self.computed = len(digests) - len(missing), len(missing)
        if len(missing) or set(stored) != set(digests):
            with atomic_path(self.path) as tmp:
                tmp.write_bytes(pickle.dumps((self.key, dict(zip(digests, values))), protocol=5))
        return values

    # One text at a time, for inputs too large to hold whole (a shard's records): open(), get()
    # for each text, close() to keep the values of the texts asked for (and only those).

    def open(self) -> None:
        """Read the store for :meth:`get`."""
        self._stored = read_store(self.path, self.key, read_pickle) or {}
        self._kept: dict = {}
        self.hits = self.computed = 0

    def get(self, text: str, compute: Callable[[], object]):
        """`text`'s value: from the store, or `compute()` when the store does not hold it."""
        digest = text_digests([text]).tolist()[0]
        if digest not in self._kept:
            if digest in self._stored:
                self._kept[digest] = self._stored[digest]
                self.hits += 1
            else:
                self._kept[digest] = compute()
                self.computed += 1
        return self._kept[digest]

    def close(self) -> None:
        """Write the store when it changed: the values :meth:`get` gave since :meth:`open`."""
        import pickle

        if self.computed or set(self._stored) != set(self._kept):
            with atomic_path(self.path) as tmp:
                tmp.write_bytes(pickle.dumps((self.key, self._kept), protocol=5))
        self._stored = self._kept = None

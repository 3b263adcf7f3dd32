"""A linear model's scores over a scikit-learn FeatureUnion, without stacking the union's parts."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.pipeline import FeatureUnion


def part_scores(union, texts, coef: np.ndarray) -> np.ndarray | None:
    """``union.transform(texts) @ coef.T``, the same bits, without stacking the union's parts.

    scikit-learn's FeatureUnion stacks the word and character TF-IDF and the dense
    embedding into one sparse matrix (the embedding made sparse, entry by entry) and
    sorts it, which cost more than the product itself (about 1.3 s of a shard's 63,000
    distinct sentences). A sparse row times a dense matrix adds the row's products in
    the order of its columns, one after the other, into a row of zeros; here each
    part adds its products, in its columns' order, into the scores the parts before
    it left, so every score is the same sum in the same order. A dense part adds all
    its columns, zeros included (read as a sparse matrix that stores every entry): a
    product with 0 adds a zero, which leaves a sum that started at +0 unchanged (it is
    never -0), where the stacked matrix had left the entry out. None when the union is
    not the plain kind this covers (weights, "drop"/"passthrough", parallel jobs, pandas
    output, parts not float64, sparse parts with unsorted or repeated indices); the
    caller then stacks as before.
    """
    if (_matvecs is None or not isinstance(union, FeatureUnion) or union.transformer_weights
            or union.n_jobs not in (None, 1) or _output_config(union) != "default"):
        return None
    parts = []
    for _, transformer in union.transformer_list:
        if isinstance(transformer, str) or _output_config(transformer) != "default":
            return None
        parts.append(transformer)
    n = len(texts)
    coef = np.asarray(coef, dtype=np.float64)
    scores = np.zeros((n, coef.shape[0]), dtype=np.float64)
    start = 0
    for transformer in parts:
        X = transformer.transform(texts)
        if getattr(X, "ndim", 2) != 2 or X.shape[0] != n or X.dtype != np.float64:
            return None
        width = X.shape[1]
        if start + width > coef.shape[1]:
            return None
        block = np.ascontiguousarray(coef[:, start : start + width].T)  # width x frames
        if sp.issparse(X):
            X = sp.csr_matrix(X)
            if not X.has_canonical_format:
                return None
            _matvecs(n, width, coef.shape[0], X.indptr, X.indices, X.data, block.ravel(), scores.ravel())
        else:  # the dense rows as sparse ones that keep every entry, zeros too
            X = np.ascontiguousarray(X)
            kind = np.int32 if X.size < np.iinfo(np.int32).max else np.int64
            indptr = np.arange(0, X.size + 1, max(width, 1), dtype=kind)[: n + 1] if width else np.zeros(n + 1, kind)
            indices = np.tile(np.arange(width, dtype=kind), n)
            _matvecs(n, width, coef.shape[0], indptr, indices, X.ravel(), block.ravel(), scores.ravel())
        start += width
    if start != coef.shape[1]:
        return None
    return scores


def _output_config(estimator) -> str:
    return getattr(estimator, "_sklearn_output_config", {}).get("transform", "default")


try:  # scipy's own kernel of a sparse matrix times a dense one: adds into the result it is given
    from scipy.sparse._sparsetools import csr_matvecs as _matvecs
except ImportError:  # pragma: no cover - another scipy
    _matvecs = None

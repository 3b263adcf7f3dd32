"""An exploratory topic model: what the corpus is about, before a codebook is fixed.

Researchers who build their own codebook usually start inductively: read, and let
a topic model suggest which themes recur. This module fits non-negative matrix
factorisation (NMF) to the TF-IDF matrix of the articles (title and text) and
reports each topic's top terms and each article's mix of topics.

- ``topic_terms``: topic, rank, term, weight (the term's share of the topic's total
  weight over the whole vocabulary). Topic 0 is the largest (most total weight
  across articles), and so on.
- ``article_topics``: article_id, topic, share (the article's topic weights scaled
  to sum to 1; all 0 for an article with no term of the vocabulary).

Topics are a reading aid, not frames: a topic groups words that occur together
(often the *issue* or the event), while a frame is a way of presenting an issue.
Read the articles that load most on a topic before naming it.

The fit is deterministic: NNDSVDa initialisation seeded with ``seed``, coordinate
descent without shuffling, one thread. A corpus larger than ``fit_sample`` articles
(config `topics.fit_sample`) is fitted on a sample of that many, the articles with the smallest
sha256 of their id (so the sample does not depend on input order or shards, and one
more article changes it by at most one); the vocabulary, its weights and the topics
come from the sample, and every article gets its topic shares from that model. Ten
topics are well estimated from 20,000 articles, and the fit costs a fifth of fitting
100,000 (measured: 8 s instead of about 50 s). ``k`` is capped at half the number of
articles (at least one topic); a corpus of fewer than ``MIN_ARTICLES`` articles, or
with no usable terms, gets no model and the reason is recorded instead.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfVectorizer
from threadpoolctl import threadpool_limits

from framescope.base.memo import read_pickle, read_store
from framescope.base.tables import columns, keys
from framescope.text.vectorize import (
    align_api_if_sparse,
    count_rows,
    index_dtype,
    strip_accents,
)

MIN_ARTICLES = 2
# Reporting words that top every news topic and say nothing about it, and the pieces
# the tokenizer leaves of contractions ("don't" -> "don").
NEWS_STOP_WORDS = ("said", "says", "told", "according", "mr", "ms", "mrs", "also", "would", "could", "like",
                   "just", "people", "year", "years", "new", "time",
                   "don", "didn", "doesn", "isn", "wasn", "aren", "weren", "won", "wouldn", "couldn", "shouldn",
                   "haven", "hasn", "ll", "ve", "re")
# Words: two or more letters (no digits, so "2024" and "10" do not become topics).
TOKEN_PATTERN = r"(?u)\b[^\W\d_]{2,}\b"
MAX_FEATURES = 20_000
MAX_ITER = 400


#: The stop words are English: the topic model is fitted to the English articles only.
LANGUAGES = ("en",)


def stop_words(extra=()) -> list[str]:
    """scikit-learn's English stop words, the news reporting words, and `extra`; sorted."""
    return sorted(set(ENGLISH_STOP_WORDS) | set(NEWS_STOP_WORDS) | {str(w).lower() for w in extra})


# TOKEN_PATTERN's matches are whole runs of word characters (it is anchored by \b on both
# sides and takes word characters only): the runs of two or more that hold letters only.
_WORD_RUN = re.compile(r"\w+")
_LETTERS = re.compile(r"[^\W\d_]+")
_CHUNK_DOCS = 2000  # documents whose words are looked up together


class TopicVectorizer(TfidfVectorizer):
    """scikit-learn's ``TfidfVectorizer`` for :data:`TOKEN_PATTERN` words, counting faster.

    The same matrices, vocabulary and weights (a test compares them on hard input), in
    about half the time: tokens are found as runs of word characters (``\\w+``, 40%
    faster than the pattern's own regular expression) and kept when they hold letters
    only; stop words are left out in the same pass, and counting builds no per-document
    dictionaries. With a fitted vocabulary, which holds no stop word and only letter
    runs, a run is simply looked up. Anything but the plain word settings this module
    uses is left to scikit-learn.
    """

    def _plain(self) -> bool:
        return (self.analyzer == "word" and self.input == "content" and self.preprocessor is None
                and self.tokenizer is None and self.token_pattern == TOKEN_PATTERN
                and tuple(self.ngram_range) == (1, 1) and self.strip_accents in (None, strip_accents))

    def _preprocess(self):
        """A document -> its text as scikit-learn tokenizes it (decoded, lower case, accents stripped)."""
        decode, lower, accents = self.decode, self.lowercase, self.strip_accents is not None

        def preprocess(doc) -> str:
            doc = decode(doc)
            if lower:
                doc = doc.lower()
            return strip_accents(doc) if accents else doc

        return preprocess

    def _tokens(self):
        """A document -> its tokens, as scikit-learn's analyzer gives them."""
        preprocess = self._preprocess()
        stop = frozenset(self.get_stop_words() or ())
        runs, letters = _WORD_RUN.findall, _LETTERS.fullmatch

        def tokens(doc) -> list[str]:
            # isalpha() decides almost every run; the few it rejects (digits, "_", and
            # numeric signs such as "ↀ" that the pattern counts as letters) are asked again
            return [w for w in runs(preprocess(doc)) if len(w) > 1 and w not in stop and (w.isalpha() or letters(w))]

        return tokens

    def _count_vocab(self, raw_documents, fixed_vocab):
        if not self._plain():
            return super()._count_vocab(raw_documents, fixed_vocab)
        if not fixed_vocab:
            # ids in order of first appearance, as scikit-learn numbers them before sorting
            vocabulary = {}
            add = vocabulary.setdefault
            tokens = self._tokens()
            rows = [[add(w, len(vocabulary)) for w in tokens(doc)] for doc in raw_documents]
            if not vocabulary:
                raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
            return vocabulary, align_api_if_sparse(count_rows(rows, len(vocabulary), self.dtype))
        vocabulary = self.vocabulary_
        stop = self.get_stop_words() or ()
        if any(w in vocabulary for w in stop) or not all(len(w) > 1 and _LETTERS.fullmatch(w) for w in vocabulary):
            return super()._count_vocab(raw_documents, fixed_vocab)  # a vocabulary not fitted here
        # Every run of word characters is looked up, a few thousand documents at a time,
        # in Arrow (half the time of a dictionary lookup per run in Python).
        terms = pa.array(sorted(vocabulary, key=vocabulary.get), pa.string())
        if not np.array_equal([vocabulary[t] for t in terms.to_pylist()], np.arange(len(terms))):
            return super()._count_vocab(raw_documents, fixed_vocab)  # ids not 0..n-1
        preprocess, runs = self._preprocess(), _WORD_RUN.findall
        parts = []
        for chunk in _chunks(raw_documents, _CHUNK_DOCS):
            found = [runs(preprocess(doc)) for doc in chunk]
            ids = pc.index_in(pa.array(itertools.chain.from_iterable(found), pa.string()), value_set=terms)
            ids = pc.fill_null(ids, -1).to_numpy()
            doc = np.repeat(np.arange(len(found)), [len(f) for f in found])[ids >= 0]
            indptr = np.zeros(len(found) + 1, dtype=np.int64)
            np.cumsum(np.bincount(doc, minlength=len(found)), out=indptr[1:])
            part = sp.csr_array((np.ones(len(doc), dtype=self.dtype), ids[ids >= 0].astype(np.int64), indptr),
                                shape=(len(found), len(terms)))
            part.sum_duplicates()  # sorts each row's ids and adds up repeats: the counts
            parts.append(part)
        counts = sp.vstack(parts, format="csr") if parts else count_rows([], len(terms), self.dtype)
        return vocabulary, align_api_if_sparse(index_dtype(sp.csr_array(counts)))


def _chunks(items, size: int):
    """Lists of up to `size` consecutive items of an iterable."""
    items = iter(items)
    while chunk := list(itertools.islice(items, size)):
        yield chunk


def vectorizer(n_articles: int, extra_stop_words=()) -> TfidfVectorizer:
    """TF-IDF of words; terms in fewer than 2 (or more than 95%) of the articles dropped once there are 20+."""
    return TopicVectorizer(
        lowercase=True,
        strip_accents=strip_accents,
        token_pattern=TOKEN_PATTERN,
        stop_words=stop_words(extra_stop_words),
        sublinear_tf=True,
        min_df=2 if n_articles >= 20 else 1,
        max_df=0.95 if n_articles >= 20 else 1.0,
        max_features=MAX_FEATURES,
        dtype=np.float64,
    )


def sample_for_fit(article_ids, size: int) -> np.ndarray:
    """Positions of the `size` articles with the smallest sha256 of their id (all when there are fewer), in order."""
    ids = [str(a) for a in article_ids]
    if size <= 0 or len(ids) <= size:
        return np.arange(len(ids))
    digests = [hashlib.sha256(a.encode("utf-8")).digest() for a in ids]
    chosen = sorted(range(len(ids)), key=lambda i: (digests[i], ids[i]))[:size]
    return np.sort(np.asarray(chosen, dtype=np.int64))


def _title(t) -> str:
    return t if isinstance(t, str) and t.strip() else ""


class _Docs:
    """The documents the model reads (title, a blank line, the text), in article-id order.

    Each has a key, a 16-byte digest of its title and its text's sha256, which is what
    the cache goes by; the texts themselves are read only when asked for. `read_texts`
    gives the texts of a list of article ids, in that order.
    """

    def __init__(self, ids: np.ndarray, titles: list[str], text_sha256: list[str], read_texts):
        self.ids = ids
        self._titles = titles
        self._read_texts = read_texts
        self.keys = np.array([hashlib.blake2b(f"{t}\x00{h}".encode("utf-8", "surrogatepass"), digest_size=16).digest()
                              for t, h in zip(titles, text_sha256)], dtype="S16")

    def texts(self, positions=None) -> list[str]:
        """The documents at `positions` (all when None)."""
        positions = range(len(self.ids)) if positions is None else positions
        texts = self._read_texts([self.ids[i] for i in positions])
        return [f"{self._titles[i]}\n\n{x}" if self._titles[i] else x for i, x in zip(positions, texts)]


def _docs(articles: pd.DataFrame, read_texts=None) -> _Docs:
    ids = articles["article_id"].astype(str).to_numpy(dtype=object)
    order = np.argsort(ids, kind="stable")
    ids = ids[order]
    titles = articles["title"].to_numpy(dtype=object)[order] if "title" in articles else [""] * len(ids)
    titles = [_title(t) for t in titles]
    sha = articles["sha256"].to_numpy(dtype=object)[order].tolist() if read_texts is not None else []
    if read_texts is None or not all(isinstance(h, str) and len(h) == 64 for h in sha):
        # texts at hand (or digests not to be trusted): their sha256 computed here
        if read_texts is None:
            texts = ["" if x is None else str(x) for x in articles["text"].to_numpy(dtype=object)[order]]
        else:
            texts = read_texts(ids.tolist())
        sha = [hashlib.sha256(x.encode("utf-8", "surrogatepass")).hexdigest() for x in texts]
        by_id = dict(zip(ids.tolist(), texts))
        read_texts = lambda wanted: [by_id[a] for a in wanted]  # noqa: E731
    return _Docs(ids, titles, sha, read_texts)


class TopicCache:
    """A sampled fit and the articles' word counts, kept in a folder for the next run.

    Adding an article to a corpus of 100,000 reruns the topic model. The fit depends only
    on the sample (which one more article leaves alone four times in five at 100,000
    articles), and an article's word counts only on its title, text and the fitted
    vocabulary; only the weights and the NMF shares need every article. So the fitted
    vectorizer and model are kept under a key (sha256 over this module's code, the library
    versions, the settings and every sampled article's title and text digest), and beside
    them each article's word counts, by a digest of its title and its text's sha256 (the
    articles table has that column, so a run reads the texts of new articles only). A run
    whose key matches reads them and counts only the new texts; any other run starts
    afresh and rewrites the folder. Counts are integers, stored
    exactly, so the matrices, and every result, are those of a run without the cache (a
    test compares them byte for byte). Deleting the folder is always safe.
    """

    MODEL, COUNTS = "model.pkl", "counts.npz"

    def __init__(self, folder):
        self.folder = Path(folder)

    def key(self, fit_keys: np.ndarray, *, k: int, seed: int, extra_stop_words=()) -> str:
        """The key of a fit on the documents whose keys (:class:`_Docs`) are `fit_keys`."""
        import json

        import scipy
        import sklearn

        from framescope.base.provenance import code_digest

        h = hashlib.sha256(json.dumps({
            "code": code_digest("framescope.analysis.topics"), "sklearn": sklearn.__version__, "numpy": np.__version__,
            "scipy": scipy.__version__, "k": int(k), "seed": int(seed), "n": len(fit_keys),
            "stop_words": sorted(str(w).lower() for w in extra_stop_words),
        }, sort_keys=True).encode())
        h.update(np.asarray(fit_keys, dtype="S16").tobytes())
        return h.hexdigest()

    def model(self, key: str):
        """(vectorizer, NMF) fitted under `key`, or None."""
        from framescope.base.logs import log

        fitted = read_store(self.folder / self.MODEL, key, read_pickle)
        if fitted is None:
            if (self.folder / self.MODEL).exists():
                log.info("topics: the fit sample or settings changed since the cached fit; fitting afresh")
            return None
        log.info("topics: the fit sample and settings are those of the cached fit; reusing it")
        return fitted

    def save_model(self, key: str, vec, model) -> None:
        import pickle

        from framescope.base.io import atomic_path

        with atomic_path(self.folder / self.MODEL) as tmp:
            tmp.write_bytes(pickle.dumps((key, (vec, model)), protocol=5))

    def counts(self, key: str, vec, docs: _Docs, progress=None):
        """The word counts of `docs` (CountVectorizer.transform), those of known documents from the cache."""
        from framescope.base.io import atomic_path
        from framescope.base.logs import log

        digests = docs.keys
        known = read_store(self.folder / self.COUNTS, key, _read_counts)
        if known is not None:
            known = (known[0], sp.csr_array((known[1].astype(vec.dtype), known[2], known[3]), shape=known[4]))
        row_of = {d: i for i, d in enumerate(known[0].tolist())} if known is not None else {}
        rows = np.array([row_of.get(d, -1) for d in digests.tolist()], dtype=np.int64)
        new = np.flatnonzero(rows < 0)
        if progress is not None and len(new) < len(digests):
            progress.step(len(digests) - len(new))
        counted = CountVectorizer.transform(vec, _counted(docs.texts(new), progress)) if len(new) else None
        log.info("topics: word counts of %d texts from the cache, %d counted", len(digests) - len(new), len(new))
        if counted is None:
            counts = known[1][rows]
        else:
            parts = ([known[1][rows[rows >= 0]]] if len(new) < len(digests) else []) + [sp.csr_array(counted)]
            order = np.concatenate([np.flatnonzero(rows >= 0), new])  # the stacked rows' positions
            counts = sp.vstack(parts, format="csr")[np.argsort(order, kind="stable")]
        counts = index_dtype(sp.csr_array(counts))
        if len(new) or len(digests) != len(row_of):
            data = counts.data
            small = np.min_scalar_type(int(data.max())) if len(data) else np.uint8
            if not np.array_equal(data, np.round(data)) or data.min(initial=0) < 0:
                raise ValueError("topics: word counts that are not whole numbers cannot be cached")
            with atomic_path(self.folder / self.COUNTS) as tmp, open(tmp, "wb") as f:
                np.savez(f, key=np.array(key), digests=digests, data=data.astype(small), indices=counts.indices,
                         indptr=counts.indptr, shape=np.array(counts.shape))
        return align_api_if_sparse(counts)


def _read_counts(path: Path):
    with np.load(path) as stored:
        return str(stored["key"]), (stored["digests"], stored["data"], stored["indices"], stored["indptr"],
                                    tuple(stored["shape"]))


def _counted(docs, progress):
    """`docs`, one by one, telling `progress` (anything with ``step()``, or None) of each."""
    for doc in docs:
        yield doc
        if progress is not None:
            progress.step()


def fit_topics(articles: pd.DataFrame, *, k: int, top_terms: int, seed: int, fit_sample: int,
               extra_stop_words=(), progress=None,
               cache: TopicCache | None = None, read_texts=None) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Fit NMF topics to the articles (columns article_id, text and optionally title).

    Or, with `read_texts` (a function giving the texts of a list of article ids, in that
    order), columns article_id, title and sha256 (of the text, as in the articles table):
    texts are then read only when needed, so a run whose cache has them reads few.

    More than `fit_sample` articles: fitted on the sample :func:`sample_for_fit` picks, every
    article's shares from that model (`fit_sample` 0: fitted on all). `progress` (with a
    ``step()``) hears of each text read: the sample's, then, when sampled, every article's.
    A `cache` (:class:`TopicCache`) keeps a sampled fit and every article's word counts
    for the next run; the results are the same with or without it.

    Returns the ``topic_terms`` and ``article_topics`` tables and an ``about`` dict
    (fitted or the reason why not, k asked and used, vocabulary size, iterations,
    reconstruction error, one label per topic from its top three terms).
    """
    if k < 1 or top_terms < 1:
        raise ValueError(f"topics: k and top_terms must be at least 1 (got k={k}, top_terms={top_terms})")
    needed = ["article_id", "text"] if read_texts is None else ["article_id", "title", "sha256"]
    if any(c not in articles for c in needed):
        raise ValueError(f"topics: articles need columns {', '.join(needed)}")
    docs = _docs(articles, read_texts)
    ids = docs.ids
    about = {"method": "NMF (Frobenius, coordinate descent, NNDSVDa init) on TF-IDF of title + text",
             "n_articles": int(len(ids)), "k_requested": int(k), "top_terms": int(top_terms), "seed": int(seed),
             "extra_stop_words": sorted(str(w).lower() for w in extra_stop_words)}
    if fit_sample < 0:
        raise ValueError(f"topics: the fit sample must be 0 (all articles) or more, got {fit_sample}")
    if len(ids) < MIN_ARTICLES:
        return _not_fitted(about, f"not enough articles for a topic model ({len(ids)}; needs at least "
                                  f"{MIN_ARTICLES}, and far more to be worth reading)")

    chosen = sample_for_fit(ids, fit_sample)
    about["n_fit_articles"] = int(len(chosen))
    if len(chosen) < len(ids):
        about["fit_sample"] = (f"fitted on {len(chosen):,} of {len(ids):,} articles (smallest sha256 of the id); "
                               "every article's shares from that model")
    sampled = len(chosen) < len(ids)
    key = cache.key(docs.keys[chosen], k=k, seed=seed, extra_stop_words=extra_stop_words) if cache and sampled else None
    fitted = cache.model(key) if key else None
    if fitted is None:
        vec = vectorizer(len(chosen), extra_stop_words)
        try:
            X_fit = vec.fit_transform(_counted(docs.texts(chosen), progress))
        except ValueError:  # empty vocabulary: only stop words, numbers or nothing
            return _not_fitted(about, "no usable terms in the articles (only stop words, numbers or empty texts)")
        k_used = max(1, min(k, len(chosen) // 2, len(vec.vocabulary_)))
        model = NMF(n_components=k_used, init="nndsvda", solver="cd", beta_loss="frobenius", max_iter=MAX_ITER,
                    tol=1e-4, random_state=seed, shuffle=False)
        with threadpool_limits(1), warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            W = model.fit_transform(X_fit)
        if key:
            cache.save_model(key, vec, model)
    else:
        vec, model = fitted
        k_used = model.n_components
        if progress is not None:
            progress.step(len(chosen))
    terms = vec.get_feature_names_out()
    about.update({"n_terms": int(len(terms)), "k": int(k_used),
                  "min_df": vec.min_df, "max_df": vec.max_df})
    if k_used < k:
        about["k_capped"] = f"k capped from {k} to {k_used} for {len(chosen)} articles and {len(terms)} terms"
    if sampled:
        # TfidfVectorizer.transform, in its two steps: counts (some from the cache), then weights
        counts = cache.counts(key, vec, docs, progress) if key else CountVectorizer.transform(
            vec, _counted(docs.texts(), progress))
        with threadpool_limits(1), warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            W = model.transform(vec._tfidf.transform(counts, copy=False))
    H = model.components_

    # Largest topic first; ties (equal total weight) keep NMF's order.
    topic_order = np.argsort(-W.sum(axis=0), kind="stable")
    W, H = W[:, topic_order], H[topic_order]
    h_total = H.sum(axis=1, keepdims=True)
    H_share = np.divide(H, h_total, out=np.zeros_like(H), where=h_total > 0)
    n_top = min(top_terms, len(terms))
    term_rows = []
    labels = []
    for t in range(k_used):
        # highest weight first; ties alphabetical (terms are sorted, and the sort is stable)
        best = np.argsort(-H_share[t], kind="stable")[:n_top]
        best = [j for j in best if H_share[t, j] > 0]
        labels.append(", ".join(terms[j] for j in best[:3]))
        term_rows += [{"topic": t, "rank": r, "term": str(terms[j]), "weight": float(H_share[t, j])}
                      for r, j in enumerate(best)]
    w_total = W.sum(axis=1, keepdims=True)
    shares = np.divide(W, w_total, out=np.zeros_like(W), where=w_total > 0)
    article_rows = pd.DataFrame({
        "article_id": np.repeat(ids, k_used).astype(str),
        "topic": np.tile(np.arange(k_used, dtype=np.int64), len(ids)),
        "share": shares.reshape(-1).astype(np.float64),
    })
    about.update({
        "fitted": True, "reason": "",
        "n_iter": int(model.n_iter_), "converged": bool(model.n_iter_ < MAX_ITER),
        "reconstruction_error": round(float(model.reconstruction_err_), 6),
        "n_articles_without_terms": int((w_total[:, 0] == 0).sum()),
        "topics": {str(t): label for t, label in enumerate(labels)},
    })
    return _topic_terms(term_rows), _sorted(article_rows, "article_topics"), about


def _topic_terms(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=columns("topic_terms"))
    df["topic"] = df["topic"].astype(np.int64)
    df["rank"] = df["rank"].astype(np.int64)
    df["term"] = df["term"].astype(str)
    df["weight"] = df["weight"].astype(np.float64)
    return _sorted(df, "topic_terms")


def _sorted(df: pd.DataFrame, name: str) -> pd.DataFrame:
    return df[columns(name)].sort_values(keys(name), kind="stable").reset_index(drop=True)


def _not_fitted(about: dict, reason: str) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    about.update({"fitted": False, "reason": reason, "k": 0})
    empty_articles = pd.DataFrame({"article_id": pd.Series(dtype=str), "topic": pd.Series(dtype=np.int64),
                                   "share": pd.Series(dtype=np.float64)})
    return _topic_terms([]), empty_articles, about

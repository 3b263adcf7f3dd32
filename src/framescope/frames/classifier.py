"""Frames: a codebook-driven text classifier, its validation, and the per-article aggregate.

One estimator, :class:`FrameClassifier`, covers the two shapes framing data comes in:

- **multi-label** (a sentence about the cost of a border wall is both *economic* and
  *security*): one logistic regression per frame, each with its own regularisation
  strength, probability calibration and decision threshold;
- **single-label** (the primary frame of an article or headline): one multinomial
  logistic regression, temperature-calibrated, predicting the most probable frame.

Features are word (1-2) and character (2-5, within word boundaries) n-gram TF-IDF,
optionally with 256-d static word embeddings (wordllama, offline) averaged over the
text. Everything the model chooses for itself (regularisation, calibration,
thresholds) is chosen by an inner cross-validation on the training data only, with
whole articles held out, so an outer cross-validation (:func:`train_model`,
:mod:`framescope.frames.evaluate`) scores the model honestly.

:func:`predict_sentences` and :func:`article_frames` produce the ``sentence_frames``
and ``article_frames`` tables (see :mod:`framescope.base.tables`).
"""

from __future__ import annotations

import hashlib
import itertools
import re
import warnings
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp
from scipy.special import expit, softmax
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin, clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, average_precision_score, f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.pipeline import FeatureUnion
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from framescope.frames.codebook import Codebook
from framescope.base.io import arrow_columns
from framescope.text.vectorize import FastTfidfVectorizer
from framescope.base.tables import columns, keys

STARTER_FILE = "frames_starter.csv"
# Thresholds are searched on this grid: fine enough for F1, coarse enough that a
# threshold does not chase single out-of-fold sentences.
THRESHOLD_GRID = np.round(np.arange(0.05, 0.951, 0.01), 2)
# Regularisation strengths tried by the inner cross-validation ("auto"). Sublinear
# TF-IDF rows have unit norm, so useful values sit between about 1 and 100.
C_GRID = (2.0, 8.0, 32.0)
# Texts with a median length up to this many characters (sentences, headlines) get
# character n-grams when char_ngrams="auto".
SHORT_TEXT_CHARS = 400


# --------------------------------------------------------------------------- data


def load_starter() -> pd.DataFrame:
    """Load the bundled starter set: columns text, frames (list of frame ids), article, issue.

    See ``framescope/data/frames_starter.md`` for what it is and, above all, what it
    is not (not the Media Frames Corpus, not a benchmark).
    """
    with resources.files("framescope").joinpath("data", STARTER_FILE).open("r", encoding="utf-8") as fh:
        df = pd.read_csv(fh, dtype=str, keep_default_na=False)
    df["frames"] = pd.Series([value.split(";") for value in df["frames"]], index=df.index, dtype=object)
    return df[["text", "frames", "article", "issue"]]


def _frame_lists(values) -> list[list[str]]:
    """Frames per row as lists, accepting lists/tuples or ';'-separated strings."""
    out = []
    for value in values:
        if isinstance(value, str):
            out.append([v.strip() for v in value.split(";") if v.strip()])
        else:
            out.append([str(v) for v in value])
    return out


def _texts(X) -> list[str]:
    if isinstance(X, pd.DataFrame):
        X = X["text"]
    if isinstance(X, str):
        raise TypeError("expected a list of texts, got a single string")
    return ["" if t is None else str(t) for t in X]


def label_matrix(frame_lists: Sequence[Sequence[str]], frames: Sequence[str]) -> np.ndarray:
    """Indicator matrix (n_texts x n_frames) in the given frame order."""
    index = {f: j for j, f in enumerate(frames)}
    Y = np.zeros((len(frame_lists), len(frames)), dtype=np.int8)
    for i, row in enumerate(frame_lists):
        for f in row:
            if f not in index:
                raise ValueError(f"row {i}: frame {f!r} is not in the codebook; known frames are {list(frames)}")
            Y[i, index[f]] = 1
    return Y


# --------------------------------------------------------------------------- dense features


@lru_cache(maxsize=1)
def _wordllama():
    """wordllama's 256-d static token embeddings and tokenizer, loaded from the package itself (no network)."""
    from pathlib import Path

    import wordllama

    model = wordllama.WordLlama.load(
        cache_dir=Path(wordllama.__file__).parent, disable_download=True, dim=256
    )
    tokenizer = model.tokenizer
    # wordllama's tokenizer pads every batch to its longest text: the padding would count
    # as tokens of the shorter texts, so a sentence's embedding would depend on the
    # other sentences it is batched with (and so on the shard it falls in)
    tokenizer.no_padding()
    tokenizer.no_truncation()
    # float64 once: a float32 table would be converted again for every product with it
    return tokenizer, np.asarray(model.embedding, dtype=np.float32).astype(np.float64)


class WordTokenIds:
    """A text's token ids from its words' ids, each distinct word tokenized once.

    wordllama's tokenizer (Llama 2's) has no pre-tokenizer: it writes a space before the
    text, turns every space into "▁" and runs BPE over the whole string. BPE only ever
    makes tokens of its vocabulary, and no token of this one has "▁" after another
    character (checked when the tokenizer is loaded), so no token spans two words: a
    text's ids are its words' ids one after the other, where a word is the run of
    spaces before it and its characters. News repeats its words, so a shard has far
    fewer distinct words than words; tokenizing those alone took a shard of 87,000
    sentences from 3.1 s to 1.8 s, with the same ids (tested on that shard and on hard
    input).

    Texts the argument does not cover (a literal "▁", a special token such as "<s>",
    which the tokenizer splits out before anything else, trailing spaces, an empty
    text) and every text of a tokenizer that fails the check are tokenized whole.
    """

    _PIECE = re.compile(r" *[^ ]+")
    _MAX_WORDS = 500_000  # ids remembered, ~60 MB

    def __init__(self, tokenizer):
        self.encode_batch = getattr(tokenizer, "encode_batch_fast", tokenizer.encode_batch)
        vocab = tokenizer.get_vocab(with_added_tokens=False)
        self.by_word = not any(re.search("[^\u2581]\u2581", token) for token in vocab)
        self.special = [t.content for t in tokenizer.get_added_tokens_decoder().values()]
        self.cache: dict[str, list[int]] = {}

    def _whole(self, text: str) -> bool:
        return (
            not self.by_word
            or not text
            or text[-1] == " "
            or "\u2581" in text
            or ("<" in text and any(s in text for s in self.special))
        )

    def __call__(self, texts: list[str]) -> list[list[int]]:
        cache = self.cache
        if len(cache) > self._MAX_WORDS:
            cache.clear()
        split: dict[int, list[str]] = {}
        for i, text in enumerate(texts):
            if self._whole(text):
                continue
            if text[0] == " " or "  " in text:
                # the first piece keeps its spaces (the tokenizer writes the "▁" before
                # the text); a later one drops one, which the tokenizer writes back
                pieces = self._PIECE.findall(text)
                split[i] = [pieces[0], *(piece[1:] for piece in pieces[1:])]
            else:
                split[i] = text.split(" ")
        new = sorted(word for word in set(itertools.chain.from_iterable(split.values())) if word not in cache)
        if new:
            for word, encoded in zip(new, self.encode_batch(new, add_special_tokens=False)):
                cache[word] = encoded.ids
        out: list[list[int]] = [None] * len(texts)  # type: ignore[list-item]
        whole = [i for i in range(len(texts)) if i not in split]
        if whole:
            for i, encoded in zip(whole, self.encode_batch([texts[i] for i in whole], add_special_tokens=False)):
                out[i] = encoded.ids
        ids_of = cache.__getitem__
        for i, words in split.items():
            out[i] = list(itertools.chain.from_iterable(map(ids_of, words)))
        return out


@lru_cache(maxsize=1)
def _word_token_ids() -> WordTokenIds:
    return WordTokenIds(_wordllama()[0])


_EMBEDDED: dict[bytes, np.ndarray] = {}
_MAX_EMBEDDED = 50_000  # sentences remembered, ~100 MB


class StaticEmbedding(TransformerMixin, BaseEstimator):
    """Mean of wordllama's static token embeddings over a text, L2-normalised, times `weight`.

    Works offline (the 256-d weights ship inside the wordllama package) and costs
    about a second per 10,000 sentences. The embedding table itself is never stored
    in the pickled model; it is loaded from the installed package when needed.
    """

    def __init__(self, weight=1.0):
        self.weight = weight

    def fit(self, X, y=None):
        self.n_features_out_ = 256
        return self

    def transform(self, X) -> np.ndarray:
        texts = _texts(X)
        out = np.zeros((len(texts), 256), dtype=np.float64)
        # Cross-validation embeds the same texts again and again: remember them (by digest).
        digests = [hashlib.blake2b(t.encode("utf-8"), digest_size=16).digest() for t in texts]
        todo = []
        for i, d in enumerate(digests):
            row = _EMBEDDED.get(d)
            if row is None:
                todo.append(i)
            else:
                out[i] = row
        if todo:
            fresh = self._embed([texts[i] for i in todo])
            out[todo] = fresh
            # a full cache starts again (rows of this batch are already in `out`)
            if len(_EMBEDDED) + len(todo) > _MAX_EMBEDDED:
                _EMBEDDED.clear()
            for i, row in zip(todo[:_MAX_EMBEDDED], fresh):
                _EMBEDDED[digests[i]] = row
        return out * float(self.weight)

    @staticmethod
    def _embed(texts: list[str]) -> np.ndarray:
        table = _wordllama()[1]
        token_ids = _word_token_ids()
        out = np.zeros((len(texts), table.shape[1]), dtype=np.float64)
        for start in range(0, len(texts), 256):
            chunk = texts[start : start + 256]
            # Token counts as a sparse matrix times the table: no padded batches, so
            # a 5,000-word article costs what its tokens cost.
            id_lists = token_ids(chunk)
            lengths = np.fromiter(map(len, id_lists), dtype=np.int64, count=len(id_lists))
            ids = np.fromiter(itertools.chain.from_iterable(id_lists), dtype=np.int64, count=int(lengths.sum()))
            ids = np.clip(ids, 0, table.shape[0] - 1)
            rows = np.repeat(np.arange(len(chunk), dtype=np.int64), lengths)
            counts = sp.csr_matrix((np.ones(len(ids)), (rows, ids)), shape=(len(chunk), table.shape[0]))
            sums = np.asarray(counts @ table, dtype=np.float64)
            norms = np.linalg.norm(sums, axis=1, keepdims=True)
            out[start : start + len(chunk)] = np.where(norms > 0, sums / np.maximum(norms, 1e-12), 0.0)
        return out

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"wordllama{i}" for i in range(256)], dtype=object)


# --------------------------------------------------------------------------- model


class FrameClassifier(ClassifierMixin, BaseEstimator):
    """Frame classifier over word/char TF-IDF (+ optional static embeddings), calibrated.

    Regularisation, calibration and thresholds are chosen by an inner
    cross-validation on the training data only (grouped by article when ``groups``
    are passed to :meth:`fit`), so scoring the fitted model on held-out data is honest.

    Parameters
    ----------
    frames : sequence of str
        Frame ids in codebook order; ``predict_proba`` has one column per frame, in
        this order.
    multi_label : bool
        True: a text may carry any number of frames (one calibrated logistic
        regression per frame). False: exactly one frame per text (one-vs-rest
        logistic regressions, temperature-calibrated softmax, prediction = the most
        probable frame).
    C : float, list of float or "auto"
        Inverse regularisation strength. A list (or "auto" = ``C_GRID``) is searched
        by inner cross-validation, per frame when multi-label. The default 32 was as
        good as the search on every data set we measured, at a third of the cost.
    word_ngrams, char_ngrams, min_df : "auto" or value
        TF-IDF settings; "auto" depends on text length (see :meth:`_resolve`):
        words 1-2 + ``char_wb`` 2-5 for sentences and headlines, words 1 with
        ``min_df=2`` for articles. ``char_ngrams=None`` drops character n-grams.
    max_df : float
        Drop n-grams found in more than this share of texts.
    dense : bool
        Add wordllama's 256-d mean static embedding (offline) to the features.
    dense_weight : float
        Scale of the (unit-norm) embedding relative to each unit-norm TF-IDF block.
    class_weight : "balanced" or None
        Class weights of the logistic regressions (the probabilities are
        recalibrated afterwards, so "balanced" does not bias them).
    thresholds : "global", "auto", "smooth", None or sequence of float
        Multi-label decision thresholds on the calibrated probability. "global": one
        threshold for all frames, the micro-F1-maximising one on inner
        cross-validation; "auto": one per frame (F1-maximising); "smooth": per frame
        on a smoothed F1 curve; None: 0.5; a sequence fixes them. Measured on the
        starter set, per-frame thresholds overfit (micro-F1 0.60 vs 0.64 global).
    inner_folds : int
        Folds of the inner cross-validation (grouped by article when groups are given).
    refit : "auto", "average" or "full"
        How the final model is made: the mean of the inner models ("average") or a
        refit on all data ("full"); "auto" averages when multi-label only.
    at_least_one : "auto" or bool
        Multi-label: also predict the most probable frame when none clears its
        threshold; "auto" does so when every training text carries a frame.
    random_state : int
        Seed for the folds and the solvers.
    """

    def __init__(
        self,
        frames=(),
        multi_label=True,
        C=32.0,
        word_ngrams="auto",
        char_ngrams="auto",
        min_df="auto",
        max_df=1.0,
        dense=False,
        dense_weight=1.0,
        class_weight="balanced",
        thresholds="global",
        inner_folds=3,
        refit="auto",
        at_least_one="auto",
        random_state=0,
    ):
        self.frames = frames
        self.multi_label = multi_label
        self.C = C
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.max_df = max_df
        self.dense = dense
        self.dense_weight = dense_weight
        self.class_weight = class_weight
        self.thresholds = thresholds
        self.inner_folds = inner_folds
        self.refit = refit
        self.at_least_one = at_least_one
        self.random_state = random_state

    # ---------------------------------------------------------------- features

    def _resolve(self, texts) -> dict:
        """Feature settings, with "auto" resolved by text length.

        Short texts (sentences, headlines: median up to ``SHORT_TEXT_CHARS``) get word
        1-2-grams and character 2-5-grams from every text; long texts (articles) get
        word unigrams seen in at least two texts and no character n-grams. Measured:
        character n-grams add ~5 points of F1 on the starter sentences, while on whole
        articles bigrams and character n-grams cost time and lost ~1 point of accuracy.
        """
        lengths = sorted(len(t) for t in texts)
        short = (lengths[len(lengths) // 2] if lengths else 0) <= SHORT_TEXT_CHARS
        for name in ("word_ngrams", "char_ngrams", "min_df"):
            value = getattr(self, name)
            if isinstance(value, str) and value != "auto":
                raise ValueError(f"{name} must be a value or 'auto', got {value!r}")
        auto = {"word_ngrams": (1, 2) if short else (1, 1), "char_ngrams": (2, 5) if short else None,
                "min_df": 1 if short else 2}
        out = {name: auto[name] if getattr(self, name) == "auto" else getattr(self, name) for name in auto}
        out["word_ngrams"] = tuple(out["word_ngrams"])
        out["char_ngrams"] = tuple(out["char_ngrams"]) if out["char_ngrams"] else None
        out["min_df"] = int(out["min_df"])
        return out

    def _features(self, settings: dict) -> FeatureUnion:
        parts = [
            (
                "words",
                FastTfidfVectorizer(  # scikit-learn's matrices, 1.7x faster to transform
                    ngram_range=settings["word_ngrams"],
                    sublinear_tf=True,
                    strip_accents="unicode",
                    min_df=settings["min_df"],
                    max_df=self.max_df,
                    dtype=np.float64,
                ),
            )
        ]
        if settings["char_ngrams"]:
            parts.append(
                (
                    "chars",
                    FastTfidfVectorizer(  # scikit-learn's matrices, 3x faster to transform
                        analyzer="char_wb",
                        ngram_range=settings["char_ngrams"],
                        sublinear_tf=True,
                        strip_accents="unicode",
                        min_df=settings["min_df"],
                        max_df=self.max_df,
                        dtype=np.float64,
                    ),
                )
            )
        if self.dense:
            parts.append(("embedding", StaticEmbedding(weight=self.dense_weight)))
        return FeatureUnion(parts)

    def _refit(self) -> str:
        """ "auto": multi-label models average their inner models (so the thresholds chosen
        on those models' scores carry over exactly); single-label models are refit on all
        the data (no thresholds to carry over; measured +0.7 points of accuracy)."""
        if self.refit == "auto":
            return "average" if self.multi_label else "full"
        if self.refit not in ("average", "full"):
            raise ValueError(f"refit must be 'auto', 'average' or 'full', got {self.refit!r}")
        return self.refit

    def _Cs(self) -> tuple[float, ...]:
        if isinstance(self.C, str):
            if self.C != "auto":
                raise ValueError(f"C must be a number, a list of candidates or 'auto', got {self.C!r}")
            return C_GRID
        if isinstance(self.C, (list, tuple)):
            return tuple(float(c) for c in self.C)
        return (float(self.C),)

    # ---------------------------------------------------------------- fit

    def fit(self, X, Y, groups=None):
        """Fit on texts `X` and labels `Y`.

        Multi-label: `Y` is an indicator matrix (n_texts x n_frames, in `frames`
        order) or a sequence of frame-id lists / ';'-separated strings. Single-label:
        `Y` is a sequence of frame ids (or of one-element lists). `groups` (e.g.
        article ids) keeps each group in one inner fold.
        """
        frames = [str(f) for f in self.frames]
        if not frames:
            raise ValueError("FrameClassifier needs the codebook's frame ids: FrameClassifier(frames=codebook.ids)")
        texts = np.asarray(_texts(X), dtype=object)
        Y = self._targets(Y, frames, len(texts))
        groups = None if groups is None else np.asarray([str(g) for g in groups], dtype=object)
        with _one_thread(), warnings.catch_warnings():
            # StratifiedGroupKFold warns when a rare frame has fewer groups than folds.
            warnings.filterwarnings("ignore", category=UserWarning, module="sklearn")
            self.settings_ = self._resolve(texts)
            self.features_ = self._features(self.settings_)
            features = sp.csr_matrix(self.features_.fit_transform(texts))
            if self.multi_label:
                self._fit_multi_label(features, Y, groups)
            else:
                self._fit_single_label(features, Y, groups)
        self.frames_ = frames
        self.n_features_ = int(features.shape[1])
        return self

    def _targets(self, Y, frames: list[str], n: int) -> np.ndarray:
        if self.multi_label:
            Y = np.asarray(Y, dtype=np.int8) if _is_matrix(Y) else label_matrix(_frame_lists(Y), frames)
            if Y.shape != (n, len(frames)):
                raise ValueError(f"labels have shape {Y.shape}, expected {(n, len(frames))}")
            empty = [f for f, k in zip(frames, Y.sum(axis=0)) if k == 0]
            if empty:
                raise ValueError(f"no training texts carry the frame(s) {empty}; code some examples or drop them")
            return Y
        index = {f: j for j, f in enumerate(frames)}
        y = []
        for i, value in enumerate(Y):
            if isinstance(value, (list, tuple, np.ndarray)):
                if len(value) != 1:
                    raise ValueError(f"row {i}: single-label data needs exactly one frame, got {list(value)}")
                value = value[0]
            if str(value) not in index:
                raise ValueError(f"row {i}: frame {value!r} is not in the codebook; known frames are {frames}")
            y.append(index[str(value)])
        y = np.asarray(y, dtype=np.int64)
        if len(y) != n:
            raise ValueError(f"{len(y)} labels for {n} texts")
        present = np.bincount(y, minlength=len(frames))
        if (present == 0).all() or np.count_nonzero(present) < 2:
            raise ValueError("single-label training data needs at least two different frames")
        return y

    def _inner_splits(self, strata: np.ndarray, groups) -> list[tuple[np.ndarray, np.ndarray]]:
        n = len(strata)
        k = int(self.inner_folds)
        if groups is not None:
            k = min(k, len(set(groups)))
            if k < 2:
                raise ValueError("inner cross-validation needs at least two articles")
            splitter = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=self.random_state)
            return list(splitter.split(np.zeros(n), strata, groups))
        counts = np.unique(strata, return_counts=True)[1]
        if counts.min() >= k:
            splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=self.random_state)
            return list(splitter.split(np.zeros(n), strata))
        ids = np.arange(n).astype(str)
        splitter = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=self.random_state)
        return list(splitter.split(np.zeros(n), strata, ids))

    def _binary_lr(self, C: float) -> LogisticRegression:
        # liblinear's dual solver: with far more features than texts it is ~25x faster
        # than the primal one (measured), and deterministic given random_state.
        return LogisticRegression(
            C=C,
            class_weight=self.class_weight,
            solver="liblinear",
            dual=True,
            random_state=self.random_state,
            max_iter=2000,
        )

    def _fit_multi_label(self, X, Y: np.ndarray, groups) -> None:
        n, L = Y.shape
        strata = np.asarray([str(np.flatnonzero(row)[0]) if row.any() else "none" for row in Y])
        splits = self._inner_splits(strata, groups)
        Cs = self._Cs()
        # Out-of-fold decision scores for every C and frame.
        oof = np.zeros((len(Cs), n, L))
        # The inner models' coefficients, kept to average them when refit="average".
        inner = np.zeros((len(Cs), L, X.shape[1] + 1))
        for train, test in splits:
            for j in range(L):
                yj = Y[train, j]
                if yj.min() == yj.max():  # this fold's training part lacks the frame (or has only it)
                    oof[:, test, j] = 10.0 if yj[0] else -10.0
                    inner[:, j, -1] += (10.0 if yj[0] else -10.0) / len(splits)
                    continue
                for c, C in enumerate(Cs):
                    model = self._binary_lr(C).fit(X[train], yj)
                    oof[c, test, j] = model.decision_function(X[test])
                    inner[c, j, :-1] += model.coef_[0] / len(splits)
                    inner[c, j, -1] += model.intercept_[0] / len(splits)
        chosen = np.zeros(L, dtype=np.int64)
        if len(Cs) > 1:
            for j in range(L):
                ap = [average_precision_score(Y[:, j], oof[c, :, j]) for c in range(len(Cs))]
                chosen[j] = int(np.argmax(np.round(ap, 6)))
        scores = oof[chosen, :, np.arange(L)].T  # n x L at each frame's chosen C
        # Data where every text carries a frame (SemEval, the starter set) get at least one predicted.
        at_least_one = bool(Y.any(axis=1).all()) if self.at_least_one == "auto" else bool(self.at_least_one)
        self.calibration_ = np.asarray([_platt(scores[:, j], Y[:, j]) for j in range(L)])
        proba = expit(scores * self.calibration_[:, 0] + self.calibration_[:, 1])
        if isinstance(self.thresholds, str) and self.thresholds == "auto":
            thresholds = np.array([best_threshold(Y[:, j], proba[:, j]) for j in range(L)])
        elif isinstance(self.thresholds, str) and self.thresholds == "smooth":
            thresholds = np.array([best_threshold(Y[:, j], proba[:, j], window=5) for j in range(L)])
        elif isinstance(self.thresholds, str) and self.thresholds == "global":
            thresholds = np.full(L, _best_global_threshold(Y, proba, at_least_one))
        elif self.thresholds is None:
            thresholds = np.full(L, 0.5)
        else:
            thresholds = np.asarray(self.thresholds, dtype=np.float64)
            if thresholds.shape != (L,):
                raise ValueError(f"thresholds has {thresholds.size} values for {L} frames")
        if self._refit() == "average":
            # The final model is the mean of the inner models: the very models the
            # calibration and thresholds were fit to, so they carry over exactly.
            coef = inner[chosen, np.arange(L), :-1]
            intercept = inner[chosen, np.arange(L), -1]
        else:
            coef = np.zeros((L, X.shape[1]))
            intercept = np.zeros(L)
            for j in range(L):
                model = self._binary_lr(Cs[chosen[j]]).fit(X, Y[:, j])
                coef[j], intercept[j] = model.coef_[0], model.intercept_[0]
        self.C_ = tuple(float(Cs[c]) for c in chosen)
        self.coef_ = coef
        self.intercept_ = intercept
        self.thresholds_ = thresholds
        self.at_least_one_ = at_least_one

    def _fit_single_label(self, X, y: np.ndarray, groups) -> None:
        n, L = len(y), len(self.frames)
        splits = self._inner_splits(y.astype(str), groups)
        Cs = self._Cs()
        # One-vs-rest scores (liblinear, fast on sparse text) for every C, out of fold;
        # a multinomial calibrator on those scores then gives the probabilities.
        oof = np.zeros((len(Cs), n, L))
        inner = np.zeros((len(Cs), L, X.shape[1] + 1))
        for train, test in splits:
            for j in range(L):
                yj = (y[train] == j).astype(np.int64)
                if yj.min() == yj.max():
                    oof[:, test, j] = 10.0 if yj[0] else -10.0
                    inner[:, j, -1] += (10.0 if yj[0] else -10.0) / len(splits)
                    continue
                for c, C in enumerate(Cs):
                    model = self._binary_lr(C).fit(X[train], yj)
                    oof[c, test, j] = model.decision_function(X[test])
                    inner[c, j, :-1] += model.coef_[0] / len(splits)
                    inner[c, j, -1] += model.intercept_[0] / len(splits)
        calibrators = [_multiclass_calibrator(oof[c], y, L) for c in range(len(Cs))]
        # Choose C by out-of-fold accuracy of the calibrated model; ties go to the lower log-loss.
        best, best_key = 0, None
        for c in range(len(Cs)):
            proba = _apply_calibrator(calibrators[c], oof[c])
            key = (
                round(float((proba.argmax(axis=1) == y).mean()), 6),
                round(float(np.log(np.maximum(proba[np.arange(n), y], 1e-12)).mean()), 6),
            )
            if best_key is None or key > best_key:
                best, best_key = c, key
        if self._refit() == "average":
            coef, intercept = inner[best, :, :-1], inner[best, :, -1]
        else:
            coef, intercept = np.zeros((L, X.shape[1])), np.zeros(L)
            for j in range(L):
                yj = (y == j).astype(np.int64)
                if yj.min() == yj.max():
                    intercept[j] = 10.0 if yj[0] else -10.0
                    continue
                model = self._binary_lr(Cs[best]).fit(X, yj)
                coef[j], intercept[j] = model.coef_[0], model.intercept_[0]
        self.calibration_ = calibrators[best]
        self.C_ = (float(Cs[best]),)
        self.coef_ = coef
        self.intercept_ = intercept
        self.thresholds_ = np.full(L, np.nan)
        self.at_least_one_ = True

    # ---------------------------------------------------------------- predict

    def decision_function(self, X) -> np.ndarray:
        check_is_fitted(self, "coef_")
        texts = np.asarray(_texts(X), dtype=object)
        if not len(texts):
            return np.zeros((0, len(self.frames_)))
        with _one_thread():
            features = sp.csr_matrix(self.features_.transform(texts))
            return np.asarray(features @ self.coef_.T) + self.intercept_

    def predict_proba(self, X) -> np.ndarray:
        """Calibrated probability of each frame (columns in `frames_` order).

        Multi-label rows need not sum to 1; single-label rows do.
        """
        scores = self.decision_function(X)
        if not len(scores):
            return scores
        if self.multi_label:
            return expit(scores * self.calibration_[:, 0] + self.calibration_[:, 1])
        return _apply_calibrator(self.calibration_, scores)

    def predict(self, X) -> np.ndarray:
        """Multi-label: indicator matrix (probability >= the frame's threshold). Single-label: frame ids."""
        proba = self.predict_proba(X)
        if self.multi_label:
            return decisions(self, proba)
        return np.asarray(self.frames_, dtype=object)[proba.argmax(axis=1)] if len(proba) else np.zeros(0, object)

    # ---------------------------------------------------------------- pickling

    def __getstate__(self):
        # TfidfVectorizer caches id(stop_words), a memory address that differs from
        # process to process; drop it so the pickled model is byte-identical across
        # runs. It is only a cache and is rebuilt on the next transform.
        for vectorizer in self._vectorizers():
            vectorizer.__dict__.pop("_stop_words_id", None)
        return super().__getstate__()

    def _vectorizers(self) -> list[TfidfVectorizer]:
        features = self.__dict__.get("features_")
        if features is None:
            return []
        return [step for _, step in features.transformer_list if isinstance(step, TfidfVectorizer)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = bool(self.multi_label)
        tags.classifier_tags.multi_label = bool(self.multi_label)
        return tags


def _platt(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Platt scaling: slope and intercept of a logistic fit of `y` on out-of-fold `scores`."""
    y = np.asarray(y, dtype=np.int64)
    if y.min() == y.max():
        return (1.0, 0.0)
    model = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000).fit(scores.reshape(-1, 1), y)
    slope, intercept = float(model.coef_[0, 0]), float(model.intercept_[0])
    if slope <= 0:  # the scores carry no usable signal for this frame: keep their order, fit the base rate
        prior = float(np.clip(y.mean(), 1e-4, 1 - 1e-4))
        return (1e-3, float(np.log(prior / (1 - prior))))
    return (round(slope, 10), round(intercept, 10))


def _multiclass_calibrator(scores: np.ndarray, y: np.ndarray, L: int) -> np.ndarray:
    """Temperature scaling of one-vs-rest scores, as an (L+1) x L matrix for :func:`_apply_calibrator`.

    softmax(scores / T) with the T that minimises the out-of-fold log-loss. One
    parameter: it calibrates without moving the argmax (measured: a full multinomial
    calibrator cost accuracy on 22-class article data by favouring frequent classes).
    Frames absent from `y` get an intercept of -30 (never predicted).
    """
    from scipy.optimize import minimize_scalar
    from scipy.special import log_softmax

    present = np.unique(y)
    rows = np.arange(len(y))
    absent = np.full(L, -30.0)
    absent[present] = 0.0

    def nll(log_t: float) -> float:
        return float(-log_softmax(scores / np.exp(log_t) + absent, axis=1)[rows, y].mean())

    t = float(np.exp(minimize_scalar(nll, bounds=(-5.0, 5.0), method="bounded", options={"xatol": 1e-5}).x))
    out = np.zeros((L + 1, L))
    out[:L] = np.eye(L) / round(t, 6)
    out[L] = absent
    return out


def _apply_calibrator(calibrator: np.ndarray, scores: np.ndarray) -> np.ndarray:
    return softmax(scores @ calibrator[:-1] + calibrator[-1], axis=1)


def _one_thread():
    """Run on one thread: the problems are small, and OpenMP/BLAS worker threads that
    spin-wait on a busy machine (or beside other Snakemake jobs) made training 10x
    slower in our measurements."""
    return threadpool_limits(limits=1)


def _is_matrix(Y) -> bool:
    return isinstance(Y, np.ndarray) and Y.ndim == 2 and Y.dtype.kind in "biuf"


def build_model(codebook: Codebook, random_state: int = 0, **params) -> FrameClassifier:
    """The workflow's classifier: one output per frame of `codebook`, in codebook order.

    Multi-label, with the static embeddings on (measured on the starter set: micro-F1
    0.662 with them, 0.640 without).
    """
    params.setdefault("dense", True)
    return FrameClassifier(frames=tuple(codebook.ids), random_state=random_state, **params)


# --------------------------------------------------------------------------- validation


def assign_folds(df: pd.DataFrame, folds: int = 5, random_state: int = 0, group: str = "article") -> np.ndarray:
    """Fold number (0..folds-1) for each row, keeping every article (`group`) in one fold.

    Folds are stratified on each row's first listed frame (its primary frame), so
    rare frames appear in every fold.
    """
    frame_lists = _frame_lists(df["frames"])
    primary = [row[0] if row else "" for row in frame_lists]
    groups = df[group].astype(str).to_numpy(dtype=object)
    return grouped_folds(primary, groups, folds=folds, random_state=random_state)


def grouped_folds(strata: Sequence, groups: Sequence, folds: int = 5, random_state: int = 0) -> np.ndarray:
    """Fold number per row: stratified on `strata`, every group in one fold."""
    groups = np.asarray([str(g) for g in groups], dtype=object)
    n_groups = len(set(groups))
    if n_groups < folds:
        raise ValueError(f"{n_groups} articles cannot be split into {folds} folds; lower `folds` or add articles")
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=random_state)
    fold_of = np.full(len(groups), -1, dtype=np.int64)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module="sklearn")
        for k, (_, test) in enumerate(splitter.split(np.zeros(len(groups)), [str(s) for s in strata], groups)):
            fold_of[test] = k
    return fold_of


def best_threshold(y_true: np.ndarray, proba: np.ndarray, window: int = 0) -> float:
    """The grid threshold with the highest F1; ties go to the middle of the best run.

    With `window` > 0 the F1 curve is first averaged over that many grid steps on
    either side, so that the choice does not chase a spike made by a few texts.
    """
    y_true = np.asarray(y_true, dtype=bool)
    predicted = np.asarray(proba)[None, :] >= THRESHOLD_GRID[:, None]  # grid x sentences
    tp = (predicted & y_true).sum(axis=1)
    # F1 = 2tp / (2tp + fp + fn) = 2tp / (n_predicted + n_true); 0 when nothing is predicted or true.
    denominator = predicted.sum(axis=1) + y_true.sum()
    scores = np.where(denominator > 0, 2 * tp / np.maximum(denominator, 1), 0.0)
    if window:
        padded = np.pad(scores, window, mode="edge")
        scores = np.convolve(padded, np.ones(2 * window + 1) / (2 * window + 1), mode="valid")
    scores = np.round(scores, 9)
    best = np.flatnonzero(scores == scores.max())
    return float(THRESHOLD_GRID[best[len(best) // 2]])


def _decide(proba: np.ndarray, thresholds: np.ndarray, at_least_one: bool) -> np.ndarray:
    """Multi-label decisions: probability >= threshold, plus the most probable frame if `at_least_one`."""
    out = (proba >= thresholds).astype(np.int8)
    if at_least_one and len(proba):
        out[np.arange(len(proba)), proba.argmax(axis=1)] = 1
    return out


def _best_global_threshold(Y: np.ndarray, proba: np.ndarray, at_least_one: bool) -> float:
    """The grid threshold, shared by all frames, with the highest micro-F1 (middle of ties)."""
    scores = []
    for t in THRESHOLD_GRID:
        P = _decide(proba, np.full(proba.shape[1], t), at_least_one)
        tp = int((P & (Y == 1)).sum())
        scores.append(round(2 * tp / max(int(P.sum()) + int(Y.sum()), 1), 9))
    scores = np.asarray(scores)
    best = np.flatnonzero(scores == scores.max())
    return float(THRESHOLD_GRID[best[len(best) // 2]])


def _r(x) -> float:
    return round(float(x), 4)


def score_multi_label(Y: np.ndarray, P: np.ndarray, proba: np.ndarray, frames: Sequence[str]) -> dict:
    """Scores of multi-label predictions `P` (indicator) with probabilities `proba`.

    Per frame: precision, recall, f1, support, and for error-rate correction of
    prevalence estimates ``tpr``, ``fpr`` (at the decision threshold) and
    ``mean_p_pos`` / ``mean_p_neg`` (mean probability among true positives / negatives).
    """
    Y, P = np.asarray(Y, dtype=np.int8), np.asarray(P, dtype=np.int8)
    precision, recall, f1, support = precision_recall_fscore_support(
        Y, P, average=None, zero_division=0.0, labels=list(range(Y.shape[1]))
    )
    per_label = {}
    for j, f in enumerate(frames):
        pos, neg = Y[:, j] == 1, Y[:, j] == 0
        per_label[f] = {
            "precision": _r(precision[j]),
            "recall": _r(recall[j]),
            "f1": _r(f1[j]),
            "support": int(support[j]),
            **_error_rates(pos, neg, P[:, j] == 1, proba[:, j]),
        }
    return {
        "micro_f1": _r(f1_score(Y, P, average="micro", zero_division=0.0)),
        "macro_f1": _r(f1_score(Y, P, average="macro", zero_division=0.0)),
        "subset_accuracy": _r(accuracy_score(Y, P)),
        "per_label": per_label,
    }


def score_single_label(y: np.ndarray, pred: np.ndarray, proba: np.ndarray, frames: Sequence[str]) -> dict:
    """Scores of single-label predictions (`y`, `pred`: frame indices; `proba`: n x frames).

    ``accuracy``, ``micro_f1`` (equal to accuracy here), ``macro_f1`` over the frames
    present in `y`, ``per_label`` (with one-vs-rest ``tpr``/``fpr``/``mean_p_pos``/
    ``mean_p_neg``) and ``confusion`` (rows true, columns predicted, in `frames` order).
    """
    y, pred = np.asarray(y, dtype=np.int64), np.asarray(pred, dtype=np.int64)
    L = len(frames)
    present = sorted(set(y.tolist()))
    precision, recall, f1, support = precision_recall_fscore_support(
        y, pred, labels=list(range(L)), average=None, zero_division=0.0
    )
    confusion = np.zeros((L, L), dtype=np.int64)
    np.add.at(confusion, (y, pred), 1)
    per_label = {}
    for j, f in enumerate(frames):
        per_label[f] = {
            "precision": _r(precision[j]),
            "recall": _r(recall[j]),
            "f1": _r(f1[j]),
            "support": int(support[j]),
            **_error_rates(y == j, y != j, pred == j, proba[:, j]),
        }
    return {
        "accuracy": _r(accuracy_score(y, pred)),
        "micro_f1": _r(f1_score(y, pred, labels=present, average="micro", zero_division=0.0)),
        "macro_f1": _r(f1_score(y, pred, labels=present, average="macro", zero_division=0.0)),
        "per_label": per_label,
        "confusion": {"labels": list(frames), "matrix": confusion.tolist()},
    }


def _error_rates(pos: np.ndarray, neg: np.ndarray, predicted: np.ndarray, proba: np.ndarray) -> dict:
    return {
        "tpr": _r(predicted[pos].mean()) if pos.any() else None,
        "fpr": _r(predicted[neg].mean()) if neg.any() else None,
        "mean_p_pos": _r(proba[pos].mean()) if pos.any() else None,
        "mean_p_neg": _r(proba[neg].mean()) if neg.any() else None,
    }


def calibration_curve(Y: np.ndarray, proba: np.ndarray, bins: int = 10) -> dict:
    """Reliability data pooled over frames: per probability bin, mean predicted and observed share.

    `Y` is an indicator matrix (n x frames) and `proba` the matching probabilities.
    Empty bins are left out. ``ece`` is the expected calibration error.
    """
    y = np.asarray(Y, dtype=np.float64).ravel()
    p = np.asarray(proba, dtype=np.float64).ravel()
    which = np.minimum((p * bins).astype(np.int64), bins - 1)
    mean_p, share, count = [], [], []
    for b in range(bins):
        mask = which == b
        if mask.any():
            mean_p.append(_r(p[mask].mean()))
            share.append(_r(y[mask].mean()))
            count.append(int(mask.sum()))
    ece = sum(c * abs(m - s) for m, s, c in zip(mean_p, share, count)) / max(len(p), 1)
    return {"bin_mean_predicted": mean_p, "fraction_positive": share, "count": count, "ece": _r(ece)}


def cross_validate(
    texts: Sequence[str],
    labels,
    groups: Sequence,
    template: FrameClassifier,
    fold_of: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold probabilities and decisions: fold k is predicted by a clone of `template` fit on the others.

    Returns ``(proba, decided)``, both n x frames; ``decided`` is each fold model's
    own decision (its inner-CV thresholds when multi-label, the most probable frame
    when single-label), as an indicator matrix.
    """
    texts = np.asarray(list(texts), dtype=object)
    groups = np.asarray([str(g) for g in groups], dtype=object)
    labels = np.asarray(labels) if template.multi_label else np.asarray(list(labels), dtype=object)
    proba = np.zeros((len(texts), len(template.frames)))
    decided = np.zeros(proba.shape, dtype=np.int8)
    for k in sorted(set(fold_of.tolist())):
        train, test = fold_of != k, fold_of == k
        model = clone(template).fit(texts[train], labels[train], groups=groups[train])
        proba[test] = model.predict_proba(texts[test])
        decided[test] = decisions(model, proba[test])
    return proba, decided


def decisions(model: FrameClassifier, proba: np.ndarray) -> np.ndarray:
    """Indicator matrix of a fitted model's decisions on its probabilities."""
    if model.multi_label:
        return _decide(proba, model.thresholds_, model.at_least_one_)
    out = np.zeros(proba.shape, dtype=np.int8)
    if len(proba):
        out[np.arange(len(proba)), proba.argmax(axis=1)] = 1
    return out


# --------------------------------------------------------------------------- training


def train_model(df: pd.DataFrame, codebook: Codebook, random_state: int = 0, folds: int = 5, **params):
    """Cross-validate by article, then fit on all of `df` (the workflow's multi-label sentence model).

    Parameters
    ----------
    df : DataFrame
        Columns ``text``, ``frames`` (list of frame ids or ';'-separated string) and
        ``article`` (sentences of one article are never split across folds).
    codebook : Codebook
        Fixes the frames and their order.
    folds : int
        Number of grouped cross-validation folds.

    Returns
    -------
    model : FrameClassifier
        Fitted on all rows; its per-frame ``thresholds_``, calibration and C come
        from an inner cross-validation on all rows.
    metrics : dict
        ``micro_f1``, ``macro_f1``, ``subset_accuracy`` and ``per_label``
        (precision/recall/f1/support, ``threshold`` of the final model, and
        ``tpr``/``fpr``/``mean_p_pos``/``mean_p_neg`` out of fold) from the outer
        cross-validation, where each fold's model chose its thresholds by its own
        inner cross-validation; ``calibration`` (reliability data) and the same
        scores at a 0.5 threshold (``at_0.5``).
    """
    missing = [c for c in ("text", "frames", "article") if c not in df.columns]
    if missing:
        raise ValueError(f"training data lacks column(s) {missing}; expected text, frames, article")
    frames = codebook.ids
    frame_lists = _frame_lists(df["frames"])
    Y = label_matrix(frame_lists, frames)
    counts = Y.sum(axis=0)
    too_few = {f: int(n) for f, n in zip(frames, counts) if n < folds}
    if too_few:
        raise ValueError(
            f"frame(s) with fewer labelled sentences than folds ({folds}): {too_few}; "
            "code more examples of them or remove them from the codebook"
        )
    texts = np.asarray(_texts(df), dtype=object)
    groups = df["article"].astype(str).to_numpy(dtype=object)
    fold_of = assign_folds(df, folds=folds, random_state=random_state)

    template = build_model(codebook, random_state=random_state, **params)
    proba, decided = cross_validate(texts, Y, groups, template, fold_of)

    metrics = score_multi_label(Y, decided, proba, frames)
    model = clone(template).fit(texts, Y, groups=groups)
    for f, t, C in zip(frames, model.thresholds_, model.C_):
        metrics["per_label"][f]["threshold"] = float(t)
        metrics["per_label"][f]["C"] = float(C)
    metrics["at_0.5"] = score_multi_label(Y, (proba >= 0.5).astype(np.int8), proba, frames)
    metrics["calibration"] = calibration_curve(Y, proba)
    metrics.update(
        {
            "n_train": int(len(df)),
            "n_articles": int(df["article"].nunique()),
            "folds": int(folds),
            "cv": "StratifiedGroupKFold over articles, stratified on the first listed frame, shuffled with random_state",
            "threshold_selection": (
                "one threshold for all frames, the micro-F1-maximising one on a 0.05..0.95 grid of calibrated "
                f"probabilities from an inner {template.inner_folds}-fold cross-validation (grouped by article) "
                "inside each training set, plus the most probable frame when none clears it; the outer folds are "
                "scored with the thresholds their own model chose"
            ),
            "calibration_method": (
                "Platt scaling per frame on inner out-of-fold scores; the model is the mean of the inner models"
            ),
            "label_cardinality": _r(Y.sum() / max(len(df), 1)),
            "random_state": int(random_state),
            "codebook": codebook.name,
            "frames": list(frames),
        }
    )
    return model, metrics


# --------------------------------------------------------------------------- tables


PREDICT_CHUNK = 4096  # sentences classified at a time


def predict_sentences(sentences: pd.DataFrame, model: FrameClassifier, memo=None) -> pd.DataFrame:
    """Frame probabilities per sentence, as the long ``sentence_frames`` table.

    One row per sentence and codebook frame; ``predicted`` is probability >= that
    frame's threshold (multi-label) or the most probable frame (single-label). Rows
    are sorted by (article_id, sent_id, frame). A `memo` (:class:`framescope.base.memo.TextMemo`
    made under this model) gives the probabilities of sentences it has seen.
    """
    frames = list(model.frames_)
    n = len(sentences)
    if n == 0:
        return _empty_sentence_frames()
    texts = sentences["text"].to_numpy(dtype=object)

    def classify(texts):
        # in chunks: each sentence's probabilities are its own, and a shard's whole feature
        # matrix (character n-grams of 50,000 sentences) would take over a gigabyte
        return np.concatenate([model.predict_proba(texts[i : i + PREDICT_CHUNK])
                               for i in range(0, len(texts), PREDICT_CHUNK)])

    proba = memo.rows(texts, lambda missing: classify(texts[missing])) if memo is not None else classify(texts)
    predicted = decisions(model, proba).astype(bool)
    k = len(frames)
    out = pd.DataFrame(
        {
            "article_id": np.repeat(sentences["article_id"].to_numpy(dtype=object), k),
            "sent_id": np.repeat(sentences["sent_id"].to_numpy(dtype=np.int64), k),
            "frame": np.tile(np.asarray(frames, dtype=object), n),
            "probability": proba.reshape(-1).astype(np.float64),
            "predicted": predicted.reshape(-1),
        }
    )
    out["article_id"] = out["article_id"].astype(str)
    out["frame"] = out["frame"].astype(str)
    return out.sort_values(keys("sentence_frames"), kind="stable").reset_index(drop=True)


def _empty_sentence_frames() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": pd.Series(dtype=str),
            "sent_id": pd.Series(dtype=np.int64),
            "frame": pd.Series(dtype=str),
            "probability": pd.Series(dtype=np.float64),
            "predicted": pd.Series(dtype=bool),
        }
    )[columns("sentence_frames")]


# The sentence_frames columns the per-article sums read.
SUMMED_COLUMNS = ["article_id", "sent_id", "frame", "probability", "predicted"]


def sentence_sums(sentence_frames: pd.DataFrame | pa.Table) -> pa.Table:
    """Sum ``sentence_frames`` per article and frame, in Arrow.

    Returns an Arrow table with one row per article and frame, sorted by (article_id,
    frame): ``n_sentences`` (rows summed: the sentences given a probability for the
    frame), ``n_predicted`` (of them, predicted to carry it) and ``probability_sum``.

    The frames step stores these sums in ``article_frames`` and
    :mod:`framescope.analysis.prevalence` reads them there, or makes them from
    ``sentence_frames`` itself when that table predates them; both go through this
    function so the two give the same bits. A float sum depends on the order of its
    terms: the rows are sorted by (article_id, frame, sent_id), whatever order they
    came in, and summed on one thread, where Arrow adds a group's values in row order.
    An article's sums are then the same whether made from its shard or from a row
    group of the corpus table.
    """
    table = arrow_columns(sentence_frames, SUMMED_COLUMNS, "sentence_frames")
    table = pa.table({
        "article_id": pc.cast(table["article_id"], pa.string()),
        "frame": pc.cast(table["frame"], pa.string()),
        "sent_id": pc.cast(table["sent_id"], pa.int64()),
        "probability": pc.cast(table["probability"], pa.float64()),
        "predicted": pc.cast(pc.cast(table["predicted"], pa.bool_()), pa.int64()),
    })
    table = table.sort_by([("article_id", "ascending"), ("frame", "ascending"), ("sent_id", "ascending")])
    sums = table.group_by(["article_id", "frame"], use_threads=False).aggregate(
        [("sent_id", "count"), ("predicted", "sum"), ("probability", "sum")]
    )
    # the groups do not always come out in input order: sort them
    return pa.table({
        "article_id": sums["article_id"],
        "frame": sums["frame"],
        "n_sentences": pc.cast(sums["sent_id_count"], pa.int64()),
        "n_predicted": pc.cast(sums["predicted_sum"], pa.int64()),
        "probability_sum": pc.cast(sums["probability_sum"], pa.float64()),
    }).sort_by([("article_id", "ascending"), ("frame", "ascending")])


def article_frames(sentence_frames: pd.DataFrame, frames: Sequence[str] | None = None) -> pd.DataFrame:
    """Aggregate sentence probabilities to the ``article_frames`` table.

    For each article and frame:

    - ``share``: the frame's mean probability over the article's sentences, divided
      by the sum of those means over all frames, so the shares of an article sum to
      1. It reads as "the part of the article's framing that goes to this frame".
      Because sentence probabilities are independent per frame (multi-label), the
      raw means do not sum to 1; normalising the means (rather than each sentence)
      lets sentences the model is confident about weigh a little more.
    - ``n_sentences``: how many of the article's sentences are predicted to carry it.
    - ``is_primary``: True for the frame with the largest share; ties go to the frame
      that comes first in `frames` (the codebook order; by default the order in which
      frames first appear in the input). Exactly one per article.
    - ``probability_sum``: the frame's probability summed over the article's sentences.
    - ``article_sentences``: the article's number of sentences (those given a
      probability for the frame; the same for every frame of a complete table).

    The last two are what :mod:`framescope.analysis.prevalence` needs, so it reads this table
    rather than summing the much longer ``sentence_frames``; they come from
    :func:`sentence_sums`, which makes them bit for bit as prevalence would.
    """
    if len(sentence_frames) == 0:
        return pd.DataFrame(
            {
                "article_id": pd.Series(dtype=str),
                "frame": pd.Series(dtype=str),
                "share": pd.Series(dtype=np.float64),
                "n_sentences": pd.Series(dtype=np.int64),
                "is_primary": pd.Series(dtype=bool),
                "probability_sum": pd.Series(dtype=np.float64),
                "article_sentences": pd.Series(dtype=np.int64),
            }
        )[columns("article_frames")]
    sf = sentence_frames
    # the distinct frames, in order of first appearance (not a Python loop over every row)
    present = [str(f) for f in sf["frame"].astype(str).unique()]
    order = list(frames) if frames is not None else present
    unknown = sorted(set(present) - set(order))
    if unknown:
        raise ValueError(f"sentence_frames has frames {unknown} that are not in `frames` {order}")
    rank = {f: i for i, f in enumerate(order)}

    grouped = (
        pd.DataFrame(
            {
                "article_id": sf["article_id"].astype(str).to_numpy(dtype=object),
                "frame": sf["frame"].astype(str).to_numpy(dtype=object),
                "probability": sf["probability"].to_numpy(dtype=np.float64),
                "predicted": sf["predicted"].to_numpy(dtype=bool),
            }
        )
        .groupby(["article_id", "frame"], sort=True)
        .agg(mean_probability=("probability", "mean"), n_sentences=("predicted", "sum"))
        .reset_index()
    )
    total = grouped.groupby("article_id")["mean_probability"].transform("sum")
    n_frames = grouped.groupby("article_id")["frame"].transform("size")
    # All-zero probabilities (never from a fitted model) would divide by zero: spread evenly.
    grouped["share"] = np.where(total > 0, grouped["mean_probability"] / total.where(total > 0, 1.0), 1.0 / n_frames)

    grouped["rank"] = grouped["frame"].map(rank)
    best = grouped.sort_values(["article_id", "share", "rank"], ascending=[True, False, True], kind="stable")
    primary_index = best.groupby("article_id", sort=False).head(1).index
    grouped["is_primary"] = False
    grouped.loc[primary_index, "is_primary"] = True

    out = grouped[["article_id", "frame", "share", "n_sentences", "is_primary"]].copy()
    out["article_id"] = out["article_id"].astype(str)
    out["frame"] = out["frame"].astype(str)
    out["share"] = out["share"].astype(np.float64)
    out["n_sentences"] = out["n_sentences"].astype(np.int64)
    out["is_primary"] = out["is_primary"].astype(bool)
    sums = sentence_sums(sentence_frames).select(["article_id", "frame", "probability_sum", "n_sentences"]) \
        .rename_columns(["article_id", "frame", "probability_sum", "article_sentences"]).to_pandas()
    out = out.merge(sums, on=["article_id", "frame"], how="left", validate="one_to_one")
    return out.sort_values(keys("article_frames"), kind="stable").reset_index(drop=True)

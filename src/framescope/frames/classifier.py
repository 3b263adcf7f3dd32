"""Frames: a codebook-driven text classifier, its calibration and its decision thresholds.

One estimator, :class:`FrameClassifier`, covers the two shapes framing data comes in:

- **multi-label** (a sentence about the cost of a border wall is both *economic* and
  *security*): one logistic regression per frame, each with its own regularisation
  strength, probability calibration and decision threshold;
- **single-label** (the primary frame of an article or headline): one multinomial
  logistic regression, temperature-calibrated, predicting the most probable frame.

Features are word (1-2) and character (2-5, within word boundaries) n-gram TF-IDF,
optionally with 256-d static word embeddings (wordllama, offline) averaged over the
text. Everything the model chooses for itself (regularisation, calibration, the
threshold strategy and the thresholds) is chosen by an inner cross-validation on the
training data only, with whole articles held out, and recorded in ``selection_``, so
an outer cross-validation
(:func:`framescope.frames.validation.train_model`, :mod:`framescope.frames.evaluate`)
scores the model honestly.
"""

from __future__ import annotations

import warnings

import numpy as np
import scipy.sparse as sp
from scipy.special import expit, softmax
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.pipeline import FeatureUnion
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from framescope.frames.codebook import Codebook
from framescope.frames.data import as_frame_lists, as_texts, label_matrix
from framescope.frames.embeddings import EMBEDDINGS
from framescope.frames.scores import part_scores
from framescope.text.vectorize import FastTfidfVectorizer

# Thresholds are searched on this grid: fine enough for F1, coarse enough that a
# threshold does not chase single out-of-fold sentences.
THRESHOLD_GRID = np.round(np.arange(0.05, 0.951, 0.01), 2)
# Regularisation strengths the inner cross-validation chooses from. Sublinear TF-IDF rows
# have unit norm, so useful values sit between about 0.5 and 100. Measured with 5-fold
# cross-validation: SemEval-2023 EN articles do best at 0.5-2, the starter sentences are
# flat from 1 to 32; 128 was worse on both.
C_GRID = (0.5, 2.0, 8.0, 32.0)
# Multi-label threshold strategies the inner cross-validation chooses from (thresholds="cv"):
# one threshold for all frames, one per frame, one per frame on a smoothed F1 curve.
# Measured: per-frame thresholds overfit the starter sentences (micro/macro-F1 .65/.65
# against .67/.67 global), while on SemEval-2023 EN articles the global one costs six
# points of macro-F1 (.49 against .55). No one strategy suits both, so each training
# set chooses.
THRESHOLD_STRATEGIES = ("global", "smooth", "per_frame")
# What the inner cross-validation maximises when it chooses C and the strategy.
SELECT_BY = ("macro_f1", "micro_f1", "mean_f1")
# A simpler threshold strategy within this much of the best inner score is preferred (see _select).
SELECTION_TOLERANCE = 0.01
# Texts with a median length up to this many characters (sentences, headlines) get
# character n-grams when char_ngrams="auto".
SHORT_TEXT_CHARS = 400


# --------------------------------------------------------------------------- model


class FrameClassifier(ClassifierMixin, BaseEstimator):
    """Frame classifier over word/char TF-IDF (+ optional static embeddings), calibrated.

    Regularisation, the threshold strategy, calibration and thresholds are chosen by
    an inner cross-validation on the training data only (grouped by article when
    ``groups`` are passed to :meth:`fit`), so scoring the fitted model on held-out data
    is honest. ``selection_`` records the choice and every candidate's inner scores.

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
    C : float or sequence of float
        Inverse regularisation strength, or the candidates the inner cross-validation
        chooses one from (the same for all frames; default ``C_GRID``).
    word_ngrams, char_ngrams, min_df : "auto" or value
        TF-IDF settings; "auto" depends on text length (see :meth:`_resolve`):
        words 1-2 + ``char_wb`` 2-5 for sentences and headlines, words 1 with
        ``min_df=2`` for articles. ``char_ngrams=None`` drops character n-grams.
    max_df : float
        Drop n-grams found in more than this share of texts.
    dense : bool or str
        Text vectors added to the features: "wordllama" (or True) wordllama's 256-d
        mean static embedding, "minilm" all-MiniLM-L6-v2's 384-d contextual vector
        (English, ~60x slower), "use" the Universal Sentence Encoder multilingual v3's 512-d
        vector (16 languages, ~55x slower), "none" (or False) TF-IDF only. All offline.
    dense_weight : float
        Scale of the (unit-norm) embedding relative to each unit-norm TF-IDF block.
    class_weight : "balanced" or None
        Class weights of the logistic regressions (the probabilities are
        recalibrated afterwards, so "balanced" does not bias them).
    thresholds : "cv", "global", "per_frame", "smooth", None or sequence of float
        Multi-label decision thresholds on the calibrated probability. "global": one
        threshold for all frames, the micro-F1-maximising one on inner
        cross-validation; "per_frame": one per frame (F1-maximising); "smooth": per
        frame on a smoothed F1 curve; "cv" (default): whichever of the three scores
        best on inner cross-validation (see `select_by`); None: 0.5; a sequence fixes
        them.
    select_by : "macro_f1", "micro_f1" or "mean_f1"
        Multi-label: the inner cross-validation score by which C and the threshold
        strategy are chosen (``mean_f1`` is the mean of micro- and macro-F1).
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

    Attributes
    ----------
    selection_ : dict
        ``select_by``, ``inner_folds``, the chosen ``C`` and ``thresholds`` (strategy;
        None when single-label) and ``candidates``: each candidate's inner-CV scores
        (multi-label: ``macro_f1``, ``micro_f1``; single-label: ``accuracy``,
        ``macro_f1``, ``log_loss``).
    threshold_strategy_ : str or None
        The chosen strategy ("global", "smooth", "per_frame", "fixed").
    """

    def __init__(
        self,
        frames=(),
        multi_label=True,
        C=C_GRID,
        word_ngrams="auto",
        char_ngrams="auto",
        min_df="auto",
        max_df=1.0,
        dense=False,
        dense_weight=1.0,
        class_weight="balanced",
        thresholds="cv",
        select_by="macro_f1",
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
        self.select_by = select_by
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
        embedding = embedding_transformer(self.dense)
        if embedding is not None:
            parts.append(("embedding", embedding(weight=self.dense_weight)))
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
            raise ValueError(f"C must be a number or a list of candidates, got {self.C!r}")
        Cs = tuple(float(c) for c in self.C) if isinstance(self.C, (list, tuple, np.ndarray)) else (float(self.C),)
        if not Cs or min(Cs) <= 0:
            raise ValueError(f"C must be positive, got {self.C!r}")
        return Cs

    def _rules(self) -> list:
        """The threshold rules to choose from: strategy names, or one fixed array (None = 0.5)."""
        t = self.thresholds
        if isinstance(t, str):
            if t == "cv":
                return list(THRESHOLD_STRATEGIES)
            if t in THRESHOLD_STRATEGIES:
                return [t]
            raise ValueError(f"thresholds must be 'cv', {', '.join(map(repr, THRESHOLD_STRATEGIES))}, None or a "
                             f"list of numbers, got {t!r}")
        L = len(self.frames)
        fixed = np.full(L, 0.5) if t is None else np.asarray(t, dtype=np.float64)
        if fixed.shape != (L,):
            raise ValueError(f"thresholds has {fixed.size} values for {L} frames")
        return [fixed]

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
        texts = np.asarray(as_texts(X), dtype=object)
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
            Y = np.asarray(Y, dtype=np.int8) if _is_matrix(Y) else label_matrix(as_frame_lists(Y), frames)
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
        if self.select_by not in SELECT_BY:
            raise ValueError(f"select_by must be one of {SELECT_BY}, got {self.select_by!r}")
        rules = self._rules()
        strata = np.asarray([str(np.flatnonzero(row)[0]) if row.any() else "none" for row in Y])
        splits = self._inner_splits(strata, groups)
        fold_of = np.zeros(n, dtype=np.int64)
        for k, (_, test) in enumerate(splits):
            fold_of[test] = k
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
        # Data where every text carries a frame (SemEval, the starter set) get at least one predicted.
        at_least_one = bool(Y.any(axis=1).all()) if self.at_least_one == "auto" else bool(self.at_least_one)
        # Every (C, threshold rule) pair is scored on the inner folds, each fold decided with
        # the calibration and thresholds fitted on the other folds' out-of-fold scores: a
        # rule scored on the very scores it was tuned to would always favour per-frame
        # thresholds, which fit those scores best.
        candidates = []
        for c, C in enumerate(Cs):
            decided = _cross_fitted(oof[c], Y, fold_of, rules, at_least_one)
            for rule, P in zip(rules, decided):
                micro, macro = _micro_macro_f1(Y, P)
                candidates.append({"C": float(C), "thresholds": _rule_name(rule), "macro_f1": macro,
                                   "micro_f1": micro, "_c": c, "_rule": rule})
        # Chosen by macro-F1 by default: a constant answer (the six most frequent frames for
        # every article) already scores micro-F1 .56 (macro-F1 .26) on SemEval-2023's English
        # training set, so micro-F1 rewards a model for ignoring the rare frames.
        chosen = candidates[_select(candidates, self.select_by)]
        c = chosen["_c"]
        scores = oof[c]
        # kept for models built on this one (per-language calibration and thresholds,
        # framescope.frames.languages), which take them off before the model is saved
        self.inner_scores_, self.inner_fold_ = scores, fold_of
        self.calibration_ = np.asarray([_platt(scores[:, j], Y[:, j]) for j in range(L)])
        proba = expit(scores * self.calibration_[:, 0] + self.calibration_[:, 1])
        thresholds = _rule_thresholds(chosen["_rule"], Y, proba, at_least_one)
        if self._refit() == "average":
            # The final model is the mean of the inner models: the very models the
            # calibration and thresholds were fit to, so they carry over exactly.
            coef = inner[c, :, :-1]
            intercept = inner[c, :, -1]
        else:
            coef = np.zeros((L, X.shape[1]))
            intercept = np.zeros(L)
            for j in range(L):
                model = self._binary_lr(Cs[c]).fit(X, Y[:, j])
                coef[j], intercept[j] = model.coef_[0], model.intercept_[0]
        self.C_ = tuple(float(Cs[c]) for _ in range(L))
        self.coef_ = coef
        self.intercept_ = intercept
        self.thresholds_ = thresholds
        self.threshold_strategy_ = chosen["thresholds"]
        self.at_least_one_ = at_least_one
        self.selection_ = {
            "select_by": self.select_by,
            "inner_folds": len(splits),
            "C": chosen["C"],
            "thresholds": chosen["thresholds"],
            "candidates": [{k: v for k, v in cand.items() if not k.startswith("_")} for cand in candidates],
        }

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
        # Choose C by out-of-fold accuracy of the calibrated model (the score single-label
        # benchmarks report); ties go to the lower log-loss, then to the smaller C.
        best, best_key, candidates = 0, None, []
        for c in range(len(Cs)):
            proba = _apply_calibrator(calibrators[c], oof[c])
            pred = proba.argmax(axis=1)
            P = np.zeros((n, L), dtype=np.int8)
            P[np.arange(n), pred] = 1
            Yc = np.zeros((n, L), dtype=np.int8)
            Yc[np.arange(n), y] = 1
            macro = _micro_macro_f1(Yc[:, np.unique(y)], P[:, np.unique(y)])[1]
            key = (
                round(float((pred == y).mean()), 6),
                round(float(np.log(np.maximum(proba[np.arange(n), y], 1e-12)).mean()), 6),
            )
            candidates.append({"C": float(Cs[c]), "accuracy": round(key[0], 4), "macro_f1": macro,
                               "log_loss": round(-key[1], 4)})
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
        self.threshold_strategy_ = None
        self.at_least_one_ = True
        self.selection_ = {
            "select_by": "accuracy",
            "inner_folds": len(splits),
            "C": float(Cs[best]),
            "thresholds": None,
            "candidates": candidates,
        }

    # ---------------------------------------------------------------- predict

    def decision_function(self, X) -> np.ndarray:
        check_is_fitted(self, "coef_")
        texts = np.asarray(as_texts(X), dtype=object)
        if not len(texts):
            return np.zeros((0, len(self.frames_)))
        with _one_thread():
            scores = part_scores(self.features_, texts, self.coef_)
            if scores is None:  # a feature union the shortcut does not cover
                features = sp.csr_matrix(self.features_.transform(texts))
                scores = np.asarray(features @ self.coef_.T)
            return scores + self.intercept_

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


def embedding_transformer(dense):
    """The transformer class of the `dense` option (True = "wordllama", False = "none"), or None."""
    name = dense
    if dense is True:
        name = "wordllama"
    elif dense is False or dense is None:
        name = "none"
    if name not in EMBEDDINGS:
        raise ValueError(f"dense (embeddings) must be one of {', '.join(EMBEDDINGS)} or a bool, got {dense!r}")
    return EMBEDDINGS[name]


def build_model(codebook: Codebook, random_state: int = 0, **params) -> FrameClassifier:
    """The workflow's classifier: one output per frame of `codebook`, in codebook order.

    Multi-label, with the static embeddings on (measured on the starter set: micro-F1
    0.662 with them, 0.640 without).
    """
    params.setdefault("dense", True)
    return FrameClassifier(frames=tuple(codebook.ids), random_state=random_state, **params)


# --------------------------------------------------------------------------- thresholds


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


def _rule_name(rule) -> str:
    return rule if isinstance(rule, str) else "fixed"


def _rule_thresholds(rule, Y: np.ndarray, proba: np.ndarray, at_least_one: bool) -> np.ndarray:
    """Per-frame thresholds by a rule: a strategy name fitted to (Y, proba), or a fixed array."""
    L = Y.shape[1]
    if isinstance(rule, np.ndarray):
        return rule
    if rule == "global":
        return np.full(L, _best_global_threshold(Y, proba, at_least_one))
    window = 5 if rule == "smooth" else 0
    return np.array([best_threshold(Y[:, j], proba[:, j], window=window) for j in range(L)])


def _cross_fitted(scores: np.ndarray, Y: np.ndarray, fold_of: np.ndarray, rules: list,
                  at_least_one: bool) -> list[np.ndarray]:
    """Each rule's decisions on out-of-fold `scores`, every fold decided by a calibration and
    thresholds fitted on the other folds only."""
    L = Y.shape[1]
    decided = [np.zeros(Y.shape, dtype=np.int8) for _ in rules]
    for k in sorted(set(fold_of.tolist())):
        held, fit = fold_of == k, fold_of != k
        calibration = np.asarray([_platt(scores[fit, j], Y[fit, j]) for j in range(L)])
        proba = expit(scores * calibration[:, 0] + calibration[:, 1])
        for rule, out in zip(rules, decided):
            thresholds = _rule_thresholds(rule, Y[fit], proba[fit], at_least_one)
            out[held] = _decide(proba[held], thresholds, at_least_one)
    return decided


def choose_decision_rule(scores: np.ndarray, Y: np.ndarray, fold_of: np.ndarray, select_by: str,
                         at_least_one: bool) -> dict:
    """Calibration and thresholds for out-of-fold decision `scores` (n x frames) of labels `Y`.

    Each threshold strategy is scored as :class:`FrameClassifier` scores it (every inner fold
    decided by a calibration and thresholds fitted on the others, `fold_of` naming the
    folds), the best by `select_by` is chosen (a simpler one within ``SELECTION_TOLERANCE``
    preferred), then calibration and thresholds are fitted on all rows. Returns
    ``calibration`` (frames x 2), ``thresholds``, ``strategy`` and ``candidates``.
    """
    rules = list(THRESHOLD_STRATEGIES)
    candidates = []
    for rule, P in zip(rules, _cross_fitted(scores, Y, fold_of, rules, at_least_one)):
        micro, macro = _micro_macro_f1(Y, P)
        candidates.append({"thresholds": rule, "macro_f1": macro, "micro_f1": micro})
    chosen = candidates[_select(candidates, select_by)]["thresholds"]
    calibration = np.asarray([_platt(scores[:, j], Y[:, j]) for j in range(Y.shape[1])])
    proba = expit(scores * calibration[:, 0] + calibration[:, 1])
    return {"calibration": calibration, "thresholds": _rule_thresholds(chosen, Y, proba, at_least_one),
            "strategy": chosen, "candidates": candidates}


def _micro_macro_f1(Y: np.ndarray, P: np.ndarray) -> tuple[float, float]:
    """Micro- and macro-F1 (over the columns) of indicator matrices, rounded to 4 digits."""
    Y, P = np.asarray(Y, dtype=bool), np.asarray(P, dtype=bool)
    tp = (Y & P).sum(axis=0)
    denominator = Y.sum(axis=0) + P.sum(axis=0)
    per_frame = np.where(denominator > 0, 2 * tp / np.maximum(denominator, 1), 0.0)
    micro = 2 * tp.sum() / max(int(denominator.sum()), 1)
    return round(float(micro), 4), round(float(per_frame.mean()) if len(per_frame) else 0.0, 4)


def _select(candidates: list[dict], select_by: str) -> int:
    """Index of the chosen candidate: the best by `select_by`, except that a simpler threshold
    strategy (global before smooth before per-frame) within ``SELECTION_TOLERANCE`` of the
    best is preferred; ties go to the earlier candidate.

    Inner cross-validation scores are noisy: on the starter sentences all twelve
    candidates lie within a point of macro-F1, and taking the top one there cost a point
    on outer folds.
    """
    keys = [_selection_key(c, select_by) for c in candidates]
    best = max(k[0] for k in keys)
    near = [i for i, k in enumerate(keys) if k[0] >= best - SELECTION_TOLERANCE]
    order = {name: r for r, name in enumerate(THRESHOLD_STRATEGIES)}
    return min(near, key=lambda i: (order.get(candidates[i]["thresholds"], 0), tuple(-x for x in keys[i]), i))


def _selection_key(candidate: dict, select_by: str) -> tuple[float, float]:
    micro, macro = candidate["micro_f1"], candidate["macro_f1"]
    if select_by == "micro_f1":
        return (micro, macro)
    if select_by == "mean_f1":
        return (round((micro + macro) / 2, 4), macro)
    return (macro, micro)


def decisions(model: FrameClassifier, proba: np.ndarray) -> np.ndarray:
    """Indicator matrix of a fitted model's decisions on its probabilities."""
    if model.multi_label:
        return _decide(proba, model.thresholds_, model.at_least_one_)
    out = np.zeros(proba.shape, dtype=np.int8)
    if len(proba):
        out[np.arange(len(proba)), proba.argmax(axis=1)] = 1
    return out

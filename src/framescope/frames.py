"""Frames: a codebook-driven sentence classifier and its per-article aggregate.

The classifier is multi-label: a sentence can carry several frames at once (a
sentence about the cost of a border wall is both *economic* and *security*). It is
one logistic regression per frame over word and character n-gram TF-IDF features,
so it trains in seconds on a few thousand coded sentences and gives each sentence a
probability for every frame of the codebook.

Training (:func:`train_model`) cross-validates with whole articles held out, picks a
decision threshold per frame from the out-of-fold probabilities, and refits on all
the data. :func:`predict_sentences` and :func:`article_frames` produce the
``sentence_frames`` and ``article_frames`` tables (see :mod:`framescope.tables`).
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from framescope.codebook import Codebook
from framescope.tables import columns, keys

STARTER_FILE = "frames_starter.csv"
# Thresholds are searched on this grid: fine enough for F1, coarse enough that a
# threshold does not chase single out-of-fold sentences.
THRESHOLD_GRID = np.round(np.arange(0.05, 0.951, 0.01), 2)


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
        raise TypeError("expected a list of sentences, got a single string")
    return ["" if t is None else str(t) for t in X]


def label_matrix(frame_lists: Sequence[Sequence[str]], frames: Sequence[str]) -> np.ndarray:
    """Indicator matrix (n_sentences x n_frames) in the given frame order."""
    index = {f: j for j, f in enumerate(frames)}
    Y = np.zeros((len(frame_lists), len(frames)), dtype=np.int8)
    for i, row in enumerate(frame_lists):
        for f in row:
            if f not in index:
                raise ValueError(f"row {i}: frame {f!r} is not in the codebook; known frames are {list(frames)}")
            Y[i, index[f]] = 1
    return Y


# --------------------------------------------------------------------------- model


class FrameClassifier(ClassifierMixin, BaseEstimator):
    """Multi-label frame classifier: one balanced logistic regression per frame.

    Parameters
    ----------
    frames : sequence of str
        Frame ids in codebook order; ``predict_proba`` has one column per frame, in
        this order.
    C : float
        Inverse regularisation strength of each logistic regression.
    word_ngrams, char_ngrams : tuple of int
        n-gram ranges of the word and character (``char_wb``) TF-IDF features.
    min_df : int
        Minimum number of training sentences a feature must occur in.
    thresholds : sequence of float or None
        Per-frame decision thresholds on the probability (None: 0.5 for every frame).
        :func:`train_model` chooses them by grouped cross-validation.
    random_state : int
        Seed for the solver.
    """

    def __init__(
        self,
        frames=(),
        C=4.0,
        word_ngrams=(1, 2),
        char_ngrams=(2, 5),
        min_df=1,
        thresholds=None,
        random_state=0,
    ):
        self.frames = frames
        self.C = C
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.thresholds = thresholds
        self.random_state = random_state

    def _pipeline(self) -> Pipeline:
        features = FeatureUnion(
            [
                (
                    "words",
                    TfidfVectorizer(
                        ngram_range=tuple(self.word_ngrams),
                        sublinear_tf=True,
                        strip_accents="unicode",
                        min_df=self.min_df,
                        dtype=np.float64,
                    ),
                ),
                (
                    "chars",
                    TfidfVectorizer(
                        analyzer="char_wb",
                        ngram_range=tuple(self.char_ngrams),
                        sublinear_tf=True,
                        strip_accents="unicode",
                        min_df=self.min_df,
                        dtype=np.float64,
                    ),
                ),
            ]
        )
        # liblinear: fast on small sparse problems, and deterministic given random_state.
        logit = LogisticRegression(
            C=self.C, class_weight="balanced", solver="liblinear", random_state=self.random_state, max_iter=1000
        )
        return Pipeline([("features", features), ("classifier", OneVsRestClassifier(logit))])

    def fit(self, X, Y):
        """Fit on sentences `X` and labels `Y`.

        `Y` is an indicator matrix (n_sentences x n_frames, in `frames` order) or a
        sequence of frame-id lists / ';'-separated strings.
        """
        frames = [str(f) for f in self.frames]
        if not frames:
            raise ValueError("FrameClassifier needs the codebook's frame ids: FrameClassifier(frames=codebook.ids)")
        texts = _texts(X)
        Y = np.asarray(Y) if _is_matrix(Y) else label_matrix(_frame_lists(Y), frames)
        if Y.shape != (len(texts), len(frames)):
            raise ValueError(f"labels have shape {Y.shape}, expected {(len(texts), len(frames))}")
        empty = [f for f, n in zip(frames, Y.sum(axis=0)) if n == 0]
        if empty:
            raise ValueError(f"no training sentences carry the frame(s) {empty}; code some examples or drop them")
        if self.thresholds is None:
            thresholds = np.full(len(frames), 0.5)
        else:
            thresholds = np.asarray(self.thresholds, dtype=np.float64)
            if thresholds.shape != (len(frames),):
                raise ValueError(f"thresholds has {thresholds.size} values for {len(frames)} frames")
        with _one_thread():
            self.pipeline_ = self._pipeline().fit(np.asarray(texts, dtype=object), Y)
        self.frames_ = frames
        self.thresholds_ = thresholds
        return self

    def predict_proba(self, X) -> np.ndarray:
        """Probability of each frame (columns in `frames_` order); rows need not sum to 1."""
        check_is_fitted(self, "pipeline_")
        texts = _texts(X)
        if not texts:
            return np.zeros((0, len(self.frames_)))
        with _one_thread():
            return self.pipeline_.predict_proba(np.asarray(texts, dtype=object))

    def predict(self, X) -> np.ndarray:
        """Indicator matrix: probability >= that frame's threshold."""
        return (self.predict_proba(X) >= self.thresholds_).astype(np.int8)

    def __getstate__(self):
        # TfidfVectorizer caches id(stop_words), a memory address that differs from
        # process to process; drop it so the pickled model is byte-identical across
        # runs. It is only a cache and is rebuilt on the next transform.
        for vectorizer in self._vectorizers():
            vectorizer.__dict__.pop("_stop_words_id", None)
        return super().__getstate__()

    def _vectorizers(self) -> list[TfidfVectorizer]:
        pipeline = self.__dict__.get("pipeline_")
        if pipeline is None:
            return []
        return [step for _, step in pipeline.named_steps["features"].transformer_list]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        tags.classifier_tags.multi_label = True
        return tags


def _one_thread():
    """Run on one thread: the problems are small, and OpenMP/BLAS worker threads that
    spin-wait on a busy machine (or beside other Snakemake jobs) made training 10x
    slower in our measurements."""
    return threadpool_limits(limits=1)


def _is_matrix(Y) -> bool:
    return isinstance(Y, np.ndarray) and Y.ndim == 2 and Y.dtype.kind in "biuf"


def build_model(codebook: Codebook, random_state: int = 0, **params) -> FrameClassifier:
    """An unfitted classifier with one output per frame of `codebook`, in codebook order."""
    return FrameClassifier(frames=tuple(codebook.ids), random_state=random_state, **params)


# --------------------------------------------------------------------------- training


def assign_folds(df: pd.DataFrame, folds: int = 5, random_state: int = 0) -> np.ndarray:
    """Fold number (0..folds-1) for each row, keeping every article in one fold.

    Folds are stratified on each sentence's first listed frame (its primary frame),
    so rare frames appear in every fold.
    """
    frame_lists = _frame_lists(df["frames"])
    primary = [row[0] if row else "" for row in frame_lists]
    groups = df["article"].astype(str).to_numpy(dtype=object)
    n_groups = len(set(groups))
    if n_groups < folds:
        raise ValueError(f"{n_groups} articles cannot be split into {folds} folds; lower `folds` or add articles")
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=random_state)
    fold_of = np.full(len(df), -1, dtype=np.int64)
    for k, (_, test) in enumerate(splitter.split(np.zeros(len(df)), primary, groups)):
        fold_of[test] = k
    return fold_of


def best_threshold(y_true: np.ndarray, proba: np.ndarray) -> float:
    """The grid threshold with the highest F1; ties go to the middle of the best run."""
    y_true = np.asarray(y_true, dtype=bool)
    predicted = np.asarray(proba)[None, :] >= THRESHOLD_GRID[:, None]  # grid x sentences
    tp = (predicted & y_true).sum(axis=1)
    # F1 = 2tp / (2tp + fp + fn) = 2tp / (n_predicted + n_true); 0 when nothing is predicted or true.
    denominator = predicted.sum(axis=1) + y_true.sum()
    scores = np.where(denominator > 0, 2 * tp / np.maximum(denominator, 1), 0.0)
    best = np.flatnonzero(scores == scores.max())
    return float(THRESHOLD_GRID[best[len(best) // 2]])


def _scores(Y: np.ndarray, P: np.ndarray, frames: list[str]) -> dict:
    precision, recall, f1, support = precision_recall_fscore_support(Y, P, average=None, zero_division=0.0)
    return {
        "micro_f1": _r(f1_score(Y, P, average="micro", zero_division=0.0)),
        "macro_f1": _r(f1_score(Y, P, average="macro", zero_division=0.0)),
        "subset_accuracy": _r(accuracy_score(Y, P)),
        "per_label": {
            f: {"precision": _r(p), "recall": _r(r), "f1": _r(s), "support": int(n)}
            for f, p, r, s, n in zip(frames, precision, recall, f1, support)
        },
    }


def _r(x) -> float:
    return round(float(x), 4)


def train_model(df: pd.DataFrame, codebook: Codebook, random_state: int = 0, folds: int = 5, **params):
    """Cross-validate by article, choose per-frame thresholds, and fit on all of `df`.

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
        Fitted on all rows, with ``thresholds_`` chosen on out-of-fold predictions.
    metrics : dict
        ``micro_f1``, ``macro_f1``, ``subset_accuracy`` and ``per_label``
        precision/recall/f1/support from the cross-validation, with each fold scored
        at thresholds chosen on the other folds' out-of-fold probabilities
        (cross-fitted, so a fold never picks its own threshold). The same scores at
        the final thresholds (``at_final_thresholds``: optimistic, since those
        thresholds were picked on these very predictions) and at 0.5 are included.
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
    fold_of = assign_folds(df, folds=folds, random_state=random_state)

    template = build_model(codebook, random_state=random_state, **params)
    oof = np.zeros(Y.shape, dtype=np.float64)
    for k in range(folds):
        train, test = fold_of != k, fold_of == k
        model_k = clone(template).fit(texts[train], Y[train])
        oof[test] = model_k.predict_proba(texts[test])

    # Cross-fitted thresholds: fold k is scored with thresholds tuned on the other folds.
    crossfit = np.zeros(Y.shape, dtype=np.int8)
    for k in range(folds):
        other, here = fold_of != k, fold_of == k
        t_k = np.array([best_threshold(Y[other, j], oof[other, j]) for j in range(len(frames))])
        crossfit[here] = oof[here] >= t_k
    thresholds = np.array([best_threshold(Y[:, j], oof[:, j]) for j in range(len(frames))])

    metrics = _scores(Y, crossfit, frames)
    for f, t in zip(frames, thresholds):
        metrics["per_label"][f]["threshold"] = float(t)
    metrics["at_final_thresholds"] = _scores(Y, (oof >= thresholds).astype(np.int8), frames)
    metrics["at_0.5"] = _scores(Y, (oof >= 0.5).astype(np.int8), frames)
    metrics.update(
        {
            "n_train": int(len(df)),
            "n_articles": int(df["article"].nunique()),
            "folds": int(folds),
            "cv": "StratifiedGroupKFold over articles, stratified on the first listed frame, shuffled with random_state",
            "threshold_selection": (
                "per frame, the F1-maximising threshold on a 0.05..0.95 grid of out-of-fold probabilities; "
                "headline scores are cross-fitted (each fold uses thresholds chosen on the other folds); "
                "at_final_thresholds reuses the final thresholds on the same predictions and is optimistic"
            ),
            "label_cardinality": _r(Y.sum() / max(len(df), 1)),
            "random_state": int(random_state),
            "codebook": codebook.name,
            "frames": list(frames),
        }
    )

    model = clone(template).set_params(thresholds=tuple(float(t) for t in thresholds))
    model.fit(texts, Y)
    return model, metrics


# --------------------------------------------------------------------------- tables


def predict_sentences(sentences: pd.DataFrame, model: FrameClassifier) -> pd.DataFrame:
    """Frame probabilities per sentence, as the long ``sentence_frames`` table.

    One row per sentence and codebook frame; ``predicted`` is probability >= that
    frame's threshold. Rows are sorted by (article_id, sent_id, frame).
    """
    frames = list(model.frames_)
    n = len(sentences)
    if n == 0:
        return _empty_sentence_frames()
    proba = model.predict_proba(sentences["text"].to_numpy(dtype=object))
    k = len(frames)
    out = pd.DataFrame(
        {
            "article_id": np.repeat(sentences["article_id"].to_numpy(dtype=object), k),
            "sent_id": np.repeat(sentences["sent_id"].to_numpy(dtype=np.int64), k),
            "frame": np.tile(np.asarray(frames, dtype=object), n),
            "probability": proba.reshape(-1).astype(np.float64),
            "predicted": (proba >= model.thresholds_).reshape(-1),
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
    """
    if len(sentence_frames) == 0:
        return pd.DataFrame(
            {
                "article_id": pd.Series(dtype=str),
                "frame": pd.Series(dtype=str),
                "share": pd.Series(dtype=np.float64),
                "n_sentences": pd.Series(dtype=np.int64),
                "is_primary": pd.Series(dtype=bool),
            }
        )[columns("article_frames")]
    sf = sentence_frames
    order = list(frames) if frames is not None else list(dict.fromkeys(sf["frame"].astype(str)))
    unknown = sorted(set(sf["frame"].astype(str)) - set(order))
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
    return out.sort_values(keys("article_frames"), kind="stable").reset_index(drop=True)

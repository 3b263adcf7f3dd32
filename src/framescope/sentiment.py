"""Sentence, article and actor tone: a lexicon score and a scikit-learn model.

Two measures sit side by side in every table, so a reader can see where they agree:

- ``vader_compound``: VADER's rule-based compound score in [-1, 1], no training.
- the model: TF-IDF word and character n-grams plus VADER's four scores, into a
  logistic regression over ``negative`` / ``neutral`` / ``positive``. It is trained
  on labelled sentences (the bundled starter set by default, see
  ``data/sentiment_starter.md``) and gives probabilities; ``tone`` is
  ``p_positive - p_negative``.

Both are sentence-level. The actor table is a first target-dependent step only:
sentences in which an actor is quoted speaking are left out of the tone *about*
that actor (their words are scored separately as ``quote_tone``), but a sentence
that mentions two actors still gives both the same tone.
"""

from __future__ import annotations

import functools
from importlib import resources

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer
from threadpoolctl import threadpool_limits

from framescope.io import conform
from framescope.tables import columns

LABELS = ("negative", "neutral", "positive")

# VADER's compound thresholds from its authors: >= 0.05 positive, <= -0.05 negative.
VADER_THRESHOLD = 0.05


# --- VADER ------------------------------------------------------------------------


@functools.cache
def _analyzer():
    # Building the analyzer reads its lexicon files, which is slow: once per process.
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@functools.lru_cache(maxsize=262_144)
def _polarity(text: str) -> tuple[float, float, float, float]:
    # Cached because score_sentences needs the compound score and the model needs all
    # four scores for the same sentences: each sentence is read by VADER once.
    s = _analyzer().polarity_scores(text)
    return (s["neg"], s["neu"], s["pos"], s["compound"])


def _as_texts(texts) -> list[str]:
    return ["" if t is None or (isinstance(t, float) and np.isnan(t)) else str(t) for t in texts]


def vader_scores(texts) -> np.ndarray:
    """VADER's (neg, neu, pos, compound) for each text, as an ``(n, 4)`` float array."""
    texts = _as_texts(texts)
    out = np.zeros((len(texts), 4), dtype=np.float64)
    for i, text in enumerate(texts):
        out[i] = _polarity(text)
    return out


def vader_label(compound) -> np.ndarray:
    """Map VADER compound scores to negative/neutral/positive with the usual ±0.05 cut."""
    compound = np.asarray(compound, dtype=np.float64)
    return np.where(
        compound >= VADER_THRESHOLD, "positive", np.where(compound <= -VADER_THRESHOLD, "negative", "neutral")
    ).astype(object)


# --- the model ----------------------------------------------------------------------


class StableTfidfVectorizer(TfidfVectorizer):
    """``TfidfVectorizer`` whose pickle depends only on its parameters and training data.

    scikit-learn stores ``id(stop_words)`` on the vectorizer to skip a repeated check;
    that is a memory address, different in every process, so two identical trainings
    would pickle to different bytes. This subclass drops it (the check is cheap).
    """

    def build_analyzer(self):
        analyzer = super().build_analyzer()
        self.__dict__.pop("_stop_words_id", None)
        return analyzer


def load_starter() -> pd.DataFrame:
    """The bundled starter set: hand-written, hand-labelled news-style sentences.

    Returns a frame with columns ``text``, ``label`` and ``topic``; see
    ``framescope/data/sentiment_starter.md`` for what it is and is not.
    """
    source = resources.files("framescope").joinpath("data", "sentiment_starter.csv")
    with source.open("r", encoding="utf-8") as f:
        return pd.read_csv(f, dtype=str, keep_default_na=False)


def build_model(random_state: int = 0) -> Pipeline:
    """An unfitted sentence classifier whose ``classes_`` are negative, neutral, positive.

    Word 1-2-gram and character 2-5-gram TF-IDF (character n-grams cope with
    inflections and unseen words in a small training set) plus VADER's four scores,
    into a class-balanced multinomial logistic regression. On the starter set the VADER
    scores add about one point of cross-validated macro-F1 (0.3 to 1.9 over three
    fold seeds). The fitted model refers to :func:`vader_scores` by name, so it
    unpickles only where ``framescope.sentiment`` provides that function.
    """
    words = StableTfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
    chars = StableTfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
    features = FeatureUnion([("words", words), ("chars", chars), ("vader", FunctionTransformer(vader_scores))])
    classifier = LogisticRegression(C=10.0, class_weight="balanced", max_iter=5000, random_state=random_state)
    return Pipeline([("features", features), ("classifier", classifier)])


def _check_training_data(df: pd.DataFrame, folds: int) -> tuple[np.ndarray, np.ndarray]:
    missing = [c for c in ("text", "label") if c not in df.columns]
    if missing:
        raise ValueError(f"sentiment training data lacks columns {missing}; it needs 'text' and 'label'")
    labels = df["label"].astype(str).str.strip().str.lower()
    unknown = sorted(set(labels) - set(LABELS))
    if unknown:
        raise ValueError(f"sentiment training data has labels {unknown}; allowed are {list(LABELS)}")
    counts = labels.value_counts()
    too_few = [lab for lab in LABELS if counts.get(lab, 0) < folds]
    if too_few:
        raise ValueError(
            f"sentiment training data has fewer than {folds} sentences labelled {too_few}; "
            f"each label needs at least one per cross-validation fold"
        )
    return np.asarray(_as_texts(df["text"].to_numpy(dtype=object)), dtype=object), labels.to_numpy(dtype=object)


def train_model(df: pd.DataFrame, random_state: int = 0, folds: int = 5) -> tuple[Pipeline, dict]:
    """Cross-validate the model on labelled sentences, then fit it on all of them.

    Parameters
    ----------
    df : frame with ``text`` and ``label`` (negative/neutral/positive); other columns are ignored.
    random_state : seeds the fold split and the classifier.
    folds : number of stratified, shuffled folds.

    Returns
    -------
    (model, metrics). ``macro_f1`` and ``accuracy`` are means over folds (``*_folds``
    lists them); ``per_label`` and ``confusion`` (rows true, columns predicted, in
    ``labels`` order) pool the out-of-fold predictions. ``vader_baseline`` scores
    VADER's compound with the ±0.05 cut on the same sentences.
    """
    texts, labels = _check_training_data(df, folds)
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=random_state)
    # The solver's sums run on OpenMP/BLAS threads, and a different thread count adds
    # them in a different order: one thread keeps the fitted bytes the same everywhere.
    with threadpool_limits(limits=1):
        predicted = cross_val_predict(build_model(random_state), texts, labels, cv=cv, n_jobs=1)
        model = build_model(random_state).fit(texts, labels)

    fold_f1, fold_acc = [], []
    for _, test in cv.split(texts, labels):
        fold_f1.append(f1_score(labels[test], predicted[test], labels=list(LABELS), average="macro", zero_division=0))
        fold_acc.append(accuracy_score(labels[test], predicted[test]))
    precision, recall, f1, support = precision_recall_fscore_support(
        labels, predicted, labels=list(LABELS), zero_division=0
    )
    vader_predicted = vader_label(vader_scores(texts)[:, 3])

    def r(x):
        return round(float(x), 6)

    metrics = {
        "model": "tfidf word 1-2 + char_wb 2-5 + vader -> logistic regression",
        "labels": list(LABELS),
        "n_train": int(len(texts)),
        "folds": int(folds),
        "random_state": int(random_state),
        "macro_f1": r(np.mean(fold_f1)),
        "macro_f1_sd": r(np.std(fold_f1, ddof=1)) if folds > 1 else 0.0,
        "accuracy": r(np.mean(fold_acc)),
        "macro_f1_folds": [r(x) for x in fold_f1],
        "accuracy_folds": [r(x) for x in fold_acc],
        "per_label": {
            lab: {"precision": r(precision[i]), "recall": r(recall[i]), "f1": r(f1[i]), "support": int(support[i])}
            for i, lab in enumerate(LABELS)
        },
        "confusion": confusion_matrix(labels, predicted, labels=list(LABELS)).tolist(),
        "vader_baseline": {
            "macro_f1": r(f1_score(labels, vader_predicted, labels=list(LABELS), average="macro", zero_division=0)),
            "accuracy": r(accuracy_score(labels, vader_predicted)),
        },
    }
    return model, metrics


def _check_model(model) -> None:
    classes = [str(c) for c in getattr(model, "classes_", [])]
    if sorted(classes) != list(LABELS):
        raise ValueError(f"sentiment model has classes {classes}; expected {list(LABELS)}")


def _probabilities(model, texts: list[str]) -> np.ndarray:
    """Model probabilities as an ``(n, 3)`` array in LABELS order, whatever ``classes_`` says."""
    _check_model(model)
    if not texts:
        return np.zeros((0, len(LABELS)))
    with threadpool_limits(limits=1):
        proba = model.predict_proba(np.asarray(texts, dtype=object))
    order = [list(model.classes_).index(lab) for lab in LABELS]
    return proba[:, order]


# --- sentences and articles ----------------------------------------------------------


def score_sentences(sentences: pd.DataFrame, model) -> pd.DataFrame:
    """Score every sentence with VADER and the model: the ``sentence_sentiment`` table.

    ``sentences`` needs ``article_id``, ``sent_id`` and ``text``. The model is called
    once for the whole frame.
    """
    cols = columns("sentence_sentiment")
    if len(sentences) == 0:
        _check_model(model)
        floats = ("vader_compound", "p_negative", "p_neutral", "p_positive", "tone")
        return _empty(cols, floats=floats, ints=("sent_id",))
    missing = [c for c in ("article_id", "sent_id", "text") if c not in sentences.columns]
    if missing:
        raise ValueError(f"sentences table lacks columns {missing}")
    texts = _as_texts(sentences["text"].to_numpy(dtype=object))
    proba = _probabilities(model, texts)
    out = pd.DataFrame(
        {
            "article_id": sentences["article_id"].to_numpy(dtype=object),
            "sent_id": sentences["sent_id"].to_numpy(dtype=np.int64),
            "vader_compound": vader_scores(texts)[:, 3],
            "model_label": np.asarray(LABELS, dtype=object)[proba.argmax(axis=1)],
            "p_negative": proba[:, 0],
            "p_neutral": proba[:, 1],
            "p_positive": proba[:, 2],
            "tone": proba[:, 2] - proba[:, 0],
        }
    )
    return conform(out, "sentence_sentiment")


def article_sentiment(sentence_sentiment: pd.DataFrame) -> pd.DataFrame:
    """Per article: sentence count, mean VADER compound, mean tone, share of negative and positive sentences."""
    cols = columns("article_sentiment")
    if len(sentence_sentiment) == 0:
        return _empty(cols, floats=cols[2:], ints=("n_sentences",))
    s = sentence_sentiment
    frame = pd.DataFrame(
        {
            "article_id": s["article_id"].to_numpy(dtype=object),
            "vader": s["vader_compound"].to_numpy(dtype=np.float64),
            "tone": s["tone"].to_numpy(dtype=np.float64),
            "neg": (s["model_label"].to_numpy(dtype=object) == "negative").astype(np.float64),
            "pos": (s["model_label"].to_numpy(dtype=object) == "positive").astype(np.float64),
        }
    )
    g = frame.groupby("article_id", sort=True)
    out = pd.DataFrame(
        {
            "n_sentences": g.size().astype(np.int64),
            "vader_mean": g["vader"].mean(),
            "tone_mean": g["tone"].mean(),
            "share_negative": g["neg"].mean(),
            "share_positive": g["pos"].mean(),
        }
    ).reset_index()
    out["article_id"] = out["article_id"].astype(object)
    return conform(out, "article_sentiment")


# --- actors ------------------------------------------------------------------------


def actor_sentiment(
    sentence_sentiment: pd.DataFrame, mentions: pd.DataFrame, quotes: pd.DataFrame, model
) -> pd.DataFrame:
    """Tone about each actor and tone of each actor's own words, per article.

    One row per article and actor that is mentioned (``mentions``) or quoted
    (``quotes.speaker``):

    - ``n_sentences``: sentences that mention the actor.
    - ``tone_about``, ``vader_about``: mean sentence tone and VADER compound over those
      sentences, leaving out sentences that carry a quote (direct or indirect) the actor
      speaks, since their tone is mostly the actor's own. ``n_about`` (an extra column)
      counts the sentences used; both means are NaN when it is 0.
    - ``n_quotes``: quotes the actor speaks; ``quote_tone``: mean model tone of their
      quoted words, scored on the quote text alone (NaN when there are none).

    ``actor_type`` is the type most mentions give (ties: alphabetical), or the quote's
    ``speaker_type`` for an actor who is quoted but never mentioned.
    """
    cols = columns("actor_sentiment") + ["n_about"]
    floats = ("tone_about", "vader_about", "quote_tone")
    ints = ("n_sentences", "n_quotes", "n_about")

    m = _frame(mentions, ["article_id", "sent_id", "actor", "actor_type"])
    m = m[m["actor"].notna()]
    q = _frame(quotes, ["article_id", "sent_id", "text", "speaker", "speaker_type"])
    q = q[q["speaker"].notna()]
    if len(m) == 0 and len(q) == 0:
        return _empty(cols, floats=floats, ints=ints)
    m = pd.DataFrame(
        {
            "article_id": m["article_id"].to_numpy(dtype=object),
            "sent_id": m["sent_id"].to_numpy(dtype=np.int64),
            "actor": m["actor"].to_numpy(dtype=object),
            "actor_type": m["actor_type"].to_numpy(dtype=object),
        }
    )
    q = pd.DataFrame(
        {
            "article_id": q["article_id"].to_numpy(dtype=object),
            "sent_id": q["sent_id"].to_numpy(dtype=np.int64),
            "text": _as_texts(q["text"].to_numpy(dtype=object)),
            "actor": q["speaker"].to_numpy(dtype=object),
            "speaker_type": q["speaker_type"].to_numpy(dtype=object),
        }
    )
    keys = ["article_id", "actor"]

    # Who each actor is: the most frequent mention type, else the quote's speaker type.
    types = (
        m.dropna(subset=["actor_type"])
        .groupby(keys + ["actor_type"], sort=True)
        .size()
        .rename("n")
        .reset_index()
        .sort_values(keys + ["n", "actor_type"], ascending=[True, True, False, True], kind="stable")
        .drop_duplicates(keys)[keys + ["actor_type"]]
    )
    speaker_types = (
        q.dropna(subset=["speaker_type"])
        .sort_values(keys + ["speaker_type"], kind="stable")
        .drop_duplicates(keys)
        .rename(columns={"speaker_type": "actor_type"})[keys + ["actor_type"]]
    )
    actors = pd.concat([m[keys], q[keys]], ignore_index=True).drop_duplicates().sort_values(keys, kind="stable")
    actors = actors.merge(types, on=keys, how="left")
    fallback = actors[keys].merge(speaker_types, on=keys, how="left")["actor_type"].to_numpy(dtype=object)
    actors["actor_type"] = np.where(actors["actor_type"].isna(), fallback, actors["actor_type"].to_numpy(dtype=object))

    # Tone about the actor: sentences that mention them, minus those where they speak.
    mentioned = m[keys + ["sent_id"]].drop_duplicates()
    n_sentences = mentioned.groupby(keys, sort=True).size().rename("n_sentences").reset_index()
    speaking = q[keys + ["sent_id"]].drop_duplicates().assign(speaks=True)
    about = mentioned.merge(speaking, on=keys + ["sent_id"], how="left")
    about = about[about["speaks"].isna()].drop(columns="speaks")
    s = _frame(sentence_sentiment, ["article_id", "sent_id", "vader_compound", "tone"])
    s = pd.DataFrame(
        {
            "article_id": s["article_id"].to_numpy(dtype=object),
            "sent_id": s["sent_id"].to_numpy(dtype=np.int64),
            "vader_compound": s["vader_compound"].to_numpy(dtype=np.float64),
            "tone": s["tone"].to_numpy(dtype=np.float64),
        }
    )
    about = about.merge(s, on=["article_id", "sent_id"], how="inner")
    g = about.groupby(keys, sort=True)
    about_stats = pd.DataFrame(
        {"n_about": g.size(), "tone_about": g["tone"].mean(), "vader_about": g["vader_compound"].mean()}
    ).reset_index()

    # The actor's own words, scored on the quote text alone, all quotes in one call.
    q = q.assign(tone=_tone(model, q["text"].tolist()))
    g = q.groupby(keys, sort=True)
    quote_stats = pd.DataFrame({"n_quotes": g.size(), "quote_tone": g["tone"].mean()}).reset_index()

    out = actors
    for part in (n_sentences, about_stats, quote_stats):
        out = out.merge(part, on=keys, how="left")
    for c in ints:
        out[c] = out[c].fillna(0).astype(np.int64)
    for c in floats:
        out[c] = out[c].astype(np.float64)
    out["article_id"] = out["article_id"].astype(object)
    out["actor"] = out["actor"].astype(object)
    out["actor_type"] = out["actor_type"].astype(object)
    return conform(out[cols], "actor_sentiment")


def _tone(model, texts: list[str]) -> np.ndarray:
    proba = _probabilities(model, texts)
    return proba[:, 2] - proba[:, 0]


# --- helpers ------------------------------------------------------------------------


def _frame(df: pd.DataFrame | None, needed: list[str]) -> pd.DataFrame:
    """``df`` with at least the ``needed`` columns; an empty input may lack them all."""
    if df is None or len(df) == 0:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in needed})
    missing = [c for c in needed if c not in df.columns and c != "speaker_type"]
    if missing:
        raise ValueError(f"table lacks columns {missing}")
    if "speaker_type" in needed and "speaker_type" not in df.columns:
        df = df.assign(speaker_type=None)
    return df


def _empty(cols: list[str], floats=(), ints=()) -> pd.DataFrame:
    dtypes = {c: (np.float64 if c in floats else np.int64 if c in ints else object) for c in cols}
    return pd.DataFrame({c: pd.Series(dtype=dtypes[c]) for c in cols})

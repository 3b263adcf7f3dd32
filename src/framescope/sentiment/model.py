"""Sentence, article and actor tone: a lexicon score and scikit-learn models.

Two measures sit side by side in every table, so a reader can see where they agree:

- ``vader_compound``: VADER's rule-based compound score in [-1, 1], no training
  (computed by :mod:`framescope.sentiment.vader`, which gives the reference scores faster).
- the model: TF-IDF of the sentence's words (names left out) plus VADER's four scores, into a
  logistic regression over ``negative`` / ``neutral`` / ``positive``. It is trained
  on labelled sentences (the bundled starter set by default, see
  ``data/sentiment_starter.md``) and gives probabilities; ``tone`` is
  ``p_positive - p_negative``.

Tone toward an actor is target-dependent when a target model is given
(:mod:`framescope.sentiment.target`): each sentence that names the actor is scored
for its tone *about that actor*, so "X praised Y but attacked Z" is positive for Y
and negative for Z. Without one, the actor table falls back to the tone of the
sentences that mention the actor. The tone of an actor's own words (``quote_tone``)
is the sentence model's score of their quotes.
"""

from __future__ import annotations

from importlib import resources

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer
from threadpoolctl import threadpool_limits

from framescope.actors.quotekinds import is_quote
from framescope.base.io import conform
from framescope.base.tables import columns
from framescope.sentiment.target import context_counts, read_sentence, tfidf_matrix

LABELS = ("negative", "neutral", "positive")

# VADER's compound thresholds from its authors: >= 0.05 positive, <= -0.05 negative.
VADER_THRESHOLD = 0.05


# --- VADER ------------------------------------------------------------------------


def _as_texts(texts) -> list[str]:
    return ["" if t is None or (isinstance(t, float) and np.isnan(t)) else str(t) for t in texts]


def vader_scores(texts) -> np.ndarray:
    """VADER's (neg, neu, pos, compound) for each text, as an ``(n, 4)`` float array.

    Each text is read once per process (``read_sentence`` keeps the readings of up to
    ``READINGS_KEPT`` texts, more than a shard holds), so the table, the sentence model
    and the target model share the work.
    """
    texts = _as_texts(texts)
    return np.array([read_sentence(text).analysis.scores for text in texts], dtype=np.float64).reshape(len(texts), 4)


def vader_label(compound) -> np.ndarray:
    """Map VADER compound scores to negative/neutral/positive with the usual ±0.05 cut."""
    compound = np.asarray(compound, dtype=np.float64)
    return np.where(
        compound >= VADER_THRESHOLD, "positive", np.where(compound <= -VADER_THRESHOLD, "negative", "neutral")
    ).astype(object)


class WordTfidf(TransformerMixin, BaseEstimator):
    """TF-IDF of a sentence's words, names left out (``context_counts``).

    Computed as ``TfidfVectorizer(sublinear_tf=True)`` would, faster: the reading of each
    sentence is shared with VADER and the target model, and the matrix built in one go.

    scikit-learn's vectorizer counts each document's words in a Python loop of its own;
    this one shares the reading of each sentence with VADER and builds the matrix in
    one go. ``vocabulary_`` and ``idf_`` are what the fit learned.
    """

    def fit(self, X, y=None):
        rows = [context_counts(str(t)) for t in X]
        df: dict[str, int] = {}
        for r in rows:
            for t in r:
                df[t] = df.get(t, 0) + 1
        kept = sorted(df)
        n = len(rows)
        self.vocabulary_ = {t: i for i, t in enumerate(kept)}
        self.idf_ = np.array([np.log((1 + n) / (1 + df[t])) + 1 for t in kept])
        return self

    def transform(self, X):
        return tfidf_matrix([context_counts(str(t)) for t in X], self.vocabulary_, self.idf_)


# --- the model ----------------------------------------------------------------------


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

    Word TF-IDF (names left out, see ``context_counts``) plus VADER's four scores, into
    a class-balanced multinomial logistic regression. Cross-validated macro-F1 on the
    starter set is about what an earlier version reached with word pairs and character
    2-5-grams added (0.788 against 0.794, mean of three fold seeds), which cost six times
    the time per sentence, more than the whole actor and quote stages together; the
    words share their reading of each sentence with VADER and the target model. The fitted model refers to
    :class:`WordTfidf` and :func:`vader_scores` by name, so it unpickles only where
    ``framescope.sentiment.model`` provides them.
    """
    features = FeatureUnion([("words", WordTfidf()), ("vader", FunctionTransformer(vader_scores))])
    classifier = LogisticRegression(C=30.0, class_weight="balanced", max_iter=5000, random_state=random_state)
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
        "model": "tfidf words (names left out) + vader -> logistic regression",
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
    rows = texts if texts and isinstance(texts[0], tuple) else np.asarray(texts, dtype=object)
    with threadpool_limits(limits=1):
        proba = model.predict_proba(rows)
    order = [list(model.classes_).index(lab) for lab in LABELS]
    return proba[:, order]


# --- sentences and articles ----------------------------------------------------------


def score_sentences(sentences: pd.DataFrame, model, memo=None) -> pd.DataFrame:
    """Score every sentence with VADER and the model: the ``sentence_sentiment`` table.

    ``sentences`` needs ``article_id``, ``sent_id`` and ``text``. The model is called
    once for the whole frame (for the sentences a `memo`, a
    :class:`framescope.base.memo.TextMemo` made under this model, has not seen).
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

    def score(positions) -> np.ndarray:
        """VADER's compound score and the model's three probabilities, one row per sentence."""
        chosen = [texts[i] for i in positions]
        return np.column_stack([vader_scores(chosen)[:, 3], _probabilities(model, chosen)])

    scores = memo.rows(texts, score) if memo is not None else score(range(len(texts)))
    proba = scores[:, 1:]
    out = pd.DataFrame(
        {
            "article_id": sentences["article_id"].to_numpy(dtype=object),
            "sent_id": sentences["sent_id"].to_numpy(dtype=np.int64),
            "vader_compound": scores[:, 0],
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
        return _empty(cols, floats=cols[2:-1], ints=("n_sentences",))
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
            "vader_mean": _mean(g["vader"]),
            "tone_mean": _mean(g["tone"]),
            "share_negative": _mean(g["neg"]),
            "share_positive": _mean(g["pos"]),
        }
    ).reset_index()
    out["article_id"] = out["article_id"].astype(object)
    out["skipped"] = ""
    return conform(out, "article_sentiment")


def with_skipped(article_table: pd.DataFrame, skipped: dict[str, str]) -> pd.DataFrame:
    """`article_table` (from :func:`article_sentiment`) with a row for each article of `skipped`
    (article id -> reason): no sentences scored, no scores, the reason in ``skipped``."""
    if not skipped:
        return article_table
    ids = sorted(skipped)
    rows = pd.DataFrame({"article_id": pd.Series(ids, dtype=object),
                         "n_sentences": np.zeros(len(ids), dtype=np.int64),
                         **{c: np.full(len(ids), np.nan) for c in columns("article_sentiment")[2:-1]},
                         "skipped": pd.Series([skipped[i] for i in ids], dtype=object)})
    frames = [f for f in (article_table, rows) if len(f)]
    return conform(pd.concat(frames, ignore_index=True), "article_sentiment")


# --- actors ------------------------------------------------------------------------


def actor_sentiment(
    sentence_sentiment: pd.DataFrame, mentions: pd.DataFrame, quotes: pd.DataFrame, model,
    target_model=None, sentences: pd.DataFrame | None = None, target_memo=None,
) -> pd.DataFrame:
    """Tone about each actor and tone of each actor's own words, per article.

    One row per article and actor that is mentioned (``mentions``) or quoted
    (``quotes.speaker``):

    - ``n_sentences``: sentences that mention the actor.
    - ``tone_about``: with a ``target_model`` (and ``sentences`` with ``start``, ``end``
      and ``text``), the target-dependent tone about the actor: the actor's first
      mention in each sentence is scored in that sentence, p_positive - p_negative, and
      the scores are averaged over the sentences. Without one, the mean sentence tone over
      the sentences that mention the actor, leaving out sentences that carry a quote
      (direct or indirect) the actor speaks, since their tone is mostly the actor's own.
      ``n_about`` (extra) counts the sentences used; NaN when it is 0.
    - ``vader_about``: mean VADER compound of the sentences that mention the actor,
      without those carrying the actor's own quotes (the sentence mood, for comparison).
    - ``n_quotes``: direct quotes the actor speaks; ``quote_tone``: mean model tone of
      their quoted words, scored on the quote text alone (NaN when there are none).
      Reported speech counts toward neither (its words are the reporter's), but a
      sentence carrying it is left out of ``vader_about``.
    - extra: ``n_negative_about``, ``n_positive_about`` (sentences whose label about the
      actor is negative / positive) and ``tone_about_sentence`` (the sentence-level
      measure described above, whatever ``tone_about`` is).

    ``actor_type`` is the type most mentions give (ties: alphabetical), or the quote's
    ``speaker_type`` for an actor who is quoted but never mentioned. A `target_memo`
    (:class:`framescope.base.memo.TextMemo` made under the target model) gives the target
    model's probabilities for the (sentence, mention) pairs it has seen.
    """
    cols = columns("actor_sentiment") + ["n_about", "n_negative_about", "n_positive_about", "tone_about_sentence"]
    floats = ("tone_about", "vader_about", "quote_tone", "tone_about_sentence")
    ints = ("n_sentences", "n_quotes", "n_about", "n_negative_about", "n_positive_about")
    targeted = target_model is not None and sentences is not None

    m = _frame(mentions, ["article_id", "sent_id", "actor", "actor_type"] + (["start", "end"] if targeted else []))
    m = m[m["actor"].notna() & m["sent_id"].notna()]
    q = _frame(quotes, ["article_id", "sent_id", "text", "speaker", "speaker_type"])
    q = q[q["speaker"].notna() & q["sent_id"].notna()]
    direct = q["kind"].map(is_quote).to_numpy(dtype=bool) if "kind" in q.columns else np.ones(len(q), dtype=bool)
    if len(m) == 0 and len(q) == 0:
        return _empty(cols, floats=floats, ints=ints)
    m_cols = {
        "article_id": m["article_id"].to_numpy(dtype=object),
        "sent_id": m["sent_id"].to_numpy(dtype=np.int64),
        "actor": m["actor"].to_numpy(dtype=object),
        "actor_type": m["actor_type"].to_numpy(dtype=object),
    }
    if targeted:
        m_cols["start"] = m["start"].to_numpy(dtype=np.int64)
        m_cols["end"] = m["end"].to_numpy(dtype=np.int64)
    m = pd.DataFrame(m_cols)
    q = pd.DataFrame(
        {
            "article_id": q["article_id"].to_numpy(dtype=object),
            "sent_id": q["sent_id"].to_numpy(dtype=np.int64),
            "text": _as_texts(q["text"].to_numpy(dtype=object)),
            "actor": q["speaker"].to_numpy(dtype=object),
            "speaker_type": q["speaker_type"].to_numpy(dtype=object),
            "direct": direct,
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

    # Sentence-level tone: sentences that mention the actor, minus those where they speak.
    mentioned = m[keys + ["sent_id"]].drop_duplicates()
    n_sentences = mentioned.groupby(keys, sort=True).size().rename("n_sentences").reset_index()
    speaking = q[keys + ["sent_id"]].drop_duplicates().assign(speaks=True)
    about = mentioned.merge(speaking, on=keys + ["sent_id"], how="left")
    about = about[about["speaks"].isna()].drop(columns="speaks")
    s = _frame(sentence_sentiment, ["article_id", "sent_id", "vader_compound", "tone", "model_label"])
    s = pd.DataFrame(
        {
            "article_id": s["article_id"].to_numpy(dtype=object),
            "sent_id": s["sent_id"].to_numpy(dtype=np.int64),
            "vader_compound": s["vader_compound"].to_numpy(dtype=np.float64),
            "tone": s["tone"].to_numpy(dtype=np.float64),
            "label": s["model_label"].to_numpy(dtype=object),
        }
    )
    about = about.merge(s, on=["article_id", "sent_id"], how="inner")
    g = about.groupby(keys, sort=True)
    sentence_stats = pd.DataFrame(
        {"tone_about_sentence": _mean(g["tone"]), "vader_about": _mean(g["vader_compound"])}
    ).reset_index()

    if targeted:
        scored = _target_tones(m, sentences, target_model, target_memo)
    else:
        scored = about.rename(columns={"label": "about_label"})[keys + ["sent_id", "tone", "about_label"]]
    if len(scored):
        label = scored["about_label"].to_numpy(dtype=object)
        scored = scored.assign(neg=(label == "negative").astype(np.int64), pos=(label == "positive").astype(np.int64))
        g = scored.groupby(keys, sort=True)
        about_stats = pd.DataFrame(
            {"n_about": g.size(), "tone_about": _mean(g["tone"]), "n_negative_about": g["neg"].sum(),
             "n_positive_about": g["pos"].sum()}
        ).reset_index()
    else:
        about_stats = pd.DataFrame(columns=keys + ["n_about", "tone_about", "n_negative_about", "n_positive_about"])

    # The actor's own words: direct quotes (reported speech is the reporter's), scored on the
    # quote text alone, all in one call.
    own = q[q["direct"]]
    own = own.assign(tone=_tone(model, own["text"].tolist()))
    g = own.groupby(keys, sort=True)
    quote_stats = pd.DataFrame({"n_quotes": g.size(), "quote_tone": _mean(g["tone"])}).reset_index()

    out = actors
    for part in (n_sentences, about_stats, sentence_stats, quote_stats):
        out = out.merge(part, on=keys, how="left")
    for c in ints:
        out[c] = out[c].fillna(0).astype(np.int64)
    for c in floats:
        out[c] = out[c].astype(np.float64)
    out["article_id"] = out["article_id"].astype(object)
    out["actor"] = out["actor"].astype(object)
    out["actor_type"] = out["actor_type"].astype(object)
    return conform(out[cols], "actor_sentiment")


def _target_tones(m: pd.DataFrame, sentences: pd.DataFrame, target_model, memo=None) -> pd.DataFrame:
    """Each (article, actor, sentence): the target model's tone about the actor, mentions averaged."""
    keys = ["article_id", "actor", "sent_id"]
    sents = _frame(sentences, ["article_id", "sent_id", "start", "end", "text"])
    sents = pd.DataFrame(
        {
            "article_id": sents["article_id"].to_numpy(dtype=object),
            "sent_id": sents["sent_id"].to_numpy(dtype=np.int64),
            "s_start": sents["start"].to_numpy(dtype=np.int64),
            "s_text": _as_texts(sents["text"].to_numpy(dtype=object)),
        }
    )
    # one mention per actor and sentence: the first (a second mention rarely changes the tone)
    rows = m.drop_duplicates(keys).merge(sents, on=["article_id", "sent_id"], how="inner")
    a = rows["start"].to_numpy(dtype=np.int64) - rows["s_start"].to_numpy(dtype=np.int64)
    b = rows["end"].to_numpy(dtype=np.int64) - rows["s_start"].to_numpy(dtype=np.int64)
    texts = np.asarray(rows["s_text"].tolist(), dtype=object)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    ok = (a >= 0) & (b > a) & (b <= lengths)  # a mention running past its sentence is not scored
    rows = rows[ok]
    if len(rows) == 0:
        return pd.DataFrame(columns=keys + ["tone", "about_label"])
    targets = list(zip(texts[ok].tolist(), a[ok].tolist(), b[ok].tolist()))
    if memo is None:
        proba = _probabilities(target_model, targets)
    else:  # known by the mention's span and its sentence's text
        proba = memo.rows([f"{start}:{end}:{text}" for text, start, end in targets],
                          lambda positions: _probabilities(target_model, [targets[i] for i in positions]))
    per_mention = pd.DataFrame(
        {"article_id": rows["article_id"].to_numpy(dtype=object), "actor": rows["actor"].to_numpy(dtype=object),
         "sent_id": rows["sent_id"].to_numpy(dtype=np.int64),
         "p_negative": proba[:, 0], "p_neutral": proba[:, 1], "p_positive": proba[:, 2]}
    )
    per_sentence = per_mention.groupby(keys, sort=True)[["p_negative", "p_neutral", "p_positive"]].mean()
    p = per_sentence.to_numpy()
    index = per_sentence.index
    return pd.DataFrame(
        {"article_id": index.get_level_values(0).tolist(), "actor": index.get_level_values(1).tolist(),
         "sent_id": index.get_level_values(2).tolist(), "tone": p[:, 2] - p[:, 0],
         "about_label": np.asarray(LABELS, dtype=object)[p.argmax(axis=1)]}
    )


def _mean(column) -> pd.Series:
    """Group means of a grouped column (NaN left out), summed group by group in row order.

    pandas' own group means can differ in the last bit with how many groups a frame
    holds (so with the shard an article falls in); these depend on each group's rows alone.
    """
    index = column.size().index
    codes = column.ngroup().to_numpy(dtype=np.float64)
    values = column.obj.to_numpy(dtype=np.float64)
    keep = ~np.isnan(codes) & (codes >= 0)  # rows whose key is missing belong to no group
    codes, values = codes[keep].astype(np.int64), values[keep]
    if not len(codes):
        return pd.Series(np.full(len(index), np.nan), index=index)
    order = np.argsort(codes, kind="stable")
    codes, values = codes[order], values[order]
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    known = ~np.isnan(values)
    sums = np.add.reduceat(np.where(known, values, 0.0), starts)
    counts = np.add.reduceat(known.astype(np.int64), starts)
    out = np.full(len(index), np.nan)
    out[codes[starts]] = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    return pd.Series(out, index=index)


def _tone(model, texts: list[str]) -> np.ndarray:
    if not texts:
        proba = _probabilities(model, texts)
    else:  # a quote repeated (in a shard of news, often) is scored once
        from framescope.base.memo import distinct_rows

        proba = distinct_rows(np.asarray(texts, dtype=object), np.arange(len(texts)),
                              lambda positions: _probabilities(model, [texts[i] for i in positions]))
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

"""The frames step's tables: frame probabilities per sentence, and their per-article shares and sums.

:func:`predict_sentences` and :func:`article_frames` produce the ``sentence_frames``
and ``article_frames`` tables (see :mod:`framescope.base.tables`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from framescope.base.io import arrow_columns
from framescope.base.memo import distinct_rows
from framescope.base.tables import columns, keys
from framescope.frames.classifier import FrameClassifier, decisions
from framescope.frames.languages import LanguageFrames

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
        return _classify(model, texts)

    proba = memo.rows(texts, lambda missing: classify(texts[missing])) if memo is not None else classify(texts)
    return _long_table(sentences, frames, proba, decisions(model, proba).astype(bool))


def _classify(model: FrameClassifier, texts: np.ndarray) -> np.ndarray:
    # in chunks: each sentence's probabilities are its own, and a shard's whole feature
    # matrix (character n-grams of 50,000 sentences) would take over a gigabyte
    if not len(texts):
        return np.zeros((0, len(model.frames_)))
    return np.concatenate([model.predict_proba(texts[i : i + PREDICT_CHUNK])
                           for i in range(0, len(texts), PREDICT_CHUNK)])


def skip_reason(language: str, covered: Sequence[str]) -> str:
    """Why the frames step gives an article in `language` no frames ("" when a model covers it)."""
    if language in covered:
        return ""
    return f"language {language or '(none)'}: the frames model covers {', '.join(covered)}"


def predict_by_language(sentences: pd.DataFrame, articles: pd.DataFrame, model: LanguageFrames,
                        memo=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``sentence_frames`` for the sentences of articles in a language `model` covers, each by its
    language's model, and the ``frames_coverage`` table: every article of `articles` (``article_id``,
    ``language``) with the reason it got no frames (``skipped``, "" when framed).

    A `memo` keeps each sentence's probabilities under its language and text.
    """
    covered = list(model.languages_)
    language_of = dict(zip(articles["article_id"].astype(str), articles["language"].fillna("").astype(str)))
    article_ids = sentences["article_id"].astype(str).to_numpy(dtype=object)
    languages = np.asarray([language_of.get(a, "") for a in article_ids], dtype=object)
    keep = np.isin(languages, covered)
    framed = sentences[keep].reset_index(drop=True)
    languages = languages[keep]
    texts = framed["text"].to_numpy(dtype=object)

    def classify(positions: np.ndarray) -> np.ndarray:
        out = np.zeros((len(positions), len(model.frames_)))
        for language in sorted(set(languages[positions].tolist())):
            rows = languages[positions] == language
            out[rows] = _classify(model.model_for(language), texts[positions[rows]])
        return out

    every = np.arange(len(texts))
    if len(texts):
        keys = np.asarray([f"{lg}\t{t}" for lg, t in zip(languages, texts)], dtype=object)
        # each distinct text classified once (a memo does the same with the texts it lacks)
        proba = memo.rows(keys, classify) if memo is not None else distinct_rows(keys, every, classify)
    else:
        proba = classify(every)
    predicted = np.zeros(proba.shape, dtype=bool)
    for language in sorted(set(languages.tolist())):
        rows = languages == language
        predicted[rows] = decisions(model.model_for(language), proba[rows]).astype(bool)
    sentence_frames = _long_table(framed, list(model.frames_), proba, predicted) if len(framed) else \
        _empty_sentence_frames()
    counts = framed["article_id"].astype(str).value_counts()
    ids = articles["article_id"].astype(str)
    # typed columns, so a shard with no articles writes the same schema as the others
    coverage = pd.DataFrame({
        "article_id": pd.Series(ids.to_numpy(dtype=object), dtype=str),
        "language": pd.Series([language_of[a] for a in ids], dtype=str),
        "skipped": pd.Series([skip_reason(language_of[a], covered) for a in ids], dtype=str),
        "n_sentences": np.asarray([int(counts.get(a, 0)) for a in ids], dtype=np.int64),
    })
    return sentence_frames, coverage.sort_values("article_id", kind="stable").reset_index(drop=True)


def _long_table(sentences: pd.DataFrame, frames: list[str], proba: np.ndarray, predicted: np.ndarray) -> pd.DataFrame:
    """The long ``sentence_frames`` rows of sentences' probabilities and decisions (n x frames)."""
    fast = _long_table_sorted(sentences, frames, proba, predicted)
    return fast if fast is not None else _long_table_plain(sentences, frames, proba, predicted)


def _long_table_plain(sentences: pd.DataFrame, frames: list[str], proba: np.ndarray,
                      predicted: np.ndarray) -> pd.DataFrame:
    n, k = len(sentences), len(frames)
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


def _long_table_sorted(sentences: pd.DataFrame, frames: list[str], proba: np.ndarray,
                       predicted: np.ndarray) -> pd.DataFrame | None:
    """:func:`_long_table_plain`'s table, sorted a sentence at a time rather than a row at a time.

    With each (article_id, sent_id) once and each frame once, the long rows' keys are all
    different, so sorting the sentences by (article_id, sent_id) and each sentence's frames
    by name gives the one order the long sort gives; and the strings are converted per
    sentence and repeated in Arrow, not converted for every sentence x frame row (1.7
    million in a shard of 2,600 articles). None when a key repeats or is missing, or
    frames repeat: the plain way then decides.
    """
    n, k = len(sentences), len(frames)
    if n == 0 or k == 0 or len(set(frames)) != k:
        return None
    ids = pd.Series(sentences["article_id"].to_numpy(dtype=object)).astype(str)
    sent = pd.DataFrame({"article_id": ids, "sent_id": sentences["sent_id"].to_numpy(dtype=np.int64)})
    if ids.isna().any() or sent.duplicated().any():
        return None
    order = sent.sort_values(["article_id", "sent_id"], kind="stable").index.to_numpy()
    names = pd.Series(np.asarray(frames, dtype=object)).astype(str)
    by_name = names.sort_values(kind="stable").index.to_numpy()
    rows = np.repeat(order, k)
    article_ids = pa.array(ids.to_numpy(dtype=object), type=pa.large_string()).take(pa.array(rows))
    frame_names = pa.array(names.to_numpy(dtype=object)[by_name], type=pa.large_string()).take(
        pa.array(np.tile(np.arange(k), n)))
    return pd.DataFrame(
        {
            "article_id": pd.array(article_ids, dtype=ids.dtype),
            "sent_id": np.repeat(sent["sent_id"].to_numpy()[order], k),
            "frame": pd.array(frame_names, dtype=names.dtype),
            "probability": np.asarray(proba, dtype=np.float64)[order][:, by_name].reshape(-1),
            "predicted": np.asarray(predicted)[order][:, by_name].reshape(-1),
        }
    )


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

    article_ids, frame_names = sf["article_id"].astype(str), sf["frame"].astype(str)
    if article_ids.isna().any() or frame_names.isna().any():  # missing keys: groupby leaves those rows out
        article_key, article_names = article_ids.to_numpy(dtype=object), None
        frame_key, frame_of = frame_names.to_numpy(dtype=object), None
    else:
        # grouped by integer codes numbered in the strings' sorted order: the same groups in
        # the same order, each group's rows in the same order, so the same sums, without
        # making a Python string of every sentence x frame row
        article_key, article_names = pd.factorize(article_ids, sort=True)
        frame_key, frame_of = pd.factorize(frame_names, sort=True)
    grouped = (
        pd.DataFrame(
            {
                "article_id": article_key,
                "frame": frame_key,
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

    if frame_of is None:
        grouped["rank"] = grouped["frame"].map(rank)
    else:
        grouped["rank"] = np.asarray([rank[str(f)] for f in frame_of], dtype=np.int64)[grouped["frame"].to_numpy()]
    best = grouped.sort_values(["article_id", "share", "rank"], ascending=[True, False, True], kind="stable")
    primary_index = best.groupby("article_id", sort=False).head(1).index
    grouped["is_primary"] = False
    grouped.loc[primary_index, "is_primary"] = True
    if article_names is not None:
        grouped["article_id"] = article_names.to_numpy(dtype=object)[grouped["article_id"].to_numpy()]
        grouped["frame"] = frame_of.to_numpy(dtype=object)[grouped["frame"].to_numpy()]

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

"""The tables the figures draw from: frame shares and their intervals, primary frames, actors' frames, voices.

Plain pandas and numpy on tables in the contracts of :mod:`framescope.base.tables`;
:mod:`framescope.figures` draws them, and notebooks may use them as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from framescope.actors.quotekinds import UNNAMED, count_quotes

BOOTSTRAP_REPLICATES = 2000
BOOTSTRAP_SEED = 20250212
ACTOR_TYPE_ORDER = ["person", "organization", "place"]


def require_columns(df: pd.DataFrame, columns: Iterable[str], table: str) -> None:
    """Raise ValueError naming the columns of `columns` that `df` (the `table` table) lacks."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{table} table lacks columns {missing}; see framescope.base.tables")


# ---------------------------------------------------------------------------
# frame shares


def frame_share_ci(
    article_frames: pd.DataFrame,
    level: float = 0.95,
    replicates: int = BOOTSTRAP_REPLICATES,
    seed: int = BOOTSTRAP_SEED,
) -> pd.DataFrame:
    """Corpus mean share per frame with a percentile bootstrap CI over articles.

    An article without a row for a frame counts as share 0 for it. Returns columns
    ``frame, mean, ci_low, ci_high, n_articles`` sorted by frame; the CI is NaN
    with fewer than two articles. The seed is fixed, so the interval is too.
    """
    require_columns(article_frames, ["article_id", "frame", "share"], "article_frames")
    shares = (
        article_frames.pivot_table(index="article_id", columns="frame", values="share", aggfunc="sum", fill_value=0.0)
        .sort_index()
        .sort_index(axis=1)
    )
    matrix = shares.to_numpy(dtype=float)
    n_articles, n_frames = matrix.shape
    out = pd.DataFrame({"frame": list(shares.columns), "mean": matrix.mean(axis=0) if n_articles else np.nan})
    out["ci_low"] = np.nan
    out["ci_high"] = np.nan
    if n_articles >= 2:
        rng = np.random.default_rng(seed)
        means = np.empty((replicates, n_frames))
        # Chunks keep memory flat for large corpora (replicates x articles x frames).
        chunk = max(1, min(replicates, 4_000_000 // max(1, n_articles * n_frames)))
        for start in range(0, replicates, chunk):
            stop = min(replicates, start + chunk)
            idx = rng.integers(0, n_articles, size=(stop - start, n_articles))
            means[start:stop] = matrix[idx].mean(axis=1)
        alpha = (1 - level) / 2
        out["ci_low"] = np.quantile(means, alpha, axis=0)
        out["ci_high"] = np.quantile(means, 1 - alpha, axis=0)
    out["n_articles"] = n_articles
    return out


CORPUS_GROUP_TYPES = ("corpus", "all")  # frame_prevalence.group_type of the whole-corpus rows


def prevalence_rows(prevalence: pd.DataFrame | None, group_types: Sequence[str],
                    method: str | None = None) -> tuple[pd.DataFrame, str | None]:
    """Rows of a ``frame_prevalence`` table for one of `group_types` and one method.

    The table (``group_type, group, frame, method, estimate, ci_low, ci_high,
    n_articles, n_sentences``) may hold several estimation methods; `method` picks
    one, else the first in sorted order, so the choice never depends on row order.
    Returns ``(rows, method)``; empty rows and None when the table has none.
    """
    if prevalence is None or prevalence.empty:
        return pd.DataFrame(), None
    require_columns(prevalence, ["group_type", "group", "frame", "method", "estimate", "ci_low", "ci_high"],
                    "frame_prevalence")
    rows = prevalence[prevalence["group_type"].isin(list(group_types))]
    methods = sorted(rows["method"].dropna().astype(str).unique())
    if not methods:
        return pd.DataFrame(), None
    if method is not None and method not in methods:
        raise ValueError(f"frame_prevalence has no method {method!r} for {list(group_types)}; it has {methods}")
    chosen = method or methods[0]
    return rows[rows["method"].astype(str) == chosen].reset_index(drop=True), chosen


def corpus_frame_estimates(
    article_frames: pd.DataFrame,
    prevalence: pd.DataFrame | None = None,
    method: str | None = None,
) -> pd.DataFrame:
    """Corpus share per frame with a 95% CI: from ``frame_prevalence`` when it has corpus rows.

    Returns ``frame, mean, ci_low, ci_high, n_articles, source``. Without corpus
    rows in `prevalence`, the mean over articles of ``article_frames.share`` with a
    percentile bootstrap over articles (:func:`frame_share_ci`).
    """
    rows, chosen = prevalence_rows(prevalence, CORPUS_GROUP_TYPES, method)
    if chosen is not None and len(rows):
        out = rows.groupby("frame", sort=True).agg(
            mean=("estimate", "first"), ci_low=("ci_low", "first"), ci_high=("ci_high", "first"))
        n = rows["n_articles"].max() if "n_articles" in rows.columns else article_frames["article_id"].nunique()
        out = out.reset_index().assign(n_articles=int(n), source=f"frame_prevalence ({chosen})")
        return out[["frame", "mean", "ci_low", "ci_high", "n_articles", "source"]]
    out = frame_share_ci(article_frames)
    return out.assign(source="bootstrap over articles")


def framed_articles(article_frames: pd.DataFrame) -> set:
    """Ids of the articles with some frame share (not NaN)."""
    if not len(article_frames):
        return set()
    # distinct ids first: a set built from every row's id would take a Python step per row
    return set(article_frames.loc[article_frames["share"].notna(), "article_id"].unique())


def article_frame_matrix(article_frames: pd.DataFrame) -> pd.DataFrame:
    """Articles x frames of ``article_frames.share`` (0 where an article has no row for a frame)."""
    require_columns(article_frames, ["article_id", "frame", "share"], "article_frames")
    table = article_frames.dropna(subset=["share"])
    return (
        table.pivot_table(index="article_id", columns="frame", values="share", aggfunc="sum", fill_value=0.0)
        .sort_index()
        .sort_index(axis=1)
    )


def frame_shares_by_group(article_frames: pd.DataFrame, article_group: Mapping[str, str]) -> pd.DataFrame:
    """Mean article frame share per group of articles: ``group, frame, estimate, n_articles``.

    `article_group` maps article ids to a group name; articles it does not name are left out.
    """
    matrix = article_frame_matrix(article_frames)
    groups = pd.Series([article_group.get(a) for a in matrix.index], index=matrix.index, dtype=object)
    matrix = matrix[groups.notna().to_numpy()]
    groups = groups.dropna()
    if matrix.empty:
        return pd.DataFrame(columns=["group", "frame", "estimate", "n_articles"])
    means = matrix.groupby(groups.to_numpy()).mean()
    sizes = groups.value_counts()
    out = means.stack().rename("estimate").reset_index()
    out.columns = ["group", "frame", "estimate"]
    out["n_articles"] = out["group"].map(sizes).astype(int)
    return out.sort_values(["group", "frame"], kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------
# primary frames, and the frames of the sentences naming each actor


def _sort_codes(values) -> np.ndarray:
    """Integer codes whose order is the values' sort order, missing values last (as pandas sorts).

    A categorical column is ordered by its categories, as ``sort_values`` orders it.
    """
    codes, uniques = pd.factorize(values, sort=True)  # -1 for a missing value
    codes = codes.astype(np.int64)
    codes[codes < 0] = len(uniques)
    return codes


def primary_rows(sentence_frames: pd.DataFrame) -> np.ndarray:
    """Positions in `sentence_frames` of each sentence's primary-frame row, in (article_id, sent_id) order.

    The rule of :func:`primary_frames`, computed without sorting the rows: within each
    sentence, the largest probability among the predicted rows (NaN only when all are
    NaN, as a descending sort puts NaN last), and among rows with that probability
    the smallest frame id. A sort of 40 million strings would take seconds; this takes
    a few passes over integer codes.
    """
    require_columns(sentence_frames, ["article_id", "sent_id", "frame", "probability", "predicted"], "sentence_frames")
    keep = np.flatnonzero(sentence_frames["predicted"].fillna(False).astype(bool).to_numpy())
    if not len(keep):
        return keep
    rows = sentence_frames[["article_id", "sent_id", "frame", "probability"]]
    if len(keep) < len(rows):  # else no copy: a caller may pass the predicted rows only
        rows = rows.iloc[keep]
    article = _sort_codes(rows["article_id"])
    sent = _sort_codes(rows["sent_id"])
    frame = _sort_codes(rows["frame"])
    probability = rows["probability"].to_numpy(dtype=float, na_value=np.nan)
    # One integer per sentence, in (article_id, sent_id) order; corpus tables come sorted
    # by it already, so the stable sort is needed only for other input.
    sentence = article * (sent.max() + 1) + sent
    order = None if (np.diff(sentence) >= 0).all() else np.argsort(sentence, kind="stable")
    if order is not None:
        sentence, frame, probability, keep = sentence[order], frame[order], probability[order], keep[order]
    starts = np.flatnonzero(np.r_[True, sentence[1:] != sentence[:-1]])
    group = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(sentence)]))
    best = np.fmax.reduceat(probability, starts)[group]  # fmax skips NaN unless all are NaN
    candidate = (probability == best) | np.isnan(best)
    smallest = np.minimum.reduceat(np.where(candidate, frame, np.iinfo(np.int64).max), starts)[group]
    chosen = np.flatnonzero(candidate & (frame == smallest))
    # rows repeating a (sentence, frame) are alike in what is kept: take the first
    first = np.r_[True, group[chosen[1:]] != group[chosen[:-1]]]
    return keep[chosen[first]]


def primary_frames(sentence_frames: pd.DataFrame) -> pd.DataFrame:
    """Each sentence's primary frame: the most probable among its predicted frames.

    Returns ``article_id, sent_id, frame`` for sentences with at least one predicted
    frame, sorted by article and sentence; ties go to the smaller frame id.
    """
    rows = primary_rows(sentence_frames)
    return sentence_frames[["article_id", "sent_id", "frame"]].iloc[rows].reset_index(drop=True)


def _unique_counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct values of an integer array and how often each occurs.

    As ``np.unique(values, return_counts=True)``, by one sort: numpy 2's hash-based
    unique takes seconds on millions of distinct values.
    """
    values = np.sort(values)
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]]) if len(values) else np.array([], dtype=np.int64)
    return values[starts], np.diff(np.r_[starts, len(values)])


def actor_frame_counts(mentions: pd.DataFrame, sentence_frames: pd.DataFrame, primary: np.ndarray,
                       frame_codes: tuple[np.ndarray, pd.Index]) -> pd.DataFrame:
    """:func:`actor_frame_table`, given the rows of `sentence_frames` holding the primary frames
    (:func:`primary_rows`) and its frame column factorized in sorted order.

    Works on integer codes instead of merging and de-duplicating millions of string
    rows: each mention is matched to its sentence's primary frame by (article, sentence)
    code, and each (actor, sentence) pair is counted once.
    """
    require_columns(mentions, ["article_id", "sent_id", "actor"], "mentions")
    empty = pd.DataFrame(columns=["actor", "frame", "n_sentences", "actor_sentences", "share"])
    named = mentions[["article_id", "sent_id", "actor"]]
    usable = (named["actor"].notna() & named["sent_id"].notna()).to_numpy()
    if not usable.all():
        named = named[usable]
    if named.empty or not len(primary):
        return empty
    # Article codes shared by both tables: codes of the framed sentences' articles, and
    # each mention's article looked up among them (-1: not among them). Missing
    # article ids match each other, as in a pandas merge.
    p_article, articles = pd.factorize(sentence_frames["article_id"], use_na_sentinel=False)
    p_article = p_article[primary]
    m_article, m_articles = pd.factorize(named["article_id"], use_na_sentinel=False)
    m_article = articles.get_indexer(m_articles)[m_article]
    p_sent = sentence_frames["sent_id"].iloc[primary].astype(int).to_numpy(dtype=np.int64)
    m_sent = named["sent_id"].astype(int).to_numpy(dtype=np.int64)
    # One integer per (article, sentence) that has a primary frame; a mention's sentence
    # is looked up among them by binary search.
    sent_ids = np.sort(pd.unique(p_sent))  # a few hundred distinct values
    p_key = p_article.astype(np.int64) * len(sent_ids) + np.searchsorted(sent_ids, p_sent)
    by_key = np.argsort(p_key, kind="stable")
    p_key = p_key[by_key]
    m_slot = np.minimum(np.searchsorted(sent_ids, m_sent), len(sent_ids) - 1)
    m_key = m_article.astype(np.int64) * len(sent_ids) + m_slot
    at = np.minimum(np.searchsorted(p_key, m_key), len(p_key) - 1)
    found = (m_article >= 0) & (sent_ids[m_slot] == m_sent) & (p_key[at] == m_key)
    if not found.any():
        return empty
    sentence = by_key[at[found]]  # index into `primary`
    # each actor's sentences, each counted once however often the actor is named in it
    actor, actors = pd.factorize(named["actor"].iloc[found], sort=True)
    # by sentence first: mentions come in article order, so the sort has little to do
    pairs, _ = _unique_counts(sentence.astype(np.int64) * len(actors) + actor)
    pair_sentence, pair_actor = np.divmod(pairs, len(actors))
    frame, frames = frame_codes  # -1: no frame id, counted in the actor's total only
    pair_frame = frame[primary[pair_sentence]]
    totals = np.bincount(pair_actor, minlength=len(actors))
    framed = pair_frame >= 0
    n_frames = max(len(frames), 1)
    # (actor, frame) cells in sorted order, by counting when there are not too many cells
    cell = pair_actor[framed] * n_frames + pair_frame[framed]
    if len(actors) * n_frames <= 4 * len(cell) + 1_000_000:
        n_sentences = np.bincount(cell, minlength=len(actors) * n_frames)
        cells = np.flatnonzero(n_sentences)
        n_sentences = n_sentences[cells]
    else:
        cells, n_sentences = _unique_counts(cell)
    cell_actor, cell_frame = np.divmod(cells, n_frames)
    counts = pd.DataFrame({"actor": actors.take(cell_actor), "frame": frames.take(cell_frame),
                           "n_sentences": n_sentences.astype(np.int64)})
    counts["actor_sentences"] = totals[cell_actor].astype(int)
    counts["share"] = counts["n_sentences"] / counts["actor_sentences"]
    return counts


def actor_frame_table(mentions: pd.DataFrame, sentence_frames: pd.DataFrame) -> pd.DataFrame:
    """Which frames the sentences naming each actor carry.

    A sentence counts once per actor named in it, under its primary frame
    (:func:`primary_frames`); sentences without a predicted frame are left out.
    Returns ``actor, frame, n_sentences, actor_sentences, share`` (share of the
    actor's framed sentences), sorted by actor and frame.
    """
    require_columns(mentions, ["article_id", "sent_id", "actor"], "mentions")
    primary = primary_rows(sentence_frames)
    return actor_frame_counts(mentions, sentence_frames, primary, pd.factorize(sentence_frames["frame"], sort=True))


def actor_types(mentions: pd.DataFrame) -> dict[str, str]:
    """Each actor's most frequent type (ties: person, organization, place, then by name)."""
    known = mentions.assign(actor_type=mentions["actor_type"].fillna("unknown").astype(str))
    counts = known.groupby(["actor", "actor_type"], sort=True).size()
    rank = {k: i for i, k in enumerate(ACTOR_TYPE_ORDER)}
    types: dict[str, str] = {}
    for (actor, kind), n in counts.items():
        best = types.get(actor)
        key = (-n, rank.get(kind, len(rank)), kind)
        if best is None or key < (-counts[(actor, best)], rank.get(best, len(rank)), best):
            types[actor] = kind
    return types


# ---------------------------------------------------------------------------
# time

# (name, pandas period frequency), finest first
TIME_UNITS = (("day", "D"), ("week", "W"), ("month", "M"), ("quarter", "Q"), ("year", "Y"))
PREVALENCE_TIME_UNITS = ("month", "year")  # frame_prevalence.group_type of its time groups
MAX_PERIODS = 30
# The years a time axis can show: pandas timestamps (nanoseconds from 1970) reach from
# September 1677 to April 2262, and matplotlib's dates from year 1 to 9999. A placeholder
# date (0001-11-30) that made it this far is left off the axis, and the figure says so.
FIRST_YEAR, LAST_YEAR = 1678, 2261


def choose_time_unit(dates: pd.Series, max_periods: int = MAX_PERIODS) -> str:
    """The finest of day/week/month/quarter/year whose periods from first to last date number at most `max_periods`."""
    dates = pd.to_datetime(pd.Series(dates), errors="coerce").dropna()
    if dates.empty:
        raise ValueError("no dates to choose a time unit for")
    for name, freq in TIME_UNITS:
        first, last = dates.min().to_period(freq), dates.max().to_period(freq)
        if (last - first).n + 1 <= max_periods:
            return name
    return "year"


def time_unit_freq(unit: str) -> str:
    """The pandas period frequency of a time unit (day, week, month, quarter or year)."""
    freqs = dict(TIME_UNITS)
    if unit not in freqs:
        raise ValueError(f"unknown time unit {unit!r}; use one of {list(freqs)}")
    return freqs[unit]


def _years(articles: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The ``published`` column as text, and the year it starts with (NaN when it does not start with one)."""
    text = articles["published"].astype(object).where(articles["published"].notna(), "").astype(str).str.strip()
    year = pd.to_numeric(text.str.extract(r"^(\d{4})-\d{2}", expand=False), errors="coerce")
    return text, year


def published_dates(articles: pd.DataFrame) -> dict[str, pd.Timestamp]:
    """Publication date of each article with a readable ``published`` date a time axis can show, by article id.

    Dates before FIRST_YEAR or after LAST_YEAR are left out (see :func:`off_axis_dates`).
    """
    require_columns(articles, ["article_id", "published"], "articles")
    text, year = _years(articles)
    on_axis = year.between(FIRST_YEAR, LAST_YEAR).to_numpy()
    dates = pd.to_datetime(text.where(on_axis, None), errors="coerce", format="ISO8601")
    dated = (dates.notna() & on_axis).to_numpy()
    return dict(zip(articles["article_id"][dated], dates[dated]))


def off_axis_dates(articles: pd.DataFrame) -> dict[str, str]:
    """The ``published`` dates no time axis can show (years before FIRST_YEAR or after LAST_YEAR), by article id."""
    require_columns(articles, ["article_id", "published"], "articles")
    text, year = _years(articles)
    off = (year.notna() & ~year.between(FIRST_YEAR, LAST_YEAR)).to_numpy()
    return dict(zip(articles["article_id"][off], text[off]))


def on_time_axis(period: str) -> bool:
    """Whether a period label ("2024", "2024-03", "2024-03-05") starts with a year a time axis can show."""
    return bool(re.match(r"^\d{4}", period)) and FIRST_YEAR <= int(period[:4]) <= LAST_YEAR


# ---------------------------------------------------------------------------
# share of voice

# Quotes without a named speaker: the voices table pools them under this speaker, and
# the quotes table leaves their speaker empty; both mean the same here.
UNATTRIBUTED = UNNAMED


def speaker_quotes(quotes: pd.DataFrame) -> pd.DataFrame:
    """Quotes and quoted words per speaker from the ``quotes`` table: ``speaker, n_quotes, n_words``.

    Counted by :func:`framescope.actors.quotekinds.count_quotes`, as the ``voices`` table
    behind :func:`voice_shares` is, so the two agree: reported speech, titles and terms
    are not quotes. Quotes without a named speaker are the speaker :data:`UNATTRIBUTED`.
    """
    require_columns(quotes, ["speaker", "n_words"], "quotes")
    kinds = quotes["kind"] if "kind" in quotes.columns else ["direct"] * len(quotes)
    counts = count_quotes(quotes["speaker"], kinds, quotes["n_words"])
    out = pd.DataFrame(
        [(k, n, w) for k, (n, w) in sorted(counts.items())], columns=["speaker", "n_quotes", "n_words"])
    return out.astype({"n_quotes": "int64", "n_words": "int64"})


def voice_shares(voices: pd.DataFrame) -> pd.DataFrame:
    """Corpus share of voice per speaker from the ``voices`` table.

    Returns ``speaker, speaker_type, group, n_quotes, n_words, n_articles, share``:
    a speaker's quoted words over all quoted words of the corpus (quotes without a
    named speaker included, as the speaker :data:`UNATTRIBUTED`), largest first.
    """
    require_columns(voices, ["article_id", "speaker", "n_quotes", "n_words"], "voices")
    v = voices.copy()
    v["speaker"] = v["speaker"].astype(object).where(v["speaker"].notna(), UNATTRIBUTED)
    for column in ("speaker_type", "group"):
        v[column] = v[column].astype(object) if column in v.columns else None
    out = v.groupby("speaker", sort=True).agg(
        n_quotes=("n_quotes", "sum"), n_words=("n_words", "sum"), n_articles=("article_id", "nunique"))
    first = lambda col: v.dropna(subset=[col]).groupby("speaker")[col].agg(lambda x: sorted(map(str, x))[0])
    out["speaker_type"] = first("speaker_type").reindex(out.index)
    out["group"] = first("group").reindex(out.index)
    total = out["n_words"].sum()
    out["share"] = out["n_words"] / total if total else np.nan
    out = out.reset_index()
    out = out.sort_values(["n_words", "speaker"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return out[["speaker", "speaker_type", "group", "n_quotes", "n_words", "n_articles", "share"]]

"""Frame prevalence: how much of a corpus carries each frame, by outlet and over time.

The quantity estimated is a frame's **share of sentences**: of all sentences in a
group of articles (the corpus, one outlet, one month), the proportion that carry the
frame. Long articles weigh more than short ones, as they do for a reader.

Counting the sentences a classifier tags (*classify and count*, CC) is biased
whenever the classifier errs. With true positive rate ``tpr`` and false positive
rate ``fpr``, the expected CC share is ``fpr + (tpr - fpr) * p`` for a true share
``p``: rare frames are overestimated (false positives among the many negatives
outweigh the misses) and common ones underestimated. The corrections invert that
relation with the error rates measured when the model was cross-validated:

========  ==============================================================
``cc``    share of sentences predicted to carry the frame
``acc``   adjusted CC: ``(cc - fpr) / (tpr - fpr)``, clipped to [0, 1]
``pcc``   probabilistic CC: mean predicted probability
``pacc``  probabilistic adjusted CC: ``(pcc - m_neg) / (m_pos - m_neg)``,
          clipped to [0, 1], where ``m_pos`` and ``m_neg`` are the mean
          out-of-fold probabilities of sentences that do and do not carry
          the frame
========  ==============================================================

(Forman 2008, "Quantifying counts and costs via classification"; Bella et al.
2010, "Quantification via probability estimators".) The error rates are read from
the frames model's ``metrics.json``: ``per_label[frame]`` keys ``tpr``, ``fpr``,
``mean_p_pos``, ``mean_p_neg``. A frame without them gets no acc/pacc estimate
(NaN, and a ``note`` saying why), never a silent CC in their place.

The corrections assume that what a frame's sentences look like is the same in the
coded data and in the corpus; only how common the frame is may differ ("prior
probability shift"). Error rates measured on the bundled synthetic starter set do
not describe a classifier's errors on real news: for a study, train on (and so
cross-validate on) sentences coded from the corpus itself.

**Intervals** are percentile intervals from a cluster bootstrap: within each group,
whole articles are resampled with replacement (a sentence's frames are not
independent of its neighbours'), ``bootstrap`` times (config `prevalence.bootstrap`). Each group's
resamples come from a seed derived from the configured seed and the group's name,
so adding an outlet does not move another outlet's interval, and reruns are
identical. When ``metrics.json`` also says how many coded sentences the error rates
rest on (``n_pos``/``n_neg``, or ``support`` and ``n_train``), every resample also
redraws the error rates (binomially; for ``m_pos``/``m_neg`` this is an upper bound
on their variance), so acc/pacc intervals include the uncertainty of the
correction itself. Groups of fewer than ``FEW_ARTICLES`` articles are noted: a
bootstrap over a handful of articles understates the uncertainty.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from threadpoolctl import threadpool_limits

from framescope.base.io import arrow_columns
from framescope.base.tables import columns, keys

METHODS = ("cc", "acc", "pcc", "pacc")
BASE = {"cc": "cc", "acc": "cc", "pcc": "pcc", "pacc": "pcc"}  # the uncorrected estimate a method corrects
BOUND = {("acc", "below"): "false-positive rate", ("acc", "above"): "true-positive rate",
         ("pacc", "below"): "mean probability on negatives", ("pacc", "above"): "mean probability on positives"}
TIME_UNITS = ("auto", "month", "year")
ALL = "all"
NO_OUTLET = "(no outlet)"
NO_DATE = "(no date)"
# time_unit "auto" uses months unless the typical (median) month has fewer articles than this.
SPARSE_MONTH = 20
FEW_ARTICLES = 10
# Below this tpr - fpr (or m_pos - m_neg) the classifier barely separates the frame and
# the correction would divide by almost nothing: no corrected estimate is given.
MIN_SEPARATION = 0.05
# Bootstrap resamples are drawn in blocks of at most this many resample x article cells.
BLOCK_CELLS = 4_000_000


@dataclass(frozen=True)
class ErrorRates:
    """A frame's cross-validated error rates, and the counts they rest on (None: unknown)."""

    tpr: float
    fpr: float
    mean_p_pos: float
    mean_p_neg: float
    n_pos: int | None = None
    n_neg: int | None = None


# --------------------------------------------------------------------------- corrections


def adjusted(share, tpr, fpr):
    """ACC: ``(share - fpr) / (tpr - fpr)`` clipped to [0, 1]; NaN where tpr - fpr < MIN_SEPARATION.

    Works elementwise on arrays; used for PACC with (pcc, m_pos, m_neg).
    """
    share, tpr, fpr = np.broadcast_arrays(*(np.asarray(x, dtype=np.float64) for x in (share, tpr, fpr)))
    separation = tpr - fpr
    ok = separation >= MIN_SEPARATION
    out = np.full(share.shape, np.nan)
    out[ok] = np.clip((share[ok] - fpr[ok]) / separation[ok], 0.0, 1.0)
    return out if out.ndim else float(out)


def error_rates(metrics: dict) -> dict[str, ErrorRates]:
    """Per-frame error rates from a frames model's metrics.json (frames lacking them are left out)."""
    per_label = metrics.get("per_label") or {}
    n_train = metrics.get("n_train")
    out = {}
    for frame, m in per_label.items():
        if not all(isinstance(m.get(k), (int, float)) for k in ("tpr", "fpr", "mean_p_pos", "mean_p_neg")):
            continue
        n_pos = m.get("n_pos", m.get("support"))
        n_neg = m.get("n_neg")
        if n_neg is None and n_pos is not None and n_train is not None:
            n_neg = int(n_train) - int(n_pos)
        out[str(frame)] = ErrorRates(
            tpr=float(m["tpr"]), fpr=float(m["fpr"]), mean_p_pos=float(m["mean_p_pos"]),
            mean_p_neg=float(m["mean_p_neg"]),
            n_pos=int(n_pos) if n_pos else None, n_neg=int(n_neg) if n_neg else None,
        )
    return out


def read_metrics(path) -> dict:
    """A frames model's metrics.json; an absent file is an empty dict (acc/pacc then have notes)."""
    path = Path(path)
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise ValueError(f"{path}: not valid JSON ({err}); retrain the frames model") from err


# --------------------------------------------------------------------------- groups


def time_groups(published: pd.Series, unit: str = "auto") -> tuple[str, pd.Series]:
    """Month ("2024-03") or year ("2024") of each ISO date, NO_DATE where missing or unreadable.

    Returns the unit used and the labels. ``auto`` uses months unless the median month
    holds fewer than SPARSE_MONTH articles, then years.
    """
    if unit not in TIME_UNITS:
        raise ValueError(f"time unit must be one of {list(TIME_UNITS)}, got {unit!r}")
    text = pd.Series(published, dtype=object).where(pd.notna(published), "")
    text = text.astype(str).str.strip()
    valid = text.str.match(r"^\d{4}-\d{2}(-\d{2})?")
    month = text.str.slice(0, 7).where(valid, NO_DATE)
    if unit == "auto":
        per_month = month[month != NO_DATE].value_counts()
        unit = "month" if len(per_month) and per_month.median() >= SPARSE_MONTH else "year"
    labels = month if unit == "month" else text.str.slice(0, 4).where(valid, NO_DATE)
    return unit, labels.astype(object)


def article_groups(articles: pd.DataFrame, article_ids, time_unit: str = "auto") -> pd.DataFrame:
    """One row per article id: its corpus, outlet and time group labels (columns corpus, outlet, <unit>),
    and its language (column language) when `articles` gives one and the articles are in more than one."""
    ids = pd.Index([str(a) for a in article_ids], name="article_id")
    meta = pd.DataFrame({
        "article_id": articles["article_id"].astype(str).to_numpy(dtype=object),
        "outlet": articles["outlet"].to_numpy(dtype=object),
        "published": articles["published"].to_numpy(dtype=object),
        "language": (articles["language"].fillna("").astype(str).to_numpy(dtype=object) if "language" in articles
                     else np.full(len(articles), "", dtype=object)),
    }).drop_duplicates("article_id")
    missing = ids.difference(pd.Index(meta["article_id"]))
    meta = meta.set_index("article_id").reindex(ids)
    if len(missing):
        raise ValueError(
            f"{len(missing)} article(s) with frames are not in articles (first: {missing[0]!r}); "
            "the tables come from different runs: rerun the workflow"
        )
    outlet = [str(o).strip() if isinstance(o, str) and o.strip() else NO_OUTLET for o in meta["outlet"]]
    unit, when = time_groups(meta["published"].reset_index(drop=True), time_unit)
    out = pd.DataFrame({"corpus": ALL, "outlet": outlet, unit: when.astype(str).to_numpy()}, index=ids)
    if meta["language"].nunique() > 1:
        out["language"] = meta["language"].to_numpy(dtype=object)
    return out


# --------------------------------------------------------------------------- counts


@dataclass
class ArticleCounts:
    """Per-article sums the estimators need: every bootstrap resample is a weighted sum of these."""

    article_ids: np.ndarray  # (n_articles,) str, sorted
    frames: list[str]
    n_sentences: np.ndarray  # (n_articles,) int64
    n_predicted: np.ndarray  # (n_articles, n_frames) int64: sentences predicted to carry the frame
    sum_probability: np.ndarray  # (n_articles, n_frames) float64


def article_counts(sentence_frames: pd.DataFrame | pa.Table, frames=None) -> ArticleCounts:
    """Sum the ``sentence_frames`` table per article and frame (every sentence must have every frame).

    Takes a DataFrame or an Arrow table; the sums are done in Arrow
    (:func:`framescope.frames.predict.sentence_sums`, which also makes the sums stored in
    ``article_frames``), so a corpus of millions of sentence x frame rows never becomes
    pandas objects.
    """
    # imported here: the frames module loads scikit-learn, which only this slower path needs
    from framescope.frames.predict import sentence_sums

    sums = sentence_sums(sentence_frames)
    return _counts(sums["article_id"], sums["frame"], sums["n_sentences"], sums["n_predicted"],
                   sums["probability_sum"], frames, "sentence_frames")


# The article_frames columns prevalence reads: n_sentences there is the number of sentences
# predicted to carry the frame; article_sentences is the article's number of sentences.
ARTICLE_FRAMES_SUMS = ["article_id", "frame", "n_sentences", "probability_sum", "article_sentences"]


def article_frames_counts(article_frames: pd.DataFrame | pa.Table, frames=None) -> ArticleCounts:
    """:class:`ArticleCounts` from the ``article_frames`` table, whose sums the frames step made.

    The same numbers, bit for bit, as :func:`article_counts` of the ``sentence_frames``
    the table was made from, at a thirtieth of the rows. Every article must have one row
    for every frame, with the same number of sentences.
    """
    table = arrow_columns(article_frames, ARTICLE_FRAMES_SUMS, "article_frames",
                          "; it was made by an older framescope: rerun the frames stage, or estimate from "
                          "sentence_frames (read_article_counts)")
    table = pa.table({
        "article_id": pc.cast(table["article_id"], pa.string()),
        "frame": pc.cast(table["frame"], pa.string()),
        "n_predicted": pc.cast(table["n_sentences"], pa.int64()),
        "probability_sum": pc.cast(table["probability_sum"], pa.float64()),
        "article_sentences": pc.cast(table["article_sentences"], pa.int64()),
    })
    # the corpus table comes sorted (collect); sorting it again would cost time and memory
    ids = table["article_id"]
    if len(ids) > 1 and not pc.all(pc.less_equal(ids.slice(0, len(ids) - 1), ids.slice(1))).as_py():
        table = table.sort_by([("article_id", "ascending"), ("frame", "ascending")])
    return _counts(table["article_id"], table["frame"], table["article_sentences"], table["n_predicted"],
                   table["probability_sum"], frames, "article_frames")


def _counts(article_id, frame, n_sentences, n_predicted, probability_sum, frames, source: str) -> ArticleCounts:
    """Articles x frames matrices from Arrow columns with one row per article and frame.

    The rows must be sorted by article_id. `frames` (default: those found,
    sorted) fixes the columns; `source` names the table in errors. Raises ValueError
    when an article lacks a frame, has one twice, or has different sentence counts
    for different frames: the table is then incomplete.
    """
    found = sorted(f for f in pc.unique(frame).to_pylist() if f is not None)
    frames = list(frames) if frames is not None else found
    unknown = sorted(set(found) - set(frames))
    if unknown or pc.any(pc.is_null(frame)).as_py():
        raise ValueError(f"{source} has frame(s) {unknown or [None]} not among {frames}")
    n_rows, k = len(article_id), len(frames)
    if pc.any(pc.is_null(article_id)).as_py():
        raise ValueError(f"{source} has rows without an article_id; the table is incomplete: rerun the frames stage")
    # sorted rows: an article starts where the id changes
    starts = np.ones(n_rows, dtype=bool)
    if n_rows > 1:
        starts[1:] = pc.not_equal(article_id.slice(1), article_id.slice(0, n_rows - 1)).to_numpy(zero_copy_only=False)
    article = np.cumsum(starts) - 1
    article_ids = np.asarray(pc.filter(article_id, pa.array(starts)).to_numpy(zero_copy_only=False),
                             dtype=object).astype(str)
    n_art = len(article_ids)
    column = pc.index_in(frame, value_set=pa.array(frames, pa.string())).to_numpy(zero_copy_only=False)
    cell = article * k + column.astype(np.int64)
    rows_per_cell = np.bincount(cell, minlength=n_art * k).reshape(n_art, k)
    twice = np.flatnonzero((rows_per_cell > 1).any(axis=1))
    if len(twice):
        a = twice[0]
        raise ValueError(f"{source}: article {str(article_ids[a])!r} has more than one row for frame(s) "
                         f"{[f for f, n in zip(frames, rows_per_cell[a]) if n > 1]}; the table repeats rows: "
                         "rerun the frames stage")
    n = np.full((n_art, k), -1, dtype=np.int64)
    predicted = np.zeros((n_art, k), dtype=np.int64)
    probability = np.zeros((n_art, k), dtype=np.float64)
    n.reshape(-1)[cell] = n_sentences.to_numpy(zero_copy_only=False)
    predicted.reshape(-1)[cell] = n_predicted.to_numpy(zero_copy_only=False)
    probability.reshape(-1)[cell] = probability_sum.to_numpy(zero_copy_only=False)
    # every frame must be there and have the same sentence count in an article
    bad = (n < 0).any(axis=1)
    if k:
        bad |= n.max(axis=1) != n.min(axis=1)
    uneven = np.flatnonzero(bad)
    if len(uneven):
        a = uneven[0]
        absent = [f for f, m in zip(frames, n[a]) if m < 0]
        per_frame = ", ".join(f"{f}: {m}" for f, m in zip(frames, n[a]))
        if source == "article_frames":
            problem = (f"has no row for frame(s) {absent} of {frames}" if absent
                       else f"has different article_sentences for different frames ({per_frame})")
        else:
            problem = (f"does not have one row per sentence for every frame {frames} "
                       f"({f'no rows for {absent}' if absent else f'rows per frame: {per_frame}'})")
        raise ValueError(f"{source}: article {str(article_ids[a])!r} {problem}; the table is incomplete: "
                         "rerun the frames stage")
    return ArticleCounts(
        article_ids=article_ids,
        frames=frames,
        n_sentences=n[:, 0].copy() if k else np.zeros(n_art, np.int64),
        n_predicted=predicted,
        sum_probability=probability,
    )


def read_article_counts(path, frames=None) -> ArticleCounts:
    """:func:`article_counts` of a ``sentence_frames`` Parquet file, one row group at a time.

    The corpus table holds one row per sentence and frame (42 million at 100k articles).
    Its row groups hold whole articles (framescope collect, which records article_id
    statistics), so the sums are made row group by row group and only they are kept;
    the result is the same as summing the whole table. A file whose row groups may split
    an article (no statistics, or overlapping ones) is summed whole.
    """
    return _read_counts(path, ["article_id", "sent_id", "frame", "probability", "predicted"], article_counts,
                        frames, "sentence_frames")


def read_article_frames_counts(path, frames=None) -> ArticleCounts:
    """:func:`article_frames_counts` of an ``article_frames`` Parquet file, one row group at a time.

    As :func:`read_article_counts` does, to keep memory down: 1.5 million rows at 100k
    articles, but the same result as reading the whole table.
    """
    return _read_counts(path, ARTICLE_FRAMES_SUMS, article_frames_counts, frames, "article_frames")


def _read_counts(path, needed: list[str], counts_of, frames, name: str) -> ArticleCounts:
    """`counts_of` the `needed` columns of the Parquet table `name` at `path`, by row group when they hold whole articles."""
    import pyarrow.parquet as pq

    file = pq.ParquetFile(path)
    missing = [c for c in needed if c not in file.schema_arrow.names]
    if missing:
        raise ValueError(f"{name} lacks column(s) {missing}" + (
            "; it was made by an older framescope: rerun the frames stage" if name == "article_frames" else ""))
    if not _whole_articles(file):
        return counts_of(pq.read_table(path, columns=needed), frames)
    parts = [counts_of(file.read_row_group(i, columns=needed), frames) for i in range(file.num_row_groups)]
    parts = [part for part in parts if len(part.article_ids)]
    if not parts:
        return counts_of(pq.read_table(path, columns=needed), frames)
    if any(part.frames != parts[0].frames for part in parts):
        raise ValueError(f"{name}: row groups with different frames ({parts[0].frames} and others); "
                         "the table is incomplete: rerun the frames stage")
    return ArticleCounts(
        article_ids=np.concatenate([part.article_ids for part in parts]),
        frames=parts[0].frames,
        n_sentences=np.concatenate([part.n_sentences for part in parts]),
        n_predicted=np.concatenate([part.n_predicted for part in parts]),
        sum_probability=np.concatenate([part.sum_probability for part in parts]),
    )


def _whole_articles(file) -> bool:
    """Whether each article of a Parquet file lies in one row group, in order (by the article_id statistics)."""
    column = file.schema_arrow.names.index("article_id")
    previous = None
    for i in range(file.metadata.num_row_groups):
        group = file.metadata.row_group(i)
        if group.num_rows == 0:
            continue
        stats = group.column(column).statistics
        if stats is None or not stats.has_min_max:
            return file.metadata.num_row_groups == 1
        if previous is not None and not previous < stats.min:
            return False
        previous = stats.max
    return True


# --------------------------------------------------------------------------- estimation


def _group_seed(seed: int, group_type: str, group: str) -> np.random.SeedSequence:
    digest = hashlib.sha256(f"{group_type}\0{group}".encode()).digest()
    return np.random.SeedSequence([int(seed), int.from_bytes(digest[:8], "little")])


def _resample_counts(rng: np.random.Generator, n: int, b: int) -> np.ndarray:
    """b x n matrix: how often each of n articles is drawn in each of b resamples of size n."""
    draws = rng.integers(0, n, size=(b, n))
    flat = (np.arange(b)[:, None] * n + draws).ravel()
    return np.bincount(flat, minlength=b * n).reshape(b, n)


def _redraw(rng: np.random.Generator, p: float, n: int | None, b: int) -> np.ndarray:
    """b binomial redraws of a proportion p measured on n items (p itself when n is unknown)."""
    if not n:
        return np.full(b, p)
    return rng.binomial(n, min(max(p, 0.0), 1.0), size=b) / n


def estimate_group(counts: ArticleCounts, index: np.ndarray, rates: dict[str, ErrorRates], *,
                   bootstrap: int, level: float, seed: int, group_type: str = "corpus",
                   group: str = ALL) -> pd.DataFrame:
    """All four estimates, with bootstrap intervals, for the articles at positions `index`."""
    n_art = len(index)
    n_sent = counts.n_sentences[index]
    pred = counts.n_predicted[index]
    prob = counts.sum_probability[index]
    total = int(n_sent.sum())
    frames = counts.frames
    k = len(frames)
    nan = np.full(k, np.nan)
    cc = pred.sum(axis=0) / total if total else nan
    pcc = prob.sum(axis=0) / total if total else nan
    r = [rates.get(f) for f in frames]
    tpr = np.array([x.tpr if x else np.nan for x in r])
    fpr = np.array([x.fpr if x else np.nan for x in r])
    mpos = np.array([x.mean_p_pos if x else np.nan for x in r])
    mneg = np.array([x.mean_p_neg if x else np.nan for x in r])
    point = {"cc": cc, "pcc": pcc, "acc": adjusted(cc, tpr, fpr), "pacc": adjusted(pcc, mpos, mneg)}

    reps = {m: np.full((bootstrap, k), np.nan) for m in METHODS}
    if total and bootstrap > 0:
        seq = _group_seed(seed, group_type, group)
        articles_seq, rates_seq = seq.spawn(2)
        rng = np.random.default_rng(articles_seq)
        block = max(1, BLOCK_CELLS // max(n_art, 1))
        with threadpool_limits(1):
            for start in range(0, bootstrap, block):
                b = min(block, bootstrap - start)
                # float64 holds these integer counts and their sums exactly, and BLAS is fast
                w = _resample_counts(rng, n_art, b).astype(np.float64)
                denominator = (w @ n_sent)[:, None]
                with np.errstate(invalid="ignore", divide="ignore"):
                    reps["cc"][start:start + b] = (w @ pred) / denominator
                    reps["pcc"][start:start + b] = (w @ prob) / denominator
        rate_rng = np.random.default_rng(rates_seq)
        for j, x in enumerate(r):
            if x is None:
                continue
            t, f = _redraw(rate_rng, x.tpr, x.n_pos, bootstrap), _redraw(rate_rng, x.fpr, x.n_neg, bootstrap)
            mp, mn = _redraw(rate_rng, x.mean_p_pos, x.n_pos, bootstrap), _redraw(rate_rng, x.mean_p_neg, x.n_neg, bootstrap)
            reps["acc"][:, j] = adjusted(reps["cc"][:, j], t, f)
            reps["pacc"][:, j] = adjusted(reps["pcc"][:, j], mp, mn)

    alpha = (1.0 - level) / 2.0
    rows = []
    for method in METHODS:
        for j, frame in enumerate(frames):
            estimate = float(point[method][j])
            low = high = math.nan
            finite = reps[method][:, j][np.isfinite(reps[method][:, j])]
            if math.isfinite(estimate) and len(finite):
                low, high = (float(v) for v in np.quantile(finite, [alpha, 1.0 - alpha]))
            rows.append({
                "group_type": group_type, "group": group, "frame": frame, "method": method,
                "estimate": estimate, "ci_low": low, "ci_high": high,
                "n_articles": int(n_art), "n_sentences": total,
                "note": _note(method, r[j], n_art, total, len(finite), bootstrap, float(point[BASE[method]][j])),
            })
    return pd.DataFrame(rows)


def _note(method: str, rates: ErrorRates | None, n_art: int, n_sent: int, n_finite: int, bootstrap: int,
          raw: float) -> str:
    """Why an estimate is missing or to be read with care ("" when nothing to say); `raw` is its cc/pcc."""
    notes = []
    if n_sent == 0:
        notes.append("no sentences")
    if method in ("acc", "pacc"):
        if rates is None:
            notes.append("no cross-validated error rates for this frame in the model's metrics.json; retrain the "
                         "frames model")
        else:
            pos, neg = (rates.tpr, rates.fpr) if method == "acc" else (rates.mean_p_pos, rates.mean_p_neg)
            if pos - neg < MIN_SEPARATION:
                notes.append(f"the classifier barely separates this frame ({pos:.3f} vs {neg:.3f}); no correction")
            elif raw < neg or raw > pos:
                # No true share in [0, 1] gives a count outside [neg, pos]: the error rates
                # do not describe the classifier on this corpus (or the group is small).
                side, bound = ("below", neg) if raw < neg else ("above", pos)
                notes.append(f"{BASE[method]} {raw:.3f} is {side} the classifier's {BOUND[method, side]} {bound:.3f}, "
                             f"so the estimate is clipped to {0 if side == 'below' else 1}; the cross-validated error "
                             "rates may not fit this corpus")
            elif bootstrap and n_finite < bootstrap:
                notes.append(f"{bootstrap - n_finite} of {bootstrap} resamples had no usable correction")
            if rates.n_pos is None or rates.n_neg is None:
                notes.append("interval leaves out the uncertainty of the error rates (their counts are unknown)")
    if 0 < n_art < FEW_ARTICLES:
        notes.append(f"only {n_art} article(s): the interval understates the uncertainty")
    return "; ".join(notes)


def frame_prevalence(sentence_frames: pd.DataFrame | pa.Table | ArticleCounts, articles: pd.DataFrame,
                     metrics: dict | None = None, *,
                     bootstrap: int, level: float, seed: int, time_unit: str,
                     frames=None) -> pd.DataFrame:
    """The ``frame_prevalence`` table: every frame x method, for the corpus, each outlet and each month/year
    (and each language, when the framed articles are in more than one).

    Parameters
    ----------
    sentence_frames : DataFrame, pyarrow.Table or ArticleCounts
        The ``sentence_frames`` table (article_id, sent_id, frame, probability, predicted),
        or its sums per article (:func:`article_frames_counts` of ``article_frames``,
        :func:`article_counts`, :func:`read_article_counts`).
    articles : DataFrame
        The ``articles`` table, for ``outlet``, ``published`` (and ``language``). Articles without an
        outlet or a readable date form the groups "(no outlet)" and "(no date)".
    metrics : dict
        The frames model's metrics.json (see :func:`error_rates`); None or {} gives
        CC and PCC only (acc/pacc rows are NaN with a note).
    bootstrap, level, seed : bootstrap resamples, interval level, seed.
    time_unit : {"auto", "month", "year"}
        ``group_type`` of the time groups is the unit used.
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level}")
    if bootstrap < 0:
        raise ValueError(f"bootstrap must be >= 0, got {bootstrap}")
    counts = (sentence_frames if isinstance(sentence_frames, ArticleCounts)
              else article_counts(sentence_frames, frames))
    rates = error_rates(metrics or {})
    groups = article_groups(articles, counts.article_ids, time_unit)
    parts = []
    for group_type in groups.columns:
        labels = groups[group_type].to_numpy(dtype=object)
        for group in sorted(set(labels)):
            index = np.flatnonzero(labels == group)
            parts.append(estimate_group(counts, index, rates, bootstrap=bootstrap, level=level, seed=seed,
                                        group_type=group_type, group=str(group)))
    if not parts:
        return empty_prevalence()
    out = pd.concat(parts, ignore_index=True)
    return out[columns("frame_prevalence") + ["note"]].sort_values(keys("frame_prevalence"), kind="stable") \
        .reset_index(drop=True)


def empty_prevalence() -> pd.DataFrame:
    types = {"group_type": str, "group": str, "frame": str, "method": str, "estimate": np.float64,
             "ci_low": np.float64, "ci_high": np.float64, "n_articles": np.int64, "n_sentences": np.int64,
             "note": str}
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in types.items()})


# --------------------------------------------------------------------------- a run's tables


def read_counts(tables_dir) -> ArticleCounts:
    """The per-article sums of a run's corpus tables, from ``article_frames``.

    An ``article_frames`` made by a framescope older than its ``probability_sum`` and
    ``article_sentences`` columns (or none at all) gives the same sums more slowly:
    they are made from ``sentence_frames`` (:func:`read_article_counts`), and the log
    says so.
    """
    import pyarrow.parquet as pq

    from framescope.base.logs import log

    tables = Path(tables_dir)
    path = tables / "article_frames.parquet"
    if path.is_file():
        lacking = [c for c in ARTICLE_FRAMES_SUMS if c not in pq.read_schema(path).names]
        if not lacking:
            return read_article_frames_counts(path)
        why = f"{path} lacks {lacking} (made by an older framescope)"
    else:
        why = f"{path} not found"
    log.info("%s: summing %s instead, which is slower; rerun the frames stage to avoid it", why,
             tables / "sentence_frames.parquet")
    return read_article_counts(tables / "sentence_frames.parquet")

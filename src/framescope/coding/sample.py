"""Coding units, and drawing a sample of them to code: at random, by strata, or where the model is least sure.

Units are sentences (``<article_id>/s<sent_id>``), paragraphs (``<article_id>/p<n>``)
or whole articles (``<article_id>``).
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

STRATEGIES = ("random", "stratified", "uncertainty")
UNIT_LEVELS = ("sentence", "paragraph", "article")
UNKNOWN = "(unknown)"


# ---------------------------------------------------------------------- units


def _unit_id(article_id: str, level: str, position: int) -> str:
    if level == "sentence":
        return f"{article_id}/s{position}"
    if level == "paragraph":
        return f"{article_id}/p{position}"
    return str(article_id)


def coding_units(articles: pd.DataFrame, sentences: pd.DataFrame, level: str = "sentence") -> pd.DataFrame:
    """The units a coder can be given, from the articles and sentences tables.

    Returns one row per unit, sorted by article and position, with columns
    ``unit_id, article_id, level, position, sent_first, sent_last, outlet, published, text``.
    Paragraph text is the article's clean text from its first sentence to its last;
    units with no text are left out.
    """
    if level not in UNIT_LEVELS:
        raise ValueError(f"level must be one of {UNIT_LEVELS}, got {level!r}")
    meta = articles.set_index("article_id")
    if level == "article":
        last = sentences.groupby("article_id")["sent_id"].max() if len(sentences) else pd.Series(dtype=int)
        units = pd.DataFrame({
            "article_id": meta.index.astype(str), "position": 0, "sent_first": 0,
            "sent_last": [int(last.get(a, -1)) for a in meta.index], "text": meta["text"].fillna("").to_numpy()})
    elif level == "sentence":
        units = pd.DataFrame({"article_id": sentences["article_id"].astype(str),
                              "position": sentences["sent_id"].astype(int),
                              "sent_first": sentences["sent_id"].astype(int),
                              "sent_last": sentences["sent_id"].astype(int), "text": sentences["text"].fillna("")})
    else:
        g = sentences.groupby(["article_id", "paragraph"], sort=True)
        parts = g.agg(sent_first=("sent_id", "min"), sent_last=("sent_id", "max"), start=("start", "min"),
                      end=("end", "max"), joined=("text", lambda s: " ".join(s))).reset_index()
        full = meta["text"] if "text" in meta.columns else pd.Series(dtype=object)

        def paragraph_text(row):
            text = full.get(row.article_id)
            return text[int(row.start):int(row.end)] if isinstance(text, str) and text else row.joined

        units = pd.DataFrame({"article_id": parts["article_id"].astype(str),
                              "position": parts["paragraph"].astype(int),
                              "sent_first": parts["sent_first"].astype(int),
                              "sent_last": parts["sent_last"].astype(int),
                              "text": [paragraph_text(r) for r in parts.itertuples(index=False)]})
    units.insert(0, "unit_id", [_unit_id(a, level, p) for a, p in zip(units["article_id"], units["position"])])
    units.insert(2, "level", level)
    for col in ("outlet", "published"):
        values = meta[col] if col in meta.columns else pd.Series(dtype=object)
        units[col] = [values.get(a) if a in values.index else None for a in units["article_id"]]
    units = units[units["text"].str.strip() != ""]
    cols = ["unit_id", "article_id", "level", "position", "sent_first", "sent_last", "outlet", "published", "text"]
    return units[cols].sort_values(["article_id", "position"], kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------- uncertainty


def sentence_uncertainty(sentence_frames: pd.DataFrame, threshold: float = 0.5) -> pd.DataFrame:
    """How unsure the current model is about each sentence, in [0, 1].

    If every sentence's frame probabilities sum to 1 (a single-label model), this is the
    normalised entropy of that distribution. Otherwise (one probability per frame, the
    multi-label case) it is the closeness of the frame nearest its decision threshold:
    ``max_f 1 - |p_f - threshold| / max(threshold, 1 - threshold)``, 1 at the threshold.
    """
    p = sentence_frames.pivot_table(index=["article_id", "sent_id"], columns="frame", values="probability",
                                    aggfunc="first").sort_index()
    values = p.to_numpy(dtype=float)
    sums = np.nansum(values, axis=1)
    if p.shape[1] > 1 and np.allclose(sums, 1.0, atol=1e-3):
        with np.errstate(divide="ignore", invalid="ignore"):
            h = -np.nansum(np.where(values > 0, values * np.log(values), 0.0), axis=1)
        score = h / np.log(p.shape[1])
    else:
        score = np.nanmax(1.0 - np.abs(values - threshold) / max(threshold, 1.0 - threshold), axis=1)
    out = p.index.to_frame(index=False)
    out["uncertainty"] = np.clip(score, 0.0, 1.0)
    return out


def unit_uncertainty(units: pd.DataFrame, sentence_frames: pd.DataFrame, threshold: float = 0.5) -> pd.Series:
    """Mean sentence uncertainty of each unit's sentences, indexed by unit_id (NaN: no scores)."""
    scores = sentence_uncertainty(sentence_frames, threshold)
    scores = scores.assign(article_id=scores["article_id"].astype(str), sent_id=scores["sent_id"].astype(int))
    spans = units[["unit_id", "article_id", "sent_first", "sent_last"]].astype({"sent_first": int})
    # Each sentence belongs to the unit whose span starts at or before it (in its article).
    joined = pd.merge_asof(scores.sort_values("sent_id"), spans.sort_values("sent_first"), left_on="sent_id",
                           right_on="sent_first", by="article_id", direction="backward")
    joined = joined[joined["unit_id"].notna() & (joined["sent_id"] <= joined["sent_last"])]
    return joined.groupby("unit_id")["uncertainty"].mean().reindex(units["unit_id"])


# ------------------------------------------------------------------- sampling


def _hash_rank(unit_ids, seed: int) -> np.ndarray:
    """A seeded pseudo-random number per unit that depends only on (seed, unit_id).

    Sorting by it is a random permutation that does not change with numpy versions,
    and a unit keeps its rank when the corpus grows.
    """
    return np.array([int.from_bytes(hashlib.sha256(f"{seed}\x1f{u}".encode()).digest()[:8], "big")
                     for u in unit_ids], dtype=np.uint64)


def _strata(units: pd.DataFrame, by) -> pd.Series:
    parts = []
    for key in by:
        if key in ("year", "month") and key not in units.columns:
            dates = units["published"].fillna("").astype(str)
            col = dates.str[:4] if key == "year" else dates.str[:7]
            col = col.where(col.str.len() == (4 if key == "year" else 7), UNKNOWN)
        elif key in units.columns:
            col = units[key].astype(object).where(units[key].notna(), UNKNOWN).astype(str)
            col = col.where(col.str.strip() != "", UNKNOWN)
        else:
            raise ValueError(f"cannot stratify by {key!r}: not a column of the units (use outlet, year, month, "
                             f"published or another unit column)")
        parts.append(col.to_numpy())
    return pd.Series([" | ".join(t) for t in zip(*parts)], index=units.index, dtype=object)


def _allocate(sizes: pd.Series, n: int, allocation: str) -> pd.Series:
    """How many units to draw from each stratum (sizes indexed by stratum, sorted)."""
    if allocation == "proportional":
        exact = sizes * n / sizes.sum()
        quota = np.floor(exact).astype(int)
        rest = n - int(quota.sum())
        # Largest remainders first; ties go to the stratum that sorts first.
        order = sorted(sizes.index, key=lambda s: (-(exact[s] - quota[s]), list(sizes.index).index(s)))
        for s in order[:rest]:
            quota[s] += 1
        return quota
    if allocation == "equal":
        quota = pd.Series(0, index=sizes.index)
        left = n
        while left > 0:
            open_ = [s for s in sizes.index if quota[s] < sizes[s]]
            share, extra = divmod(left, len(open_))
            for i, s in enumerate(open_):
                take = min(share + (1 if i < extra else 0), sizes[s] - quota[s])
                quota[s] += take
                left -= take
        return quota
    raise ValueError(f"allocation must be 'proportional' or 'equal', got {allocation!r}")


def draw_sample(units: pd.DataFrame, n: int, strategy: str = "random", by=("outlet",), seed: int = 0,
                probabilities: pd.DataFrame | None = None, threshold: float = 0.5,
                allocation: str = "proportional", exclude=()) -> pd.DataFrame:
    """Draw `n` units to code.

    Parameters
    ----------
    units : DataFrame
        From :func:`coding_units` (its ``level`` column says sentence, paragraph or article).
    strategy : {"random", "stratified", "uncertainty"}
        random: a simple random sample. stratified: strata from the `by` columns
        (``outlet``, ``year``, ``month`` or any unit column), `allocation` proportional to
        stratum size (largest-remainder rounding) or equal per stratum (capped at a
        stratum's size; leftover units go to the strata that sort first), random within
        each. uncertainty: the `n` units the current model is least sure about (see
        :func:`unit_uncertainty`; needs `probabilities`, a sentence_frames table); ties
        and units without scores are ordered at random.
    seed : int
        Randomness comes only from a seeded hash of each unit_id (:func:`_hash_rank`).
    exclude : iterable of unit_id
        Units coded in earlier rounds, never drawn again.

    Returns
    -------
    DataFrame
        The drawn units sorted by article and position, plus ``stratum`` (stratified) or
        ``uncertainty`` (uncertainty).
    """
    if strategy not in STRATEGIES:
        raise ValueError(f"strategy must be one of {STRATEGIES}, got {strategy!r}")
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    pool = units[~units["unit_id"].isin(set(exclude))].copy()
    if pool.empty:
        raise ValueError("no units left to draw from (all excluded, or the corpus has no text)")
    if n > len(pool):
        raise ValueError(f"asked for {n} units but only {len(pool)} are available at the "
                         f"{pool['level'].iloc[0]} level; lower --n")
    pool["_rank"] = _hash_rank(pool["unit_id"], seed)
    if strategy == "random":
        chosen = pool.sort_values("_rank", kind="stable").head(n)
    elif strategy == "stratified":
        pool["stratum"] = _strata(pool, tuple(by))
        quota = _allocate(pool.groupby("stratum").size().sort_index(), n, allocation)
        chosen = pd.concat([g.sort_values("_rank").head(int(quota[s])) for s, g in pool.groupby("stratum", sort=True)])
    else:
        if probabilities is None or len(probabilities) == 0:
            raise ValueError("uncertainty sampling needs the current model's sentence_frames probabilities")
        pool["uncertainty"] = unit_uncertainty(pool, probabilities, threshold).to_numpy()
        if pool["uncertainty"].isna().all():
            raise ValueError("no unit has model probabilities: are sentence_frames and the units from the same run?")
        pool["_unscored"] = pool["uncertainty"].isna()
        chosen = pool.sort_values(["_unscored", "uncertainty", "_rank"], ascending=[True, False, True]).head(n)
    chosen = chosen.drop(columns=[c for c in ("_rank", "_unscored", "sent_first", "sent_last") if c in chosen])
    return chosen.sort_values(["article_id", "position"], kind="stable").reset_index(drop=True)

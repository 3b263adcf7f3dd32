"""Intercoder reliability: Krippendorff's alpha, percent agreement, Cohen's kappa.

The data are a *reliability data matrix*: one row per coder, one column per unit,
missing values (a coder who did not code a unit) as None or NaN. Alpha follows
Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011): the values of
each unit are paired through the coincidence matrix, units with fewer than two
values are left out because they cannot be paired, and

    alpha = 1 - D_o / D_e = 1 - (n - 1) * sum_ck o_ck delta2_ck / sum_ck n_c n_k delta2_ck

where o_ck are the coincidences, n_c their marginals, n the number of pairable values
and delta2 the difference function of the level of measurement (nominal, ordinal,
interval, ratio).

Frame coding is often multi-label: a sentence may carry several frames. Coded data
then come as a long table ``unit, coder, frame, value`` (value 1 = frame present,
0 = absent; a coder who did not code a unit has no rows for it). From it we report

- a per-frame alpha: each frame as a binary (nominal) variable per unit;
- ``alpha_per_frame_mean``: the mean of the per-frame alphas that are defined;
- ``alpha_nominal``: nominal alpha on the *label set* each coder gave each unit
  (``"economic;legality"`` is one value, the empty set another). For single-label
  data that is exactly the nominal alpha on the label; for multi-label data it is the
  strict reading, where a unit counts as agreed only if the sets are equal.
"""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

LEVELS = ("nominal", "ordinal", "interval", "ratio")
NO_LABEL = "(none)"  # how an empty label set reads in tables meant for people


class ReliabilityDataError(ValueError):
    """Coded data that cannot be used; the message names the file, row and column."""


# --------------------------------------------------------------------------- alpha


def _sort_values(values):
    try:
        return sorted(values)
    except TypeError:  # mixed types (e.g. 1 and "a"): any fixed order will do for nominal data
        return sorted(values, key=lambda v: (type(v).__name__, str(v)))


def _as_float(matrix: np.ndarray):
    """The matrix as floats (missing -> NaN) if every present value is a real number, else None."""
    if matrix.dtype != object:
        return matrix.astype(float) if np.issubdtype(matrix.dtype, np.number) else None
    flat = matrix.ravel()
    if all(v is None or (isinstance(v, (int, float, np.number)) and not isinstance(v, bool)) for v in flat):
        return np.array([np.nan if v is None else float(v) for v in flat]).reshape(matrix.shape)
    return None


def _plain(v: float):
    """1.0 -> 1 so that value labels read as the coders wrote them."""
    return int(v) if float(v).is_integer() else float(v)


def _value_counts(data, level: str) -> tuple[list, np.ndarray]:
    """(the distinct values, sorted; counts[u, v] = how many coders gave unit u value v)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    if isinstance(data, pd.DataFrame):
        matrix = data.to_numpy(dtype=object)
    else:
        matrix = np.array(data, dtype=object)
    if matrix.ndim != 2:
        raise ValueError("reliability data must be a 2-D matrix: one row per coder, one column per unit")
    by_unit = matrix.T
    numeric = _as_float(by_unit)
    if numeric is not None:  # fast path: numbers with NaN for missing
        present = ~np.isnan(numeric)
        units, _ = np.nonzero(present)
        values, codes = np.unique(numeric[present], return_inverse=True)
        counts = np.zeros((by_unit.shape[0], len(values)))
        np.add.at(counts, (units, codes), 1)
        return [_plain(v) for v in values], counts
    present = ~pd.isna(by_unit)
    units, _ = np.nonzero(present)
    observed = by_unit[present]
    if level != "nominal":
        try:
            observed = np.array([float(v) for v in observed])
        except (TypeError, ValueError) as err:
            raise ValueError(f"{level} alpha needs numeric values: {err}") from None
    values = _sort_values(set(observed.tolist()))
    index = {v: i for i, v in enumerate(values)}
    counts = np.zeros((by_unit.shape[0], len(values)))
    np.add.at(counts, (units, [index[v] for v in observed.tolist()]), 1)
    return values, counts


def _delta(level: str, values, n_c: np.ndarray) -> np.ndarray:
    """Squared difference delta2_ck; `n_c` (..., V) may carry leading resample axes (ordinal)."""
    v = np.asarray(values, dtype=float) if level != "nominal" else None
    if level == "nominal":
        return 1.0 - np.eye(len(values))
    if level == "interval":
        return (v[:, None] - v[None, :]) ** 2
    if level == "ratio":
        total = v[:, None] + v[None, :]
        with np.errstate(invalid="ignore", divide="ignore"):
            d = ((v[:, None] - v[None, :]) / total) ** 2
        return np.where(total == 0, 0.0, d)
    # ordinal: (sum of n_g from c to k, minus half of n_c and n_k) squared; with the
    # running total S this is (S_k - S_c + (n_c - n_k) / 2)^2 for either order of c, k.
    s = np.cumsum(n_c, axis=-1)
    return (s[..., None, :] - s[..., :, None] + (n_c[..., :, None] - n_c[..., None, :]) / 2) ** 2


def _alpha_from_parts(level, values, n_c, observed_sum):
    """Alpha from coincidence marginals n_c (..., V) and sum_ck o_ck delta2_ck (...)."""
    n_c = np.asarray(n_c, dtype=float)
    n = n_c.sum(axis=-1)
    if level == "nominal":
        expected = n**2 - (n_c**2).sum(axis=-1)
    else:
        delta = _delta(level, values, n_c)
        expected = np.einsum("...c,...ck,...k->...", n_c, delta, n_c)
    with np.errstate(invalid="ignore", divide="ignore"):
        alpha = 1.0 - (n - 1.0) * observed_sum / expected
    # No variation among the pairable values (or none to pair): D_e = 0, alpha is 0/0.
    undefined = (n < 2) | (expected <= 1e-12 * np.maximum(n, 1.0) ** 2)
    return np.where(undefined, np.nan, alpha)


class _Pairable:
    """The pairable units of a reliability matrix, reduced to what alpha needs."""

    def __init__(self, data, level: str):
        self.level = level
        self.values, counts = _value_counts(data, level)
        m = counts.sum(axis=1)
        keep = m >= 2
        self.counts, m = counts[keep], m[keep]
        self.n_units = int(keep.sum())
        # Each unit's contribution to sum_ck o_ck delta2_ck is c_u' delta c_u / (m_u - 1):
        # the diagonal of the coincidence matrix never counts, since delta2_cc = 0.
        if level == "nominal":
            self.unit_observed = (m**2 - (self.counts**2).sum(axis=1)) / (m - 1) if self.n_units else np.zeros(0)
        elif level in ("interval", "ratio"):
            delta = _delta(level, self.values, None)
            self.unit_observed = np.einsum("uc,ck,uk->u", self.counts, delta, self.counts) / (m - 1)
        else:  # ordinal: delta depends on the marginals, so keep each unit's pair matrix
            self.unit_pairs = np.einsum("uc,uk->uck", self.counts, self.counts) / (m - 1)[:, None, None]

    @property
    def n_values(self) -> int:
        return int(self.counts.sum())

    def alpha(self, weights=None):
        """Alpha; with `weights` (B, U) of unit multiplicities, one alpha per row."""
        w = np.ones(self.n_units) if weights is None else weights
        n_c = w @ self.counts
        if self.level == "ordinal":
            pairs = np.tensordot(w, self.unit_pairs, axes=(-1, 0))
            observed = (pairs * _delta("ordinal", self.values, n_c)).sum(axis=(-2, -1))
        else:
            observed = w @ self.unit_observed
        return _alpha_from_parts(self.level, self.values, n_c, observed)


def krippendorff_alpha(data, level: str = "nominal") -> float:
    """Krippendorff's alpha of a reliability data matrix.

    Parameters
    ----------
    data : 2-D array-like or DataFrame
        One row per coder, one column per unit; missing values are None or NaN.
        Nominal values may be any hashable (numbers, strings); the other levels need numbers.
    level : {"nominal", "ordinal", "interval", "ratio"}

    Returns
    -------
    float
        Alpha, 1 for perfect agreement, 0 for agreement at chance, below 0 for
        systematic disagreement. NaN when alpha is undefined: fewer than two pairable
        values, or all pairable values equal (expected disagreement is 0, so alpha is
        0/0; Krippendorff leaves it undefined, and so do we rather than calling it 1).
    """
    return float(_Pairable(data, level).alpha())


def coincidence_matrix(data) -> pd.DataFrame:
    """Krippendorff's coincidence matrix o_ck (values x values) of the pairable units.

    Each unit u with m_u >= 2 values adds every ordered pair of its values from
    different coders, weighted 1 / (m_u - 1); the marginals are the pairable values n_c.
    """
    values, counts = _value_counts(data, "nominal")
    m = counts.sum(axis=1)
    counts, m = counts[m >= 2], m[m >= 2]
    o = np.einsum("uc,uk->ck", counts / (m - 1)[:, None], counts) - np.diag((counts / (m - 1)[:, None]).sum(axis=0))
    return pd.DataFrame(o, index=values, columns=values)


def n_pairable_values(data) -> int:
    """The number of values in units coded by at least two coders (Krippendorff's n)."""
    return _Pairable(data, "nominal").n_values


def _resample_weights(n_units: int, n_boot: int, rng, chunk: int):
    """Yield (b, n_units) arrays: how often each unit is drawn in each resample."""
    done = 0
    while done < n_boot:
        b = min(chunk, n_boot - done)
        draws = rng.integers(0, n_units, size=(b, n_units))
        flat = (draws + np.arange(b)[:, None] * n_units).ravel()
        yield np.bincount(flat, minlength=b * n_units).reshape(b, n_units).astype(float)
        done += b


def bootstrap_alpha(data, level: str = "nominal", n_boot: int = 2000, ci: float = 0.95, seed: int = 0) -> dict:
    """Alpha with a bootstrap confidence interval.

    The bootstrap is the nonparametric *percentile* bootstrap over units: each of
    `n_boot` resamples draws the pairable units with replacement (every coder's value
    of a drawn unit comes along), alpha is recomputed, and the interval is the
    ((1 - ci) / 2, (1 + ci) / 2) quantiles of the resampled alphas. This is not the
    Hayes & Krippendorff (2007) KALPHA procedure, which resamples pairs of values
    from the coincidence matrix; resampling units keeps each unit's codes together,
    which is the usual choice when units are the sampled objects. Resamples in which
    alpha is undefined (no variation) are left out and counted in ``n_undefined``.

    The draws come from ``numpy.random.default_rng(seed)`` and depend only on the
    number of pairable units, so data with the same units (e.g. each frame of a
    multi-label coding) are resampled identically.

    Returns
    -------
    dict with ``alpha``, ``ci_low``, ``ci_high``, ``ci``, ``n_boot``, ``n_undefined``, ``seed``.
    """
    return _bootstrap_many([_Pairable(data, level)], n_boot, ci, seed)[0]


def _bootstrap_many(parts: list, n_boot: int, ci: float, seed: int) -> list[dict]:
    """:func:`bootstrap_alpha` for several variables coded on the same units, sharing the draws."""
    if not 0 < ci < 1:
        raise ValueError(f"ci must be between 0 and 1, got {ci}")
    n_units = {p.n_units for p in parts}
    if len(n_units) > 1:
        return [r for p in parts for r in _bootstrap_many([p], n_boot, ci, seed)]
    n_units = n_units.pop()
    outs = [{"alpha": float(p.alpha()), "ci_low": math.nan, "ci_high": math.nan, "ci": ci,
             "n_boot": int(n_boot), "n_undefined": int(n_boot), "seed": seed} for p in parts]
    if n_units == 0 or n_boot <= 0:
        return outs
    rng = np.random.default_rng(seed)
    chunk = max(1, min(n_boot, 2_000_000 // n_units))
    alphas = [[] for _ in parts]
    # One product of the weights with every variable's per-unit counts and observed
    # disagreements side by side: the weights are read once per chunk, not once per variable.
    linear = [i for i, p in enumerate(parts) if p.level != "ordinal"]
    stacked = np.hstack([np.column_stack([parts[i].counts, parts[i].unit_observed]) for i in linear]) \
        if linear else None
    edges = np.cumsum([0] + [parts[i].counts.shape[1] + 1 for i in linear])
    for w in _resample_weights(n_units, n_boot, rng, chunk):
        sums = w @ stacked if linear else None
        for k, i in enumerate(linear):
            block = sums[:, edges[k]:edges[k + 1]]
            p = parts[i]
            alphas[i].append(_alpha_from_parts(p.level, p.values, block[:, :-1], block[:, -1]))
        for i, p in enumerate(parts):
            if p.level == "ordinal":
                alphas[i].append(p.alpha(w))
    for out, got in zip(outs, alphas):
        got = np.concatenate(got)
        defined = got[~np.isnan(got)]
        out["n_undefined"] = int(n_boot - len(defined))
        if len(defined):
            low, high = np.quantile(defined, [(1 - ci) / 2, (1 + ci) / 2])
            out["ci_low"], out["ci_high"] = float(low), float(high)
    return outs


# ------------------------------------------------------------------------ pairs


def _paired(a, b) -> tuple[list, list]:
    a, b = list(a), list(b)
    if len(a) != len(b):
        raise ValueError(f"the two coders' codes differ in length ({len(a)} and {len(b)})")
    keep = [i for i in range(len(a)) if not pd.isna(a[i]) and not pd.isna(b[i])]
    return [a[i] for i in keep], [b[i] for i in keep]


def percent_agreement(a, b) -> float:
    """Share of the units coded by both coders on which they gave the same value (NaN if none)."""
    a, b = _paired(a, b)
    if not a:
        return math.nan
    return sum(x == y for x, y in zip(a, b)) / len(a)


def cohen_kappa(a, b) -> float:
    """Cohen's kappa of two coders over the units both coded.

    kappa = (p_o - p_e) / (1 - p_e), with p_e from each coder's own marginals.
    NaN when undefined (no shared units, or both coders used one and the same value).
    """
    a, b = _paired(a, b)
    if not a:
        return math.nan
    n = len(a)
    p_o = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = pd.Series(a).value_counts(), pd.Series(b).value_counts()
    p_e = float(sum(ca.get(v, 0) * cb.get(v, 0) for v in set(a) | set(b))) / n**2
    if p_e >= 1.0:
        return math.nan
    return (p_o - p_e) / (1.0 - p_e)


# ----------------------------------------------------- coded data (long tables)

_NUM = re.compile(r"(\d+)")


def natural_key(text: str):
    """Sort key that puts 'a/s2' before 'a/s10'."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in _NUM.split(str(text)) if p)


def _sorted_units(units) -> list:
    return sorted(pd.unique(pd.Series(units, dtype=object)).tolist(), key=natural_key)


def check_coded(coded: pd.DataFrame) -> pd.DataFrame:
    """Check a long coded table (unit, coder, frame, value) and return it sorted (units in natural order)."""
    need = ["unit", "coder", "frame", "value"]
    missing = [c for c in need if c not in coded.columns]
    if missing:
        raise ReliabilityDataError(f"coded data lack columns {missing}; expected {need}")
    coded = coded[need].astype({"unit": str, "coder": str, "frame": str})
    coded = coded.assign(value=coded["value"].astype(int))
    if not coded["value"].isin([0, 1]).all():
        raise ReliabilityDataError("coded values must be 0 (frame absent) or 1 (frame present)")
    dup = coded.duplicated(["unit", "coder", "frame"])
    if dup.any():
        row = coded[dup].iloc[0]
        raise ReliabilityDataError(f"unit {row.unit!r}: coder {row.coder!r} has frame {row.frame!r} twice")
    order = pd.Categorical(coded["unit"], categories=_sorted_units(coded["unit"])).codes
    return (coded.assign(_o=order).sort_values(["_o", "coder", "frame"], kind="stable")
            .drop(columns="_o").reset_index(drop=True))


class CodedData:
    """A long coded table as arrays: ``marks[coder, unit, frame]`` (1/0), ``coded[coder, unit]``.

    A coder who coded a unit but has no row for some frame counts as not marking it.
    ``set_ids[coder, unit]`` numbers each distinct label set (NaN: not coded), and
    ``set_labels[i]`` spells set i as sorted, ';'-joined frame ids ('' for none).
    """

    def __init__(self, coded: pd.DataFrame, frames=None):
        coded = check_coded(coded)
        self.units = list(dict.fromkeys(coded["unit"]))  # already in natural order
        self.coders = sorted(coded["coder"].unique())
        extra = sorted(set(coded["frame"]) - set(frames or ()))
        self.frames = list(frames or []) + extra
        u = pd.Categorical(coded["unit"], categories=self.units).codes
        c = pd.Categorical(coded["coder"], categories=self.coders).codes
        f = pd.Categorical(coded["frame"], categories=self.frames).codes
        self.marks = np.zeros((len(self.coders), len(self.units), len(self.frames)), dtype=np.int8)
        self.coded = np.zeros((len(self.coders), len(self.units)), dtype=bool)
        self.marks[c, u, f] = coded["value"].to_numpy()
        self.coded[c, u] = True
        rows = self.marks[self.coded].astype(bool)
        if len(rows):
            uniq, inverse = np.unique(rows, axis=0, return_inverse=True)
        else:
            uniq, inverse = np.zeros((0, len(self.frames)), bool), np.zeros(0, int)
        order = np.argsort(self.frames)  # join frame ids alphabetically
        self.set_labels = [";".join(self.frames[j] for j in order if row[j]) for row in uniq]
        self.set_ids = np.full(self.coded.shape, np.nan)
        self.set_ids[self.coded] = inverse.ravel()
        self.single_label = bool(len(rows)) and bool((rows.sum(axis=1) == 1).all())

    def frame_matrix(self, j: int) -> np.ndarray:
        """coders x units, 1/0 for frame j, NaN where not coded."""
        return np.where(self.coded, self.marks[:, :, j], np.nan)

    def label(self, set_id) -> str | None:
        return None if np.isnan(set_id) else self.set_labels[int(set_id)]

    def label_sets(self) -> pd.DataFrame:
        c, u = np.nonzero(self.coded.T)[::-1]
        order = np.lexsort((c, u))
        c, u = c[order], u[order]
        return pd.DataFrame({"unit": [self.units[i] for i in u], "coder": [self.coders[i] for i in c],
                             "labels": [self.set_labels[int(k)] for k in self.set_ids[c, u]]})

    def disagreeing_units(self) -> np.ndarray:
        """Indices of units coded by two or more coders whose label sets differ."""
        with np.errstate(invalid="ignore"):
            lo = np.nanmin(np.where(self.coded, self.set_ids, np.inf), axis=0)
            hi = np.nanmax(np.where(self.coded, self.set_ids, -np.inf), axis=0)
        return np.flatnonzero((self.coded.sum(axis=0) >= 2) & (lo != hi))


def label_sets(coded: pd.DataFrame) -> pd.DataFrame:
    """One row per (unit, coder): ``labels`` = the frames marked 1, sorted and ';'-joined ('' for none)."""
    return CodedData(coded).label_sets()


def reliability_report(coded: pd.DataFrame, frames=None, n_boot: int = 2000, ci: float = 0.95,
                       seed: int = 0) -> dict:
    """Everything `framescope reliability` writes to reliability.json, from a long coded table.

    `frames` fixes the list (and order) of frames reported; by default every frame in
    the data. Alphas that are undefined are None (JSON null).
    """
    data = coded if isinstance(coded, CodedData) else CodedData(coded, frames)
    report_frames = list(frames) if frames is not None else sorted(data.frames)
    parts = [_Pairable(data.set_ids, "nominal")]
    parts += [_Pairable(data.frame_matrix(data.frames.index(f)), "nominal") for f in report_frames]
    boots = _bootstrap_many(parts, n_boot, ci, seed)
    overall = boots[0]
    per_frame = {}
    for f, boot in zip(report_frames, boots[1:]):
        marks = data.marks[:, :, data.frames.index(f)][data.coded]
        per_frame[f] = {"alpha": num(boot["alpha"]), "ci": [num(boot["ci_low"]), num(boot["ci_high"])],
                        "share_marked": num(float(marks.mean()) if len(marks) else 0.0)}
    defined = [v["alpha"] for v in per_frame.values() if v["alpha"] is not None]

    pairwise = []
    for (i, a), (j, b) in itertools.combinations(enumerate(data.coders), 2):
        xa, xb = data.set_ids[i], data.set_ids[j]
        pairwise.append({"coders": [a, b], "n_units": int((data.coded[i] & data.coded[j]).sum()),
                         "percent_agreement": num(percent_agreement(xa, xb)),
                         "cohen_kappa": num(cohen_kappa(xa, xb))})
    return {
        "alpha_nominal": num(overall["alpha"]),
        "alpha_nominal_ci": [num(overall["ci_low"]), num(overall["ci_high"])],
        "alpha_per_frame_mean": num(float(np.mean(defined))) if defined else None,
        "n_frames_alpha_defined": len(defined),
        "coding": "single-label" if data.single_label else "multi-label",
        "coders": data.coders,
        "n_coders": len(data.coders),
        "n_units": len(data.units),
        "n_units_pairable": int((data.coded.sum(axis=0) >= 2).sum()),
        "n_pairable_values": parts[0].n_values,
        "n_disagreements": int(len(data.disagreeing_units())),
        "per_frame": per_frame,
        "pairwise": pairwise,
        "bootstrap": {"method": "percentile bootstrap over units", "n_boot": int(n_boot), "ci": ci,
                      "seed": seed, "n_undefined": overall["n_undefined"]},
        "alpha_definition": ("alpha_nominal: nominal Krippendorff alpha on each coder's label set per unit "
                             "(= alpha on the label for single-label data); per_frame: each frame as a binary "
                             "variable; alpha_per_frame_mean: mean of the defined per-frame alphas"),
    }


def num(x):
    """A float for JSON: rounded to 6 places, None for NaN."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return round(float(x), 6)


def disagreements(coded, texts: dict | None = None) -> pd.DataFrame:
    """The units whose coders' label sets differ, one row each, for the coders to resolve.

    Columns: ``unit, text``, one column per coder with that coder's frames
    (';'-joined; '(none)' for a unit coded with no frame; blank if the coder did not
    code the unit), and an empty ``resolved`` column to fill in with the agreed frames
    (then pass the file to ``framescope adjudicate --resolved``).
    """
    data = coded if isinstance(coded, CodedData) else CodedData(coded)
    rows = data.disagreeing_units()
    out = pd.DataFrame({"unit": [data.units[u] for u in rows],
                        "text": [(texts or {}).get(data.units[u], "") for u in rows]})
    for i, coder in enumerate(data.coders):
        out[coder] = [readable(data.label(data.set_ids[i, u])) for u in rows]
    out["resolved"] = ""
    return out


def readable(labels: str | None) -> str:
    """A label set as people read it: '(none)' for no frame, '' for not coded."""
    return "" if labels is None else (labels or NO_LABEL)


# ------------------------------------------------------------ the long CSV form


def read_long(path, codebook=None) -> pd.DataFrame:
    """Read a long CSV ``unit,coder,label`` into a coded table (unit, coder, frame, value).

    A coder who gave a unit several labels has several rows; a unit a coder did not
    code has none. Every label any coder used becomes a frame (or, with `codebook`,
    each label must be one of its frame ids). Errors name the row (row 1 = header).
    """
    path = Path(path)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.EmptyDataError, pd.errors.ParserError) as err:
        raise ReliabilityDataError(f"{path}: cannot read as CSV: {err}") from None
    raw.columns = [c.strip() for c in raw.columns]
    missing = [c for c in ("unit", "coder", "label") if c not in raw.columns]
    if missing:
        raise ReliabilityDataError(f"{path}: missing column(s) {missing}; the long form has columns unit,coder,label")
    raw = raw[["unit", "coder", "label"]].apply(lambda s: s.str.strip())
    known = set(codebook.ids) if codebook is not None else None
    errors = []
    blank = (raw == "").any(axis=1)
    split = raw["label"].str.contains(";", regex=False)
    unknown = ~raw["label"].isin(known) & (raw["label"] != "") if known is not None else split & False
    # Check row by row only where something is wrong, so large files stay fast.
    for i in np.flatnonzero((blank | split | unknown).to_numpy()):
        row = raw.iloc[i]
        for col in ("unit", "coder", "label"):
            if row[col] == "":
                errors.append(f"{path.name} row {i + 2}: blank {col}; leave the row out if the coder did not code "
                              "the unit")
        if ";" in row["label"]:
            errors.append(f"{path.name} row {i + 2}: label {row['label']!r} contains ';'; give one label per row")
        elif known is not None and row["label"] and row["label"] not in known:
            errors.append(f"{path.name} row {i + 2}: unknown frame {row['label']!r}; the codebook's frames are "
                          f"{sorted(known)}")
    dup = raw.duplicated(keep="first")
    for i in np.flatnonzero(dup.to_numpy()):
        errors.append(f"{path.name} row {i + 2}: repeats an earlier row ({raw.iloc[i].tolist()})")
    if errors:
        raise ReliabilityDataError(join_errors(errors))
    if raw.empty:
        raise ReliabilityDataError(f"{path}: no coded rows")
    frames = list(codebook.ids) if codebook is not None else sorted(raw["label"].unique())
    pairs = raw[["unit", "coder"]].drop_duplicates()
    full = pairs.merge(pd.DataFrame({"frame": frames}), how="cross")
    marked = raw.rename(columns={"label": "frame"}).assign(value=1)
    coded = full.merge(marked, on=["unit", "coder", "frame"], how="left").fillna({"value": 0})
    return check_coded(coded)


def join_errors(errors: list[str], limit: int = 20) -> str:
    """The problems found in coded data as one message: the first `limit`, and how many more."""
    more = f"\n  ... and {len(errors) - limit} more" if len(errors) > limit else ""
    return f"{len(errors)} problem(s) in the coded data:\n  " + "\n  ".join(errors[:limit]) + more


# ------------------------------------------------ other levels, the summary line


def level_alpha(data: CodedData, level: str) -> float:
    """Alpha at `level` of single-label data, each coder's label the value."""
    if not data.single_label:
        raise ReliabilityDataError(f"--level {level} needs single-label data (one label per unit and coder)")
    labels = np.vectorize(lambda k: data.label(k) or "", otypes=[object])(data.set_ids)
    return krippendorff_alpha(np.where(data.coded, labels, None), level)


def summary_line(report: dict, disagreements_path) -> str:
    def f(x):
        return "undefined" if x is None else f"{x:.3f}"

    low, high = report["alpha_nominal_ci"]
    ci = f" [{f(low)}, {f(high)}]" if low is not None else ""
    return (f"alpha (nominal) = {f(report['alpha_nominal'])}{ci}, per-frame mean {f(report['alpha_per_frame_mean'])}; "
            f"{report['n_units']} units, {report['n_coders']} coders, {report['n_pairable_values']} pairable values; "
            f"{report['n_disagreements']} disagreements -> {disagreements_path}")

"""Resolving the coders' codes into one label set per unit (agreement, majority, adjudication), as training data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from framescope.coding import reliability
from framescope.coding.sheets import CodingSheetError, csv_bytes, read_sheet_table, read_sheets
from framescope.base.io import atomic_path


def read_resolved(path, codebook) -> dict:
    """unit -> agreed label set ('a;b', '' for none) from an adjudication file.

    Either the disagreements.csv of `framescope reliability` with its ``resolved``
    column filled ('economic;legality', or 'none' / '(none)'; blank = still open), or an
    adjudicator's coding sheet (frame columns, like a coder's).
    """
    path = Path(path)
    table = read_sheet_table(path)
    if "resolved" not in table.columns:
        coded, _ = read_sheets([path], codebook, None, allow_blank=True)
        sets = reliability.label_sets(coded)
        return dict(zip(sets["unit"], sets["labels"]))
    known, out, errors = set(codebook.ids), {}, []
    unit_col = "unit" if "unit" in table.columns else "unit_id"
    for i, row in enumerate(table.to_dict("records"), start=2):
        cell = row["resolved"].strip()
        if not cell:
            continue
        if cell.lower() in ("none", reliability.NO_LABEL):
            out[row[unit_col].strip()] = ""
            continue
        labels = sorted({x.strip() for x in cell.split(";") if x.strip()})
        unknown = [x for x in labels if x not in known]
        if unknown:
            errors.append(f"{path.name} row {i}: unknown frame {unknown[0]!r} in 'resolved'; the codebook's "
                          f"frames are {sorted(known)} (separate several with ';', write 'none' for none)")
        out[row[unit_col].strip()] = ";".join(labels)
    if errors:
        raise CodingSheetError(reliability.join_errors(errors))
    return out


def resolve(coded: pd.DataFrame, adjudicated: dict | None = None):
    """Resolve the coders' codes to one label set per unit.

    Per unit, in this order: an adjudicated label set (from :func:`read_resolved`) wins;
    else the codes if all its coders agree (or it has a single coder); else the per-frame
    majority: a frame is in if more than half the unit's coders marked it. The unit is
    left *unresolved* when a frame was marked by exactly half, or when that majority
    leaves no frame although most coders marked one (three coders, three different
    frames).

    Returns (resolved, unresolved): ``resolved`` has ``unit, labels, how`` (how: adjudicated,
    agreed, single coder, majority); ``unresolved`` has ``unit`` and one column per coder.
    """
    data = coded if isinstance(coded, reliability.CodedData) else reliability.CodedData(coded)
    adjudicated = adjudicated or {}
    k = data.coded.sum(axis=0)  # coders per unit
    votes = np.where(data.coded[:, :, None], data.marks, 0).sum(axis=0)  # units x frames
    n_marking = (data.coded & (data.marks.sum(axis=2) > 0)).sum(axis=0)
    disagree = set(data.disagreeing_units().tolist())
    order = np.argsort(data.frames)
    resolved, open_ = [], []
    for u, unit in enumerate(data.units):
        if unit in adjudicated:
            resolved.append((unit, adjudicated[unit], "adjudicated"))
        elif u not in disagree:
            first = int(np.flatnonzero(data.coded[:, u])[0])
            resolved.append((unit, data.label(data.set_ids[first, u]), "single coder" if k[u] == 1 else "agreed"))
        else:
            chosen = [data.frames[j] for j in order if votes[u, j] * 2 > k[u]]
            if (votes[u] * 2 == k[u]).any() or (not chosen and n_marking[u] * 2 > k[u]):
                open_.append(u)
            else:
                resolved.append((unit, ";".join(chosen), "majority"))
    resolved = pd.DataFrame(resolved, columns=["unit", "labels", "how"])
    unresolved = pd.DataFrame({"unit": [data.units[u] for u in open_]})
    for i, coder in enumerate(data.coders):
        unresolved[coder] = [reliability.readable(data.label(data.set_ids[i, u])) for u in open_]
    return resolved, unresolved


def unresolved_table(unresolved: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """The unresolved units laid out like disagreements.csv (unit, text, coders..., resolved)."""
    table = unresolved.merge(units[["unit", "text"]], on="unit", how="left")
    coders = [c for c in unresolved.columns if c != "unit"]
    return table[["unit", "text", *coders]].assign(resolved="")


def to_training_csv(resolved: pd.DataFrame, units: pd.DataFrame, path, drop_empty: bool = False) -> pd.DataFrame:
    """Write resolved units as training data: ``text,labels,article_id,unit_id`` (labels ';'-separated).

    Units with no frame keep an empty ``labels`` (a negative example for every frame)
    unless `drop_empty`. Rows are sorted by article and unit; the file is UTF-8 without BOM.
    """
    table = resolved.merge(units, on="unit", how="left")
    if drop_empty:
        table = table[table["labels"] != ""]
    table = table.assign(_k=table["unit"].map(reliability.natural_key)).sort_values(
        ["article_id", "_k"], kind="stable")
    out = pd.DataFrame({"text": table["text"], "labels": table["labels"],
                        "article_id": table["article_id"], "unit_id": table["unit"]}).reset_index(drop=True)
    with atomic_path(path) as tmp:
        tmp.write_bytes(csv_bytes(out, bom=False))
    return out

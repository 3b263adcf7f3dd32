"""Labelled framing data in the formats researchers have, read into one shape.

Every loader returns a :class:`LabelledData`: a table with one row per coded text
(``text``, ``labels`` as a list of frame ids, ``article_id``, ``outlet``, ``group``),
the label space in a fixed order with human names, whether the data is
single-label (exactly one frame per text) or multi-label, and every input row that
was left out with the reason (never a silent drop).

Formats (:data:`FORMATS`):

``csv`` / ``jsonl``
    A text column (``text``) and a label column (``labels``, ``label``, ``frames`` or
    ``frame``): one label, several separated by ``;``, or a JSON list. Optional
    ``article_id`` (or ``article``), ``outlet``, ``group``.
``semeval2023``
    SemEval-2023 Task 3 subtask 2: a folder of ``article<ID>.txt`` (title, blank
    line, body) and a labels file of ``<ID>\\t<Frame_a>,<Frame_b>`` lines.
``mfc``
    Media Frames Corpus annotation JSON (article key -> record with span
    annotations; codes ``x.0`` frame spans, ``x.1`` headline frame, ``x.2`` primary
    frame, and/or a ``primary_frame`` field) joined to texts the user supplies.
``gvfc``
    Gun Violence Frame Corpus (CSV, TSV or XLSX): ``news_title``, ``Q3 Theme1``,
    ``Q3 Theme2`` (themes 1-9, 99 = none).
``frermann2023``
    Frermann et al. (2023) TSV: ``ID source mbfc date text RE HI CO MO EC`` with
    True/False for the five generic frames.
``frac``
    ``sentence,label`` with Media Frames Corpus numeric codes (1-15).

Loaders take the published files as they are: a malformed row (the wrong number of
fields, a value that is not a label, a line that is not JSON) is skipped and listed in
``LabelledData.skipped`` with its file and line; only a file that cannot be read fails.

Nothing here downloads anything: the user points at files they have.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from framescope.frames.formats.common import LabelledData, LabelledDataError, label_key
from framescope.frames.formats.frac import load_frac
from framescope.frames.formats.frermann2023 import load_frermann2023
from framescope.frames.formats.gvfc import load_gvfc
from framescope.frames.formats.mfc import load_mfc, mfc_code
from framescope.frames.formats.semeval2023 import load_semeval2023
from framescope.frames.formats.tabular import load_table

FORMATS = ("csv", "jsonl", "semeval2023", "mfc", "gvfc", "frermann2023", "frac")
# Skipped rows named one by one in the log; the rest are counted.
SKIPPED_LOGGED = 10

log = logging.getLogger("framescope")


def load(fmt: str, path, labels=None, **options) -> LabelledData:
    """Read labelled data of format `fmt` from `path` (and the separate `labels` file where the format has one)."""
    if fmt not in FORMATS:
        raise LabelledDataError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{fmt} data {path} does not exist")
    if labels is not None and not Path(labels).is_file():
        raise FileNotFoundError(f"{fmt} labels file {labels} does not exist")
    loader = {
        "csv": load_table,
        "jsonl": load_table,
        "semeval2023": load_semeval2023,
        "mfc": load_mfc,
        "gvfc": load_gvfc,
        "frermann2023": load_frermann2023,
        "frac": load_frac,
    }[fmt]
    if fmt in ("semeval2023", "mfc"):
        data = loader(path, labels, **options)
    else:
        if labels is not None:
            raise LabelledDataError(f"format {fmt} keeps its labels in the data file; drop --labels {labels}")
        data = loader(path, **options)
    if fmt == "jsonl":
        data.format = "jsonl"
    data.skipped.sort(key=lambda e: (e["file"], -1 if e["line"] is None else e["line"]))
    if len(data.data) == 0:
        reasons = sorted({e["reason"] for e in data.excluded + data.skipped})[:3]
        raise LabelledDataError(
            f"{path}: no usable labelled texts ({len(data.excluded)} left out, {len(data.skipped)} malformed "
            f"row(s) skipped: {reasons})"
        )
    for entry in data.skipped[:SKIPPED_LOGGED]:
        log.warning("skipped %s:%s: %s", entry["file"], entry["line"], entry["reason"])
    if len(data.skipped) > SKIPPED_LOGGED:
        log.warning("... and %d more malformed rows skipped", len(data.skipped) - SKIPPED_LOGGED)
    return data


def skipped_summary(*datasets: LabelledData | None, first: int = 20) -> dict:
    """The malformed rows the loaders skipped: ``{"n": count, "rows": the first `first` entries}``."""
    rows = [entry for data in datasets if data is not None for entry in data.skipped]
    return {"n": len(rows), "rows": rows[:first]}


# --------------------------------------------------------------------------- codebooks


def map_to_codebook(data: LabelledData, codebook) -> LabelledData:
    """Relabel `data` with the frame ids of `codebook`.

    A label matches a frame by the name the codebook gives it in the data's own scheme
    (``aliases: {semeval2023: ...}``, ``{frermann2023: ...}``), then by id, by name
    (case, spaces, underscores and punctuation ignored: SemEval's
    ``Legality_Constitutionality_and_jurisprudence`` is the codebook's "Legality,
    constitutionality and jurisprudence"), by numeric code, or by a name in any other
    scheme. A label that matches no frame is an error naming it.
    """
    table: dict[str, str] = {}
    for frame in codebook.frames:
        for alias in frame.alias(data.format):
            table.setdefault(label_key(alias), frame.id)
    for frame in codebook.frames:
        for k in (frame.id, frame.label, str(frame.code)):
            table.setdefault(label_key(k), frame.id)
    for frame in codebook.frames:
        for _, names in frame.aliases:
            for k in names:
                table.setdefault(label_key(k), frame.id)
    mapping = {}
    for label in data.frames:
        candidates = [label, data.names.get(label, label)]
        parsed = mfc_code(label)
        if parsed is not None:
            candidates.append(str(parsed[0]))
        hit = next((table[label_key(c)] for c in candidates if label_key(c) in table), None)
        if hit is None:
            raise LabelledDataError(
                f"label {label!r} of the {data.format} data matches no frame of codebook {codebook.name!r} "
                f"(frames: {codebook.ids}); add it to the codebook or evaluate without --codebook"
            )
        mapping[label] = hit
    df = data.data.copy()
    df["labels"] = pd.Series(
        [list(dict.fromkeys(mapping[lab] for lab in labs)) for labs in df["labels"]], index=df.index, dtype=object
    )
    used = set(mapping.values())
    frames = [f for f in codebook.ids if f in used]
    return LabelledData(
        format=data.format,
        data=df,
        frames=frames,
        names={f.id: f.label for f in codebook.frames if f.id in used},
        multi_label=data.multi_label,
        unit=data.unit,
        excluded=list(data.excluded),
        source=data.source,
        skipped=list(data.skipped),
    )

"""Labelled sentiment data: read it, check it, and put it in one shape.

Every loader returns a frame with the columns

    id            str: the row's identifier (from the file, else "<file>:<line>")
    text          str: the sentence (or longer text)
    label         "negative" | "neutral" | "positive"
    target        str | None: the words the sentiment is about, as written
    target_start  int | None: character offset of the target in ``text``
    target_end    int | None: end offset (exclusive), ``text[target_start:target_end] == target``

Sentence-level data has no target (the three target columns are empty);
target-dependent data has one row per target, so a sentence with two targets gives
two rows with the same text.

Formats (``read_labelled(path, format)``):

- ``csv``: a header with ``text`` and ``label``, optional ``id``, and for
  target-dependent data either ``target_start``/``target_end`` (character offsets) or
  ``target`` (the words; its first occurrence in the text is used) or both.
- ``jsonl``: one JSON object a line with the same fields.
- ``newsmtsc``: the NewsMTSC format (Hamborg & Donnay, EACL 2021): one JSON object a
  line with ``sentence_normalized``, ``primary_gid`` and ``targets``, each target with
  ``from``, ``to`` (the mention's span), ``mention`` and ``polarity`` (2.0 negative,
  4.0 neutral, 6.0 positive). Its readme calls ``to`` the last character, but in the
  released files ``sentence_normalized[from:to] == mention``; both readings are accepted
  and checked against ``mention``. The Hugging Face copy (``sentence``, ``polarity``
  -1/0/1, one target a line) is read by the same loader.

Labels may be written ``negative``/``neutral``/``positive`` (any case), ``neg``/
``neu``/``pos``, ``-1``/``0``/``1`` or NewsMTSC's ``2``/``4``/``6``. A malformed row is
skipped and reported with its file, line and what is wrong (``read_labelled_data``);
only a file that cannot be read fails. Nothing is dropped silently.
"""

from __future__ import annotations

import csv
import logging
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from framescope.base.records import json_records, skip_row, text_lines

LABELS = ("negative", "neutral", "positive")
FORMATS = ("csv", "jsonl", "newsmtsc")
COLUMNS = ["id", "text", "label", "target", "target_start", "target_end"]
# Skipped rows named one by one in the log; the rest are counted.
SKIPPED_LOGGED = 10

log = logging.getLogger("framescope")

_LABEL_NAMES = {
    "negative": "negative", "neg": "negative", "-1": "negative", "2": "negative",
    "neutral": "neutral", "neu": "neutral", "0": "neutral", "4": "neutral",
    "positive": "positive", "pos": "positive", "1": "positive", "6": "positive",
}


class SentimentDataError(ValueError):
    """A labelled sentiment file that cannot be read as it claims to be."""


def normalise_label(value, where: str) -> str:
    """``value`` as negative/neutral/positive; `where` names the file and line in the error."""
    try:
        return _label(value)
    except SentimentDataError as err:
        raise SentimentDataError(f"{where}: {err}") from None


def _label(value) -> str:
    if isinstance(value, bool) or value is None:
        raise SentimentDataError(f"label {value!r} is not one of {list(LABELS)}")
    key = str(int(value) if isinstance(value, float) and value.is_integer() else value).strip().lower()
    if key.endswith(".0"):
        key = key[:-2]
    if key not in _LABEL_NAMES:
        raise SentimentDataError(
            f"label {value!r} is not one of {list(LABELS)} (or neg/neu/pos, -1/0/1, NewsMTSC 2/4/6)")
    return _LABEL_NAMES[key]


def _offset(value, key: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise SentimentDataError(f"{key} {value!r} is not a whole number") from None
    if not number.is_integer() or number < 0:
        raise SentimentDataError(f"{key} {value!r} is not a non-negative whole number")
    return int(number)


def _row(record: dict, default_id: str) -> dict:
    """One checked row from a csv/jsonl record; a SentimentDataError says what is wrong with it."""
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise SentimentDataError("'text' is missing or empty")
    if "label" not in record:
        raise SentimentDataError("'label' is missing")
    label = _label(record["label"])
    target = record.get("target")
    if target is not None and not isinstance(target, str):
        raise SentimentDataError(f"'target' must be text, got {target!r}")
    target = target if target and target.strip() else None
    start = _offset(record.get("target_start"), "target_start")
    end = _offset(record.get("target_end"), "target_end")
    if (start is None) != (end is None):
        raise SentimentDataError("give both target_start and target_end, or neither")
    if start is not None:
        if not start < end <= len(text):
            raise SentimentDataError(f"target span {start}:{end} is outside the text ({len(text)} characters)")
        if target is not None and text[start:end] != target:
            raise SentimentDataError(f"text[{start}:{end}] is {text[start:end]!r}, not the target {target!r}")
        target = text[start:end]
    elif target is not None:
        start = text.find(target)
        if start < 0:
            raise SentimentDataError(f"target {target!r} does not occur in the text")
        end = start + len(target)
    rid = record.get("id")
    return {"id": str(rid) if rid not in (None, "") else default_id, "text": text, "label": label,
            "target": target, "target_start": start, "target_end": end}


def _read_csv(path: Path, skipped: list[dict]) -> list[dict]:
    rows = []
    reader = csv.reader(text_lines(path, SentimentDataError, newline=""))
    fields = None
    last = 0  # the physical line the previous record ended on (a quoted field may span lines)
    for values in reader:
        line, last = last + 1, reader.line_num
        if not values:
            continue
        if fields is None:
            fields = values
            missing = [c for c in ("text", "label") if c not in fields]
            if missing:
                raise SentimentDataError(f"{path}: the header lacks {missing}; it has {fields}")
            continue
        if len(values) != len(fields):
            skip_row(skipped, path, line, f"{len(values)} fields, the header has {len(fields)}")
            continue
        try:
            rows.append(_row(dict(zip(fields, values)), f"{path.name}:{line}"))
        except SentimentDataError as err:
            skip_row(skipped, path, line, str(err))
    if fields is None:
        raise SentimentDataError(f"{path}: no header (text,label,...)")
    return rows


def _read_jsonl(path: Path, skipped: list[dict]) -> list[dict]:
    rows = []
    for n, record in json_records(path, skipped, SentimentDataError):
        try:
            rows.append(_row(record, f"{path.name}:{n}"))
        except SentimentDataError as err:
            skip_row(skipped, path, n, str(err))
    return rows


def _newsmtsc_span(sentence: str, target: dict) -> tuple[int, int]:
    for key in ("from", "to", "mention"):
        if key not in target:
            raise SentimentDataError(f"target lacks {key!r}")
    a = _offset(target["from"], "from")
    b = _offset(target["to"], "to")
    mention = target["mention"]
    if a is None or b is None:
        raise SentimentDataError("'from' and 'to' must be given")
    if sentence[a:b] == mention:
        return a, b
    if sentence[a:b + 1] == mention:  # 'to' as the last character, as the readme says
        return a, b + 1
    raise SentimentDataError(f"sentence[{a}:{b}] is {sentence[a:b]!r}, not the mention {mention!r}")


def _read_newsmtsc(path: Path, skipped: list[dict]) -> list[dict]:
    rows = []
    for n, record in json_records(path, skipped, SentimentDataError):
        if "targets" not in record and "sentence" in record:  # the Hugging Face layout
            sentence = record["sentence"]
            targets = [record]
            gid = record.get("id")
        else:
            sentence = record.get("sentence_normalized")
            targets = record.get("targets")
            gid = record.get("primary_gid")
            if not isinstance(targets, list) or not targets:
                skip_row(skipped, path, n, "'targets' must be a non-empty list")
                continue
        if not isinstance(sentence, str) or not sentence.strip():
            skip_row(skipped, path, n, "'sentence_normalized' is missing or empty")
            continue
        for k, target in enumerate(targets):
            try:
                if not isinstance(target, dict):
                    raise SentimentDataError("expected an object")
                a, b = _newsmtsc_span(sentence, target)
                if "polarity" not in target:
                    raise SentimentDataError("'polarity' is missing")
                label = _label(target["polarity"])
            except SentimentDataError as err:
                skip_row(skipped, path, n, f"targets[{k}]: {err}")
                continue
            tid = target.get("Input.gid") or (f"{gid}:{k}" if gid else f"{path.name}:{n}:{k}")
            rows.append({"id": str(tid), "text": sentence, "label": label,
                         "target": sentence[a:b], "target_start": a, "target_end": b})
    return rows


_READERS = {"csv": _read_csv, "jsonl": _read_jsonl, "newsmtsc": _read_newsmtsc}


class LabelledSentiment(NamedTuple):
    """Labelled sentiment rows in the common frame, and the malformed rows skipped on the way."""

    data: pd.DataFrame
    skipped: list[dict]  # {"file", "line", "reason"}, in file order


def read_labelled_data(path: str | Path, format: str) -> LabelledSentiment:
    """Read labelled sentiment data in ``format`` (csv, jsonl or newsmtsc), skipping malformed rows.

    A row that cannot be used (not JSON, the wrong number of fields, a label that is not
    one, a target that is not in its sentence) is skipped and listed in ``skipped`` with
    its file and line; a NewsMTSC line's bad target is skipped alone. Only a file that
    cannot be read (missing, not UTF-8, no header columns, no usable row) fails.
    """
    if format not in _READERS:
        raise SentimentDataError(f"unknown format {format!r}; use one of {list(FORMATS)}")
    path = Path(path)
    if not path.is_file():
        raise SentimentDataError(f"{path}: file not found")
    skipped: list[dict] = []
    rows = _READERS[format](path, skipped)
    if not rows:
        first = f"; line {skipped[0]['line']}: {skipped[0]['reason']}" if skipped else ""
        raise SentimentDataError(f"{path}: no labelled rows ({len(skipped)} malformed{first})")
    for entry in skipped[:SKIPPED_LOGGED]:
        log.warning("skipped %s:%s: %s", entry["file"], entry["line"], entry["reason"])
    if len(skipped) > SKIPPED_LOGGED:
        log.warning("... and %d more malformed rows skipped", len(skipped) - SKIPPED_LOGGED)
    return LabelledSentiment(_frame(rows), skipped)


def read_labelled(path: str | Path, format: str) -> pd.DataFrame:
    """The rows of :func:`read_labelled_data` (the skipped ones are logged)."""
    return read_labelled_data(path, format).data


def skipped_summary(skipped: list[dict], first: int = 20) -> dict:
    """``{"n": count, "rows": the first `first` entries}`` for metrics.json."""
    return {"n": len(skipped), "rows": skipped[:first]}


def _frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=COLUMNS)
    for c in ("target_start", "target_end"):
        df[c] = df[c].astype("Int64")
    for c in ("id", "text", "label", "target"):
        df[c] = df[c].astype(object)
    return df


def has_targets(df: pd.DataFrame, where: str = "data") -> bool:
    """True if every row has a target span, False if none has; an error for a mixture."""
    with_span = df["target_start"].notna()
    if with_span.all():
        return True
    if not with_span.any():
        return False
    raise SentimentDataError(f"{where}: {int((~with_span).sum())} of {len(df)} rows have no target; "
                             "give a target for every row or for none")


def load_target_starter() -> pd.DataFrame:
    """The bundled target-dependent starter set (NewsMTSC format); see ``data/target_sentiment_starter.md``."""
    source = resources.files("framescope").joinpath("data", "target_sentiment_starter.jsonl")
    with resources.as_file(source) as path:
        return read_labelled(path, "newsmtsc")


def label_metrics(y_true, y_pred) -> dict:
    """Macro-F1, accuracy, per-label precision/recall/F1/support and the confusion matrix.

    The shape every framescope sentiment score is reported in (training, ``evaluate-sentiment``);
    confusion rows are the true labels, columns the predicted ones, both in ``LABELS`` order.
    """
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

    y_true = [str(y) for y in y_true]
    y_pred = [str(y) for y in y_pred]
    labels = list(LABELS)
    precision, recall, f1, support = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)

    def r(x):
        return round(float(x), 6)

    return {
        "macro_f1": r(f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0)),
        "accuracy": r(accuracy_score(y_true, y_pred)) if y_true else 0.0,
        "per_label": {
            lab: {"precision": r(precision[i]), "recall": r(recall[i]), "f1": r(f1[i]), "support": int(support[i])}
            for i, lab in enumerate(labels)
        },
        "confusion": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
    }

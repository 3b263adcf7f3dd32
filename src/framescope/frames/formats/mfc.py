"""The ``mfc`` format: Media Frames Corpus annotations joined to the texts the user supplies."""

from __future__ import annotations

import json
import re
from pathlib import Path

from framescope.base.records import skip_row
from framescope.frames.formats.common import (
    LabelledData,
    LabelledDataError,
    frame_data,
    policy_frames,
    read_jsonl,
    read_table_rows,
    source_description,
)


def mfc_code(value) -> tuple[int, int] | None:
    """An MFC code (5.0, "5.2", 15) -> (frame code, kind: 0 span, 1 headline, 2 primary)."""
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    frame = int(number)
    kind = int(round((number - frame) * 10))
    return frame, kind


def mfc_primary_frame(record: dict) -> tuple[int | None, str]:
    """The primary frame code of one MFC record, and how it was found.

    The ``primary_frame`` field when present; otherwise the ``x.2`` (primary)
    span codes of the coders, by majority (ties: the code more coders' spans
    support overall, then the lowest code).
    """
    value = record.get("primary_frame")
    parsed = mfc_code(value)
    if parsed is not None and parsed[0] > 0:
        return parsed[0], "primary_frame field"
    framing = (record.get("annotations") or {}).get("framing") or {}
    votes: dict[int, int] = {}
    spans: dict[int, int] = {}
    for coder in sorted(framing):
        primaries = set()
        for ann in framing[coder] or []:
            parsed = mfc_code(ann.get("code"))
            if parsed is None:
                continue
            if parsed[1] == 2:
                primaries.add(parsed[0])
            elif parsed[1] == 0:
                spans[parsed[0]] = spans.get(parsed[0], 0) + 1
        for code in primaries:
            votes[code] = votes.get(code, 0) + 1
    if not votes:
        return None, "no primary-frame code (x.2) from any coder"
    best = sorted(votes, key=lambda c: (-votes[c], -spans.get(c, 0), c))[0]
    return best, f"x.2 codes of {sum(votes.values())} coder(s)"


def mfc_span_frames(record: dict) -> list[int]:
    """Frame codes any coder marked on a span (``x.0``) of the article, sorted."""
    framing = (record.get("annotations") or {}).get("framing") or {}
    codes = set()
    for coder in framing:
        for ann in framing[coder] or []:
            parsed = mfc_code(ann.get("code"))
            if parsed is not None and parsed[1] == 0 and parsed[0] > 0:
                codes.add(parsed[0])
    return sorted(codes)


_MFC_HEADER = re.compile(r"^\s*[A-Za-z]{2,5}-?\d+(\.\d+)?(-\d+)?\s*\n\s*\n?\s*PRIMARY\s*\n", re.MULTILINE)


def _mfc_texts(path: Path, skipped: list[dict]) -> dict[str, str]:
    """Texts the user supplies for MFC articles: a folder (file stem = article key), .jsonl or .csv (id, text).

    A record without an id or a text is added to `skipped`.
    """
    if path.is_dir():
        out = {}
        for p in sorted(path.rglob("*")):
            if p.is_file() and not p.name.startswith("."):
                key = p.name[: -len(".txt")] if p.name.endswith(".txt") else p.name
                out[key] = p.read_text(encoding="utf-8", errors="replace")
        return out
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        records = read_jsonl(path, skipped)
    elif path.suffix.lower() == ".csv":
        records = read_table_rows(path, skipped)[1]
    else:
        raise LabelledDataError(f"{path}: MFC texts are a folder of files, a .jsonl or a .csv with id and text")
    out = {}
    for line, rec in records:
        key = rec.get("id", rec.get("article_id"))
        if key is None or "text" not in rec:
            skip_row(skipped, path, line, "no 'id' or no 'text'")
            continue
        out[str(key)] = str(rec["text"])
    return out


def load_mfc(path, labels=None, target: str = "primary") -> LabelledData:
    """Media Frames Corpus annotations joined to their texts.

    `path` is the annotation JSON itself when its records carry ``text``;
    otherwise `path` holds the texts (folder, .jsonl or .csv) and `labels` is the
    annotation JSON. `target` "primary" (single-label, the benchmark) or "spans"
    (multi-label: every frame a coder marked on a span).
    """
    path = Path(path)
    if target not in ("primary", "spans"):
        raise LabelledDataError(f"mfc target must be 'primary' or 'spans', got {target!r}")
    annotations_path = Path(labels) if labels else path
    if annotations_path.is_dir():
        raise LabelledDataError(f"{path}: pass the MFC annotation JSON as --labels when --train is a folder of texts")
    try:
        annotations = json.loads(annotations_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise LabelledDataError(f"{annotations_path}: not valid JSON ({err.msg} at line {err.lineno})") from err
    if not isinstance(annotations, dict):
        raise LabelledDataError(f"{annotations_path}: expected an object mapping article keys to annotation records")
    skipped: list[dict] = []
    texts = _mfc_texts(path, skipped) if labels else {}
    book = policy_frames()
    by_code = {f.code: f.id for f in book.frames}
    rows, excluded = [], []
    for key in sorted(annotations):
        record = annotations[key]
        if not isinstance(record, dict):
            skip_row(skipped, annotations_path, None, f"key {key!r}: expected an annotation record, got {type(record).__name__}")
            continue
        text = texts.get(key, record.get("text") if not labels else None)
        if text is None:
            excluded.append({"id": key, "reason": "no text supplied for this article"})
            continue
        text = _MFC_HEADER.sub("", str(text), count=1).strip()
        if not text:
            excluded.append({"id": key, "reason": "empty text"})
            continue
        if str(record.get("irrelevant", 0)) in ("1", "1.0", "True", "true"):
            excluded.append({"id": key, "reason": "coded irrelevant"})
            continue
        if target == "primary":
            code, how = mfc_primary_frame(record)
            if code is None:
                excluded.append({"id": key, "reason": how})
                continue
            if code not in by_code:
                excluded.append({"id": key, "reason": f"primary frame code {code} is not one of the 15 frames"})
                continue
            labs = [by_code[code]]
        else:
            labs = [by_code[c] for c in mfc_span_frames(record) if c in by_code]
        rows.append(
            {
                "text": text,
                "labels": labs,
                "article_id": key,
                "outlet": str(record.get("source") or ""),
                "group": str(record.get("year") or ""),
            }
        )
    sources = [path, annotations_path] if labels else [path]
    return LabelledData(
        format="mfc",
        data=frame_data(rows),
        frames=list(book.ids),
        names={f.id: f.label for f in book.frames},
        multi_label=target == "spans",
        unit="article",
        excluded=excluded,
        source=source_description(*sources),
        skipped=skipped,
    )

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

Nothing here downloads anything: the user points at files they have.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from framescope.base.provenance import file_digest

FORMATS = ("csv", "jsonl", "semeval2023", "mfc", "gvfc", "frermann2023", "frac")

# SemEval-2023 Task 3 subtask 2: the 14 frames of the Policy Frames Codebook minus "Other",
# spelt as in the task's label files.
SEMEVAL2023_FRAMES = (
    "Economic",
    "Capacity_and_resources",
    "Morality",
    "Fairness_and_equality",
    "Legality_Constitutionality_and_jurisprudence",
    "Policy_prescription_and_evaluation",
    "Crime_and_punishment",
    "Security_and_defense",
    "Health_and_safety",
    "Quality_of_life",
    "Cultural_identity",
    "Public_opinion",
    "Political",
    "External_regulation_and_reputation",
)

# Gun Violence Frame Corpus (Liu et al., 2019): Q3 theme codes.
GVFC_THEMES = {
    1: ("gun_rights", "Gun/2nd Amendment rights"),
    2: ("gun_control", "Gun control/regulation"),
    3: ("politics", "Politics"),
    4: ("mental_health", "Mental health"),
    5: ("public_safety", "School or public space safety"),
    6: ("race_ethnicity", "Race/ethnicity"),
    7: ("public_opinion", "Public opinion"),
    8: ("society_culture", "Society/culture"),
    9: ("economic", "Economic consequences"),
}
GVFC_NONE = 99

# Frermann, Li, Khanehzar & Haffari (2023): five generic frames, column -> (id, name).
FRERMANN2023_FRAMES = {
    "RE": ("resolution", "Resolution"),
    "HI": ("human_interest", "Human interest"),
    "CO": ("conflict", "Conflict"),
    "MO": ("morality", "Morality"),
    "EC": ("economic", "Economic"),
}

TEXT_COLUMNS = ("text",)
LABEL_COLUMNS = ("labels", "label", "frames", "frame")
ARTICLE_COLUMNS = ("article_id", "article")


class LabelledDataError(ValueError):
    """Labelled data that cannot be read; the message names the file, line or key and what to do."""


@dataclass
class LabelledData:
    """Coded texts in one shape, whatever format they came in.

    Attributes
    ----------
    format : str
        The loader used (one of :data:`FORMATS`).
    data : DataFrame
        ``text``, ``labels`` (list of frame ids), ``article_id``, ``outlet``, ``group``
        (empty strings where unknown), one row per coded text, in input order.
    frames : list of str
        The label space, in a fixed order (the format's own, else first appearance).
    names : dict
        Frame id -> human-readable name.
    multi_label : bool
        False when every text carries exactly one frame.
    unit : str
        What a row is: "sentence", "article", "headline" or "text".
    excluded : list of dict
        Input rows left out, each ``{"id": ..., "reason": ...}``.
    source : str
        File names and the first 16 hex digits of their sha256.
    """

    format: str
    data: pd.DataFrame
    frames: list[str]
    names: dict[str, str]
    multi_label: bool
    unit: str
    excluded: list[dict] = field(default_factory=list)
    source: str = ""

    def __len__(self) -> int:
        return len(self.data)

    def label_counts(self) -> dict[str, int]:
        counts = {f: 0 for f in self.frames}
        for row in self.data["labels"]:
            for f in row:
                counts[f] += 1
        return counts


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
    if len(data.data) == 0:
        reasons = sorted({e["reason"] for e in data.excluded})[:3]
        raise LabelledDataError(f"{path}: no usable labelled texts ({len(data.excluded)} left out: {reasons})")
    return data


def _source(*paths) -> str:
    parts = []
    for p in paths:
        p = Path(p)
        if p.is_file():
            parts.append(f"{p.name} (sha256 {file_digest(p)[:16]})")
        elif p.is_dir():
            parts.append(f"{p.name}/ ({sum(1 for _ in p.iterdir())} files)")
    return ", ".join(parts)


def _frame_data(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["text", "labels", "article_id", "outlet", "group"])
    for c in ("text", "article_id", "outlet", "group"):
        df[c] = df[c].astype(object).fillna("").map(str)
    df["labels"] = pd.Series([list(v) for v in df["labels"]], index=df.index, dtype=object)
    return df


def _multi_label(rows: list[dict]) -> bool:
    return any(len(r["labels"]) != 1 for r in rows)


# --------------------------------------------------------------------------- csv / jsonl


def split_labels(value) -> list[str]:
    """One label, several separated by ';', or a list (or a JSON list in a string) -> list of str."""
    if value is None or (isinstance(value, float) and value != value):
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value).strip()
    if text.startswith("[") and text.endswith("]"):
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError:
            parsed = None
        if isinstance(parsed, list):
            return [str(v).strip() for v in parsed if str(v).strip()]
    return [v.strip() for v in text.split(";") if v.strip()]


def load_table(path, text_column: str | None = None, label_column: str | None = None) -> LabelledData:
    """A CSV (``.csv``/``.tsv``) or JSON-lines file with a text and a label column."""
    path = Path(path)
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        records = _read_jsonl(path)
        where = lambda i: f"{path}:{i + 1}"  # noqa: E731 - line numbers of a JSONL file
    else:
        sep = "\t" if path.suffix.lower() == ".tsv" else ","
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, sep=sep)
        records = frame.to_dict("records")
        where = lambda i: f"{path}:{i + 2}"  # noqa: E731 - the header is line 1
    columns = list(records[0]) if records else []
    text_col = text_column or next((c for c in TEXT_COLUMNS if c in columns), None)
    label_col = label_column or next((c for c in LABEL_COLUMNS if c in columns), None)
    if text_col is None or text_col not in columns:
        raise LabelledDataError(f"{path}: no text column {text_column or 'text'!r} (columns: {columns})")
    if label_col is None or label_col not in columns:
        raise LabelledDataError(
            f"{path}: no label column (looked for {label_column or ' / '.join(LABEL_COLUMNS)}; columns: {columns})"
        )
    article_col = next((c for c in ARTICLE_COLUMNS if c in columns), None)
    rows, excluded, order = [], [], {}
    for i, rec in enumerate(records):
        text = "" if rec.get(text_col) is None else str(rec.get(text_col)).strip()
        if not text:
            excluded.append({"id": where(i), "reason": f"empty {text_col!r}"})
            continue
        labs = split_labels(rec.get(label_col))
        for lab in labs:
            order.setdefault(lab, len(order))
        has_article = article_col is not None and rec.get(article_col) not in (None, "")
        rows.append(
            {
                "text": text,
                "labels": labs,
                "article_id": str(rec[article_col]) if has_article else f"row{i + 1}",
                "outlet": rec.get("outlet") or "",
                "group": rec.get("group") or "",
            }
        )
    frames = list(order)
    unit = "sentence" if article_col and len({r["article_id"] for r in rows}) < len(rows) else "text"
    return LabelledData(
        format="csv",
        data=_frame_data(rows),
        frames=frames,
        names={f: f for f in frames},
        multi_label=_multi_label(rows),
        unit=unit,
        excluded=excluded,
        source=_source(path),
    )


def _read_jsonl(path: Path) -> list[dict]:
    records = []
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as err:
                raise LabelledDataError(f"{path}:{i}: not valid JSON ({err.msg}); fix or remove the line") from err
            if not isinstance(rec, dict):
                raise LabelledDataError(f"{path}:{i}: expected a JSON object per line, got {type(rec).__name__}")
            records.append(rec)
    return records


# --------------------------------------------------------------------------- SemEval-2023


def semeval_labels_file(folder: Path) -> Path | None:
    """The labels file that the task's layout puts beside an articles folder, if there is one.

    ``train-articles-subtask-2/`` -> ``train-labels-subtask-2.txt`` in the same parent.
    """
    name = folder.name.replace("articles", "labels")
    for candidate in (folder.parent / f"{name}.txt", folder.parent / name):
        if candidate.is_file() and candidate != folder:
            return candidate
    return None


def read_semeval_labels(path) -> dict[str, list[str]]:
    """``<ID>\\t<Frame_a>,<Frame_b>`` lines -> {ID: [frames]}; unknown frame names are an error."""
    path = Path(path)
    known = {f.lower(): f for f in SEMEVAL2023_FRAMES}
    out: dict[str, list[str]] = {}
    for i, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        article_id, _, rest = line.rstrip("\r\n").partition("\t")
        article_id = article_id.strip()
        if not article_id or not article_id.isdigit():
            raise LabelledDataError(f"{path}:{i}: expected '<ID>\\t<Frame>,<Frame>', got {line[:60]!r}")
        frames = []
        for name in (v.strip() for v in rest.split(",")):
            if not name:
                continue
            if name.lower() not in known:
                raise LabelledDataError(
                    f"{path}:{i}: unknown frame {name!r}; SemEval-2023 subtask 2 frames are {list(SEMEVAL2023_FRAMES)}"
                )
            frames.append(known[name.lower()])
        if article_id in out:
            raise LabelledDataError(f"{path}:{i}: article {article_id} is listed twice")
        out[article_id] = frames
    return out


def load_semeval2023(path, labels=None) -> LabelledData:
    """A folder of ``article<ID>.txt`` files and their labels file (found beside the folder if not given)."""
    folder = Path(path)
    if not folder.is_dir():
        raise LabelledDataError(f"{folder}: semeval2023 data is a folder of article<ID>.txt files")
    labels_path = Path(labels) if labels else semeval_labels_file(folder)
    if labels_path is None:
        raise LabelledDataError(
            f"{folder}: no labels file given and none beside it (looked for "
            f"{folder.parent / (folder.name.replace('articles', 'labels') + '.txt')}); pass --labels FILE"
        )
    gold = read_semeval_labels(labels_path)
    files = {}
    for p in sorted(folder.glob("article*.txt")):
        article_id = p.stem[len("article") :]
        if article_id.isdigit():
            files[article_id] = p
    if not files:
        raise LabelledDataError(f"{folder}: no article<ID>.txt files")
    rows, excluded = [], []
    for article_id in sorted(files, key=lambda a: (len(a), a)):
        text = files[article_id].read_text(encoding="utf-8", errors="replace").strip()
        if article_id not in gold:
            excluded.append({"id": files[article_id].name, "reason": f"no line for {article_id} in {labels_path.name}"})
            continue
        if not text:
            excluded.append({"id": files[article_id].name, "reason": "empty file"})
            continue
        rows.append({"text": text, "labels": gold[article_id], "article_id": article_id, "outlet": "", "group": ""})
    for article_id in sorted(set(gold) - set(files)):
        excluded.append({"id": article_id, "reason": f"in {labels_path.name} but article{article_id}.txt is missing"})
    return LabelledData(
        format="semeval2023",
        data=_frame_data(rows),
        frames=list(SEMEVAL2023_FRAMES),
        names={f: f.replace("_", " ") for f in SEMEVAL2023_FRAMES},
        multi_label=True,
        unit="article",
        excluded=excluded,
        source=_source(folder, labels_path),
    )


# --------------------------------------------------------------------------- Media Frames Corpus


def _policy_frames():
    from framescope.frames.codebook import load_codebook

    return load_codebook("policy_frames")


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


def _mfc_texts(path: Path) -> dict[str, str]:
    """Texts the user supplies for MFC articles: a folder (file stem = article key), .jsonl or .csv (id, text)."""
    if path.is_dir():
        out = {}
        for p in sorted(path.rglob("*")):
            if p.is_file() and not p.name.startswith("."):
                key = p.name[: -len(".txt")] if p.name.endswith(".txt") else p.name
                out[key] = p.read_text(encoding="utf-8", errors="replace")
        return out
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        records = _read_jsonl(path)
    elif path.suffix.lower() == ".csv":
        records = pd.read_csv(path, dtype=str, keep_default_na=False).to_dict("records")
    else:
        raise LabelledDataError(f"{path}: MFC texts are a folder of files, a .jsonl or a .csv with id and text")
    out = {}
    for i, rec in enumerate(records):
        key = rec.get("id", rec.get("article_id"))
        if key is None or "text" not in rec:
            raise LabelledDataError(f"{path}: record {i + 1} lacks 'id' or 'text'")
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
    texts = _mfc_texts(path) if labels else {}
    book = _policy_frames()
    by_code = {f.code: f.id for f in book.frames}
    rows, excluded = [], []
    for key in sorted(annotations):
        record = annotations[key]
        if not isinstance(record, dict):
            raise LabelledDataError(f"{annotations_path}: key {key!r}: expected an annotation record")
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
        data=_frame_data(rows),
        frames=list(book.ids),
        names={f.id: f.label for f in book.frames},
        multi_label=target == "spans",
        unit="article",
        excluded=excluded,
        source=_source(*sources),
    )


# --------------------------------------------------------------------------- GVFC


def _read_any_table(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xls"):
        return pd.read_excel(path, dtype=str).fillna("")
    sep = "\t" if suffix == ".tsv" else ","
    return pd.read_csv(path, dtype=str, keep_default_na=False, sep=sep)


def _theme(value) -> int | None:
    text = str(value).strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return -1
    return int(number) if number == int(number) else -1


def load_gvfc(path) -> LabelledData:
    """Gun Violence Frame Corpus headlines; the label is the primary theme (``Q3 Theme1``)."""
    path = Path(path)
    df = _read_any_table(path)
    df.columns = [str(c).strip() for c in df.columns]
    for col in ("news_title", "Q3 Theme1"):
        if col not in df.columns:
            raise LabelledDataError(f"{path}: no {col!r} column (columns: {list(df.columns)})")
    id_col = next((c for c in ("ID", "id", "Id") if c in df.columns), None)
    rows, excluded = [], []
    for i, rec in enumerate(df.to_dict("records")):
        line = f"{path.name}:{i + 2}"
        title = str(rec["news_title"]).strip()
        theme = _theme(rec["Q3 Theme1"])
        if not title:
            excluded.append({"id": line, "reason": "empty news_title"})
            continue
        if theme is None or theme == GVFC_NONE:
            excluded.append({"id": line, "reason": "no theme (Q3 Theme1 empty or 99)"})
            continue
        if theme not in GVFC_THEMES:
            raise LabelledDataError(f"{line}: Q3 Theme1 {rec['Q3 Theme1']!r} is not a theme code (1-9, 99 = none)")
        second = _theme(rec.get("Q3 Theme2", ""))
        rows.append(
            {
                "text": title,
                "labels": [GVFC_THEMES[theme][0]],
                "article_id": str(rec[id_col]) if id_col and str(rec[id_col]).strip() else f"row{i + 2}",
                "outlet": "",
                "group": GVFC_THEMES[second][0] if second in GVFC_THEMES else "",
            }
        )
    ids = [v[0] for v in GVFC_THEMES.values()]
    return LabelledData(
        format="gvfc",
        data=_frame_data(rows),
        frames=ids,
        names={v[0]: v[1] for v in GVFC_THEMES.values()},
        multi_label=False,
        unit="headline",
        excluded=excluded,
        source=_source(path),
    )


# --------------------------------------------------------------------------- Frermann et al. 2023

_TRUE = {"true", "1", "1.0", "yes", "t"}
_FALSE = {"false", "0", "0.0", "no", "f", ""}


def load_frermann2023(path) -> LabelledData:
    """Frermann et al. (2023) articles with five True/False generic-frame columns (multi-label)."""
    path = Path(path)
    sep = "," if path.suffix.lower() == ".csv" else "\t"
    df = pd.read_csv(path, dtype=str, keep_default_na=False, sep=sep, quoting=csv.QUOTE_MINIMAL)
    df.columns = [str(c).strip() for c in df.columns]
    missing = [c for c in ("text", *FRERMANN2023_FRAMES) if c not in df.columns]
    if missing:
        raise LabelledDataError(
            f"{path}: missing column(s) {missing}; expected ID source mbfc date text RE HI CO MO EC "
            f"(columns: {list(df.columns)})"
        )
    rows, excluded = [], []
    for i, rec in enumerate(df.to_dict("records")):
        line = f"{path.name}:{i + 2}"
        text = str(rec["text"]).strip()
        if not text:
            excluded.append({"id": line, "reason": "empty text"})
            continue
        labs = []
        for col, (frame_id, _) in FRERMANN2023_FRAMES.items():
            value = str(rec[col]).strip().lower()
            if value in _TRUE:
                labs.append(frame_id)
            elif value not in _FALSE:
                raise LabelledDataError(f"{line}: column {col} is {rec[col]!r}; expected True or False")
        rows.append(
            {
                "text": text,
                "labels": labs,
                "article_id": str(rec.get("ID") or f"row{i + 2}"),
                "outlet": str(rec.get("source") or ""),
                "group": str(rec.get("mbfc") or ""),
            }
        )
    return LabelledData(
        format="frermann2023",
        data=_frame_data(rows),
        frames=[v[0] for v in FRERMANN2023_FRAMES.values()],
        names={v[0]: v[1] for v in FRERMANN2023_FRAMES.values()},
        multi_label=True,
        unit="article",
        excluded=excluded,
        source=_source(path),
    )


# --------------------------------------------------------------------------- FrAC


def load_frac(path) -> LabelledData:
    """FrAC-style ``sentence,label`` rows with Media Frames Corpus codes (1-15), single-label."""
    path = Path(path)
    df = _read_any_table(path)
    df.columns = [str(c).strip() for c in df.columns]
    text_col = "sentence" if "sentence" in df.columns else "text" if "text" in df.columns else None
    if text_col is None or "label" not in df.columns:
        raise LabelledDataError(f"{path}: expected columns sentence,label (columns: {list(df.columns)})")
    book = _policy_frames()
    by_code = {f.code: f.id for f in book.frames}
    by_name = {_norm(f.id): f.id for f in book.frames} | {_norm(f.label): f.id for f in book.frames}
    article_col = next((c for c in ARTICLE_COLUMNS if c in df.columns), None)
    rows, excluded = [], []
    for i, rec in enumerate(df.to_dict("records")):
        line = f"{path.name}:{i + 2}"
        text = str(rec[text_col]).strip()
        if not text:
            excluded.append({"id": line, "reason": f"empty {text_col}"})
            continue
        raw = str(rec["label"]).strip()
        parsed = mfc_code(raw)
        frame = by_code.get(parsed[0]) if parsed else by_name.get(_norm(raw))
        if frame is None:
            raise LabelledDataError(f"{line}: label {raw!r} is not a Media Frames Corpus code (1-15) or frame name")
        rows.append(
            {
                "text": text,
                "labels": [frame],
                "article_id": str(rec[article_col]) if article_col and str(rec[article_col]).strip() else f"row{i + 2}",
                "outlet": str(rec.get("outlet") or rec.get("source") or ""),
                "group": str(rec.get("group") or rec.get("type") or ""),
            }
        )
    return LabelledData(
        format="frac",
        data=_frame_data(rows),
        frames=list(book.ids),
        names={f.id: f.label for f in book.frames},
        multi_label=False,
        unit="sentence",
        excluded=excluded,
        source=_source(path),
    )


# --------------------------------------------------------------------------- codebooks


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(text).lower()).split())


def map_to_codebook(data: LabelledData, codebook) -> LabelledData:
    """Relabel `data` with the frame ids of `codebook`.

    A label matches a frame by id, by name (case, spaces, underscores and
    punctuation ignored: SemEval's ``Legality_Constitutionality_and_jurisprudence``
    is the codebook's "Legality, constitutionality and jurisprudence"), by numeric
    code, or by any name the codebook lists for the frame under ``aliases`` /
    ``maps_from``. A label that matches no frame is an error naming it.
    """
    table: dict[str, str] = {}
    for frame in codebook.frames:
        keys = [frame.id, frame.label, str(frame.code)]
        for attr in ("aliases", "maps_from", "mapped_from"):
            extra = getattr(frame, attr, None) or ()
            if isinstance(extra, dict):
                extra = [v for vs in extra.values() for v in (vs if isinstance(vs, (list, tuple)) else [vs])]
            keys.extend(str(v) for v in extra)
        for k in keys:
            table.setdefault(_norm(k), frame.id)
    mapping = {}
    for label in data.frames:
        candidates = [label, data.names.get(label, label)]
        parsed = mfc_code(label)
        if parsed is not None:
            candidates.append(str(parsed[0]))
        hit = next((table[_norm(c)] for c in candidates if _norm(c) in table), None)
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
    )

"""The human coding loop: draw units to code, hand out sheets, take them back, make gold.

A coding round lives in one folder::

    sample.csv      the drawn units (unit_id, article_id, level, position, outlet, published, text, ...)
    sample.json     how they were drawn (strategy, level, n, seed, ...)
    codebook.csv    id, label, definition of every frame: what the coders read
    alice.csv ...   one sheet per coder: unit_id, article_id, text, one column per frame id, notes

A coder marks each frame a unit carries with 1 (or x) and leaves the others blank.
A unit that carries none of the frames gets a 0 in any frame column, so that "none"
and "not coded yet" stay distinguishable: a row with every frame cell blank is a
*blank row*, refused on import unless blank rows are allowed (then: not coded).
Row numbers in messages are spreadsheet rows: row 1 is the header.

Units are sentences (``<article_id>/s<sent_id>``), paragraphs (``<article_id>/p<n>``)
or whole articles (``<article_id>``).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from framescope.coding import reliability
from framescope.base.io import atomic_path, write_json

STRATEGIES = ("random", "stratified", "uncertainty")
UNIT_LEVELS = ("sentence", "paragraph", "article")
SHEET_COLUMNS = ("unit_id", "article_id", "text")  # then one column per frame id, then NOTES
NOTES = "notes"
UNKNOWN = "(unknown)"
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
TRUE_MARKS = {"1", "1.0", "x", "yes", "y", "true"}
FALSE_MARKS = {"0", "0.0", "no", "n", "false"}


class CodingSheetError(ValueError):
    """A coding sheet or sample that cannot be used; the message names the file and row."""


# ------------------------------------------------------------------ codebooks


@dataclass(frozen=True)
class SheetFrame:
    id: str
    label: str
    definition: str


@dataclass(frozen=True)
class SheetCodebook:
    """A codebook read back from a round's codebook.csv (same interface as framescope.frames.codebook.Codebook)."""

    name: str
    frames: list

    @property
    def ids(self) -> list[str]:
        return [f.id for f in self.frames]


def codebook_table(codebook) -> pd.DataFrame:
    return pd.DataFrame({"id": [f.id for f in codebook.frames], "label": [f.label for f in codebook.frames],
                         "definition": [f.definition for f in codebook.frames]})


def read_codebook_csv(path) -> SheetCodebook:
    path = Path(path)
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [c for c in ("id", "label", "definition") if c not in table.columns]
    if missing:
        raise CodingSheetError(f"{path}: missing column(s) {missing}; a codebook sheet has id,label,definition")
    frames = [SheetFrame(r.id.strip(), r.label, r.definition) for r in table.itertuples(index=False)]
    ids = [f.id for f in frames]
    if not ids or "" in ids or len(set(ids)) != len(ids):
        raise CodingSheetError(f"{path}: frame ids must be present and unique")
    return SheetCodebook(name=path.stem, frames=frames)


def load_any_codebook(name_or_path):
    """A codebook object from a codebook name, a YAML path, or a round's codebook.csv."""
    if hasattr(name_or_path, "frames"):
        return name_or_path
    if str(name_or_path).endswith(".csv"):
        return read_codebook_csv(name_or_path)
    from framescope.frames.codebook import load_codebook

    return load_codebook(str(name_or_path))


def resolve_codebook(name_or_path, sheets):
    """`name_or_path` if given, else the codebook.csv beside the first sheet."""
    if name_or_path:
        return load_any_codebook(name_or_path)
    beside = Path(sheets[0]).parent / "codebook.csv" if sheets else None
    if beside is not None and beside.is_file():
        book = read_codebook_csv(beside)
        meta = beside.with_name("sample.json")
        if meta.is_file():  # the round's record names the codebook the sheets were made from
            name = json.loads(meta.read_text(encoding="utf-8")).get("codebook")
            book = SheetCodebook(name=str(name or book.name), frames=book.frames)
        return book
    raise CodingSheetError("no codebook: give --codebook (a name, a YAML file, or the round's codebook.csv)")


def resolve_sample(path, sheets) -> pd.DataFrame | None:
    """The sample the sheets were made from: `path`, else sample.csv beside the first sheet, else None."""
    if path:
        return read_sample(path)
    beside = Path(sheets[0]).parent / "sample.csv"
    return read_sample(beside) if beside.is_file() else None


def read_sample(path) -> pd.DataFrame:
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"sample file {path} does not exist")
    sample = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [c for c in ("unit_id", "text") if c not in sample.columns]
    if missing:
        raise CodingSheetError(f"{path}: missing column(s) {missing}; is this the sample.csv of a coding round?")
    return sample


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


# --------------------------------------------------------------------- sheets


def _check_names(coders, codebook) -> None:
    for coder in coders:
        if not SAFE_NAME.match(coder):
            raise ValueError(f"coder name {coder!r} must be letters, digits, '.', '_' or '-' (it names the sheet file)")
    if len(set(coders)) != len(coders):
        raise ValueError(f"coder names repeat: {coders}")
    clash = set(codebook.ids) & (set(SHEET_COLUMNS) | {NOTES})
    if clash:
        raise ValueError(f"frame id(s) {sorted(clash)} clash with the sheet's own columns")


def sheet_table(sample: pd.DataFrame, codebook) -> pd.DataFrame:
    """The blank coding sheet: unit_id, article_id, text, one empty column per frame, notes."""
    sheet = sample[list(SHEET_COLUMNS)].astype(str).reset_index(drop=True)
    for frame_id in codebook.ids:
        sheet[frame_id] = ""
    sheet[NOTES] = ""
    return sheet


def _csv_bytes(table: pd.DataFrame, bom: bool = True) -> bytes:
    # A BOM lets Excel open the UTF-8 text correctly; "\n" keeps the bytes platform-independent.
    return ("\ufeff" if bom else "").encode() + table.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _need_openpyxl():
    try:
        import openpyxl
    except ImportError:
        raise CodingSheetError("XLSX sheets need the openpyxl package, which is not installed: "
                               "`pip install openpyxl`, or use CSV sheets (--format csv)") from None
    return openpyxl


def _xlsx_bytes(sheet: pd.DataFrame, book: pd.DataFrame) -> bytes:
    import datetime
    import io

    openpyxl = _need_openpyxl()
    wb = openpyxl.Workbook()
    for ws, table in ((wb.active, sheet), (wb.create_sheet(), book)):
        ws.title = "coding" if table is sheet else "codebook"
        ws.append(list(table.columns))
        for row in table.itertuples(index=False):
            ws.append([str(v) for v in row])
        ws.freeze_panes = "A2"
    fixed = datetime.datetime(2000, 1, 1)
    wb.properties.created = wb.properties.modified = fixed
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _write_new(path: Path, data: bytes, force: bool) -> None:
    """Write `data`, refusing to replace a different existing file (a coder's work) unless forced."""
    if path.exists() and not force:
        if path.read_bytes() == data:
            return
        raise CodingSheetError(f"{path} exists and differs from the sheet that would be written (has it been "
                               "coded?); choose another --out, or --force to overwrite")
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def export_sheets(sample: pd.DataFrame, codebook, coders, out_dir, fmt: str = "csv", force: bool = False) -> list[Path]:
    """Write one blank coding sheet per coder plus codebook.csv; return the paths written.

    CSV sheets are ``<coder>.csv``; XLSX sheets are ``<coder>.xlsx`` with a "coding" and a
    "codebook" worksheet (needs openpyxl). Existing sheets that differ are never overwritten
    unless `force`.
    """
    codebook = load_any_codebook(codebook)
    coders = list(coders)
    _check_names(coders, codebook)
    if fmt not in ("csv", "xlsx"):
        raise ValueError(f"format must be csv or xlsx, got {fmt!r}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    sheet, book = sheet_table(sample, codebook), codebook_table(codebook)
    data = _csv_bytes(sheet) if fmt == "csv" else _xlsx_bytes(sheet, book)
    paths = []
    for coder in coders:
        path = out / f"{coder}.{fmt}"
        _write_new(path, data, force)
        paths.append(path)
    _write_new(out / "codebook.csv", _csv_bytes(book), force)
    return paths + [out / "codebook.csv"]


def _read_sheet_table(path: Path) -> pd.DataFrame:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        _need_openpyxl()
        table = pd.read_excel(path, sheet_name=0, dtype=str, keep_default_na=False)
    elif path.suffix.lower() == ".csv":
        try:
            table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError) as err:
            raise CodingSheetError(f"{path}: cannot read as a UTF-8 CSV sheet: {err}") from None
    else:
        raise CodingSheetError(f"{path}: a coding sheet must be .csv or .xlsx")
    return table.fillna("").astype(str)


def _same_text(a: str, b: str) -> bool:
    # Spreadsheets change line endings and may trim; the words must stay the same.
    return " ".join(str(a).split()) == " ".join(str(b).split())


def _read_one(path: Path, codebook, reference: dict | None, allow_blank: bool, ref_name: str = "the sample"):
    """Read one sheet; return (coded rows, units, errors). `reference`: unit_id -> text."""
    name, errors = path.name, []
    table = _read_sheet_table(path)
    table.columns = [str(c).strip() for c in table.columns]
    frames = list(codebook.ids)
    for col in ("unit_id", "text"):
        if col not in table.columns:
            return [], [], [f"{name} row 1: column {col!r} is missing; return the sheet with its columns as given"]
    for col in table.columns:
        if col in SHEET_COLUMNS or col == NOTES or col in frames:
            continue
        if col.startswith("Unnamed:") and (table[col].str.strip() == "").all():
            continue  # an empty column a spreadsheet added at the edge
        hint = difflib.get_close_matches(col, frames, n=1)
        errors.append(f"{name} row 1: unknown frame column {col!r}"
                      + (f" (did you mean {hint[0]!r}?)" if hint else f"; the codebook's frames are {frames}"))
    missing = [f for f in frames if f not in table.columns]
    if missing:
        errors.append(f"{name} row 1: frame column(s) {missing} missing; every codebook frame needs a column")
    if errors:
        return [], [], errors

    coder = path.stem
    coded, units, seen = [], [], {}
    cells = [c for c in table.columns if c in SHEET_COLUMNS or c in frames or c == NOTES]
    for i, row in enumerate(table.to_dict("records"), start=2):
        if all(str(row[c]).strip() == "" for c in cells):
            continue  # an empty line at the end of a sheet
        unit = row["unit_id"].strip()
        if not unit:
            errors.append(f"{name} row {i}: no unit_id")
            continue
        if unit in seen:
            errors.append(f"{name} row {i}: unit {unit!r} appears again (first at row {seen[unit]})")
            continue
        seen[unit] = i
        if reference is not None:
            if unit not in reference:
                errors.append(f"{name} row {i}: unit {unit!r} is not in {ref_name}")
                continue
            if not _same_text(row["text"], reference[unit]):
                errors.append(f"{name} row {i}: text changed from {ref_name} (unit {unit!r}); "
                              "restore the original text")
                continue
        marks, bad = {}, False
        for f in frames:
            cell = str(row[f]).strip().lower()
            if cell == "":
                marks[f] = None
            elif cell in TRUE_MARKS:
                marks[f] = 1
            elif cell in FALSE_MARKS:
                marks[f] = 0
            else:
                errors.append(f"{name} row {i}: column {f!r} has {row[f]!r}; write 1 if the frame is present, "
                              "leave blank or 0 if not")
                bad = True
        if bad:
            continue
        units.append({"unit": unit, "article_id": row.get("article_id", "").strip(), "text": row["text"],
                      "row": i})
        if all(v is None for v in marks.values()):
            if not allow_blank:
                errors.append(f"{name} row {i}: no frame coded (blank row); mark frames with 1, write 0 in a frame "
                              "column if the unit carries none, or allow blank rows to treat it as not coded")
            continue
        coded += [{"unit": unit, "coder": coder, "frame": f, "value": v or 0} for f, v in marks.items()]
    if reference is not None and not allow_blank:
        gone = [u for u in reference if u not in seen]
        if gone:
            errors.append(f"{name}: {len(gone)} unit(s) of {ref_name} missing from the sheet, e.g. {gone[0]!r}")
    return coded, units, errors


def read_sheets(paths, codebook, sample: pd.DataFrame | None = None, allow_blank: bool = False):
    """Read and validate the coders' sheets.

    Returns (coded, units): the long table ``unit, coder, frame, value`` and one row per
    unit with ``unit, article_id, text``. Every problem in every sheet is collected and
    raised together as a :class:`CodingSheetError`, each naming the file and row.
    Without a `sample`, the first sheet's texts are the reference for the others.
    """
    codebook = load_any_codebook(codebook)
    paths = [Path(p) for p in paths]
    coders = [p.stem for p in paths]
    if len(set(coders)) != len(coders):
        raise CodingSheetError(f"two sheets have the same coder name (file name): {sorted(coders)}")
    for p in paths:
        if not p.is_file():
            raise FileNotFoundError(f"coding sheet {p} does not exist")
    reference, ref_name, units_from = None, "the sample", {}
    if sample is not None:
        reference = dict(zip(sample["unit_id"].astype(str), sample["text"]))
        art = sample["article_id"] if "article_id" in sample.columns else pd.Series([""] * len(sample))
        units_from = dict(zip(sample["unit_id"].astype(str), art.astype(str)))
    coded, units, errors = [], [], []
    for p in paths:
        c, u, e = _read_one(p, codebook, reference, allow_blank, ref_name)
        if reference is None and not e:
            # No sample: the first readable sheet is the reference the others must match.
            reference, ref_name = {r["unit"]: r["text"] for r in u}, p.name
        coded += c
        units += u
        errors += e
    if errors:
        raise CodingSheetError(reliability._join_errors(errors))
    coded = pd.DataFrame(coded, columns=["unit", "coder", "frame", "value"])
    if coded.empty:
        raise CodingSheetError("the sheets hold no coded rows")
    table = pd.DataFrame(units).drop_duplicates("unit")
    if sample is not None:
        table["article_id"] = table["unit"].map(units_from).fillna(table["article_id"])
        table["text"] = table["unit"].map(reference)
    return reliability.check_coded(coded), table[["unit", "article_id", "text"]].reset_index(drop=True)


def import_sheets(paths, codebook, sample: pd.DataFrame | None = None, allow_blank: bool = False) -> pd.DataFrame:
    """The coders' sheets as one long table ``unit, coder, frame, value`` (see :func:`read_sheets`)."""
    return read_sheets(paths, codebook, sample, allow_blank)[0]


# ----------------------------------------------------------------------- gold


def read_resolved(path, codebook) -> dict:
    """unit -> agreed label set ('a;b', '' for none) from an adjudication file.

    Either the disagreements.csv of `framescope reliability` with its ``resolved``
    column filled ('economic;legality', or 'none' / '(none)'; blank = still open), or an
    adjudicator's coding sheet (frame columns, like a coder's).
    """
    path = Path(path)
    table = _read_sheet_table(path)
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
        raise CodingSheetError(reliability._join_errors(errors))
    return out


def resolve(coded: pd.DataFrame, adjudicated: dict | None = None):
    """Resolve the coders' codes to one label set per unit.

    Per unit, in this order: an adjudicated label set (from :func:`read_resolved`) wins;
    else the codes if all its coders agree (or it has a single coder); else the per-frame
    majority: a frame is in if more than half the unit's coders marked it. The unit is
    left *unresolved* when a frame was marked by exactly half, or when that majority
    leaves no frame although most coders marked one (three coders, three different
    frames).

    Returns (gold, unresolved): ``gold`` has ``unit, labels, how`` (how: adjudicated,
    agreed, single coder, majority); ``unresolved`` has ``unit`` and one column per coder.
    """
    data = coded if isinstance(coded, reliability.CodedData) else reliability.CodedData(coded)
    adjudicated = adjudicated or {}
    k = data.coded.sum(axis=0)  # coders per unit
    votes = np.where(data.coded[:, :, None], data.marks, 0).sum(axis=0)  # units x frames
    n_marking = (data.coded & (data.marks.sum(axis=2) > 0)).sum(axis=0)
    disagree = set(data.disagreeing_units().tolist())
    order = np.argsort(data.frames)
    gold, open_ = [], []
    for u, unit in enumerate(data.units):
        if unit in adjudicated:
            gold.append((unit, adjudicated[unit], "adjudicated"))
        elif u not in disagree:
            first = int(np.flatnonzero(data.coded[:, u])[0])
            gold.append((unit, data.label(data.set_ids[first, u]), "single coder" if k[u] == 1 else "agreed"))
        else:
            chosen = [data.frames[j] for j in order if votes[u, j] * 2 > k[u]]
            if (votes[u] * 2 == k[u]).any() or (not chosen and n_marking[u] * 2 > k[u]):
                open_.append(u)
            else:
                gold.append((unit, ";".join(chosen), "majority"))
    gold = pd.DataFrame(gold, columns=["unit", "labels", "how"])
    unresolved = pd.DataFrame({"unit": [data.units[u] for u in open_]})
    for i, coder in enumerate(data.coders):
        unresolved[coder] = [reliability._readable(data.label(data.set_ids[i, u])) for u in open_]
    return gold, unresolved


def unresolved_table(unresolved: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """The unresolved units laid out like disagreements.csv (unit, text, coders..., resolved)."""
    table = unresolved.merge(units[["unit", "text"]], on="unit", how="left")
    coders = [c for c in unresolved.columns if c != "unit"]
    return table[["unit", "text", *coders]].assign(resolved="")


def to_training_csv(gold: pd.DataFrame, units: pd.DataFrame, path, drop_empty: bool = False) -> pd.DataFrame:
    """Write resolved units as training data: ``text,labels,article_id,unit_id`` (labels ';'-separated).

    Units with no frame keep an empty ``labels`` (a negative example for every frame)
    unless `drop_empty`. Rows are sorted by article and unit; the file is UTF-8 without BOM.
    """
    table = gold.merge(units, on="unit", how="left")
    if drop_empty:
        table = table[table["labels"] != ""]
    table = table.assign(_k=table["unit"].map(reliability.natural_key)).sort_values(
        ["article_id", "_k"], kind="stable")
    out = pd.DataFrame({"text": table["text"], "labels": table["labels"],
                        "article_id": table["article_id"], "unit_id": table["unit"]}).reset_index(drop=True)
    with atomic_path(path) as tmp:
        tmp.write_bytes(_csv_bytes(out, bom=False))
    return out


# ------------------------------------------------------------------------ CLI


def add_parser(subparsers) -> None:
    """Register `framescope sample` and `framescope gold` on an argparse subparsers object."""
    p = subparsers.add_parser(
        "sample", help="draw units to code and write one coding sheet per coder",
        description="Draw a coding sample from a run's corpus tables and write sample.csv, sample.json, "
                    "codebook.csv and one blank sheet per coder into --out.")
    p.add_argument("--results", default="results", help="the run folder holding tables/ (default: results)")
    p.add_argument("--n", type=int, required=True, help="how many units to draw")
    p.add_argument("--strategy", choices=STRATEGIES, default="random")
    p.add_argument("--level", choices=UNIT_LEVELS, default="sentence")
    p.add_argument("--by", default="outlet", help="stratified: comma-separated strata, e.g. outlet,month")
    p.add_argument("--allocation", choices=("proportional", "equal"), default="proportional")
    p.add_argument("--threshold", type=float, default=0.5, help="uncertainty: the model's decision threshold")
    p.add_argument("--exclude", nargs="*", default=[], metavar="SAMPLE_CSV",
                   help="sample.csv files of earlier rounds: their units are not drawn again")
    p.add_argument("--coders", required=True, help="comma-separated coder names, e.g. alice,bob")
    p.add_argument("--codebook", default="policy_frames")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--format", choices=("csv", "xlsx"), default="csv", dest="fmt")
    p.add_argument("--force", action="store_true", help="overwrite sheets that exist and differ")
    p.add_argument("--out", required=True, help="folder for the coding round")
    p.set_defaults(func=run_sample)

    g = subparsers.add_parser(
        "gold", help="resolve the coders' sheets into training data",
        description="Resolve coded sheets (agreement, majority, or an adjudicated file) into a training CSV "
                    "text,labels,article_id,unit_id and coding_round.json for the model card.")
    g.add_argument("--sheets", nargs="+", required=True, metavar="SHEET")
    g.add_argument("--resolved", help="disagreements.csv with 'resolved' filled in, or an adjudicator's sheet")
    g.add_argument("--sample", help="the round's sample.csv (default: beside the sheets)")
    g.add_argument("--codebook", help="default: codebook.csv beside the sheets")
    g.add_argument("--allow-blank", action="store_true", help="treat rows with no frame marked as not coded")
    g.add_argument("--drop-empty", action="store_true", help="leave out units coded with no frame")
    g.add_argument("--round", type=int, default=1, help="the coding round's number (default 1)")
    g.add_argument("--strict", action="store_true", help="fail if any unit is left unresolved")
    g.add_argument("--out", required=True, help="the training CSV to write")
    g.set_defaults(func=run_gold)


def _read_tables(results: Path, level: str, strategy: str):
    from framescope.base.io import read_table

    tables = results / "tables"
    need = ["articles", "sentences"] + (["sentence_frames"] if strategy == "uncertainty" else [])
    for name in need:
        if not (tables / f"{name}.parquet").is_file():
            raise FileNotFoundError(f"{tables / (name + '.parquet')} does not exist; run the workflow first "
                                    f"(snakemake) so that {results} holds the corpus tables")
    articles = read_table(tables / "articles.parquet")
    sentences = read_table(tables / "sentences.parquet")
    frames = read_table(tables / "sentence_frames.parquet") if strategy == "uncertainty" else None
    return articles, sentences, frames


def run_sample(args) -> pd.DataFrame:
    results, out = Path(args.results), Path(args.out)
    codebook = load_any_codebook(args.codebook)
    coders = [c.strip() for c in args.coders.split(",") if c.strip()]
    _check_names(coders, codebook)
    articles, sentences, probs = _read_tables(results, args.level, args.strategy)
    units = coding_units(articles, sentences, args.level)
    exclude = set()
    for prev in args.exclude:
        exclude |= set(read_sample(prev)["unit_id"])
    by = tuple(b.strip() for b in args.by.split(",") if b.strip())
    sample = draw_sample(units, args.n, args.strategy, by=by, seed=args.seed, probabilities=probs,
                         threshold=args.threshold, allocation=args.allocation, exclude=exclude)
    export_sheets(sample, codebook, coders, out, fmt=args.fmt, force=args.force)
    _write_new(out / "sample.csv", _csv_bytes(sample), args.force)
    meta = {"strategy": args.strategy, "level": args.level, "n": len(sample), "seed": args.seed,
            "coders": coders, "codebook": getattr(codebook, "name", str(args.codebook)),
            "n_units_available": int(len(units) - len(exclude & set(units["unit_id"]))),
            "n_excluded": len(exclude)}
    if args.strategy == "stratified":
        meta.update(by=list(by), allocation=args.allocation,
                    strata={str(k): int(v) for k, v in sample["stratum"].value_counts().sort_index().items()})
    if args.strategy == "uncertainty":
        meta.update(threshold=args.threshold)
    write_json(out / "sample.json", meta)
    sheets = ", ".join(f"{c}.{args.fmt}" for c in coders)
    print(f"{len(sample)} {args.level} units drawn ({args.strategy}, seed {args.seed}) of {meta['n_units_available']}; "
          f"sheets {sheets} and codebook.csv in {out}")
    return sample


def run_gold(args) -> dict:
    codebook = resolve_codebook(args.codebook, args.sheets)
    sample = resolve_sample(args.sample, args.sheets)
    coded, units = read_sheets(args.sheets, codebook, sample, allow_blank=args.allow_blank)
    adjudicated = read_resolved(args.resolved, codebook) if args.resolved else {}
    unknown = sorted(set(adjudicated) - set(units["unit"]), key=reliability.natural_key)
    if unknown:
        raise CodingSheetError(f"{args.resolved}: unit {unknown[0]!r} is not in the coded sheets")
    gold, unresolved = resolve(coded, adjudicated)
    if args.strict and len(unresolved):
        raise CodingSheetError(f"{len(unresolved)} unit(s) unresolved, e.g. {unresolved['unit'].iloc[0]!r}: "
                               "fill 'resolved' in disagreements.csv and pass it with --resolved")
    out = Path(args.out)
    table = to_training_csv(gold, units, out, drop_empty=args.drop_empty)
    open_path = out.with_name(f"{out.stem}_unresolved.csv")
    with atomic_path(open_path) as tmp:
        tmp.write_bytes(_csv_bytes(unresolved_table(unresolved, units)))
    data = reliability.CodedData(coded, codebook.ids)
    agreement = reliability.reliability_report(data, frames=codebook.ids, n_boot=0)
    sample_meta = Path(args.sheets[0]).parent / "sample.json"
    info = {
        "round": args.round,
        "coders": data.coders,
        "alpha_nominal": agreement["alpha_nominal"],
        "alpha_per_frame_mean": agreement["alpha_per_frame_mean"],
        "n_units": int(len(table)),
        "n_units_coded": len(data.units),
        "n_unresolved": int(len(unresolved)),
        "resolved_by": {k: int(v) for k, v in gold["how"].value_counts().sort_index().items()},
        "codebook": getattr(codebook, "name", ""),
        "training_data": out.name,
    }
    if sample_meta.is_file():
        meta = json.loads(sample_meta.read_text(encoding="utf-8"))
        info.update({k: meta[k] for k in ("strategy", "level", "seed") if k in meta})
    write_json(out.with_name("coding_round.json"), info)
    note = f"; {len(unresolved)} unresolved -> {open_path}" if len(unresolved) else ""
    print(f"{len(table)} gold units -> {out} (round {args.round}, alpha {info['alpha_nominal']}){note}",
          file=sys.stdout)
    return info

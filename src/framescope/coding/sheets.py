"""Coding sheets: the codebook the coders read, one blank sheet per coder out, the coded sheets back in.

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
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from framescope.coding import reliability
from framescope.base.io import atomic_path

SHEET_COLUMNS = ("unit_id", "article_id", "text")  # then one column per frame id, then NOTES
NOTES = "notes"
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


# --------------------------------------------------------------------- sheets


def check_names(coders, codebook) -> None:
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


def csv_bytes(table: pd.DataFrame, bom: bool = True) -> bytes:
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


def write_new(path: Path, data: bytes, force: bool) -> None:
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
    check_names(coders, codebook)
    if fmt not in ("csv", "xlsx"):
        raise ValueError(f"format must be csv or xlsx, got {fmt!r}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    sheet, book = sheet_table(sample, codebook), codebook_table(codebook)
    data = csv_bytes(sheet) if fmt == "csv" else _xlsx_bytes(sheet, book)
    paths = []
    for coder in coders:
        path = out / f"{coder}.{fmt}"
        write_new(path, data, force)
        paths.append(path)
    write_new(out / "codebook.csv", csv_bytes(book), force)
    return paths + [out / "codebook.csv"]


def read_sheet_table(path: Path) -> pd.DataFrame:
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
    table = read_sheet_table(path)
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
        raise CodingSheetError(reliability.join_errors(errors))
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

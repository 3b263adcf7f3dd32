"""Reading a corpus: one :class:`Item` per input, a record to clean or a rejection with its reason.

A corpus is a folder (read recursively) or a single file:

- ``.txt``: one article per file, its id the file's path ("news/a.txt" -> "news--a");
- ``.html``/``.htm``: one web page per file; trafilatura finds the main text and the
  page's title, site name (outlet), date, authors and url;
- ``.jsonl``: one JSON object per line; ``.json``: one object or a list of objects;
  ``.csv``: one row per article with a header row; ``.parquet``: one row per article
  (read in batches). Each record has a ``text`` field (or, failing that, an ``html``
  field holding the page) and optionally ``id``, ``title``, ``outlet``,
  ``published``, ``authors`` and ``url``; any other fields are kept, as JSON, in the
  ``metadata`` column.

Every input ends up either as an article or as a ``rejected`` row whose reason says
what was wrong, so nothing disappears without trace: hidden files (".DS_Store"),
hidden folders (".git") and links to folders are listed and rejected, not skipped.

Reading goes through one reader per file extension (:data:`READERS`); they read and
decode, but do not clean (see :func:`framescope.corpus.ingest.ingest_items`).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from framescope.corpus.decode import Unreadable, declared_charset, decode, iter_lines
from framescope.corpus.fields import field_value, has_field
from framescope.corpus.sources import (
    file_id,
    is_folder_entry,
    is_record_file,
    list_folder_sources,
    printable_source,
    safe_id,
)

MAX_BYTES = 20 * 1024 * 1024  # a single-article file, or one record's text, beyond this is rejected
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
PARQUET_BATCH = 256  # rows per batch when streaming a Parquet corpus


@dataclass(frozen=True)
class Item:
    """One input: a record ready to clean, or a rejection (`reason` set).

    `source` is the path relative to the corpus root, with ":N" for the N-th record of
    a corpus file. `article_id` is None when the id could not be known (a malformed
    line, an unreadable corpus file). `encoding` is the text encoding the bytes were
    decoded with; `notes` say what else was done to read the item.
    """

    source: str
    article_id: str | None
    record: dict | None
    reason: str | None
    encoding: str | None = None
    notes: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------
# Readers: one per file extension. Each yields the Items of one file; they read and
# decode, but do not clean (see framescope.corpus.ingest.ingest_items).

Reader = Callable[[Path, str, int], Iterator[Item]]


def _size(n: int) -> str:
    """A byte count for people: "850 bytes", "12.5 KB", "20 MB"."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


def _read_bytes(path: Path, source: str, article_id: str | None, max_bytes: int) -> bytes | Item:
    """The file's bytes, or a rejection: too large (checked before reading) or empty."""
    size = path.stat().st_size
    if size > max_bytes:
        return Item(source, article_id, None, f"file too large ({_size(size)} > {_size(max_bytes)} limit)")
    data = path.read_bytes()
    if not data.strip():
        return Item(source, article_id, None, "empty file")
    return data


def _looks_like_html(text: str) -> bool:
    head = text[:1000].lstrip("\ufeff \t\r\n").lower()
    return head.startswith(("<!doctype html", "<html")) or (head.startswith("<?xml") and "<html" in head)


def read_txt(path: Path, source: str, max_bytes: int) -> Iterator[Item]:
    """A plain-text file: one article. A .txt file holding a web page is read as HTML."""
    article_id = file_id(source)
    data = _read_bytes(path, source, article_id, max_bytes)
    if isinstance(data, Item):
        yield data
        return
    try:
        text, encoding = decode(data)
    except Unreadable as err:
        yield Item(source, article_id, None, str(err))
        return
    if not text.strip():
        yield Item(source, article_id, None, "empty file", encoding)
    elif _looks_like_html(text):
        yield Item(source, article_id, {"html": text}, None, encoding, ("a web page in a text file: read as HTML",))
    else:
        yield Item(source, article_id, {"text": text}, None, encoding)


def read_html(path: Path, source: str, max_bytes: int) -> Iterator[Item]:
    """A web page: one article, its main text found by trafilatura in :func:`framescope.corpus.ingest.ingest_items`."""
    article_id = file_id(source)
    data = _read_bytes(path, source, article_id, max_bytes)
    if isinstance(data, Item):
        yield data
        return
    try:
        text, encoding = decode(data, declared=declared_charset(data[:4096]))
    except Unreadable as err:
        yield Item(source, article_id, None, str(err))
        return
    yield Item(source, article_id, {"html": text}, None, encoding)


def read_jsonl(path: Path, source: str, max_bytes: int, lines: frozenset[int] | None = None,
               start: tuple[int, int] | None = None) -> Iterator[Item]:
    """JSON Lines: one object per line; blank lines are skipped. With `lines`, only those lines are
    parsed (a shard's, :mod:`framescope.corpus.split`): the others give no item. With `start`
    ((byte offset, lines before it), see :func:`iter_lines`), only the lines from there on, in a
    file known to hold items before them."""
    base = file_id(source)
    if path.stat().st_size == 0:
        yield Item(source, None, None, "empty file")
        return
    seen_any = start is not None
    max_line = 2 * max_bytes + 65536  # room for JSON escapes and the other fields
    try:
        for number, line, encoding in iter_lines(path, max_line, start):
            row_source = f"{source}:{number}"
            if lines is not None and number not in lines:
                seen_any = seen_any or line is None or bool(line.strip())
                continue
            if line is None:
                seen_any = True
                yield Item(row_source, None, None, f"line {number} too large (> {_size(max_line)} limit)")
                continue
            if not line.strip():
                continue
            seen_any = True
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                yield Item(row_source, None, None, f"malformed JSON on line {number}: {err.msg} (column {err.colno})")
                continue
            except RecursionError:
                yield Item(row_source, None, None, f"malformed JSON on line {number}: nested too deeply")
                continue
            if not isinstance(record, dict):
                yield Item(row_source, None, None, f"line {number} is a JSON {_json_type(record)}, not an object")
                continue
            yield _record_item(record, row_source, f"{base}-{number}", encoding, max_bytes)
    except Unreadable as err:
        yield Item(source, None, None, str(err))
        return
    if not seen_any:
        yield Item(source, None, None, "empty file")


def read_json(path: Path, source: str, max_bytes: int) -> Iterator[Item]:
    """A JSON file: one article object, or a list of article objects."""
    data = _read_bytes(path, source, None, max_bytes)
    if isinstance(data, Item):
        if data.reason.startswith("file too large"):
            data = Item(source, None, None, data.reason + "; write large corpora as .jsonl, one article a line")
        yield data
        return
    try:
        text, encoding = decode(data)
        parsed = json.loads(text)
    except Unreadable as err:
        yield Item(source, None, None, str(err))
        return
    except json.JSONDecodeError as err:
        yield Item(source, None, None, f"malformed JSON on line {err.lineno}: {err.msg} (column {err.colno})")
        return
    except RecursionError:
        yield Item(source, None, None, "malformed JSON: nested too deeply")
        return
    base = file_id(source)
    if isinstance(parsed, dict):
        yield _record_item(parsed, source, base, encoding, max_bytes)
    elif isinstance(parsed, list):
        if not parsed:
            yield Item(source, None, None, "empty file (an empty JSON list)")
        for number, record in enumerate(parsed, 1):
            row_source = f"{source}:{number}"
            if isinstance(record, dict):
                yield _record_item(record, row_source, f"{base}-{number}", encoding, max_bytes)
            else:
                yield Item(row_source, None, None, f"item {number} is a JSON {_json_type(record)}, not an object")
    else:
        yield Item(source, None, None, f"the file holds a JSON {_json_type(parsed)}; expected an object or a list of objects")


def read_csv(path: Path, source: str, max_bytes: int) -> Iterator[Item]:
    """CSV with a header row; one article per row (fields may span lines)."""
    base = file_id(source)
    if path.stat().st_size == 0:
        yield Item(source, None, None, "empty file")
        return
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    encodings: list[str] = []

    def lines():
        for _number, line, encoding in iter_lines(path):
            encodings.append(encoding)
            yield line

    number = 0
    try:
        reader = csv.reader(lines())
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            yield Item(source, None, None, "empty file")
            return
        header = [h.strip() for h in header]
        encodings.clear()
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            number += 1
            row_source = f"{source}:{number}"
            if len(row) > len(header):
                yield Item(row_source, None, None, f"row {number} has {len(row)} fields but the header has {len(header)}")
                continue
            record = dict(zip(header, row))
            row_encoding = "cp1252" if "cp1252" in encodings else ("latin-1" if "latin-1" in encodings else encodings[-1])
            encodings.clear()
            yield _record_item(record, row_source, f"{base}-{number}", row_encoding, max_bytes)
        if number == 0:
            yield Item(source, None, None, "empty file (a header row and no articles)")
    except Unreadable as err:
        yield Item(source if number == 0 else f"{source}:{number + 1}+", None, None, str(err) + _rest(number))
    except csv.Error as err:
        yield Item(source if number == 0 else f"{source}:{number + 1}+", None, None, f"malformed CSV: {err}{_rest(number)}")


def _rest(number: int) -> str:
    return f" (after row {number}: the rest of the file was not read)" if number else ""


def read_parquet(path: Path, source: str, max_bytes: int) -> Iterator[Item]:
    """A Parquet table: one article per row, streamed in batches of rows."""
    import pyarrow.parquet as pq

    base = file_id(source)

    def why(err: Exception) -> str:
        return str(err).replace(str(path), source).splitlines()[0][:200]

    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as err:
        yield Item(source, None, None, f"not a readable Parquet file ({why(err)})")
        return
    if parquet.metadata.num_rows == 0:
        yield Item(source, None, None, "empty file (a Parquet table with no rows)")
        return
    number = 0
    try:
        for batch in parquet.iter_batches(batch_size=PARQUET_BATCH):
            for record in batch.to_pylist():
                number += 1
                yield _record_item(record, f"{source}:{number}", f"{base}-{number}", "utf-8", max_bytes)
    except (pa.ArrowException, OSError) as err:
        rest = parquet.metadata.num_rows - number
        yield Item(f"{source}:{number + 1}+", None, None,
                   f"unreadable Parquet data: rows {number + 1} to the end ({rest} rows) not read ({why(err)})")


def _json_type(value) -> str:
    return {list: "list", str: "string", bool: "boolean", int: "number", float: "number", type(None): "null"}.get(type(value), "value")


RECORD_READERS: dict[str, Reader] = {
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".json": read_json,
    ".csv": read_csv,
    ".parquet": read_parquet,
}
READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".text": read_txt,
    **{suffix: read_html for suffix in HTML_SUFFIXES},
    **RECORD_READERS,
}


def _record_item(record: dict, source: str, default_id: str, encoding: str, max_bytes: int) -> Item:
    raw_id = field_value(record, "id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)) or not str(raw_id).strip():
        article_id = default_id
    else:
        article_id = safe_id(str(raw_id).strip())
    field = "text"
    if not has_field(record, "text"):
        if not has_field(record, "html"):
            fields = ", ".join(sorted(map(str, record))[:12]) or "none"
            return Item(source, article_id, None, f"no text field (fields: {fields})", encoding)
        field = "html"
    text = field_value(record, field)
    if text is None or (isinstance(text, str) and not text.strip()):
        return Item(source, article_id, None, f"empty {field}", encoding)
    if not isinstance(text, str):
        return Item(source, article_id, None, f"the {field} field is a JSON {_json_type(text)}, not a string", encoding)
    if len(text) > max_bytes:
        return Item(source, article_id, None, f"{field} too large ({_size(len(text))} > {_size(max_bytes)} limit)", encoding)
    return Item(source, article_id, record, None, encoding)


# ---------------------------------------------------------------------------------------
# Iterating over a corpus


def iter_items(corpus: Path, sources: list[str] | None = None, max_bytes: int = MAX_BYTES,
               lines: frozenset[int] | None = None) -> Iterator[Item]:
    """Every input of a corpus, one Item each, in a fixed order.

    Parameters
    ----------
    corpus : Path
        A folder (read recursively) or a single corpus file.
    sources : list of str, optional
        For a folder: read only these entries (paths relative to `corpus`, as given by
        :func:`list_folder_sources`). A listed file that is missing is rejected.
    max_bytes : int
        Files read whole (.txt, .html, .json) and records' texts beyond this are rejected.
    lines : frozenset of int, optional
        For a JSON Lines corpus file: parse only these lines (the others give no item).
    """
    corpus = Path(corpus)
    if corpus.is_file():
        if lines is not None and corpus.suffix.lower() in (".jsonl", ".ndjson"):
            try:
                yield from read_jsonl(corpus, corpus.name, max_bytes, lines)
            except OSError as err:
                yield Item(corpus.name, None, None, f"unreadable file ({err.strerror or type(err).__name__})")
            return
        yield from _read_file(corpus, corpus.name, max_bytes)
        return
    if not corpus.is_dir():
        raise FileNotFoundError(
            f"corpus {corpus} does not exist: give a folder of articles or a .jsonl/.csv/.json/.parquet/.txt/.html file"
        )
    listing = sorted(sources) if sources is not None else [s for s, _ in list_folder_sources(corpus)]
    for source in listing:
        yield from _read_source(corpus, source, max_bytes)


def _read_source(corpus: Path, source: str, max_bytes: int) -> Iterator[Item]:
    """The items of one listed entry of a corpus folder."""
    shown = printable_source(source)
    article_id = file_id(source)  # what sources_by_shard sharded the entry by
    path = corpus / source
    parts = source.rstrip("/").split("/")
    if is_folder_entry(source):
        if parts[-1].startswith("."):
            reason = "hidden folder (its name starts with '.'): not read"
        elif path.is_symlink():
            reason = "link to a folder: not followed (copy the files in, or give that folder as the corpus)"
        else:
            reason = "folder could not be read (no permission?)"
        yield Item(shown, article_id, None, reason)
    elif any(part.startswith(".") for part in parts):
        yield Item(shown, article_id, None, "hidden file (its name starts with '.'): not read; rename it to include it")
    elif path.is_symlink() and not path.exists():
        yield Item(shown, article_id, None, "broken link (the file it points to does not exist)")
    elif not path.exists():
        yield Item(shown, article_id, None, "file not found")
    elif not path.is_file():
        yield Item(shown, article_id, None, "not a regular file")
    else:
        yield from _read_file(path, shown, max_bytes)


def _read_file(path: Path, source: str, max_bytes: int) -> Iterator[Item]:
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    article_id = None if is_record_file(source) else file_id(source)
    if reader is None:
        kind = f"unsupported file type {suffix}" if suffix else "unsupported file type (no extension)"
        yield Item(source, article_id, None, f"{kind}; expected .txt, .html, .jsonl, .json, .csv or .parquet")
        return
    try:
        yield from reader(path, source, max_bytes)
    except OSError as err:
        yield Item(source, article_id, None, f"unreadable file ({err.strerror or type(err).__name__})")

"""Reading a corpus into the `articles`, `sentences` and `rejected` tables.

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

Text is decoded from UTF-8, UTF-8 or UTF-16/32 with a byte-order mark, or cp1252 /
Latin-1 (see :func:`decode`); mojibake (UTF-8 read as cp1252, "CafÃ©") is repaired
where the repair is unambiguous. Each article records the encoding that read it in
the ``encoding`` column, and anything else done to it in ``notes``.

Reading goes through one reader per file extension (:data:`READERS`); cleaning,
HTML extraction and sentence splitting happen in :func:`ingest_items`, after a
shard has kept its own items, so a corpus file read by every shard is cleaned once.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import math
import os
import re
import sys
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

from framescope.corpus.clean import clean_article, parse_date, repair_mojibake
from framescope.text.sentences import split_sentences
from framescope.base.sharding import shard_of
from framescope.base.tables import columns

MAX_BYTES = 20 * 1024 * 1024  # a single-article file, or one record's text, beyond this is rejected
MAX_ID_LENGTH = 120
CORPUS_FIELDS = ("id", "text", "html", "title", "outlet", "published", "authors", "url")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
PARQUET_BATCH = 256  # rows per batch when streaming a Parquet corpus
MIN_HTML_WORDS = 10  # a page whose main text is shorter is a menu or an error page, not an article


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
# Ids


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
_SAFE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")  # already an id: nothing below would change it


def safe_id(raw: str) -> str:
    """A file-name-safe id: only [A-Za-z0-9._-], no leading dot or dash, at most 120 characters.

    Accents are dropped ("Zürich" -> "Zurich"); other characters become "_". An id
    never starts with "." (so it is never "." or "..", nor hidden) or "-" (so a command
    never takes it for an option). An id that has to be shortened keeps its start and
    gets a short hash of the whole raw id, so two long ids that differ only at the end
    stay different.
    """
    if isinstance(raw, str) and len(raw) <= MAX_ID_LENGTH and _SAFE.fullmatch(raw):
        return raw  # the common case, 100,000 times while Snakemake builds its DAG
    text = unicodedata.normalize("NFKD", str(raw))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _UNSAFE.sub("_", text)
    if text.startswith((".", "-")):
        text = "_" + text[1:]
    if not text:
        text = "_"
    if len(text) > MAX_ID_LENGTH:
        digest = hashlib.sha256(str(raw).encode("utf-8", "surrogatepass")).hexdigest()[:10]
        text = text[: MAX_ID_LENGTH - len(digest) - 1] + "-" + digest
    return text


def file_id(relative: str) -> str:
    """The article id of a file: its path without extension, "/" as "--"."""
    stem, _ = os.path.splitext(printable_source(relative).rstrip("/"))
    return safe_id(stem.replace("\\", "/").replace("/", "--"))


_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub(value: str) -> str:
    """`value` made writable as UTF-8: lone surrogates (from a JSON "\\ud800" escape) become U+FFFD."""
    return _SURROGATE.sub("\ufffd", value)


def printable_source(source: str) -> str:
    """A file name as it goes into the tables: bytes that are not UTF-8 shown as \\xNN."""
    try:
        source.encode("utf-8")
        return source
    except UnicodeEncodeError:
        return os.fsencode(source).decode("utf-8", "backslashreplace")


# ---------------------------------------------------------------------------------------
# Listing a folder


def list_folder_sources(corpus: Path) -> list[tuple[str, str]]:
    """(source, article_id) for every entry under `corpus`, sorted by source.

    The contents are not read, so this is fast enough to run when Snakemake builds
    its DAG. Hidden folders and links to folders are listed as one entry each, with a
    trailing "/" (they are not read, and are rejected with that reason); hidden files
    are listed like any file (and rejected). For a corpus file (.jsonl, .csv, .json,
    .parquet) the id is the file's own; its records carry their own ids, so every
    shard has to read it (see :func:`sources_by_shard`).
    """
    corpus = Path(corpus)
    found = []

    def unlistable(err: OSError) -> None:  # a folder os.walk cannot open: listed, so it is rejected
        if err.filename and os.path.normpath(err.filename) != os.path.normpath(corpus):
            found.append(os.path.relpath(err.filename, corpus).replace(os.sep, "/") + "/")

    for folder, dirs, files in os.walk(corpus, onerror=unlistable):
        rel_folder = os.path.relpath(folder, corpus)
        prefix = "" if rel_folder == "." else rel_folder.replace(os.sep, "/") + "/"
        walk = []
        for name in sorted(dirs):
            if name.startswith(".") or os.path.islink(os.path.join(folder, name)):
                found.append(prefix + name + "/")
            else:
                walk.append(name)
        dirs[:] = walk
        found.extend(prefix + name for name in files)
    found.sort()
    return [(rel, file_id(rel)) for rel in found]


def is_record_file(source: str) -> bool:
    """True for a corpus file holding many records (.jsonl, .ndjson, .csv, .json, .parquet)."""
    return os.path.splitext(source.lower())[1] in RECORD_READERS


def is_folder_entry(source: str) -> bool:
    """True for a listed folder that is not read (hidden, or a link)."""
    return source.endswith("/")


def sources_by_shard(listing: list[tuple[str, str]], n_shards: int) -> list[list[str]]:
    """The sources each shard has to read: its own single-article files, and every corpus file."""
    shards: list[list[str]] = [[] for _ in range(n_shards)]
    for source, article_id in listing:
        if is_record_file(source):
            for files in shards:
                files.append(source)
        else:
            shards[shard_of(article_id, n_shards)].append(source)
    return shards


def listing_text(corpus: Path, sources: Iterable[str]) -> str:
    """A shard's listing: one line per source with its size and modification time.

    The job that ingests the shard depends on this text (written by the Snakefile only
    when it changes), so adding, editing or removing a file reruns just its shard. Each
    source is written as a JSON string: names with tabs, newlines or bytes that are not
    UTF-8 stay one line and come back exactly (:func:`read_listing`).
    """
    lines = []
    folder = os.fspath(corpus)
    for source in sources:
        try:
            st = os.stat(os.path.join(folder, source))
            size, mtime = st.st_size, st.st_mtime_ns
        except OSError:  # vanished or unreadable: the ingest job rejects it, with the reason
            size = mtime = "-"
        lines.append(f"{json.dumps(source)}\t{size}\t{mtime}\n")
    return "".join(lines)


def read_listing(path) -> list[str]:
    """The sources of a listing written from :func:`listing_text`, in its order."""
    with open(path, encoding="ascii") as f:
        return [json.loads(line.split("\t", 1)[0]) for line in f if line.strip()]


def count_items(corpus: Path) -> int:
    """About how many items a corpus holds, cheaply: for choosing the number of shards."""
    corpus = Path(corpus)
    if corpus.is_dir():
        return len(list_folder_sources(corpus))
    if corpus.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        try:
            return pq.ParquetFile(corpus).metadata.num_rows
        except (pa.ArrowException, OSError):
            return 1
    with open(corpus, "rb") as f:
        return sum(block.count(b"\n") for block in iter(lambda: f.read(1 << 24), b"")) + 1


# ---------------------------------------------------------------------------------------
# Decoding

_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"BZh", b"\x7fELF", b"\xd0\xcf\x11\xe0", b"PAR1")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WIDE = ("utf-16", "utf-16-le", "utf-16-be", "utf-32")


class Unreadable(Exception):
    """Bytes that are not text; the message is the rejection reason."""


def sniff_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark or a UTF-16 pattern gives away, else None."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    if head.startswith(_BINARY_MAGIC):
        raise Unreadable("not text (binary content)")
    if b"\x00" in head:
        # UTF-16 without a BOM: every other byte is NUL in mostly-ASCII text.
        sample = head[: len(head) - len(head) % 2]
        if sample and sample[1::2].count(0) > 0.4 * len(sample) / 2 and sample[0::2].count(0) == 0:
            return "utf-16-le"
        if sample and sample[0::2].count(0) > 0.4 * len(sample) / 2 and sample[1::2].count(0) == 0:
            return "utf-16-be"
        raise Unreadable("not text (binary content)")
    return None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode bytes as text: BOM-marked UTF-8/16/32, else UTF-8, else `declared`, else cp1252, else Latin-1.

    `declared` is an encoding the data names itself (an HTML page's charset).
    Returns (text, encoding). Raises :class:`Unreadable` for binary or garbled bytes.
    """
    encoding = sniff_encoding(data[:8192])
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as err:
            raise Unreadable(f"undecodable text ({encoding}: {err.reason} at byte {err.start})") from None
        return text.lstrip("\ufeff"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared is not None:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass
    text, encoding = decode_line(data)
    if _garbled(text):
        raise Unreadable("undecodable text")
    return text, encoding


def decode_line(data: bytes) -> tuple[str, str]:
    """Decode as UTF-8, else cp1252, else Latin-1 (which never fails)."""
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _garbled(text: str) -> bool:
    """Mostly control characters: bytes of some other encoding, or not text at all."""
    if not text:
        return False
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r")
    return controls > 0.05 * len(text)


_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)
# Pages that say Latin-1 or ASCII are read as cp1252, as browsers do.
_WINDOWS_1252_ALIASES = {"iso8859-1", "latin-1", "ascii", "cp1252"}


def declared_charset(head: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag, as a Python codec name, or None."""
    m = _CHARSET.search(head)
    if not m:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    if name in _WINDOWS_1252_ALIASES or name.startswith(("utf-16", "utf-32")):
        return None  # cp1252 is tried anyway; a page with no BOM that claims UTF-16 is not
    return name


def _iter_lines(path: Path, max_line: int | None = None) -> Iterator[tuple[int, str | None, str]]:
    """(line number from 1, line, encoding) of a text file, each line decoded on its own.

    Decoding line by line lets a mostly UTF-8 file with a few cp1252 lines through,
    each line with the encoding that read it. A BOM-marked UTF-16/32 file is read
    whole-stream instead. A line longer than `max_line` (bytes, or characters for
    UTF-16/32) is skipped without being held in memory, and given as None.
    """
    limit = -1 if max_line is None else max_line + 1
    with open(path, "rb") as f:
        head = f.read(8192)
        encoding = sniff_encoding(head)
        f.seek(0)
        if encoding in _WIDE:
            stream = io.TextIOWrapper(f, encoding=encoding, newline="")
            try:
                number = 0
                while True:
                    line = stream.readline(limit)
                    if not line:
                        return
                    number += 1
                    if number == 1:
                        line = line.lstrip("\ufeff")
                    if max_line is not None and len(line) > max_line and not line.endswith("\n"):
                        _skip_rest(stream.readline, "\n")
                        line = None
                    yield number, line, encoding
            except UnicodeDecodeError as err:
                raise Unreadable(f"undecodable text ({encoding}: {err.reason})") from None
            finally:
                stream.detach()
        number = 0
        while True:
            raw = f.readline(limit)
            if not raw:
                return
            number += 1
            if max_line is not None and len(raw) > max_line and not raw.endswith(b"\n"):
                _skip_rest(f.readline, b"\n")
                yield number, None, "utf-8"
                continue
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            text, used = decode_line(raw)
            yield number, text, used


def _skip_rest(readline, newline) -> None:
    """Read on, a megabyte at a time, to the end of the current line."""
    while True:
        chunk = readline(1 << 20)
        if not chunk or chunk.endswith(newline):
            return


# ---------------------------------------------------------------------------------------
# Readers: one per file extension. Each yields the Items of one file; they read and
# decode, but do not clean (see ingest_items).

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
    """A web page: one article, its main text found by trafilatura in :func:`ingest_items`."""
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


def read_jsonl(path: Path, source: str, max_bytes: int) -> Iterator[Item]:
    """JSON Lines: one object per line; blank lines are skipped."""
    base = file_id(source)
    if path.stat().st_size == 0:
        yield Item(source, None, None, "empty file")
        return
    seen_any = False
    max_line = 2 * max_bytes + 65536  # room for JSON escapes and the other fields
    try:
        for number, line, encoding in _iter_lines(path, max_line):
            row_source = f"{source}:{number}"
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
        for _number, line, encoding in _iter_lines(path):
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


def _field(record: dict, name: str):
    """A corpus field by name, case-insensitively ("Text", "TITLE")."""
    if name in record:
        return record[name]
    for key in record:
        if isinstance(key, str) and key.strip().lower() == name:
            return record[key]
    return None


def _has_field(record: dict, name: str) -> bool:
    return any(isinstance(k, str) and k.strip().lower() == name for k in record)


def _record_item(record: dict, source: str, default_id: str, encoding: str, max_bytes: int) -> Item:
    raw_id = _field(record, "id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)) or not str(raw_id).strip():
        article_id = default_id
    else:
        article_id = safe_id(str(raw_id).strip())
    field = "text"
    if not _has_field(record, "text"):
        if not _has_field(record, "html"):
            fields = ", ".join(sorted(map(str, record))[:12]) or "none"
            return Item(source, article_id, None, f"no text field (fields: {fields})", encoding)
        field = "html"
    text = _field(record, field)
    if text is None or (isinstance(text, str) and not text.strip()):
        return Item(source, article_id, None, f"empty {field}", encoding)
    if not isinstance(text, str):
        return Item(source, article_id, None, f"the {field} field is a JSON {_json_type(text)}, not a string", encoding)
    if len(text) > max_bytes:
        return Item(source, article_id, None, f"{field} too large ({_size(len(text))} > {_size(max_bytes)} limit)", encoding)
    return Item(source, article_id, record, None, encoding)


# ---------------------------------------------------------------------------------------
# Iterating over a corpus


def iter_items(corpus: Path, sources: list[str] | None = None, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
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
    """
    corpus = Path(corpus)
    if corpus.is_file():
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


# ---------------------------------------------------------------------------------------
# HTML


def extract_html(html: str) -> tuple[dict, list[str]] | None:
    """The main text and metadata of a web page, through trafilatura; None when it finds no text.

    Returns a record with ``text`` (paragraphs separated by blank lines), ``title``,
    ``outlet`` (the site name), ``published``, ``authors`` and ``url`` when the page
    gives them, and ``description``, ``hostname``, ``categories`` and ``tags`` as
    metadata; and the page's subheadings (its <h2>...<h6> in the main text). Dates
    come from the page's markup only (meta tags, <time>, the url), never from the
    clock, so the result does not depend on when it runs.
    """
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True, "max_date": "2099-12-31"},
        )
    if doc is None or not (doc.text or "").strip():
        return None
    paragraphs, headings = _blocks(doc.body) if doc.body is not None else ([], [])
    if not paragraphs:
        paragraphs = [line for line in doc.text.split("\n")]
    record = {
        "text": "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip()),
        "title": doc.title,
        "outlet": doc.sitename,
        "published": doc.date,
        "authors": doc.author,
        "url": doc.url,
    }
    for name in ("description", "hostname", "categories", "tags"):
        value = getattr(doc, name, None)
        if value:
            record[name] = value
    if "authors" in record:  # "Staff", "Admin": a byline placeholder, not a person
        names = [n for n in _authors(record["authors"]) if n.casefold() not in _NOT_AUTHORS]
        record["authors"] = names
    return {k: v for k, v in record.items() if v not in (None, "", [])}, headings


_NOT_AUTHORS = {"staff", "admin", "administrator", "editor", "editors", "staff writer", "staff reporter", "web staff", "newsroom"}


def _blocks(body) -> tuple[list[str], list[str]]:
    """Paragraphs (list items one each) and headings of trafilatura's XML body."""
    paragraphs, headings = [], []
    for element in body:
        if element.tag == "list":
            paragraphs.extend("".join(item.itertext()) for item in element.iter("item"))
            continue
        text = " ".join("".join(element.itertext()).split())
        paragraphs.append(text)
        if element.tag == "head" and text:
            headings.append(text)
    return paragraphs, headings


def _truncated(html: str) -> bool:
    tail = html[-4096:].lower()
    return "</html" not in tail and "</body" not in tail


# ---------------------------------------------------------------------------------------
# Building the tables


def _authors(value) -> list[str]:
    """Author names from a list, or a string "A; B", "A and B" or "A, B"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, (list, tuple)):
        names = [str(v).strip() for v in value if v is not None and str(v).strip()]
    else:
        text = str(value).strip()
        if ";" in text:
            names = text.split(";")
        else:
            names = re.split(r"\s*,\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*", text)
            if any(len(n.split()) < 2 for n in names if n.strip()):
                names = re.split(r"\s+and\s+|\s*&\s*", text)  # "Doe, Jane": keep commas
        names = [n.strip() for n in names if n.strip()]
    names = [scrub(n) for n in names]
    out: list[str] = []
    for name in names:
        if name not in out:
            out.append(name)
    return out


def _text_field(record: dict, name: str) -> str | None:
    value = _field(record, name)
    if value is None or isinstance(value, (dict, list)) or (isinstance(value, float) and math.isnan(value)):
        return None
    value = scrub(" ".join(str(value).split()))
    return value or None


def _metadata(record: dict, extra: dict) -> str:
    meta = {k: v for k, v in record.items() if not (isinstance(k, str) and k.strip().lower() in CORPUS_FIELDS)}
    meta.update(extra)
    return json.dumps(_finite(meta), sort_keys=True, ensure_ascii=False, default=str)


def _finite(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    if isinstance(value, str):
        return scrub(value)
    return value


ARTICLE_EXTRA = ("encoding", "notes")  # columns after those of tables.TABLES["articles"]
_STR_LIST = pd.ArrowDtype(pa.list_(pa.string()))
_ARTICLE_TYPES = {"authors": _STR_LIST, "contributors": _STR_LIST, "n_words": "int64", "notes": _STR_LIST}
_SENTENCE_TYPES = {"sent_id": "int64", "paragraph": "int64", "start": "int64", "end": "int64"}


def _frame(rows: dict[str, list], name: str, types: dict[str, object], extra: tuple[str, ...] = ()) -> pd.DataFrame:
    data = {}
    for col in [*columns(name), *extra]:
        dtype = types.get(col, "str")
        data[col] = pd.Series(rows[col], dtype=dtype)
    return pd.DataFrame(data)


def _repaired(value: str | None, notes: list[str], what: str) -> str | None:
    if not value:
        return value
    fixed, n = repair_mojibake(value)
    if n:
        notes.append(f"mojibake repaired in the {what} ({n} places: UTF-8 that had been read as cp1252)")
    return fixed


def ingest_items(items: Iterable[Item], language: str = "en") -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Clean and split items into the (articles, sentences, rejected) tables.

    The tables have the columns of :mod:`framescope.base.tables`, sorted by their keys.
    A record holding a web page (``html``) has its text found by :func:`extract_html`
    first. An item whose id was already taken, whose page has no main text, or whose
    text is empty once cleaned, is rejected with the reason.
    """
    articles: dict[str, list] = {c: [] for c in [*columns("articles"), *ARTICLE_EXTRA]}
    sentences: dict[str, list] = {c: [] for c in columns("sentences")}
    rejected: dict[str, list] = {c: [] for c in columns("rejected")}
    taken: dict[str, str] = {}

    def reject(source: str, reason: str) -> None:
        rejected["source"].append(source)
        rejected["reason"].append(reason)

    for item in items:
        if item.reason is not None:
            reject(item.source, item.reason)
            continue
        article_id = item.article_id
        if article_id in taken:
            reject(item.source, f"id collision: {article_id} already taken by {taken[article_id]} (give each article its own id)")
            continue
        record = item.record
        notes = list(item.notes)
        raw_text = _field(record, "text")
        headings: list[str] = []
        if raw_text is None:  # a web page: find its main text
            html = _field(record, "html")
            try:
                page = extract_html(html)
            except Exception as err:  # noqa: BLE001 - a parser failing on one page must not stop the corpus
                reject(item.source, f"HTML could not be parsed ({type(err).__name__})")
                continue
            if page is None:
                reject(item.source, "no article text found in the HTML page")
                continue
            page, headings = page
            n_words = len(page["text"].split())
            if n_words < MIN_HTML_WORDS:
                reject(item.source, f"no article text found in the HTML page (only {n_words} words outside its navigation)")
                continue
            notes.append("main text and metadata extracted from HTML by trafilatura")
            if _truncated(html):
                notes.append("the page has no closing </body> or </html> tag: it may be truncated")
            given = {k: v for k, v in record.items() if not (isinstance(k, str) and k.strip().lower() == "html")}
            record = {**page, **{k: v for k, v in given.items() if v not in (None, "")}}
            raw_text = record["text"]
        if _SURROGATE.search(raw_text):
            notes.append("invalid characters (lone surrogate escapes) replaced by U+FFFD")
        raw_text = _repaired(raw_text, notes, "text")
        title = _repaired(_text_field(record, "title"), notes, "title")
        cleaned = clean_article(raw_text, title=title, headings=headings)
        if not cleaned.text.strip():
            reject(item.source, "no body text after cleaning (only boilerplate, or nothing)")
            continue
        taken[article_id] = item.source

        extra = {}
        published = cleaned.published
        raw_published = _field(record, "published")
        if raw_published is not None and str(raw_published).strip():
            given_date = parse_date(str(raw_published))
            if given_date is None:
                extra["published_raw"] = raw_published  # kept, but not trusted as a date
            else:
                published = given_date
        authors = _authors(_field(record, "authors")) or cleaned.authors

        text = cleaned.text
        articles["article_id"].append(article_id)
        articles["source"].append(item.source)
        articles["outlet"].append(_text_field(record, "outlet") or cleaned.outlet)
        articles["published"].append(published)
        articles["title"].append(title or cleaned.title)
        articles["authors"].append(authors)
        articles["contributors"].append(cleaned.contributors)
        articles["url"].append(_text_field(record, "url"))
        articles["language"].append(language)
        articles["text"].append(text)
        articles["sha256"].append(hashlib.sha256(text.encode("utf-8")).hexdigest())
        articles["n_words"].append(len(text.split()))
        articles["metadata"].append(_metadata(record, extra))
        articles["encoding"].append(item.encoding)
        articles["notes"].append(notes)

        headings = dict(cleaned.sections)
        section = None
        sent_id = 0
        last_paragraph = -1
        for sentence in split_sentences(text):
            if sentence.paragraph != last_paragraph:
                # headings above this paragraph, in order; the nearest one wins
                for p in range(last_paragraph + 1, sentence.paragraph + 1):
                    if p in headings:
                        section = headings[p]
                last_paragraph = sentence.paragraph
            if sentence.paragraph in headings:
                continue  # a heading is a section marker, not a sentence
            sentences["article_id"].append(article_id)
            sentences["sent_id"].append(sent_id)
            sentences["paragraph"].append(sentence.paragraph)
            sentences["section"].append(section)
            sentences["start"].append(sentence.start)
            sentences["end"].append(sentence.end)
            sentences["text"].append(text[sentence.start : sentence.end])
            sent_id += 1

    a = _frame(articles, "articles", _ARTICLE_TYPES, ARTICLE_EXTRA)
    s = _frame(sentences, "sentences", _SENTENCE_TYPES)
    r = _frame(rejected, "rejected", {})
    a = a.sort_values("article_id", kind="stable").reset_index(drop=True)
    s = s.sort_values(["article_id", "sent_id"], kind="stable").reset_index(drop=True)
    r = r.sort_values(["source", "reason"], kind="stable").reset_index(drop=True)
    return a, s, r


def shard_key(item: Item) -> str:
    """What decides an item's shard: its article id, or its source when the id is unknown."""
    return item.article_id if item.article_id is not None else item.source


def ingest_shard(
    corpus: Path,
    shard: int,
    n_shards: int,
    sources: list[str] | None = None,
    language: str = "en",
    max_bytes: int = MAX_BYTES,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The (articles, sentences, rejected) tables of one shard of a corpus.

    Only the items whose :func:`shard_key` hashes to `shard` are cleaned; over all
    shards every item is accounted for exactly once.
    """
    if not 0 <= shard < n_shards:
        raise ValueError(f"shard {shard} is outside 0..{n_shards - 1}")
    items = (item for item in iter_items(corpus, sources, max_bytes) if shard_of(shard_key(item), n_shards) == shard)
    return ingest_items(items, language=language)

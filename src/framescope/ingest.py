"""Reading a corpus into the `articles`, `sentences` and `rejected` tables.

A corpus is a folder (read recursively) or a single file:

- ``.txt``: one article per file, its id the file's path ("news/a.txt" -> "news--a");
- ``.jsonl``: one JSON object per line; ``.json``: one object or a list of objects;
  ``.csv``: one row per article with a header row. Each record has a ``text`` field
  and optionally ``id``, ``title``, ``outlet``, ``published``, ``authors`` and
  ``url``; any other fields are kept, as JSON, in the ``metadata`` column.

Every input ends up either as an article or as a ``rejected`` row whose reason says
what was wrong, so nothing disappears without trace. Files and folders whose names
start with "." (``.DS_Store``, ``.git``) are not inputs and are not listed.

Reading goes through one reader per file extension (:data:`READERS`), so a new
format (HTML through trafilatura, say) is one more function.
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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

from framescope.clean import clean_article, parse_date
from framescope.sentences import split_sentences
from framescope.sharding import shard_of
from framescope.tables import columns

MAX_BYTES = 20 * 1024 * 1024  # a single-article file, or one record's text, beyond this is rejected
MAX_ID_LENGTH = 120
CORPUS_FIELDS = ("id", "text", "title", "outlet", "published", "authors", "url")
RECORD_SUFFIXES = (".jsonl", ".json", ".csv")  # files holding many articles, each with its own id


@dataclass(frozen=True)
class Item:
    """One input: a record ready to clean, or a rejection (`reason` set).

    `source` is the path relative to the corpus root, with ":N" for the N-th record of
    a corpus file. `article_id` is None when the id could not be known (a malformed
    line, an unreadable corpus file). `encoding` is the text encoding the bytes were
    decoded with.
    """

    source: str
    article_id: str | None
    record: dict | None
    reason: str | None
    encoding: str | None = None


# ---------------------------------------------------------------------------------------
# Ids


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def safe_id(raw: str) -> str:
    """A file-name-safe id: only [A-Za-z0-9._-], no leading dot, at most 120 characters.

    Accents are dropped ("Zürich" -> "Zurich"); other characters become "_". An id
    that has to be shortened keeps its start and gets a short hash of the whole raw id,
    so two long ids that differ only at the end stay different.
    """
    text = unicodedata.normalize("NFKD", str(raw))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _UNSAFE.sub("_", text)
    if text.startswith("."):
        text = "_" + text[1:]  # never hidden, never "." or ".."
    if not text:
        text = "_"
    if len(text) > MAX_ID_LENGTH:
        digest = hashlib.sha256(str(raw).encode("utf-8", "surrogatepass")).hexdigest()[:10]
        text = text[: MAX_ID_LENGTH - len(digest) - 1] + "-" + digest
    return text


def file_id(relative: str) -> str:
    """The article id of a file: its path without extension, "/" as "--"."""
    stem, _ = os.path.splitext(relative)
    return safe_id(stem.replace("\\", "/").replace("/", "--"))


# ---------------------------------------------------------------------------------------
# Listing a folder


def list_folder_sources(corpus: Path) -> list[tuple[str, str]]:
    """(source, article_id) for every file under `corpus`, sorted by source.

    The contents are not read, so this is fast enough to run when Snakemake builds
    its DAG. For a corpus file (.jsonl, .csv, .json) the id is the file's own; its
    records carry their own ids, so every shard has to read it (see
    :func:`sources_by_shard`).
    """
    corpus = Path(corpus)
    found = []
    for folder, dirs, files in os.walk(corpus):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel_folder = os.path.relpath(folder, corpus)
        for name in files:
            if name.startswith("."):
                continue
            rel = name if rel_folder == "." else f"{rel_folder}/{name}"
            rel = rel.replace(os.sep, "/")
            found.append(rel)
    found.sort()
    return [(rel, file_id(rel)) for rel in found]


def is_record_file(source: str) -> bool:
    """True for a corpus file holding many records (.jsonl, .csv, .json)."""
    return source.lower().endswith(RECORD_SUFFIXES)


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


# ---------------------------------------------------------------------------------------
# Decoding

_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"BZh", b"\x7fELF", b"\xd0\xcf\x11\xe0")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


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


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes as text: BOM-marked UTF-8/16/32, else UTF-8, else cp1252, else Latin-1.

    Returns (text, encoding). Raises :class:`Unreadable` for binary or garbled bytes.
    """
    encoding = sniff_encoding(data[:8192])
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as err:
            raise Unreadable(f"undecodable text ({encoding}: {err.reason} at byte {err.start})") from None
        return text.lstrip("\ufeff"), encoding
    text, encoding = decode_line(data)
    if encoding != "utf-8" and _garbled(text):
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


def _iter_lines(path: Path) -> Iterator[tuple[int, str, str]]:
    """(line number from 1, line, encoding) of a text file, each line decoded on its own.

    Decoding line by line lets a mostly UTF-8 file with a few cp1252 lines through,
    each line with the encoding that read it. A BOM-marked UTF-16/32 file is read
    whole-stream instead.
    """
    with open(path, "rb") as f:
        head = f.read(8192)
        encoding = sniff_encoding(head)
        f.seek(0)
        if encoding in ("utf-16", "utf-16-le", "utf-16-be", "utf-32"):
            stream = io.TextIOWrapper(f, encoding=encoding, newline="")
            try:
                for number, line in enumerate(stream, 1):
                    yield number, line.lstrip("\ufeff") if number == 1 else line, encoding
            except UnicodeDecodeError as err:
                raise Unreadable(f"undecodable text ({encoding}: {err.reason})") from None
            finally:
                stream.detach()
            return
        for number, raw in enumerate(f, 1):
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            text, used = decode_line(raw)
            yield number, text, used


# ---------------------------------------------------------------------------------------
# Readers: one per file extension. Each yields the Items of one file.

Reader = Callable[[Path, str, int], Iterator[Item]]


def _size(n: int) -> str:
    """A byte count for people: "850 bytes", "12.5 KB", "20 MB"."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


def _read_whole(path: Path, source: str, article_id: str | None, max_bytes: int) -> tuple[str, str] | Item:
    size = path.stat().st_size
    if size > max_bytes:
        return Item(source, article_id, None, f"file too large ({_size(size)} > {_size(max_bytes)} limit)")
    data = path.read_bytes()
    if not data.strip():
        return Item(source, article_id, None, "empty file")
    try:
        return decode(data)
    except Unreadable as err:
        return Item(source, article_id, None, str(err))


def read_txt(path: Path, source: str, max_bytes: int) -> Iterator[Item]:
    """A plain-text file: one article."""
    article_id = file_id(source)
    got = _read_whole(path, source, article_id, max_bytes)
    if isinstance(got, Item):
        yield got
        return
    text, encoding = got
    if not text.strip():
        yield Item(source, article_id, None, "empty file", encoding)
        return
    yield Item(source, article_id, {"text": text}, None, encoding)


def read_html(path: Path, source: str, max_bytes: int) -> Iterator[Item]:
    yield Item(source, file_id(source), None, "HTML input is not supported yet")


def read_jsonl(path: Path, source: str, max_bytes: int) -> Iterator[Item]:
    """JSON Lines: one object per line; blank lines are skipped."""
    base = file_id(source)
    if path.stat().st_size == 0:
        yield Item(source, None, None, "empty file")
        return
    seen_any = False
    try:
        for number, line, encoding in _iter_lines(path):
            if not line.strip():
                continue
            seen_any = True
            row_source = f"{source}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                yield Item(row_source, None, None, f"malformed JSON on line {number}: {err.msg} (column {err.colno})")
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
    got = _read_whole(path, source, None, max_bytes)
    if isinstance(got, Item):
        if got.reason.startswith("file too large"):
            got = Item(source, None, None, got.reason + "; write large corpora as .jsonl, one article a line")
        yield got
        return
    text, encoding = got
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        yield Item(source, None, None, f"malformed JSON on line {err.lineno}: {err.msg} (column {err.colno})")
        return
    base = file_id(source)
    if isinstance(data, dict):
        yield _record_item(data, source, base, encoding, max_bytes)
    elif isinstance(data, list):
        if not data:
            yield Item(source, None, None, "empty file (an empty JSON list)")
        for number, record in enumerate(data, 1):
            row_source = f"{source}:{number}"
            if isinstance(record, dict):
                yield _record_item(record, row_source, f"{base}-{number}", encoding, max_bytes)
            else:
                yield Item(row_source, None, None, f"item {number} is a JSON {_json_type(record)}, not an object")
    else:
        yield Item(source, None, None, f"the file holds a JSON {_json_type(data)}; expected an object or a list of objects")


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

    try:
        reader = csv.reader(lines())
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            yield Item(source, None, None, "empty file")
            return
        header = [h.strip() for h in header]
        encodings.clear()
        number = 0
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
    except Unreadable as err:
        yield Item(source, None, None, str(err))
    except csv.Error as err:
        yield Item(source, None, None, f"malformed CSV: {err}")


def _json_type(value) -> str:
    return {list: "list", str: "string", bool: "boolean", int: "number", float: "number", type(None): "null"}.get(type(value), "value")


READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".text": read_txt,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".json": read_json,
    ".csv": read_csv,
    ".html": read_html,
    ".htm": read_html,
}


def _field(record: dict, name: str):
    """A corpus field by name, case-insensitively ("Text", "TITLE")."""
    if name in record:
        return record[name]
    for key in record:
        if isinstance(key, str) and key.strip().lower() == name:
            return record[key]
    return None


def _record_item(record: dict, source: str, default_id: str, encoding: str, max_bytes: int) -> Item:
    raw_id = _field(record, "id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)) or not str(raw_id).strip():
        article_id = default_id
    else:
        article_id = safe_id(str(raw_id).strip())
    if not any(isinstance(k, str) and k.strip().lower() == "text" for k in record):
        fields = ", ".join(sorted(map(str, record))[:12]) or "none"
        return Item(source, article_id, None, f"no text field (fields: {fields})", encoding)
    text = _field(record, "text")
    if text is None or (isinstance(text, str) and not text.strip()):
        return Item(source, article_id, None, "empty text", encoding)
    if not isinstance(text, str):
        return Item(source, article_id, None, f"the text field is a JSON {_json_type(text)}, not a string", encoding)
    if len(text) > max_bytes:
        return Item(source, article_id, None, f"text too large ({_size(len(text))} > {_size(max_bytes)} limit)", encoding)
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
        For a folder: read only these files (paths relative to `corpus`, as given by
        :func:`list_folder_sources`). A listed file that is missing is rejected.
    max_bytes : int
        Files read whole (.txt, .json) and records' texts beyond this are rejected.
    """
    corpus = Path(corpus)
    if corpus.is_file():
        yield from _read_file(corpus, corpus.name, max_bytes)
        return
    if not corpus.is_dir():
        raise FileNotFoundError(f"corpus {corpus} does not exist: give a folder of articles or a .jsonl/.csv/.json/.txt file")
    listing = sorted(sources) if sources is not None else [s for s, _ in list_folder_sources(corpus)]
    for source in listing:
        path = corpus / source
        if not path.is_file():
            yield Item(source, file_id(source), None, "file not found")
            continue
        yield from _read_file(path, source, max_bytes)


def _read_file(path: Path, source: str, max_bytes: int) -> Iterator[Item]:
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        kind = f"unsupported file type {suffix}" if suffix else "unsupported file type (no extension)"
        yield Item(source, file_id(source), None, f"{kind}; expected .txt, .jsonl, .json or .csv")
        return
    try:
        yield from reader(path, source, max_bytes)
    except OSError as err:
        yield Item(source, None if is_record_file(source) else file_id(source), None, f"unreadable file ({err.strerror})")


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
    out: list[str] = []
    for name in names:
        if name not in out:
            out.append(name)
    return out


def _text_field(record: dict, name: str) -> str | None:
    value = _field(record, name)
    if value is None or isinstance(value, (dict, list)):
        return None
    value = " ".join(str(value).split())
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
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


_STR_LIST = pd.ArrowDtype(pa.list_(pa.string()))
_ARTICLE_TYPES = {"authors": _STR_LIST, "contributors": _STR_LIST, "n_words": "int64"}
_SENTENCE_TYPES = {"sent_id": "int64", "paragraph": "int64", "start": "int64", "end": "int64"}


def _frame(rows: dict[str, list], name: str, types: dict[str, object]) -> pd.DataFrame:
    data = {}
    for col in columns(name):
        dtype = types.get(col, "str")
        data[col] = pd.Series(rows[col], dtype=dtype)
    return pd.DataFrame(data)


def ingest_items(items: Iterable[Item], language: str = "en") -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Clean and split items into the (articles, sentences, rejected) tables.

    The tables have the columns of :mod:`framescope.tables`, sorted by their keys.
    An item whose id was already taken, or whose text is empty once cleaned, is
    rejected with the reason.
    """
    articles: dict[str, list] = {c: [] for c in columns("articles")}
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
            reject(item.source, f"id collision: {article_id} already taken by {taken[article_id]}")
            continue
        record = item.record
        title = _text_field(record, "title")
        cleaned = clean_article(_field(record, "text"), title=title)
        if not cleaned.text.strip():
            reject(item.source, "no body text after cleaning")
            continue
        taken[article_id] = item.source

        extra = {}
        if item.encoding is not None:
            extra["source_encoding"] = item.encoding
        published = cleaned.published
        raw_published = _field(record, "published")
        if raw_published is not None and str(raw_published).strip():
            given = parse_date(str(raw_published))
            if given is None:
                extra["published_raw"] = raw_published  # kept, but not trusted as a date
            else:
                published = given
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

    a = _frame(articles, "articles", _ARTICLE_TYPES)
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

"""Where a corpus's inputs are: article ids from file names, a folder's listing, each shard's files."""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa

from framescope.base.sharding import shard_of

MAX_ID_LENGTH = 120
# corpus files holding many records: the suffixes of framescope.corpus.read.RECORD_READERS
RECORD_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".parquet")


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
    return os.path.splitext(source.lower())[1] in RECORD_SUFFIXES


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

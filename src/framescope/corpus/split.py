"""A one-file corpus in shards: which of its records each shard holds, as listings that change only with them.

Every shard's ingest job of a one-file corpus (.jsonl, .csv, .json, .parquet) used to
depend on the whole file, so appending one article reran every shard. Instead the
Snakefile splits the file once, when it changes (:func:`write_record_listings`): each
shard gets a listing naming its records (their sources, "corpus.jsonl:N") with a digest
of what was read for each. A listing is rewritten only when its text changes, so the
shards whose records are unchanged keep their files, their modification times, and
their results. The ingest job then parses only its own lines of a JSON Lines file
(:func:`listed_lines`); which items a shard keeps is still decided by
:func:`framescope.corpus.ingest.shard_key`, so results are the same bytes either way.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from framescope.base.sharding import shard_of
from framescope.corpus.ingest import shard_key
from framescope.corpus.read import MAX_BYTES, iter_items

STATE = "state.json"


def item_digest(item) -> str:
    """A digest of everything an item carries into ingest: its source, id, reason, encoding, notes and record."""
    data = json.dumps([item.source, item.article_id, item.reason, item.encoding, list(item.notes), item.record],
                      ensure_ascii=False, default=repr, separators=(",", ":"))
    return hashlib.blake2b(data.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _listing_line(item) -> str:
    return f"{json.dumps(item.source)}\t{item_digest(item)}\n"


def record_listings(corpus: Path, n_shards: int, max_bytes: int = MAX_BYTES) -> list[str]:
    """Each shard's listing text: a line per item of the corpus file that lands in the shard,
    its source (as JSON) and :func:`item_digest`, in the file's order."""
    lines: list[list[str]] = [[] for _ in range(n_shards)]
    for item in iter_items(Path(corpus), None, max_bytes):
        lines[shard_of(shard_key(item), n_shards)].append(_listing_line(item))
    return ["".join(shard) for shard in lines]


def _scan(path: Path, start: int = 0, end: int | None = None, digest=None):
    """(digest, newlines, last byte) of the file's bytes from `start` to `end` (the end of the file),
    the digest going on from `digest` when given."""
    digest = digest if digest is not None else hashlib.blake2b(digest_size=16)
    newlines, last = 0, b""
    with open(path, "rb") as f:
        f.seek(start)
        left = None if end is None else end - start
        while left is None or left > 0:
            block = f.read(1 << 24 if left is None else min(1 << 24, left))
            if not block:
                break
            digest.update(block)
            newlines += block.count(b"\n")
            last = block[-1:]
            if left is not None:
                left -= len(block)
    return digest, newlines, last


_LINE = re.compile(r":(\d+)$")


def _scanned(state: dict, digest, newlines: int, last: bytes, listings: list[str], corpus: Path) -> dict:
    """`state` with the record of the file's bytes that :func:`_appended` needs to read only what is appended."""
    from framescope.corpus.decode import is_wide, sniff_encoding

    with open(corpus, "rb") as f:
        wide = is_wide(sniff_encoding(f.read(8192)))
    lines = newlines + (1 if last not in (b"", b"\n") else 0)  # as iter_lines numbers them
    whole = any(not _LINE.search(json.loads(line.split("\t", 1)[0])) for text in listings for line in text.splitlines())
    return {**state, "digest": digest.hexdigest(), "lines": lines, "ends_with_newline": last == b"\n",
            "wide": wide, "whole_file_items": whole}


def _appended(corpus: Path, old: dict, state: dict, listings: list[str]) -> tuple[list[str], dict] | None:
    """The listings and state after lines were appended to a JSON Lines file whose earlier state is
    `old`, reading only the new lines; None when the file changed otherwise (or cannot be read so)."""
    keys = ("corpus", "inode", "shards", "code")
    if (corpus.suffix.lower() not in (".jsonl", ".ndjson") or any(old.get(k) != state[k] for k in keys)
            or not old.get("size") or old["size"] >= state["size"] or not old.get("ends_with_newline")
            or old.get("wide", True) or old.get("whole_file_items", True)):
        return None
    digest, newlines, last = _scan(corpus, 0, old["size"])
    if digest.hexdigest() != old["digest"]:
        return None
    digest, more, last = _scan(corpus, old["size"], None, digest)
    from framescope.corpus.read import read_jsonl

    n = len(state["shards"])
    added: list[list[str]] = [[] for _ in range(n)]
    for item in read_jsonl(corpus, corpus.name, MAX_BYTES, start=(old["size"], old["lines"])):
        added[shard_of(shard_key(item), n)].append(_listing_line(item))
    listings = [text + "".join(new) for text, new in zip(listings, added)]
    return listings, _scanned(state, digest, newlines + more, last, listings, corpus)


def _write_if_changed(path: Path, text: str) -> None:
    try:
        if path.read_text(encoding="ascii") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="ascii")
    os.replace(tmp, path)


def write_record_listings(corpus: Path, names: list[str], folder: Path, code: str) -> dict[str, str]:
    """Write each shard's listing of a one-file corpus to `folder`/NAME.tsv; shard name -> path.

    Reading the file takes seconds at 40,000 articles, so it is read only when its size,
    modification time or inode, the shard count or the reading code (`code`, a digest)
    changed since the listings were last written (the state kept in `folder`); and when
    lines were only appended to a JSON Lines file (its earlier bytes have the digest kept
    in the state), only the new lines are read. Each listing is rewritten only when its
    text changes.
    """
    corpus, folder = Path(corpus), Path(folder)
    paths = {name: folder / f"{name}.tsv" for name in names}
    st = os.stat(corpus)
    state = {"corpus": os.path.abspath(corpus), "size": st.st_size, "mtime_ns": st.st_mtime_ns, "inode": st.st_ino,
             "shards": list(names), "code": code}
    try:
        old = json.loads((folder / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        old = {}
    present = all(p.is_file() for p in paths.values())
    if present and all(old.get(k) == v for k, v in state.items()):
        return {name: str(path) for name, path in paths.items()}
    folder.mkdir(parents=True, exist_ok=True)
    found = None
    if present and old:
        try:
            found = _appended(corpus, old, state, [paths[name].read_text(encoding="ascii") for name in names])
        except (OSError, ValueError):
            found = None
    if found is None:
        listings = record_listings(corpus, len(names))
        found = listings, _scanned(state, *_scan(corpus), listings, corpus)
    listings, new_state = found
    for name, text in zip(names, listings):
        _write_if_changed(paths[name], text)
    _write_if_changed(folder / STATE, json.dumps(new_state, sort_keys=True))
    return {name: str(path) for name, path in paths.items()}


def listed_lines(path: str | Path) -> frozenset[int]:
    """The line (or record) numbers a listing from :func:`record_listings` names."""
    numbers = set()
    with open(path, encoding="ascii") as f:
        for line in f:
            if line.strip():
                m = _LINE.search(json.loads(line.split("\t", 1)[0]))
                if m:
                    numbers.add(int(m.group(1)))
    return frozenset(numbers)

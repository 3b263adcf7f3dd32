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


def record_listings(corpus: Path, n_shards: int, max_bytes: int = MAX_BYTES) -> list[str]:
    """Each shard's listing text: a line per item of the corpus file that lands in the shard,
    its source (as JSON) and :func:`item_digest`, in the file's order."""
    lines: list[list[str]] = [[] for _ in range(n_shards)]
    for item in iter_items(Path(corpus), None, max_bytes):
        lines[shard_of(shard_key(item), n_shards)].append(f"{json.dumps(item.source)}\t{item_digest(item)}\n")
    return ["".join(shard) for shard in lines]


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
    changed since the listings were last written (the state kept in `folder`). Each
    listing is rewritten only when its text changes.
    """
    corpus, folder = Path(corpus), Path(folder)
    paths = {name: folder / f"{name}.tsv" for name in names}
    st = os.stat(corpus)
    state = {"corpus": os.path.abspath(corpus), "size": st.st_size, "mtime_ns": st.st_mtime_ns, "inode": st.st_ino,
             "shards": names, "code": code}
    try:
        same = json.loads((folder / STATE).read_text(encoding="utf-8")) == state
    except (OSError, ValueError):
        same = False
    if not (same and all(p.is_file() for p in paths.values())):
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in zip(names, record_listings(corpus, len(names))):
            _write_if_changed(paths[name], text)
        _write_if_changed(folder / STATE, json.dumps(state, sort_keys=True))
    return {name: str(path) for name, path in paths.items()}


_LINE = re.compile(r":(\d+)$")


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

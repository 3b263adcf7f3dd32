"""A one-file corpus split into shard listings: appending or editing one record changes one listing only,
and a shard reading only its listed lines gets the same tables as one reading the whole file."""

from __future__ import annotations

import json
import os
from pathlib import Path

from framescope.base.sharding import shard_of
from framescope.corpus.ingest import ingest_shard
from framescope.corpus import split
from framescope.corpus.split import listed_lines, record_listings, write_record_listings

N_SHARDS = 3
NAMES = [f"{i:04d}" for i in range(N_SHARDS)]


def _record(i: int) -> str:
    text = f"Story {i} reports that the council met on Tuesday. The mayor said the budget would pass. " * 3
    return json.dumps({"id": f"s{i}", "title": f"Story {i}", "outlet": "The Test Post", "text": text})


def _corpus(path: Path, n: int) -> Path:
    lines = [_record(i) for i in range(n)]
    # the odd lines a corpus in the wild holds: one blank, one malformed, one without an id, one not an object
    lines[2:2] = ["", "{not json", json.dumps({"text": "An article without an id. It has two sentences."}), "[1, 2]"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_every_item_is_listed_once_in_its_shard(tmp_path):
    corpus = _corpus(tmp_path / "corpus.jsonl", 12)
    listings = record_listings(corpus, N_SHARDS)
    sources = [json.loads(line.split("\t")[0]) for text in listings for line in text.splitlines()]
    assert len(sources) == len(set(sources)) == 12 + 3  # the blank line is no item
    # story s5's line lands in s5's shard
    line_of_s5 = 5 + 1 + 4  # 1-based, after the four odd lines
    assert line_of_s5 in listed_lines_of(listings[shard_of("s5", N_SHARDS)])


def listed_lines_of(text: str) -> set[int]:
    return {int(json.loads(line.split("\t")[0]).rsplit(":", 1)[1]) for line in text.splitlines()}


def test_a_shard_reading_its_lines_gets_the_same_tables(tmp_path):
    corpus = _corpus(tmp_path / "corpus.jsonl", 12)
    listings = record_listings(corpus, N_SHARDS)
    for shard, text in enumerate(listings):
        listing = tmp_path / f"{shard}.tsv"
        listing.write_text(text, encoding="ascii")
        whole = ingest_shard(corpus, shard, N_SHARDS)
        own = ingest_shard(corpus, shard, N_SHARDS, lines=listed_lines(listing))
        for a, b in zip(whole, own):
            assert a.equals(b)


def test_appending_or_editing_a_record_rewrites_one_listing(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path / "corpus.jsonl", 12)
    folder = tmp_path / "records"
    paths = write_record_listings(corpus, NAMES, folder, "code")
    before = {name: (Path(p).read_text(), os.stat(p).st_mtime_ns) for name, p in paths.items()}
    # unchanged file: nothing read, nothing written
    assert write_record_listings(corpus, NAMES, folder, "code") == paths
    assert {name: os.stat(p).st_mtime_ns for name, p in paths.items()} == {n: m for n, (_, m) in before.items()}

    # appended lines: only they are read (the whole file is not), and the listings are a fresh split's
    with open(corpus, "a", encoding="utf-8") as f:
        f.write(_record(99) + "\n\n{not json\n")
    with monkeypatch.context() as m:
        m.setattr(split, "record_listings", None)
        write_record_listings(corpus, NAMES, folder, "code")
    assert [Path(paths[name]).read_text() for name in NAMES] == record_listings(corpus, N_SHARDS)
    changed = {name for name, p in paths.items() if os.stat(p).st_mtime_ns != before[name][1]}
    assert NAMES[shard_of("s99", N_SHARDS)] in changed and len(changed) <= 2  # and the malformed line's shard

    # an edit in place (same line number, new text): that record's shard only
    lines = corpus.read_text(encoding="utf-8").splitlines()
    lines[-3] = lines[-3].replace("budget", "schools")
    edited = json.loads(lines[-3])["id"]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = {name: os.stat(p).st_mtime_ns for name, p in paths.items()}
    write_record_listings(corpus, NAMES, folder, "code")
    changed = {name for name, p in paths.items() if os.stat(p).st_mtime_ns != before[name]}
    assert changed == {NAMES[shard_of(edited, N_SHARDS)]}
    assert [Path(paths[name]).read_text() for name in NAMES] == record_listings(corpus, N_SHARDS)


def test_a_file_changed_other_than_by_appending_is_read_again(tmp_path):
    corpus = _corpus(tmp_path / "corpus.jsonl", 12)
    folder = tmp_path / "records"
    paths = write_record_listings(corpus, NAMES, folder, "code")
    # the last line without its newline, then more appended: the last record is another one now
    text = corpus.read_text(encoding="utf-8")
    corpus.write_text(text.rstrip("\n"), encoding="utf-8")
    write_record_listings(corpus, NAMES, folder, "code")
    with open(corpus, "a", encoding="utf-8") as f:
        f.write("\n" + _record(50) + "\n")
    write_record_listings(corpus, NAMES, folder, "code")
    assert [Path(paths[name]).read_text() for name in NAMES] == record_listings(corpus, N_SHARDS)
    # an edit before the end and a line appended at once: not an append
    lines = corpus.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace("council", "senate")
    corpus.write_text("\n".join(lines) + "\n" + _record(51) + "\n", encoding="utf-8")
    write_record_listings(corpus, NAMES, folder, "code")
    assert [Path(paths[name]).read_text() for name in NAMES] == record_listings(corpus, N_SHARDS)

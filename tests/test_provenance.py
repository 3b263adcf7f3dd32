"""Provenance's digest cache: a rerun reads only new or changed corpus files, and records the same digests."""

import hashlib
import os

import pytest

from framescope.base import provenance
from framescope.base.provenance import DigestCache
from framescope.commands.provenance import corpus_digest


def _age(path, seconds=60):
    """Set a file's modification time `seconds` in the past (files written just now are "racy")."""
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - int(seconds * 1e9)))


@pytest.fixture
def hashed(monkeypatch):
    """The paths provenance.file_digest reads, in order."""
    calls = []
    real = provenance.file_digest

    def counting(path):
        calls.append(os.fspath(path))
        return real(path)

    monkeypatch.setattr(provenance, "file_digest", counting)
    return calls


def _corpus(tmp_path, n=4):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(n):
        (corpus / f"{i}.txt").write_text(f"article {i}\n", encoding="utf-8")
        _age(corpus / f"{i}.txt")
    return corpus


def test_a_rerun_reads_only_changed_files_and_records_the_same_digests(tmp_path, hashed):
    corpus = _corpus(tmp_path)
    files = sorted(corpus.iterdir())
    cache_file = tmp_path / "cache" / "digests.tsv"

    cache = DigestCache(cache_file)
    first = corpus_digest(files, corpus, cache)
    cache.save()
    assert len(hashed) == 4 and first == corpus_digest(files, corpus)  # same record as without a cache

    hashed.clear()
    (corpus / "2.txt").write_text("article 2, edited and longer\n", encoding="utf-8")
    _age(corpus / "2.txt", 30)
    (corpus / "9.txt").write_text("a new article\n", encoding="utf-8")
    _age(corpus / "9.txt")
    files = sorted(corpus.iterdir())
    cache = DigestCache(cache_file)
    second = corpus_digest(files, corpus, cache)
    cache.save()
    assert sorted(os.path.basename(p) for p in hashed) == ["2.txt", "9.txt"]
    assert second == corpus_digest(files, corpus)
    assert second["sha256"] != first["sha256"]
    edited = next(f for f in second["files"] if f["path"] == "2.txt")
    assert edited["sha256"] == hashlib.sha256(b"article 2, edited and longer\n").hexdigest()


def test_a_file_changed_without_its_size_is_read_again(tmp_path, hashed):
    corpus = _corpus(tmp_path, n=1)
    path = corpus / "0.txt"
    cache_file = tmp_path / "digests.tsv"
    cache = DigestCache(cache_file)
    cache.digest(path)
    cache.save()
    path.write_text("ARTICLE 0\n", encoding="utf-8")  # same size, new modification time
    _age(path, 30)
    digest, size = DigestCache(cache_file).digest(path)
    assert digest == hashlib.sha256(b"ARTICLE 0\n").hexdigest() and size == 10
    assert len(hashed) == 2


def test_files_modified_just_now_are_not_recorded(tmp_path, hashed):
    path = tmp_path / "fresh.txt"
    path.write_text("written a moment ago\n", encoding="utf-8")  # a second edit in the same clock tick could hide
    cache_file = tmp_path / "digests.tsv"
    cache = DigestCache(cache_file)
    cache.digest(path)
    cache.save()
    assert cache_file.read_text(encoding="utf-8") == ""
    DigestCache(cache_file).digest(path)
    assert len(hashed) == 2


def test_the_cache_keeps_only_this_runs_files_and_survives_damage(tmp_path, hashed):
    corpus = _corpus(tmp_path, n=3)
    cache_file = tmp_path / "digests.tsv"
    cache = DigestCache(cache_file)
    for i in range(3):
        cache.digest(corpus / f"{i}.txt")
    cache.save()
    assert len(cache_file.read_text(encoding="utf-8").splitlines()) == 3

    cache = DigestCache(cache_file)
    cache.digest(corpus / "0.txt")
    cache.save()  # files no longer in the corpus are forgotten
    assert [line.split("\t")[0] for line in cache_file.read_text(encoding="utf-8").splitlines()] == [
        str(corpus / "0.txt")]

    hashed.clear()
    cache_file.write_bytes(b"\xff\xfe not a cache \x00\n" + str(corpus / "0.txt").encode() + b"\t1\t2\tshort\n")
    digest, _ = DigestCache(cache_file).digest(corpus / "0.txt")
    assert digest == hashlib.sha256(b"article 0\n").hexdigest() and len(hashed) == 1


def test_awkward_names_are_hashed_every_time_but_never_break_the_cache(tmp_path, hashed):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    names = ["tab\tname.txt", "new\nline.txt", os.fsdecode(b"caf\xe9.txt"), "plain.txt"]
    for name in names:
        (corpus / name).write_text(name, encoding="utf-8", errors="surrogateescape")
        _age(corpus / name)
    cache_file = tmp_path / "digests.tsv"
    for _ in range(2):
        cache = DigestCache(cache_file)
        record = corpus_digest([corpus / n for n in names], corpus, cache)
        cache.save()
    assert record == corpus_digest([corpus / n for n in names], corpus)
    assert len(hashed) == 4 + 3 + 4  # plain.txt is read once; the three others each time


def test_code_digest_follows_imports_and_refuses_a_missing_module():
    closure = provenance.module_closure("framescope.commands.sentiment")
    assert "framescope.sentiment.model" in closure and "framescope.base.io" in closure
    assert "framescope.frames.classifier" not in closure
    with pytest.raises(ValueError, match="framescope.steps.sentiment"):
        provenance.code_digest("framescope.steps.sentiment")


def test_code_digest_covers_the_word_lists_a_module_reads(tmp_path, monkeypatch):
    files = provenance.package_data("framescope.actors.wordlists")
    assert any(p.name == "male_names.txt" for p in files)
    before = provenance.code_digest("framescope.commands.features")
    # the same package with one word list edited: the features step's digest changes
    copy = tmp_path / "framescope"
    import shutil

    shutil.copytree(provenance.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "data" / "actors" / "male_names.txt").write_text("# edited\nAbe\n", encoding="utf-8")
    monkeypatch.setattr(provenance, "PACKAGE_DIR", copy)
    provenance.module_closure.cache_clear()
    provenance.package_data.cache_clear()
    try:
        assert provenance.code_digest("framescope.commands.features") != before
    finally:
        provenance.module_closure.cache_clear()
        provenance.package_data.cache_clear()

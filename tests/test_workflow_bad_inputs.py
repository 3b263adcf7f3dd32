"""A folder of bad and awkward inputs through the whole workflow: every input accounted for."""

from __future__ import annotations

import codecs
import json
import os

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import copy_project, snakemake
from framescope.corpus.sources import safe_id

pytestmark = pytest.mark.workflow

SEED = "000_59bdb630432fb0d7"


def build_bad_corpus(corpus, seed_text):
    """Inputs of every awkward kind; returns {source: expected status} for the manifest."""
    corpus.mkdir()
    expected = {}

    def put(name, data, status):
        path = corpus / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        expected[name] = status

    story = "The council voted on Tuesday to close the ferry terminal. Residents said they would appeal the decision."
    # the kept one of a group is the smallest id: "copy_of_seed" < "seed" < "wire--other_outlet"
    put("seed.txt", seed_text, "duplicate")
    put("copy of seed.txt", seed_text, "accepted")  # a space in its name
    # the same wire story with a different top and tail, and another outlet line: a near-duplicate
    paras = [p for p in seed_text.split("\n\n") if p.strip()]
    other = "The Daily Ledger - Thursday, February 13, 2025\n\n" + "\n\n".join(paras[2:-10])
    put("wire/other outlet.txt", other + "\n\nThe Associated Press contributed to this report.", "duplicate")
    put("empty.txt", b"", "rejected")
    put("blank.txt", b" \n\n\t\n", "rejected")
    put("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "rejected")
    put("report.pdf", b"%PDF-1.4 binary", "rejected")
    put("nul bytes.txt", b"abc\x00\x01\x02\x00\xff\xfe\x00" * 10, "rejected")
    put("ünïcödé ñame.txt", "Zürich approved the budget. " + story, "accepted")
    put("a..b.txt", "Two dots inside a name are fine. " + story, "accepted")
    # names a listing line could break on, and one that is not UTF-8 (shown with \xNN)
    put("tab\tin name.txt", "A tab in the file name. " + story, "accepted")
    put("new\nline.txt", "A newline in the file name. " + story, "accepted")
    (corpus / os.fsdecode(b"caf\xe9 latin-1.txt")).write_bytes(("Not UTF-8 in the name. " + story).encode())
    expected["caf\\xe9 latin-1.txt"] = "accepted"
    put("..hidden.txt", story, "rejected")
    put(".cache/stale.txt", story, None)  # inside a hidden folder: one row for the folder
    expected[".cache/"] = "rejected"
    put("collide one.txt", "First of two names that make the same id. " + story, "accepted")
    put("collide_one.txt", "Second of two names that make the same id. " + story, "rejected")
    put("cp1252.txt", ("Café owners in Málaga said “no”. " + story).encode("cp1252"), "accepted")
    put("utf16.txt", ("Die Stadt Köln stimmte zu. " + story).encode("utf-16"), "accepted")
    put("bom.txt", codecs.BOM_UTF8 + ("A file with a byte-order mark. " + story).encode("utf-8"), "accepted")
    put("mojibake.txt", ("It’s a café — fixed now. " + story).encode("utf-8").decode("cp1252").encode("utf-8"), "accepted")
    body = "".join(f"<p>Paragraph {i} of the page says the council met and voted to close the dock.</p>" for i in range(6))
    put("truncated.html", f"<html><head><title>Dock</title></head><body><article><h1>Dock</h1>{body}"[:-30], "accepted")
    put("menu.html", "<html><body><nav><a href='/'>Home</a> <a href='/x'>News</a></nav></body></html>", "rejected")
    put("settings.yaml", "a: 1\n", "rejected")
    put("header only.csv", "id,text\n", "rejected")
    rows = [
        json.dumps({"id": "r1", "text": "Row one is fine. " + story, "section": "metro"}),
        "{not json",
        json.dumps({"id": "r3", "title": "no text field"}),
        json.dumps({"id": "r1", "text": "Row four takes an id already taken. " + story}),
        json.dumps({"id": "../../../etc/passwd", "text": "Row five has an id that tries to escape. " + story}),
        '{"id": "r6", "text": "Row six has a broken \\ud800 escape. ' + story + '"}',
        "[1, 2, 3]",
    ]
    put("rows.jsonl", "\n".join(rows) + "\n", None)
    for n, status in enumerate(["accepted", "rejected", "rejected", "rejected", "accepted", "accepted", "rejected"], 1):
        expected[f"rows.jsonl:{n}"] = status
    table = pa.table({"id": ["p1", "p2"], "text": ["Parquet row one. " + story, None], "outlet": ["Ledger", "Ledger"]})
    pq.write_table(table, corpus / "table.parquet")
    expected.update({"table.parquet:1": "accepted", "table.parquet:2": "rejected"})
    with open(corpus / "huge.txt", "wb") as f:  # 50 MB, sparse: cheap to make, must not be read
        f.truncate(50 * 1024 * 1024)
    expected["huge.txt"] = "rejected"
    return {k: v for k, v in expected.items() if v is not None}


def test_bad_inputs_every_input_accounted_for(tmp_path):
    project = copy_project(tmp_path / "p")
    seed_text = (project / "seeds" / f"{SEED}.txt").read_text(encoding="utf-8")
    expected = build_bad_corpus(project / "bad", seed_text)
    # the ingest stage only: what this test is about, and a third of a full run's time
    snakemake(project, "--cores", "2", "--config", "corpus=bad", "shards=2", "--", "results/tables/manifest.parquet")

    results = project / "results"
    manifest = pd.read_parquet(results / "tables" / "manifest.parquet")
    got = dict(zip(manifest["source"], manifest["status"]))
    assert got == expected
    counts = manifest["status"].value_counts().to_dict()
    assert counts["accepted"] + counts["duplicate"] + counts["rejected"] == len(manifest) == len(expected)
    assert manifest["source"].is_unique
    shards = [pd.read_parquet(results / "ingest" / s / "rejected.parquet") for s in ("0000", "0001")]
    assert all(len(s) for s in shards)  # rejections were spread over both shards, none counted twice

    row = manifest.set_index("source")
    reason = row["reason"]
    assert reason["empty.txt"] == "empty file" and reason["image.txt"] == "not text (binary content)"
    assert reason["huge.txt"] == "file too large (50 MB > 20 MB limit)"
    assert reason["report.pdf"].startswith("unsupported file type .pdf")
    assert reason["rows.jsonl:2"].startswith("malformed JSON on line 2")
    assert reason["rows.jsonl:4"].startswith("id collision: r1 already taken by rows.jsonl:1")
    assert reason["collide_one.txt"].startswith("id collision: collide_one already taken by collide one.txt")
    assert reason[".cache/"].startswith("hidden folder") and reason["..hidden.txt"].startswith("hidden file")
    assert reason["menu.html"].startswith("no article text found")
    assert row.loc["seed.txt", "duplicate_of"] == "copy_of_seed" and row.loc["seed.txt", "similarity"] == 1.0
    assert row.loc["wire/other outlet.txt", "duplicate_of"] == "copy_of_seed"
    assert 0.8 <= row.loc["wire/other outlet.txt", "similarity"] < 1
    assert row.loc["wire/other outlet.txt", "reason"].startswith("near-duplicate")
    assert row.loc["cp1252.txt", "encoding"] == "cp1252" and row.loc["utf16.txt", "encoding"] == "utf-16"
    assert row.loc["bom.txt", "encoding"] == "utf-8-sig"
    assert any(n.startswith("mojibake repaired") for n in row.loc["mojibake.txt", "notes"])
    assert any("truncated" in n for n in row.loc["truncated.html", "notes"])

    articles = pd.read_parquet(results / "tables" / "articles.parquet")
    for aid in articles["article_id"]:  # no id can name a path outside results/
        assert "/" not in aid and not aid.startswith((".", "-")) and ".." != aid
    assert safe_id("../../../etc/passwd") in set(articles["article_id"])
    text = articles.set_index("article_id")["text"]
    assert text["cp1252"].startswith("Café owners in Málaga said “no”.")
    assert text["mojibake"].startswith("It’s a café — fixed now.")
    sentences = pd.read_parquet(results / "tables" / "sentences.parquet")
    for r in sentences.itertuples():
        assert text[r.article_id][r.start : r.end] == r.text
    assert str(project) not in manifest.to_json()  # no absolute paths in results


def test_config_errors_fail_before_any_job_naming_key_and_allowed_values(tmp_path):
    project = copy_project(tmp_path / "p")
    proc = snakemake(project, "--cores", "1", "--dry-run", "--config", "shards=many", "keep_duplicates=maybe", check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "config key 'shards': \"many\" is not allowed; use a whole number from 1 to 4096 or \"auto\"" in out
    assert "config key 'keep_duplicates': \"maybe\" is not allowed; use true or false" in out
    assert not (project / "results").exists()

"""Ingest: reading corpora, ids, rejections, the three tables, and sharding."""

from __future__ import annotations

import builtins
import codecs
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from framescope.corpus.ingest import ingest_items, ingest_shard
from framescope.corpus.read import Item, iter_items
from framescope.corpus.sources import file_id, list_folder_sources, safe_id, sources_by_shard
from framescope.base.tables import columns

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def reasons(rejected: pd.DataFrame) -> dict[str, str]:
    return dict(zip(rejected["source"], rejected["reason"]))


# --- ids ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("alpha-1", "alpha-1"),
        ("beta/2", "beta_2"),
        ("../../etc/passwd", "_._.._etc_passwd"),
        (".", "_"),
        ("..", "_."),
        (".hidden", "_hidden"),
        ("", "_"),
        ("Zürich news 2024", "Zurich_news_2024"),
        ("a\\b:c*d?e", "a_b_c_d_e"),
        ("日本", "__"),
    ],
)
def test_safe_id(raw, expected):
    assert safe_id(raw) == expected


def test_safe_id_is_always_path_safe():
    for raw in ["../x", "/abs/path", "..", "....", "a/../b", "\x00", "🙂" * 200, "x" * 500, " . "]:
        out = safe_id(raw)
        assert out not in (".", "..") and not out.startswith(".")
        assert "/" not in out and "\\" not in out
        assert set(out) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")
        assert 1 <= len(out) <= 120


def test_safe_id_leaves_an_id_as_it_is():
    """An id is its own id (what the fast path for already-safe names relies on), at 120 too."""
    import random

    rng = random.Random(0)
    alphabet = "aZ09._- /é.-"
    raws = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 130))) for _ in range(2000)]
    raws += ["x" * 120, "x" * 121, "_" + "-" * 119, "9", "a.b-c_d"]
    for raw in raws:
        out = safe_id(raw)
        assert safe_id(out) == out, raw
    assert safe_id("x" * 120) == "x" * 120 and safe_id("x" * 121) != "x" * 121


def test_long_ids_are_cut_with_a_hash_and_stay_distinct():
    a, b = safe_id("x" * 300 + "a"), safe_id("x" * 300 + "b")
    assert len(a) == len(b) == 120
    assert a != b and a.startswith("x" * 100)


def test_file_id():
    assert file_id("news/2024/story one.txt") == "news--2024--story_one"
    assert file_id("a.b.txt") == "a.b"


# --- listing and reading --------------------------------------------------------------


def test_list_folder_sources_sorted_nested_and_hidden_files_listed():
    listing = list_folder_sources(FIXTURES / "folder")
    assert listing == [
        (".hidden.txt", "_hidden"),  # listed, so that it is rejected rather than silently skipped
        ("batch.jsonl", "batch"),
        ("desk/report.txt", "desk--report"),
        ("note.txt", "note"),
        ("page.html", "page"),
        ("settings.yaml", "settings"),
    ]


def test_list_folder_sources_does_not_open_files(monkeypatch, tmp_path):
    for i in range(50):
        (tmp_path / f"{i:03d}.txt").write_text("x")

    def no_open(*args, **kwargs):
        raise AssertionError("list_folder_sources must not read files")

    monkeypatch.setattr(builtins, "open", no_open)
    monkeypatch.setattr(Path, "read_bytes", no_open)
    assert len(list_folder_sources(tmp_path)) == 50


def test_folder_items_and_rejections():
    items = list(iter_items(FIXTURES / "folder"))
    by_source = {item.source: item for item in items}
    assert by_source["desk/report.txt"].article_id == "desk--report"
    assert by_source["desk/report.txt"].record["text"].startswith("The school board")
    assert by_source["page.html"].reason is None and by_source["page.html"].record == {"html": "<html><body><p>Hello</p></body></html>\n"}
    assert by_source[".hidden.txt"].reason.startswith("hidden file")
    assert by_source["settings.yaml"].reason.startswith("unsupported file type .yaml")
    assert "batch.jsonl:1" in by_source and by_source["batch.jsonl:1"].article_id == "alpha-1"
    assert by_source["batch.jsonl:4"].article_id == "batch-4"  # no id field: file stem and line
    assert [i.source for i in items] == [i.source for i in iter_items(FIXTURES / "folder")]


def test_only_the_given_sources_are_read():
    items = list(iter_items(FIXTURES / "folder", sources=["note.txt", "missing.txt"]))
    assert [(i.source, i.reason) for i in items] == [("missing.txt", "file not found"), ("note.txt", None)]


def test_jsonl_corpus():
    articles, sentences, rejected = ingest_items(iter_items(FIXTURES / "corpus.jsonl"))
    assert list(articles["article_id"]) == ["alpha-1", "beta_2", "corpus-4"]
    alpha = articles.set_index("article_id").loc["alpha-1"]
    assert alpha["source"] == "corpus.jsonl:1"
    assert alpha["outlet"] == "Valley Gazette" and alpha["title"] == "Fair opens"
    assert alpha["published"] == "2021-08-14"
    assert list(alpha["authors"]) == ["Ann Lee", "Bo Chen"]
    assert alpha["url"] == "https://example.org/fair"
    assert json.loads(alpha["metadata"]) == {"bias": "center", "topic": "local"}
    assert alpha["metadata"] == '{"bias": "center", "topic": "local"}'  # keys sorted
    assert alpha["encoding"] == "utf-8" and list(alpha["notes"]) == []

    beta = articles.set_index("article_id").loc["beta_2"]
    assert list(beta["authors"]) == ["Cara Diaz", "Dev Patel"]
    assert pd.isna(beta["published"])
    assert beta["published_raw"] == "not a date" and "published_raw" not in json.loads(beta["metadata"])
    assert list(beta["notes"]) == ["published 'not a date' is not a date in a known format: left undated"]
    assert alpha["published_raw"] == "2021-08-14T09:30:00Z"  # as given; the date as written, not moved to UTC
    assert json.loads(articles.set_index("article_id").loc["corpus-4", "metadata"])["rank"] == 3

    got = reasons(rejected)
    assert got["corpus.jsonl:5"].startswith("malformed JSON on line 5: ")
    assert got["corpus.jsonl:6"].startswith("no text field")
    assert got["corpus.jsonl:7"] == "empty text"
    assert got["corpus.jsonl:8"] == "id collision: alpha-1 already taken by corpus.jsonl:1 (give each article its own id)"
    assert got["corpus.jsonl:9"].startswith("no body text after cleaning")
    assert len(got) == 5
    assert len(articles) + len(rejected) == 8  # eight non-blank lines, all accounted for


def test_csv_corpus():
    articles, sentences, rejected = ingest_items(iter_items(FIXTURES / "corpus.csv"))
    assert rejected.empty
    table = articles.set_index("article_id")
    assert list(table.index) == ["c1", "c2"]
    assert table.loc["c1", "text"] == "The council approved the bridge repair.\n\nWork starts in May."
    assert list(table.loc["c1", "authors"]) == ["Eve Ross", "Finn Hale"]
    assert json.loads(table.loc["c1", "metadata"]) == {"section": "metro"}
    assert pd.isna(table.loc["c2", "title"]) and list(table.loc["c2", "authors"]) == []
    assert table.loc["c1", "source"] == "corpus.csv:1"
    c1 = sentences[sentences["article_id"] == "c1"]
    assert list(c1["paragraph"]) == [0, 1]


def test_json_corpus():
    articles, _, rejected = ingest_items(iter_items(FIXTURES / "corpus.json"))
    table = articles.set_index("article_id")
    assert list(table.index) == ["corpus-2", "j1"]
    assert table.loc["j1", "outlet"] == "City Desk"
    assert json.loads(table.loc["j1", "metadata"])["extra"] == {"pages": 2}
    assert reasons(rejected) == {"corpus.json:3": "item 3 is a JSON string, not an object"}


def test_single_json_object(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"text": "A single article in a JSON file. It has two sentences."}))
    articles, sentences, _ = ingest_items(iter_items(tmp_path / "one.json"))
    assert list(articles["article_id"]) == ["one"] and len(sentences) == 2


def write(folder: Path, name: str, data: bytes) -> None:
    (folder / name).write_bytes(data)


def test_rejections_with_reasons(tmp_path):
    write(tmp_path, "empty.txt", b"")
    write(tmp_path, "blank.txt", b"  \n\n ")
    write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    write(tmp_path, "nul.txt", b"abc\x00\x01\x02\x00\xff\xfe\x00")
    write(tmp_path, "broken16.txt", codecs.BOM_UTF16_LE + "Some text".encode("utf-16-le") + b"\x00")
    write(tmp_path, "data.xyz", b"hello")
    write(tmp_path, "big.txt", b"word " * 300)
    write(tmp_path, "bad.jsonl", b'{"text": "ok line"}\n{"text": oops}\n[1, 2]\n')
    write(tmp_path, "empty.jsonl", b"\n\n")
    write(tmp_path, "bin.jsonl", b"\x00\x01\x02garbage\x00")
    items = list(iter_items(tmp_path, max_bytes=1000))
    articles, _, rejected = ingest_items(items)
    got = reasons(rejected)
    assert got["empty.txt"] == "empty file"
    assert got["blank.txt"] == "empty file"
    assert got["image.txt"] == "not text (binary content)"
    assert got["nul.txt"] == "not text (binary content)"
    assert got["broken16.txt"].startswith("undecodable text")
    assert got["data.xyz"].startswith("unsupported file type .xyz")
    assert got["big.txt"] == "file too large (1.5 KB > 1000 bytes limit)"
    assert got["bad.jsonl:2"].startswith("malformed JSON on line 2:")
    assert got["bad.jsonl:3"] == "line 3 is a JSON list, not an object"
    assert got["empty.jsonl"] == "empty file"
    assert got["bin.jsonl"] == "not text (binary content)"
    assert list(articles["source"]) == ["bad.jsonl:1"]
    assert len(items) == len(articles) + len(rejected)


def test_file_too_large_reason_names_the_limit(tmp_path):
    write(tmp_path, "big.txt", b"x" * (3 * 1024 * 1024))
    write(tmp_path, "big.jsonl", json.dumps({"text": "y" * 3000}).encode() + b"\n")
    items = {i.source: i for i in iter_items(tmp_path, max_bytes=2 * 1024 * 1024)}
    assert items["big.txt"].reason == "file too large (3 MB > 2 MB limit)"
    assert items["big.jsonl:1"].reason is None  # corpus files stream; only each text is limited
    (row,) = iter_items(tmp_path / "big.jsonl", max_bytes=2000)
    assert row.reason == "text too large (2.9 KB > 2 KB limit)"


def test_encodings_are_detected_and_recorded(tmp_path):
    text = "Café owners in Málaga said the rules were unfair. “We lost money,” one said."
    write(tmp_path, "a_utf8.txt", text.encode("utf-8"))
    write(tmp_path, "b_bom.txt", codecs.BOM_UTF8 + text.encode("utf-8"))
    write(tmp_path, "c_utf16.txt", text.encode("utf-16"))  # with BOM
    write(tmp_path, "d_cp1252.txt", text.encode("cp1252"))
    write(tmp_path, "e_latin1.txt", "Café owners in Málaga\x81 said so.".encode("latin-1"))
    write(tmp_path, "f_rows.jsonl", json.dumps({"text": text}, ensure_ascii=False).encode("utf-16"))
    items = {i.source: i for i in iter_items(tmp_path)}
    assert {s: i.encoding for s, i in items.items()} == {
        "a_utf8.txt": "utf-8",
        "b_bom.txt": "utf-8-sig",
        "c_utf16.txt": "utf-16",
        "d_cp1252.txt": "cp1252",
        "e_latin1.txt": "latin-1",
        "f_rows.jsonl:1": "utf-16",
    }
    for source in ("a_utf8.txt", "b_bom.txt", "c_utf16.txt", "d_cp1252.txt", "f_rows.jsonl:1"):
        assert items[source].record["text"] == text, source
    articles, _, _ = ingest_items(items.values())
    recorded = dict(zip(articles["source"], articles["encoding"]))
    assert recorded["d_cp1252.txt"] == "cp1252" and recorded["c_utf16.txt"] == "utf-16"


def test_missing_corpus_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        list(iter_items(tmp_path / "nope"))


# --- the tables -----------------------------------------------------------------------


def test_seed_tables():
    articles, sentences, rejected = ingest_items(iter_items(SEEDS))
    assert list(articles.columns[: len(columns("articles"))]) == columns("articles")
    assert list(sentences.columns[: len(columns("sentences"))]) == columns("sentences")
    assert list(rejected.columns[: len(columns("rejected"))]) == columns("rejected")
    assert rejected.empty and len(articles) == 1
    article = articles.iloc[0]
    assert article["article_id"] == "000_59bdb630432fb0d7"
    assert article["source"] == "000_59bdb630432fb0d7.txt"
    assert article["outlet"] == "The Washington Times" and article["published"] == "2025-02-12"
    assert list(article["authors"]) == ["Mike Glenn", "Mallory Wilson"]
    assert list(article["contributors"]) == ["David R. Sands", "Jeff Mordock"]
    assert article["language"] == "en"
    text = article["text"]
    assert article["sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert article["n_words"] == len(text.split())

    assert list(sentences["sent_id"]) == list(range(len(sentences)))
    for row in sentences.itertuples():
        assert text[row.start : row.end] == row.text
    assert "Hegseth in Brussels" not in set(sentences["text"])
    assert "‘Stark strategic realities’" not in set(sentences["text"])
    assert pd.isna(sentences["section"].iloc[0])
    brussels = sentences[sentences["text"].str.startswith("Mr. Hegseth used his first official trip")]
    assert brussels["section"].item() == "Hegseth in Brussels"
    assert sentences["section"].iloc[-1] == "‘Stark strategic realities’"
    before = sentences[sentences["text"].str.startswith("The phone calls magnify")]
    assert pd.isna(before["section"].item())


def test_empty_inputs_give_empty_tables_with_the_columns():
    articles, sentences, rejected = ingest_items([])
    assert list(articles.columns) == columns("articles") + ["encoding", "notes", "published_raw", "language_confidence"]
    assert list(sentences.columns) == columns("sentences")
    assert list(rejected.columns) == columns("rejected")


def test_id_collision_keeps_the_first_in_input_order():
    items = [
        Item("b.txt", "same", {"text": "Second file says this."}, None),
        Item("a.txt", "same", {"text": "First file says that."}, None),
    ]
    articles, _, rejected = ingest_items(items)
    assert list(articles["source"]) == ["b.txt"]
    assert reasons(rejected) == {"a.txt": "id collision: same already taken by b.txt (give each article its own id)"}


def test_corpus_fields_override_what_the_cleaner_found():
    raw = (SEEDS / "000_59bdb630432fb0d7.txt").read_text(encoding="utf-8")
    record = {"text": raw, "outlet": "Some Aggregator", "published": "2025-02-13", "authors": "A. Writer and B. Writer", "title": ""}
    articles, _, _ = ingest_items([Item("x.jsonl:1", "x", record, None)])
    row = articles.iloc[0]
    assert row["outlet"] == "Some Aggregator" and row["published"] == "2025-02-13"
    assert list(row["authors"]) == ["A. Writer", "B. Writer"]
    assert list(row["contributors"]) == ["David R. Sands", "Jeff Mordock"]
    assert pd.isna(row["title"])  # an empty corpus field does not override


# --- metadata from the wild ----------------------------------------------------------

STORY = "The council voted on Tuesday to close the ferry terminal. Residents said they would appeal."
WINDOW = {"earliest": "1900-01-01", "latest": "2030-12-31"}


def test_outlets_titles_and_authors_are_tidied_and_empty_is_missing():
    records = [
        {"text": STORY, "outlet": " The\u00a0Daily   Ledger ", "title": "\u200bA  title\u00a0here ", "authors": " Jane  Doe ; ",
         "url": " https://example.org/a "},
        {"text": STORY + " Two.", "outlet": "", "title": "   ", "authors": ["", " John\u00a0 Roe ", None], "url": ""},
        {"text": STORY + " Three.", "outlet": "\u00a0", "title": None, "authors": ""},
    ]
    items = [Item(f"x.jsonl:{i}", f"a{i}", r, None) for i, r in enumerate(records)]
    articles, _, _ = ingest_items(items, **WINDOW)
    a = articles.set_index("article_id")
    assert (a.loc["a0", "outlet"], a.loc["a0", "title"], list(a.loc["a0", "authors"]), a.loc["a0", "url"]) == (
        "The Daily Ledger", "A title here", ["Jane Doe"], "https://example.org/a")
    for aid in ("a1", "a2"):
        assert pd.isna(a.loc[aid, "outlet"]) and pd.isna(a.loc[aid, "title"]) and pd.isna(a.loc[aid, "url"])
    assert list(a.loc["a1", "authors"]) == ["John Roe"] and list(a.loc["a2", "authors"]) == []


def test_dates_outside_the_window_leave_the_article_undated_with_a_note():
    dateline = "- The Daily Ledger - Wednesday, February 12, 2025\n\n" + STORY
    records = {
        "us": {"text": STORY, "published": "9/28/16"},
        "placeholder": {"text": STORY + " A.", "published": "0001-11-30"},
        "headline": {"text": "- The Daily Ledger - Saturday, September 30, 2050\n\n" + STORY},
        "field-bad-text-good": {"text": dateline, "published": "0001-11-30"},
        "nonsense": {"text": STORY + " B.", "published": "soon"},
        "parquet-time": {"text": STORY + " C.", "published": pd.Timestamp("2024-01-08 23:30", tz="America/New_York")},
        "empty": {"text": STORY + " D.", "published": ""},
    }
    items = [Item(f"x.jsonl:{i}", aid, r, None) for i, (aid, r) in enumerate(records.items())]
    a = ingest_items(items, **WINDOW)[0].set_index("article_id")
    got = {aid: (a.loc[aid, "published"] if pd.notna(a.loc[aid, "published"]) else None,
                 a.loc[aid, "published_raw"] if pd.notna(a.loc[aid, "published_raw"]) else None,
                 list(a.loc[aid, "notes"])) for aid in records}
    outside = "is outside the plausible dates 1900-01-01 to 2030-12-31 (config dates): left undated"
    assert got == {
        "us": ("2016-09-28", "9/28/16", []),
        "placeholder": (None, "0001-11-30", [f"published '0001-11-30' {outside}"]),
        "headline": (None, "Saturday, September 30, 2050",
                     [f"the date in the text 'Saturday, September 30, 2050' (2050-09-30) {outside}"]),
        "field-bad-text-good": ("2025-02-12", "0001-11-30", [f"published '0001-11-30' {outside}"]),
        "nonsense": (None, "soon", ["published 'soon' is not a date in a known format: left undated"]),
        "parquet-time": ("2024-01-08", "2024-01-08T23:30:00-05:00", []),  # as written, not in UTC
        "empty": (None, None, []),
    }
    # without a window: every date that reads is kept, and two-digit years are not read
    a = ingest_items(items)[0].set_index("article_id")
    assert a.loc["placeholder", "published"] == "0001-11-30" and pd.isna(a.loc["us", "published"])
    assert "two-digit year" in a.loc["us", "notes"][0]


def test_outlet_spellings_are_made_one_whatever_the_shards(tmp_path):
    from framescope.base.io import write_arrow, write_table
    from framescope.commands import collect
    from framescope.corpus.duplicates import signatures
    from framescope.corpus.fields import canonical_outlets

    assert canonical_outlets(["the hill", "The Hill", "THE HILL", None, "", "Vox"]) == {
        "the hill": "The Hill", "THE HILL": "The Hill"}  # a tie: mixed case first
    assert canonical_outlets(["the hill", "the hill", "The Hill"]) == {"The Hill": "the hill"}  # the most frequent
    assert canonical_outlets(["ABC", "abc"]) == {"abc": "ABC"}  # a tie of all-caps and lower case: sorted order
    outlets = ["the hill", "The Hill", "THE HILL", "The Hill", "Vox", "VOX", "vox", "Reuters"]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"a{i}", "outlet": o, "text": f"Story {i} is here. {STORY} {i}"})
                              + "\n" for i, o in enumerate(outlets)), encoding="utf-8")
    tables = {}
    for n_shards in (1, 3):
        dirs = []
        for shard in range(n_shards):
            d = tmp_path / f"{n_shards}" / f"{shard}"
            a, s, r = ingest_shard(corpus, shard, n_shards, **WINDOW)
            for name, table in (("articles", a), ("sentences", s), ("rejected", r)):
                write_table(table, d / f"{name}.parquet", name)
            write_arrow(signatures(a["article_id"].tolist(), a["text"].tolist(), 5), d / "signatures.parquet")
            dirs.append(d)
        collect.ingest(dirs, tmp_path / f"{n_shards}" / "tables", threshold=0.8)
        tables[n_shards] = {name: (tmp_path / f"{n_shards}" / "tables" / f"{name}.parquet").read_bytes()
                            for name in ("articles", "manifest")}
    assert tables[1] == tables[3]
    a = pd.read_parquet(tmp_path / "1" / "tables" / "articles.parquet").set_index("article_id")
    assert a["outlet"].tolist() == ["The Hill"] * 4 + ["Vox"] * 3 + ["Reuters"]
    assert list(a.loc["a0", "notes"]) == ["outlet 'the hill' written 'The Hill', the corpus's most frequent "
                                          "spelling of that name"]
    assert list(a.loc["a1", "notes"]) == []
    manifest = pd.read_parquet(tmp_path / "1" / "tables" / "manifest.parquet").set_index("article_id")
    assert list(manifest.loc["a5", "notes"]) == ["outlet 'VOX' written 'Vox', the corpus's most frequent spelling "
                                                 "of that name"]


# --- shards ---------------------------------------------------------------------------


def make_corpus(folder: Path) -> Path:
    corpus = folder / "corpus"
    shutil.copytree(FIXTURES / "folder", corpus)
    for name in ("corpus.jsonl", "corpus.csv", "corpus.json", "wire_story.txt", "titled.txt"):
        shutil.copy(FIXTURES / name, corpus / name)
    (corpus / "more").mkdir()
    for i in range(30):
        (corpus / "more" / f"story {i}.txt").write_text(f"Story number {i} is short. It has two sentences.\n")
    (corpus / "more" / "empty.txt").write_text("")
    return corpus


@pytest.mark.parametrize("n_shards", [1, 3, 7])
def test_shards_partition_the_items_exactly(tmp_path, n_shards):
    corpus = make_corpus(tmp_path)
    whole_articles, whole_sentences, whole_rejected = ingest_items(iter_items(corpus))
    listing = list_folder_sources(corpus)
    per_shard_sources = sources_by_shard(listing, n_shards)
    parts = [ingest_shard(corpus, shard, n_shards, sources=per_shard_sources[shard]) for shard in range(n_shards)]
    ids = [aid for a, _, _ in parts for aid in a["article_id"]]
    sources = [src for _, _, r in parts for src in r["source"]]
    assert len(ids) == len(set(ids)), "an article landed in two shards"
    assert len(sources) == len(set(sources)), "a rejection landed in two shards"
    assert sorted(ids) == sorted(whole_articles["article_id"])
    assert sorted(sources) == sorted(whole_rejected["source"])
    assert sum(len(s) for _, s, _ in parts) == len(whole_sentences)
    # without a source list, each shard reads everything and keeps its own
    unlisted = [ingest_shard(corpus, shard, n_shards) for shard in range(n_shards)]
    assert sorted(aid for a, _, _ in unlisted for aid in a["article_id"]) == sorted(ids)


def test_every_input_is_accounted_for(tmp_path):
    corpus = make_corpus(tmp_path)
    items = list(iter_items(corpus))
    articles, _, rejected = ingest_items(items)
    assert len(items) == len(articles) + len(rejected)
    assert set(articles["source"]) | set(rejected["source"]) == {i.source for i in items}


def test_sources_by_shard_sends_corpus_files_to_every_shard():
    listing = [("a.txt", "a"), ("b.txt", "b"), ("rows.jsonl", "rows"), ("c.csv", "c")]
    shards = sources_by_shard(listing, 4)
    assert all("rows.jsonl" in s and "c.csv" in s for s in shards)
    assert sorted(x for s in shards for x in s if x.endswith(".txt")) == ["a.txt", "b.txt"]


def test_ingest_shard_checks_its_arguments(tmp_path):
    with pytest.raises(ValueError):
        ingest_shard(SEEDS, 2, 2)


def test_output_does_not_depend_on_hash_seed(tmp_path):
    corpus = make_corpus(tmp_path)
    script = (
        "import sys, hashlib\n"
        "from framescope.corpus.ingest import ingest_items\n"
        "from framescope.corpus.read import iter_items\n"
        "a, s, r = ingest_items(iter_items(sys.argv[1]))\n"
        "print(hashlib.sha256((a.to_json() + s.to_json() + r.to_json()).encode()).hexdigest())\n"
    )
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT / "src")}
        out = subprocess.run([sys.executable, "-c", script, str(corpus)], env=env, capture_output=True, text=True, check=True)
        digests.add(out.stdout.strip())
    assert len(digests) == 1


# --- HTML -----------------------------------------------------------------------------


def test_html_page_main_text_metadata_and_sections():
    articles, sentences, rejected = ingest_items(iter_items(FIXTURES / "news_page.html"))
    assert rejected.empty
    a = articles.iloc[0]
    assert a["article_id"] == "news_page"
    assert a["title"] == "Council votes to close ferry terminal"
    assert a["outlet"] == "The Riverton Ledger" and a["published"] == "2021-03-02"
    assert list(a["authors"]) == ["Jane Marlowe", "Oscar Delgado"]
    assert a["url"] == "https://ledger.example/news/ferry-terminal"
    assert json.loads(a["metadata"])["hostname"] == "ledger.example"
    assert a["encoding"] == "utf-8" and "extracted from HTML" in a["notes"][0]
    text = a["text"]
    assert text.startswith("The Riverton city council voted 5-2")
    assert text.endswith("until a copyright dispute over them is resolved, the council said.")
    # navigation, ads, related links, comments, footer and the copyright line are gone
    for junk in ("Home", "Advertisement", "Most read", "Rowing club", "old dock", "Privacy", "All rights reserved", "@RivertonLedger"):
        assert junk not in text, junk
    # the <h2> is a section even though it does not look like a heading
    assert set(sentences["section"].dropna()) == {"A long fight"}
    assert "A long fight" not in set(sentences["text"])
    for row in sentences.itertuples():
        assert text[row.start : row.end] == row.text


def test_html_encodings_truncation_and_html_in_other_containers(tmp_path):
    body = "<p>Le café de la gare a fermé ses portes lundi après trente ans. Les habitués ont payé 5 € le café jusqu'au bout.</p>" * 3
    page = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15"><title>Café</title></head><body><article>{body}</article></body></html>'
    (tmp_path / "latin9.html").write_bytes(page.encode("iso-8859-15"))
    (tmp_path / "cut.html").write_text(page[: page.index("</article>") - 40], encoding="utf-8")
    (tmp_path / "saved.txt").write_text("<!DOCTYPE html>\n" + page, encoding="utf-8")
    (tmp_path / "empty_page.htm").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    (tmp_path / "pages.jsonl").write_text(json.dumps({"id": "p1", "html": page, "outlet": "Gare Hebdo"}) + "\n")
    articles, _, rejected = ingest_items(iter_items(tmp_path))
    table = articles.set_index("article_id")
    assert table.loc["latin9", "encoding"] == "iso8859-15"
    assert "5 € le café" in table.loc["latin9", "text"]
    assert any("may be truncated" in n for n in table.loc["cut", "notes"])
    assert not any("truncated" in n for n in table.loc["latin9", "notes"])
    assert table.loc["saved", "notes"][0] == "a web page in a text file: read as HTML"
    assert table.loc["p1", "outlet"] == "Gare Hebdo"  # a corpus field beats what the page says
    assert "Le café de la gare" in table.loc["p1", "text"]
    assert "html" not in json.loads(table.loc["p1", "metadata"])
    assert reasons(rejected)["empty_page.htm"].startswith("no article text found in the HTML page")


# --- Parquet, mojibake, odd names and entries -----------------------------------------


def test_parquet_corpus_streamed_in_batches(tmp_path):
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    n = 600  # more than one batch
    rows = {
        "id": [f"pq{i}" for i in range(n)],
        "text": [f"Row {i} of the table says the council met. It voted on item {i}." for i in range(n)],
        "published": [dt.datetime(2024, 1, 1 + i % 28, 9, 30) for i in range(n)],
        "authors": [["Ann Lee", "Bo Chen"]] * n,
        "section": ["metro"] * n,
    }
    rows["text"][5] = None
    pq.write_table(pa.table(rows), tmp_path / "corpus.parquet", row_group_size=100)
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 this is not really parquet PAR1")
    items = list(iter_items(tmp_path))
    articles, _, rejected = ingest_items(items)
    assert len(items) == n + 1 == len(articles) + len(rejected)
    a = articles.set_index("article_id").loc["pq7"]
    assert a["source"] == "corpus.parquet:8" and a["published"] == "2024-01-08"
    assert list(a["authors"]) == ["Ann Lee", "Bo Chen"] and json.loads(a["metadata"]) == {"section": "metro"}
    got = reasons(rejected)
    assert got["corpus.parquet:6"] == "empty text"
    assert got["broken.parquet"].startswith("not a readable Parquet file")
    assert str(tmp_path) not in got["broken.parquet"]  # no absolute paths in results
    from framescope.corpus.sources import count_items

    assert count_items(tmp_path / "corpus.parquet") == n


def test_mojibake_is_repaired_and_recorded(tmp_path):
    good = "Café owners in Málaga said it’s over. “We lost money,” one said."
    # what a tool that read UTF-8 as cp1252 shows: bytes cp1252 leaves undefined become C1 controls
    mangled = good.encode("utf-8").decode("cp1252", errors="ignore") and "".join(
        bytes([b]).decode("cp1252", errors="replace").replace("\ufffd", chr(b)) for b in good.encode("utf-8")
    )
    assert "â€™" in mangled and "\x9d" in mangled
    (tmp_path / "m.txt").write_text(mangled, encoding="utf-8")
    (tmp_path / "rows.jsonl").write_text(json.dumps({"id": "r", "text": good, "title": "Cafés: an end"}) + "\n")
    articles, _, _ = ingest_items(iter_items(tmp_path))
    table = articles.set_index("article_id")
    assert table.loc["m", "text"] == good
    assert table.loc["m", "notes"][0].startswith("mojibake repaired in the text")
    assert table.loc["r", "text"] == good and list(table.loc["r", "notes"]) == []


def test_hidden_entries_links_and_odd_names_are_listed_and_rejected(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("x")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (tmp_path / "..dots.txt").write_text("Two dots start this name. It is hidden.")
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a b ü.txt").write_text("Spaces and an umlaut in the name. Still read.")
    os.symlink(tmp_path / "real", tmp_path / "linked")
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "dangling.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    raw_name = os.fsdecode(b"caf\xe9.txt")  # not UTF-8: a Latin-1 name
    (tmp_path / raw_name).write_text("A name in Latin-1 bytes. Read all the same.")
    listing = dict(list_folder_sources(tmp_path))
    assert ".git/" in listing and "linked/" in listing and ".git/config" not in listing
    articles, _, rejected = ingest_items(iter_items(tmp_path))
    got = reasons(rejected)
    assert got[".git/"].startswith("hidden folder")
    assert got["linked/"].startswith("link to a folder")
    assert got[".DS_Store"].startswith("hidden file") and got["..dots.txt"].startswith("hidden file")
    assert got["dangling.txt"].startswith("broken link")
    assert got["pipe.txt"] == "not a regular file"
    assert set(articles["source"]) == {"real/a b ü.txt", "caf\\xe9.txt"}
    assert set(articles["article_id"]) == {"real--a_b_u", "caf--xe9"}
    assert len(articles) + len(rejected) == len(listing)


def test_every_record_file_goes_to_every_shard():
    listing = [("a.ndjson", "a"), ("b.parquet", "b"), ("c.txt", "c")]
    shards = sources_by_shard(listing, 3)
    assert all({"a.ndjson", "b.parquet"} <= set(s) for s in shards)
    assert sum("c.txt" in s for s in shards) == 1


def test_ids_never_start_with_a_dash_or_dot():
    assert safe_id("-rf") == "_rf" and safe_id("--help") == "_-help" and file_id("-x.txt") == "_x"


def test_overlong_jsonl_line_is_rejected_without_reading_it_whole(tmp_path, monkeypatch):
    path = tmp_path / "big.jsonl"
    with open(path, "w") as f:
        f.write(json.dumps({"id": "ok1", "text": "A short line. Fine."}) + "\n")
        f.write('{"id": "huge", "text": "' + "x" * 300_000 + '"}\n')
        f.write(json.dumps({"id": "ok2", "text": "Another short line. Fine too."}) + "\n")
    import framescope.corpus.decode as decode_module

    reads = []
    real = decode_module._skip_rest

    def spy(readline, newline):
        reads.append(newline)
        return real(readline, newline)

    monkeypatch.setattr(decode_module, "_skip_rest", spy)
    items = list(iter_items(path, max_bytes=1000))
    assert [(i.source, i.reason) for i in items] == [
        ("big.jsonl:1", None),
        ("big.jsonl:2", "line 2 too large (> 66 KB limit)"),
        ("big.jsonl:3", None),
    ]
    assert reads == [b"\n"]


def test_lone_surrogates_from_json_escapes_do_not_break_the_tables(tmp_path):
    (tmp_path / "s.jsonl").write_text('{"id": "s", "title": "Bad \\udc80 title", "text": "Broken \\ud800 escape here. Next sentence."}\n')
    articles, sentences, rejected = ingest_items(iter_items(tmp_path))
    assert rejected.empty
    assert "\ufffd" in articles.iloc[0]["text"] and "\ufffd" in articles.iloc[0]["title"]
    from framescope.base.io import write_table

    write_table(articles, tmp_path / "a.parquet", "articles")  # would raise on a lone surrogate
    write_table(sentences, tmp_path / "s.parquet", "sentences")


def test_a_folder_that_cannot_be_listed_is_rejected_not_skipped(tmp_path, monkeypatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "ok.txt").write_text("A readable file. Fine.")
    real_walk = os.walk

    def walk(top, onerror=None, **kwargs):  # as os.walk does for a folder without read permission
        for folder, dirs, files in real_walk(top, onerror=onerror, **kwargs):
            if folder.endswith("locked"):
                onerror(PermissionError(13, "Permission denied", folder))
                continue
            yield folder, dirs, files

    monkeypatch.setattr(os, "walk", walk)
    assert [s for s, _ in list_folder_sources(tmp_path)] == ["locked/", "ok.txt"]
    _, _, rejected = ingest_items(iter_items(tmp_path))
    assert reasons(rejected) == {"locked/": "folder could not be read (no permission?)"}


def test_listing_round_trips_awkward_names_and_changes_with_a_file(tmp_path):
    from framescope.corpus.sources import listing_text, read_listing
    from framescope.commands.provenance import corpus_digest

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    names = ["plain.txt", "tab\tname.txt", "new\nline.txt", os.fsdecode(b"caf\xe9.txt"), "ünï.txt", "gone.txt"]
    for name in names[:-1]:
        (corpus / name).write_text("text of " + repr(name), encoding="utf-8")
    text = listing_text(corpus, names)
    assert text.isascii() and len(text.splitlines()) == len(names)  # one line per source, whatever its name
    listing = tmp_path / "0000.tsv"
    listing.write_text(text, encoding="ascii")
    assert read_listing(listing) == names
    assert text.splitlines()[-1].endswith("\t-\t-")  # a vanished file is still listed (ingest rejects it)
    (corpus / "plain.txt").write_text("edited, and longer than before", encoding="utf-8")
    assert listing_text(corpus, names) != text
    # the provenance record writes such names as the manifest does (bytes as \xNN)
    digest = corpus_digest([corpus / n for n in names[:-1]], corpus)
    assert {f["path"] for f in digest["files"]} == {"plain.txt", "tab\tname.txt", "new\nline.txt", "caf\\xe9.txt",
                                                    "ünï.txt"}
    json.dumps(digest, ensure_ascii=False).encode("utf-8")


def test_kept_cleaning_gives_the_same_tables_and_cleans_only_what_changed(tmp_path, monkeypatch):
    """A shard rerun keeps what each record cleaned into: an edited or new record is cleaned
    again, the others are not, and the tables are those of a run without the memo."""
    from framescope.base.memo import ObjectMemo
    import framescope.corpus.ingest as ingest_module

    corpus = tmp_path / "corpus.jsonl"
    corpus.write_bytes((FIXTURES / "corpus.jsonl").read_bytes())
    memo = ObjectMemo(tmp_path / "items.pkl", "key")
    fresh = ingest_items(iter_items(corpus), earliest="1900-01-01", latest="2030-12-31")
    first = ingest_items(iter_items(corpus), earliest="1900-01-01", latest="2030-12-31", memo=memo)
    for a, b in zip(fresh, first):
        pd.testing.assert_frame_equal(a, b)
    # the collision and the malformed lines are not cleaned: alpha-1, beta_2, corpus-4 and the empty body
    assert (memo.hits, memo.computed) == (0, 4)

    calls = []
    real = ingest_module.clean_item
    monkeypatch.setattr(ingest_module, "clean_item", lambda item, *a: calls.append(item.source) or real(item, *a))
    again = ingest_items(iter_items(corpus), earliest="1900-01-01", latest="2030-12-31", memo=memo)
    assert calls == [] and (memo.hits, memo.computed) == (4, 0)
    for a, b in zip(fresh, again):
        pd.testing.assert_frame_equal(a, b)
    lines = corpus.read_text(encoding="utf-8").splitlines()
    edited = json.loads(lines[0])
    edited["text"] = edited["text"] + " The fair closes on Sunday."
    lines[0] = json.dumps(edited)
    lines.append(json.dumps({"id": "new-5", "title": "Rain", "text": "Rain fell all day on the valley."}))
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    edited_run = ingest_items(iter_items(corpus), earliest="1900-01-01", latest="2030-12-31", memo=memo)
    monkeypatch.undo()
    assert sorted(calls) == ["corpus.jsonl:1", "corpus.jsonl:10"]
    assert (memo.hits, memo.computed) == (3, 2)
    plain = ingest_items(iter_items(corpus), earliest="1900-01-01", latest="2030-12-31")
    for a, b in zip(plain, edited_run):
        pd.testing.assert_frame_equal(a, b)
    assert "The fair closes on Sunday." in edited_run[0].set_index("article_id").loc["alpha-1", "text"]

"""Fault injection: a corpus holding every awkward row through the whole workflow.

Placeholder and impossible dates, dates in many formats, an outlet with one article,
spellings of one outlet in different case, empty fields, articles with no body, a
100,000-word article, everything on one day; then a corpus with no dates at all. The run
must complete, and say what it did with each of them.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pandas as pd
import pytest

from conftest import copy_project, snakemake, tree_digests

pytestmark = pytest.mark.workflow

DAY = "2025-02-12"
LONG_WORDS = 100_000


def seed_paragraphs(project: Path) -> list[str]:
    seed = next((project / "seeds").glob("*.txt")).read_text(encoding="utf-8")
    return [p.strip() for p in seed.split("\n") if len(p.split()) >= 12]


def fault_rows(paras: list[str]) -> list[dict]:
    """The fault-injection corpus: each row one awkward case (its id says which)."""

    def story(i: int) -> str:  # two seed paragraphs no other article has, and a line of its own
        return "\n\n".join([f"Article {i} opens with a sentence of its own about the talks.",
                            paras[2 * i % len(paras)], paras[(2 * i + 1) % len(paras)]])

    body = "\n\n".join(paras[-6:-3])  # the seed's last paragraphs are credits and copyright
    long_text = "\n\n".join([body] * (LONG_WORDS // len(body.split()) + 1))
    return [
        {"id": "iso-time", "outlet": "The Hill", "published": "2025-02-12T23:30:00-05:00", "title": "Talks",
         "authors": "Jane Doe", "text": story(0)},
        {"id": "us-short", "outlet": "the hill", "published": "2/12/25", "title": "  Talks\u00a0in   Munich ",
         "authors": "", "text": story(1)},
        {"id": "us-long", "outlet": "THE HILL ", "published": "2/12/2025", "title": "", "authors": ["", " John  Roe "],
         "text": story(2)},
        {"id": "abbrev", "outlet": "Metro Tribune", "published": "Feb. 12, 2025", "title": None, "text": story(3)},
        {"id": "day-first", "outlet": "Metro Tribune", "published": "12 February 2025", "text": story(4)},
        {"id": "rfc2822", "outlet": "Metro\u00a0Tribune", "published": "Wed, 12 Feb 2025 14:03:00 +0000",
         "text": story(5)},
        {"id": "placeholder", "outlet": "Metro Tribune", "published": "0001-11-30", "text": story(6)},
        {"id": "headline-year", "outlet": "Metro Tribune", "published": "2050-09-30", "text": story(7)},
        {"id": "no-date-format", "outlet": "", "published": "sometime last week", "text": story(8)},
        {"id": "lonely", "outlet": "Single Outlet Weekly", "published": DAY, "text": story(9)},
        {"id": "title-only", "outlet": "Metro Tribune", "published": DAY, "title": "Only a title here",
         "text": "Only a title here"},
        {"id": "boilerplate-only", "outlet": "Metro Tribune", "published": DAY,
         "text": "Advertisement\n\nCopyright 2025 Metro Tribune. All rights reserved."},
        {"id": "one-word", "outlet": "Metro Tribune", "published": DAY, "text": "2025"},
        # "000": among the first ids, so the sentiment arc draws it
        {"id": "000-very-long", "outlet": "Metro Tribune", "published": DAY, "title": "A very long article",
         "text": long_text},
        # another language: VADER and the starter models are English, so sentiment skips it aloud
        {"id": "german", "outlet": "Metro Tribune", "published": DAY, "title": "Gespräche in München",
         "text": "Die Außenminister haben am Mittwoch in München stundenlang über eine Waffenruhe beraten, "
                 "ohne sich auf einen Zeitplan zu einigen.\n\nEin Sprecher des Ministeriums sagte am Abend, "
                 "man werde die Gespräche in der kommenden Woche fortsetzen und hoffe auf eine Einigung."},
    ]


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def figures_about(results: Path) -> dict[str, dict]:
    return {p.parent.name: json.loads(p.read_text()) for p in sorted((results / "figures").glob("*/about.json"))}


def check_every_figure_drew_or_says_why(about: dict[str, dict]) -> None:
    assert len(about) == 8
    for name, info in about.items():
        if info["drawn"]:
            assert info["files"] and info["reason"] is None, name
        else:
            assert isinstance(info["reason"], str) and info["reason"], name
        assert isinstance(info["notes"], list), name


def test_a_corpus_of_faults_runs_through_and_says_what_it_did(tmp_path):
    project = copy_project(tmp_path / "p")
    paras = seed_paragraphs(project)
    rows = fault_rows(paras)
    assert len(rows[-2]["text"].split()) >= LONG_WORDS
    write_jsonl(project / "faults.jsonl", rows)
    write_jsonl(project / "undated.jsonl", [{k: v for k, v in r.items() if k != "published"} for r in rows[:10]])

    start = time.monotonic()
    snakemake(project, "--cores", "2", "--config", "corpus=faults.jsonl")
    print(f"faults corpus: whole workflow in {time.monotonic() - start:.0f} s")
    results = project / "results"
    tables = results / "tables"
    manifest = pd.read_parquet(tables / "manifest.parquet").set_index("article_id", drop=False)
    articles = pd.read_parquet(tables / "articles.parquet").set_index("article_id")

    # every row accounted for; no body: rejected with the reason
    assert len(manifest) == len(rows)
    rejected = manifest[manifest["status"] == "rejected"]
    assert sorted(rejected["source"]) == ["faults.jsonl:11", "faults.jsonl:12"]
    assert rejected["reason"].str.startswith("no body text after cleaning").all()
    assert (manifest.loc[manifest["status"] != "rejected", "status"] == "accepted").all()

    # dates: every format read as written; the placeholders and the unreadable left undated, with a note
    dated = {"iso-time", "us-short", "us-long", "abbrev", "day-first", "rfc2822", "lonely", "one-word",
             "000-very-long", "german"}
    assert set(articles.index[articles["published"] == DAY]) == dated
    assert articles.loc["iso-time", "published_raw"] == "2025-02-12T23:30:00-05:00"  # not moved to UTC
    assert articles.loc["us-short", "published_raw"] == "2/12/25"
    for aid, raw, why in [("placeholder", "0001-11-30", "outside the plausible dates 1900-01-01 to 2030-12-31"),
                          ("headline-year", "2050-09-30", "outside the plausible dates"),
                          ("no-date-format", "sometime last week", "not a date in a known format")]:
        assert pd.isna(articles.loc[aid, "published"]) and articles.loc[aid, "published_raw"] == raw
        for notes in (articles.loc[aid, "notes"], manifest.loc[aid, "notes"]):
            assert any(raw in n and why in n and "left undated" in n for n in notes), (aid, list(notes))

    # outlets, titles, authors: tidied, empty is missing, one spelling per outlet
    assert articles.loc[["iso-time", "us-short", "us-long"], "outlet"].tolist() == ["The Hill"] * 3
    assert any("'the hill' written 'The Hill'" in n for n in manifest.loc["us-short", "notes"])
    assert articles.loc["rfc2822", "outlet"] == "Metro Tribune" and pd.isna(articles.loc["no-date-format", "outlet"])
    assert articles.loc["us-short", "title"] == "Talks in Munich" and pd.isna(articles.loc["us-long", "title"])
    assert list(articles.loc["us-long", "authors"]) == ["John Roe"] and list(articles.loc["us-short", "authors"]) == []
    assert articles.loc["000-very-long", "n_words"] >= LONG_WORDS

    # languages: detected per article; what cannot be told is "und" with a note; sentiment skips
    # both the German and the undetermined article, with the reason in its table and the summary
    assert articles.loc["german", "language"] == "de" and articles.loc["iso-time", "language"] == "en"
    assert articles.loc["one-word", "language"] == "und"
    assert any("language undetermined" in n for n in manifest.loc["one-word", "notes"])
    tone = pd.read_parquet(tables / "article_sentiment.parquet").set_index("article_id")
    assert tone.loc["german", "skipped"] == "sentiment: article in German (de); made for English (en)"
    assert pd.isna(tone.loc["german", "tone_mean"]) and tone.loc["german", "n_sentences"] == 0
    assert tone.loc["iso-time", "skipped"] == "" and not pd.isna(tone.loc["iso-time", "tone_mean"])
    scored = set(pd.read_parquet(tables / "sentence_sentiment.parquet", columns=["article_id"])["article_id"])
    assert "german" not in scored and "iso-time" in scored
    summary = json.loads((results / "summary.json").read_text())
    assert summary["languages"]["de"] == 1 and summary["languages"]["und"] == 1
    assert summary["skipped"]["article_sentiment"]["sentiment: article in German (de); made for English (en)"] == 1

    # every figure drew, or says why not; what a drawn one left out is in its notes
    about = figures_about(results)
    check_every_figure_drew_or_says_why(about)
    assert not about["frames_over_time"]["drawn"]
    # the frames model is English: the German and the undetermined article get no frames, with the reason,
    # so 8 of the 10 dated articles carry frames
    coverage = pd.read_parquet(tables / "frames_coverage.parquet").set_index("article_id")
    assert coverage.loc["german", "skipped"].startswith("language de: the frames model covers en")
    assert coverage.loc["one-word", "skipped"].startswith("language und:")
    assert coverage.loc["iso-time", "skipped"] == "" and coverage.loc["german", "n_sentences"] == 0
    assert about["frames_over_time"]["reason"].startswith(f"one publication date only ({DAY}, 8 dated articles)")
    assert "tone about actors: 1 article left out (sentiment: article in German (de); made for English (en))" \
        in about["actors"]["notes"]
    assert about["frames_by_outlet"]["drawn"]
    assert about["frames_by_outlet"]["notes"] == [
        "1 article without an outlet left out.",
        "2 articles left out: in languages the frames model does not cover (de 1, und 1)"]
    assert "000-very-long" in about["sentiment_arc"]["articles"] and about["sentiment_arc"]["drawn"]
    prevalence = pd.read_parquet(tables / "frame_prevalence.parquet")
    groups = set(zip(prevalence["group_type"], prevalence["group"]))
    assert {("outlet", "Single Outlet Weekly"), ("outlet", "The Hill"), ("outlet", "(no outlet)")} <= groups
    assert {g for t, g in groups if t in ("month", "year")} <= {"2025", "2025-02", "(no date)"}
    lonely = prevalence[(prevalence["group"] == "Single Outlet Weekly") & (prevalence["method"] == "cc")]
    assert (lonely["n_articles"] == 1).all() and lonely["note"].str.contains("only 1 article").all()

    # the outlets' one spelling does not depend on the number of shards
    other = copy_project(tmp_path / "three_shards")
    (other / "faults.jsonl").write_bytes((project / "faults.jsonl").read_bytes())
    snakemake(other, "--cores", "2", "--config", "corpus=faults.jsonl", "shards=3", "--",
              "results/tables/manifest.parquet")
    assert tree_digests(other / "results" / "tables") == {
        k: v for k, v in tree_digests(tables).items() if k in {"articles.parquet", "manifest.parquet",
                                                              "rejected.parquet", "sentences.parquet"}}

    # a corpus with no dates at all (the models trained above are kept)
    start = time.monotonic()
    snakemake(project, "--cores", "2", "--config", "corpus=undated.jsonl")
    print(f"undated corpus: rerun in {time.monotonic() - start:.0f} s")
    articles = pd.read_parquet(tables / "articles.parquet")
    assert articles["published"].isna().all() and articles["published_raw"].isna().all()
    about = figures_about(results)
    check_every_figure_drew_or_says_why(about)
    assert about["frames_over_time"]["reason"] == "none of the 10 articles has a publication date"
    prevalence = pd.read_parquet(tables / "frame_prevalence.parquet")
    assert set(prevalence.loc[prevalence["group_type"] == "year", "group"]) == {"(no date)"}

"""The whole workflow, run by Snakemake on temporary copies of the project."""

from __future__ import annotations

import json
import re
import shutil

import pandas as pd
import pytest

from conftest import copy_project, snakemake, tree_digests

pytestmark = pytest.mark.workflow

SEED = "000_59bdb630432fb0d7"


def table(project, name):
    return pd.read_parquet(project / "results" / "tables" / f"{name}.parquet")


def test_seed_article_metadata_and_clean_text(seed_run):
    articles = table(seed_run, "articles")
    assert articles["article_id"].tolist() == [SEED]
    a = articles.iloc[0]
    assert a["outlet"] == "The Washington Times"
    assert a["published"] == "2025-02-12"
    assert list(a["authors"]) == ["Mike Glenn", "Mallory Wilson"]
    assert list(a["contributors"]) == ["David R. Sands", "Jeff Mordock"]
    text = a["text"]
    for boilerplate in ("Advertisement", "Copyright", "comment policy", "can be reached at", "contributed to this"):
        assert boilerplate not in text, boilerplate
    sentences = table(seed_run, "sentences")
    for row in sentences.itertuples():
        assert text[row.start:row.end] == row.text
    assert not sentences["text"].isin(["Hegseth in Brussels", "‘Stark strategic realities’"]).any()
    assert "Hegseth in Brussels" in set(sentences["section"].dropna())
    assert "‘Stark strategic realities’" in set(sentences["section"].dropna())


def test_seed_actors_and_quotes(seed_run):
    mentions = table(seed_run, "mentions")
    # the seed names him "President Trump" and "Mr. Trump" ("Trump" alone only in
    # "Trump administration", an organisation): every personal variant is one actor
    trump = mentions[mentions["surface"].str.contains("Trump") & (mentions["actor_type"] == "person")]
    assert {"Mr. Trump", "President Trump"} <= set(trump["surface"])
    assert trump["actor"].nunique() == 1
    hegseth = mentions[mentions["surface"] == "Defense Secretary Pete Hegseth"]
    assert set(hegseth["actor"]) == {"Pete Hegseth"} and set(hegseth["role"]) == {"Defense Secretary"}

    quotes = table(seed_run, "quotes")
    direct = quotes[quotes["kind"] == "direct"]

    def speaker_of(fragment):
        hits = direct[direct["text"].str.contains(fragment, regex=False)]
        assert len(hits) == 1, (fragment, hits)
        return hits["speaker"].iloc[0]

    assert speaker_of("Chasing this illusory goal will only prolong the war") == "Pete Hegseth"
    assert speaker_of("supported one of the main theses") == "Dmitry Peskov"
    assert speaker_of("invited the U.S. president to visit Moscow") == "Dmitry Peskov"
    assert speaker_of("We have to make sure that he has no other option") == "Mark Rutte"
    assert speaker_of("He needs to understand that we will not give up on Ukraine") == "Mark Rutte"


def test_seed_sentiment_frames_models_and_figures(seed_run):
    results = seed_run / "results"
    sentences = table(seed_run, "sentences")
    scores = table(seed_run, "sentence_sentiment")
    assert len(scores) == len(sentences)
    assert scores["tone"].between(-1, 1).all()
    frames = table(seed_run, "article_frames")
    assert frames["is_primary"].sum() == 1
    assert abs(frames["share"].sum() - 1) < 1e-9
    assert len(frames) == 15
    for model in ("sentiment", "frames"):
        metrics = json.loads((results / "models" / model / "metrics.json").read_text())
        assert 0 < metrics["macro_f1"] <= 1
        assert (results / "models" / model / "model_card.md").is_file()
    for figure in ("frame_composition", "actors"):
        for ext in ("pdf", "svg", "png"):
            assert (results / "figures" / figure / f"{figure}.{ext}").stat().st_size > 1000
    assert (results / "figures" / "sentiment_arc" / f"{SEED}.png").is_file()
    summary = json.loads((results / "summary.json").read_text())
    assert (summary["inputs"], summary["accepted"], summary["rejected"]) == (1, 1, 0)
    # the English seed article is framed by the English (starter) model, and every article is accounted for
    coverage = table(seed_run, "frames_coverage")
    assert coverage[["language", "skipped"]].values.tolist() == [["en", ""]]
    assert summary["frames"]["by_language"] == {"en": {"framed": 1, "skipped": 0}}
    # nothing but results under results/: no logs, no absolute paths
    for path in results.rglob("*"):
        if path.suffix in (".json", ".md", ".svg"):
            assert str(seed_run) not in path.read_text(), path


def test_second_run_has_nothing_to_do(seed_run):
    dry = snakemake(seed_run, "--cores", "1", "--dry-run")
    assert "Nothing to be done" in dry.stdout + dry.stderr


def _planned_rules(project) -> set[str]:
    dry = snakemake(project, "--cores", "1", "--dry-run")
    out = dry.stdout + dry.stderr
    if "Nothing to be done" in out:
        return set()
    return set(re.findall(r"^rule (\w+):", out, flags=re.M))


def test_editing_sentiment_code_reruns_sentiment_and_what_follows_only(seed_run, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(seed_run, project, symlinks=True)
    module = project / "src" / "framescope" / "sentiment" / "model.py"
    module.write_text(module.read_text() + "\n# an edit\n")
    planned = _planned_rules(project)
    assert {"sentiment", "collect_sentiment", "summary"} <= planned
    assert not planned & {"ingest", "collect_ingest", "features", "frames", "train_frames", "collect_frames"}


def test_byte_identical_results_across_clones_and_cores(seed_run, tmp_path):
    other = copy_project(tmp_path / "clone2")
    snakemake(other, "--cores", "1", hashseed="12345")
    first, second = tree_digests(seed_run / "results"), tree_digests(other / "results")
    assert first.keys() == second.keys()
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, differ


def test_misspelt_config_key_fails_at_once_naming_it(tmp_path):
    project = copy_project(tmp_path / "p")
    proc = snakemake(project, "--cores", "1", "--dry-run", "--config", "corpuss=seeds", check=False)
    assert proc.returncode != 0
    assert "corpuss" in proc.stdout + proc.stderr


def test_missing_corpus_fails_naming_the_key(tmp_path):
    project = copy_project(tmp_path / "p")
    proc = snakemake(project, "--cores", "1", "--dry-run", "--config", "corpus=nowhere", check=False)
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert "config key 'corpus'" in out and "nowhere" in out


def test_jsonl_corpus_every_input_accounted_for(tmp_path):
    project = copy_project(tmp_path / "p")
    seed_text = (project / "seeds" / f"{SEED}.txt").read_text()
    rows = [
        {"id": "a1", "text": seed_text, "outlet": "Example Daily", "published": "2025-02-13", "section": "world"},
        {"id": "a2", "text": "The council approved the budget on Monday. Critics said it was too small."},
        {"id": "a3", "text": seed_text},  # exact duplicate of a1
        {"id": "a4", "title": "no text here"},
        {"id": "a5", "text": "   "},
    ]
    lines = [json.dumps(r) for r in rows] + ["{not json"]
    (project / "corpus.jsonl").write_text("\n".join(lines) + "\n")
    snakemake(project, "--cores", "2", "--config", "corpus=corpus.jsonl", "shards=2")
    manifest = table(project, "manifest")
    assert len(manifest) == 6
    status = dict(zip(manifest["source"], manifest["status"]))
    assert status["corpus.jsonl:1"] == "accepted"
    assert status["corpus.jsonl:2"] == "accepted"
    assert status["corpus.jsonl:3"] == "duplicate"
    assert manifest.loc[manifest["source"] == "corpus.jsonl:3", "duplicate_of"].item() == "a1"
    assert (manifest["status"] == "rejected").sum() == 3
    assert manifest.loc[manifest["status"] == "rejected", "reason"].str.len().gt(0).all()
    articles = table(project, "articles")
    a1 = articles[articles["article_id"] == "a1"].iloc[0]
    assert a1["outlet"] == "Example Daily" and a1["published"] == "2025-02-13"
    assert json.loads(a1["metadata"])["section"] == "world"
    # duplicates are left out of later stages' corpus tables
    assert "a3" not in set(table(project, "article_frames")["article_id"])
    assert (project / "results" / "ingest" / "0000").is_dir() and (project / "results" / "ingest" / "0001").is_dir()

"""Adding or editing one article of a folder corpus reruns its shard in each stage, and the aggregates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import copy_project, snakemake, tree_digests
from framescope.base.sharding import shard_name, shard_of

pytestmark = pytest.mark.workflow

N_SHARDS = 4
SHARD_RULES = {"ingest", "features", "sentiment", "frames"}


def _article(i: int, paragraphs: list[str]) -> str:
    # each article its own rotation of the seed's paragraphs, plus a line of its own
    k = i % len(paragraphs)
    body = paragraphs[k:] + paragraphs[:k]
    return "\n\n".join([f"Article {i} opens with its own sentence about item {i}.", *body[:8]]) + "\n"


def _corpus(project: Path, n: int) -> tuple[Path, list[str]]:
    """A corpus folder of `n` articles made from the seed's paragraphs; and those paragraphs."""
    seed = next((project / "seeds").glob("*.txt")).read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in seed.split("\n") if len(p.split()) >= 12]
    corpus = project / "corpus"
    corpus.mkdir()
    for i in range(n):
        (corpus / f"story{i:02d}.txt").write_text(_article(i, paragraphs), encoding="utf-8")
    return corpus, paragraphs


def _planned(project: Path, config: tuple[str, ...] | None = None) -> dict[str, set[str]]:
    """rule -> the shards (or "" for a rule without one) a dry run would run (with `config`, else CONFIG)."""
    dry = snakemake(project, "--cores", "1", "--dry-run", *(config or CONFIG))
    out = dry.stdout + dry.stderr
    planned: dict[str, set[str]] = {}
    # each job: "rule NAME:" and its indented lines (input, output, ..., wildcards)
    for rule, body in re.findall(r"^(?:local)?rule (\w+):\n((?:[ \t]+.*\n?)*)", out, flags=re.M):
        shard = re.search(r"wildcards: shard=(\d+)", body)
        planned.setdefault(rule, set()).add(shard.group(1) if shard else "")
    return planned


CONFIG = ("--config", "corpus=corpus", f"shards={N_SHARDS}")


def test_one_new_or_edited_article_reruns_only_its_shard(tmp_path):
    project = copy_project(tmp_path / "p")
    corpus, paragraphs = _corpus(project, 12)
    snakemake(project, "--cores", "2", *CONFIG)
    assert _planned(project) == {}

    # a new article: its shard's four jobs, the aggregates, no other shard
    new_id = "story99"
    (corpus / f"{new_id}.txt").write_text(_article(99, paragraphs), encoding="utf-8")
    planned = _planned(project)
    own = {shard_name(shard_of(new_id, N_SHARDS))}
    assert {rule: planned.get(rule) for rule in SHARD_RULES} == {rule: own for rule in SHARD_RULES}
    assert {"collect_ingest", "collect_features", "collect_sentiment", "collect_frames", "summary"} <= set(planned)
    assert not {"train_frames", "train_sentiment", "train_target_sentiment"} & set(planned)
    snakemake(project, "--cores", "2", *CONFIG)
    assert _planned(project) == {}

    # an edit to one existing article: likewise
    edited = "story03"
    path = corpus / f"{edited}.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nA correction was appended to this story.\n",
                    encoding="utf-8")
    planned = _planned(project)
    own = {shard_name(shard_of(edited, N_SHARDS))}
    assert {rule: planned.get(rule) for rule in SHARD_RULES} == {rule: own for rule in SHARD_RULES}


def test_corpus_tables_do_not_depend_on_the_shard_count(tmp_path):
    tables = {}
    for n in (1, 3):
        project = copy_project(tmp_path / f"shards{n}")
        _corpus(project, 9)
        snakemake(project, "results/tables/actor_sentiment.parquet", "results/tables/article_frames.parquet",
                  "results/tables/manifest.parquet", "results/tables/voices.parquet",
                  "--cores", "2", "--config", "corpus=corpus", f"shards={n}")
        tables[n] = tree_digests(project / "results" / "tables")
    assert len(tables[1]) >= 12
    assert tables[1] == tables[3]


def test_a_rerun_with_kept_results_matches_a_fresh_run(tmp_path):
    """The kept per-text results (ingest, features, frames, sentiment, topics) change no byte: add and edit articles,
    rerun, compare every file of results/ with a fresh run."""
    import hashlib

    import pandas as pd

    def project_with(path: Path) -> Path:
        project = copy_project(path)
        config = project / "config" / "config.yaml"
        # a topic model fitted on a sample, so that its cache has a fit to keep
        config.write_text(config.read_text(encoding="utf-8").replace("fit_sample: 20000", "fit_sample: 6"),
                          encoding="utf-8")
        return project

    project = project_with(tmp_path / "kept")
    corpus, paragraphs = _corpus(project, 12)
    snakemake(project, "--cores", "2", *CONFIG)

    # a new article and an edited one, both outside the topic model's sample
    manifest = pd.read_parquet(project / "results" / "tables" / "manifest.parquet")
    accepted = sorted(manifest.loc[manifest["status"] == "accepted", "article_id"])

    def digest(article_id):
        return hashlib.sha256(article_id.encode()).digest()

    sample = sorted(accepted, key=digest)[:6]
    new_id = next(f"story{i}" for i in range(100, 200) if digest(f"story{i}") > digest(sample[-1]))
    edited = next(a for a in accepted if a not in sample)
    (corpus / f"{new_id}.txt").write_text(_article(99, paragraphs), encoding="utf-8")
    path = corpus / f"{edited}.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nA correction was appended to this story.\n",
                    encoding="utf-8")
    snakemake(project, "--cores", "2", *CONFIG)
    frames_logs = "".join(p.read_text() for p in (project / "logs" / "frames").glob("*.log"))
    assert re.search(r"classified \(\d+ kept from the last run, [1-9]\d* new\)", frames_logs)
    sentiment_logs = "".join(p.read_text() for p in (project / "logs" / "sentiment").glob("*.log"))
    features_logs = "".join(p.read_text() for p in (project / "logs" / "features").glob("*.log"))
    ingest_logs = "".join(p.read_text() for p in (project / "logs" / "ingest").glob("*.log"))
    assert re.search(r"signatures: [1-9]\d* kept from the last run, [1-9]\d* new", ingest_logs)
    assert re.search(r"\([1-9]\d* articles kept from the last run, [1-9]\d* new\)", features_logs)
    assert re.search(r"scored \([1-9]\d* kept from the last run, [1-9]\d* new\)", sentiment_logs)
    assert "reusing it" in (project / "logs" / "topics.log").read_text()

    fresh = project_with(tmp_path / "fresh")
    (fresh / "corpus").mkdir()
    for source in corpus.iterdir():
        (fresh / "corpus" / source.name).write_bytes(source.read_bytes())
    snakemake(fresh, "--cores", "2", *CONFIG)
    assert tree_digests(project / "results") == tree_digests(fresh / "results")


def test_a_one_file_corpus_reruns_only_the_shard_of_an_appended_or_edited_record(tmp_path):
    """A JSON Lines corpus is split into shard listings once: appending a record, or editing one in
    place, reruns that record's shard in each stage, and the results match a fresh run's bytes."""
    import json

    project = copy_project(tmp_path / "kept")
    seed = next((project / "seeds").glob("*.txt")).read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in seed.split("\n") if len(p.split()) >= 12]

    def record(i: int) -> str:
        return json.dumps({"id": f"rec{i}", "outlet": ["Daily Ledger", "Metro Tribune"][i % 2],
                           "published": f"2024-03-{1 + i % 28:02d}", "text": _article(i, paragraphs)})

    corpus = project / "corpus.jsonl"
    corpus.write_text("".join(record(i) + "\n" for i in range(12)), encoding="utf-8")
    config = ("--config", "corpus=corpus.jsonl", f"shards={N_SHARDS}")
    snakemake(project, "--cores", "2", *config)

    def planned() -> dict[str, set[str]]:
        return _planned(project, config)

    assert planned() == {}
    corpus.touch()  # a new modification time, the same records: nothing to do
    assert planned() == {}

    with open(corpus, "a", encoding="utf-8") as f:
        f.write(record(99) + "\n")
    lines = corpus.read_text(encoding="utf-8").splitlines()
    lines[3] = record(3).replace("opens with its own sentence", "opens with an edited sentence")
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plan = planned()
    own = {shard_name(shard_of(i, N_SHARDS)) for i in ("rec99", "rec3")}
    assert len(own) < N_SHARDS
    assert {rule: plan.get(rule) for rule in SHARD_RULES} == {rule: own for rule in SHARD_RULES}
    snakemake(project, "--cores", "2", *config)
    assert planned() == {}

    fresh = copy_project(tmp_path / "fresh")
    (fresh / "corpus.jsonl").write_bytes(corpus.read_bytes())
    snakemake(fresh, "--cores", "2", *config)
    assert tree_digests(project / "results") == tree_digests(fresh / "results")

"""Frame prevalence, the topic model and the codebook checks in the workflow (on the shared seed run)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from conftest import copy_project, snakemake

pytestmark = pytest.mark.workflow


def test_seed_run_has_frame_prevalence_and_records_why_no_topic_model(seed_run):
    tables = seed_run / "results" / "tables"
    prevalence = pd.read_parquet(tables / "frame_prevalence.parquet")
    assert set(prevalence["group_type"]) == {"corpus", "outlet", "year"}  # one article: months are sparse
    assert set(prevalence["method"]) == {"cc", "acc", "pcc", "pacc"}
    assert set(prevalence.loc[prevalence["group_type"] == "outlet", "group"]) == {"The Washington Times"}
    n_sentences = len(pd.read_parquet(tables / "sentences.parquet"))
    assert (prevalence["n_sentences"] == n_sentences).all() and (prevalence["n_articles"] == 1).all()
    cc = prevalence[prevalence["method"] == "cc"].set_index(["group_type", "frame"])["estimate"]
    frames = pd.read_parquet(tables / "sentence_frames.parquet")
    assert cc[("corpus", "security_defense")] == pytest.approx(
        frames.loc[frames["frame"] == "security_defense", "predicted"].mean())
    about = json.loads((seed_run / "results" / "topics" / "about.json").read_text())
    assert about["fitted"] is False and "not enough articles" in about["reason"]
    assert len(pd.read_parquet(tables / "topic_terms.parquet")) == 0


def test_starter_data_with_another_codebook_fails_before_any_job(tmp_path):
    project = copy_project(tmp_path / "p")
    config = (project / "config" / "config.yaml").read_text()
    (project / "config" / "config.yaml").write_text(config.replace("codebook: policy_frames", "codebook: generic_frames"))
    proc = snakemake(project, "--cores", "1", "--dry-run", check=False)
    assert proc.returncode != 0
    assert "the bundled starter set is coded for the policy_frames codebook" in proc.stdout + proc.stderr
    assert not (project / "results").exists()

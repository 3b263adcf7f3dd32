"""The seed run's figures, provenance and report: what is drawn, what is not and why, one HTML file."""

from __future__ import annotations

import json
import re

import pytest

from conftest import snakemake

pytestmark = pytest.mark.workflow


def test_seed_run_draws_what_one_article_supports_and_says_why_not(seed_run):
    figures = {}
    for about in sorted((seed_run / "results" / "figures").glob("*/about.json")):
        info = json.loads(about.read_text())
        figures[info["figure"]] = info
    for name in ("frame_composition", "sentiment_arc", "actors", "actor_frames", "model_evaluation"):
        assert figures[name]["drawn"], (name, figures[name]["reason"])
        assert any(f.endswith(".csv") for f in figures[name]["files"]), name
    assert figures["frames_by_outlet"]["drawn"] is False
    assert "one outlet only" in figures["frames_by_outlet"]["reason"]
    assert figures["frames_over_time"]["drawn"] is False
    assert "one publication date only" in figures["frames_over_time"]["reason"]
    assert "share_of_voice" in figures  # drawn from voices, or a reason when the run has no voices table
    summary = json.loads((seed_run / "results" / "summary.json").read_text())
    assert summary["figures"]["frames_over_time"]["reason"] == figures["frames_over_time"]["reason"]


def test_provenance_names_every_input_without_machine_paths(seed_run):
    text = (seed_run / "results" / "provenance.json").read_text()
    record = json.loads(text)
    assert record["corpus"]["path"] == "seeds" and record["corpus"]["n_files"] == 1
    assert record["corpus"]["files"][0]["path"].endswith(".txt")
    assert re.fullmatch(r"[0-9a-f]{64}", record["corpus"]["sha256"])
    assert {"codebook", "frames_train", "sentiment_train"} <= set(record["inputs"])
    assert record["packages"]["matplotlib"] != "not installed"
    assert str(seed_run) not in text  # no absolute path of this machine
    corpus_page = (seed_run / "results" / "report" / "corpus.html").read_text()
    assert "one publication date only" in corpus_page and "Accepted" in corpus_page


def test_report_is_one_self_contained_html_file(seed_run):
    (seed_run / "reports").mkdir(exist_ok=True)  # as `make report` does: Snakemake does not create it
    snakemake(seed_run, "--cores", "1", "--report", "reports/report.html")
    page = (seed_run / "reports" / "report.html").read_text()
    assert len(page) > 100_000
    assert not re.search(r"""(src|href)=["']https?://""", page)  # nothing fetched when it opens
    for name in ("frame_composition", "actor_frames", "corpus.html", "provenance.html", "model_card_frames.html"):
        assert name in page, name

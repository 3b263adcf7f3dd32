"""The `evaluate_frames` target: configured under `evaluate:`, cached, and absent when not configured."""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import copy_project, snakemake

pytestmark = pytest.mark.workflow


def test_evaluation_target_runs_from_the_config_and_is_cached(tmp_path):
    from framescope.frames.data import load_starter

    project = copy_project(tmp_path / "framescope")
    # Without an `evaluate.format` the target is not part of the run.
    dry = snakemake(project, "-n", "--cores", "1").stdout
    assert "evaluate_frames" not in dry

    starter = load_starter()
    keep = sorted(set(starter["article"]))[::3]
    df = starter[starter["article"].isin(keep)]
    (project / "coded").mkdir()
    df.assign(labels=[";".join(f) for f in df["frames"]], article_id=df["article"])[
        ["text", "labels", "article_id"]
    ].to_csv(project / "coded" / "sentences.csv", index=False)
    config = yaml.safe_load((project / "config" / "config.yaml").read_text())
    config["evaluate"].update(format="csv", train="coded/sentences.csv", folds=3)
    (project / "config" / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))

    snakemake(project, "--cores", "1", "results/evaluation/metrics.json")
    metrics = json.loads((project / "results" / "evaluation" / "metrics.json").read_text())
    assert metrics["mode"] == "cross-validation" and metrics["folds"] == 3 and metrics["n_train"] == len(df)
    assert metrics["micro_f1"] > 0.4
    assert (project / "results" / "evaluation" / "model_card.md").read_text().startswith("# Model card")
    # Cached: nothing to do on a rerun.
    assert "Nothing to be done" in snakemake(project, "-n", "--cores", "1", "results/evaluation/metrics.json").stdout
    bad = dict(config)
    bad["evaluate"] = {**config["evaluate"], "format": "xml"}
    (project / "config" / "config.yaml").write_text(yaml.safe_dump(bad, sort_keys=False))
    proc = snakemake(project, "-n", "--cores", "1", check=False)
    assert proc.returncode != 0 and "evaluate" in proc.stderr + proc.stdout

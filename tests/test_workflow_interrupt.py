"""A run killed mid-way leaves nothing that looks complete, and a restart finishes with the same bytes."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import run_env, snakemake, tree_digests

pytestmark = pytest.mark.workflow


def test_killed_run_restarted_is_byte_identical_to_an_uninterrupted_one(seed_run, tmp_path):
    # the seed run's own copy of the project, so both runs have the same code even when
    # the working tree changes while the tests run
    project = tmp_path / "p"
    shutil.copytree(seed_run, project, symlinks=True, ignore=shutil.ignore_patterns("results", "logs", ".snakemake"))
    results = project / "results"
    first_job_output = results / "ingest" / "0000" / "articles.parquet"
    with open(tmp_path / "killed.log", "w") as log:
        # its own process group, so that SIGKILL reaches Snakemake and every job it started
        # (Snakemake ignores SIGTERM while jobs run)
        proc = subprocess.Popen(
            [str(Path(sys.executable).parent / "snakemake"), "--cores", "2"],
            cwd=project, env=run_env(project, "7"), stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 900
            while not first_job_output.exists():
                assert proc.poll() is None, "Snakemake ended before its first job wrote anything"
                assert time.monotonic() < deadline, "no job finished in 15 minutes"
                time.sleep(0.02)
        finally:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    # Killed while the ingest job still writes its other tables, and the training jobs run:
    # whatever is there is complete (an atomic move), the rest at most hidden .tmp files.
    assert not (results / "summary.json").exists()
    for path in results.rglob("*"):
        if path.is_file() and path.suffix == ".parquet":
            pq.read_metadata(path)  # raises on a half-written file
        elif path.is_file():
            assert path.name.startswith(".") and path.name.endswith(".tmp") or path.suffix != ".tmp", path

    snakemake(project, "--cores", "1", "--unlock")
    # Snakemake knows the killed ingest job's outputs are incomplete and will not trust them:
    # they are all there, yet a dry run plans to redo the job (the default profile sets
    # rerun-incomplete; the dry run's output does not say "incomplete", only "rule ingest:").
    # The one-article shard's job can finish, and Snakemake record it, in the moment between
    # its first file appearing and the kill: then it is rightly done, and not planned again.
    dry = snakemake(project, "--cores", "1", "--dry-run")
    ingest_recorded = re.search(r"Finished jobid: \d+ \(Rule: ingest\)", (tmp_path / "killed.log").read_text())
    assert ("rule ingest:" in dry.stdout + dry.stderr) != bool(ingest_recorded)
    snakemake(project, "--cores", "2", "--rerun-incomplete", hashseed="7")
    restarted, uninterrupted = tree_digests(results), tree_digests(seed_run / "results")
    assert restarted.keys() == uninterrupted.keys()  # no stray temporary files either
    assert [name for name in sorted(restarted) if restarted[name] != uninterrupted[name]] == []

"""The workflow on a real SLURM cluster through profiles/slurm: every job goes through sbatch
and the results are byte-identical to a local run.

Needs a cluster: `make test-slurm` starts a one-node SLURM on this machine
(tests/slurm/start-local-slurm.sh), sets FRAMESCOPE_SLURM=1 and runs this; otherwise skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, run_env, tree_digests

pytestmark = [
    pytest.mark.slurm,
    pytest.mark.workflow,
    pytest.mark.skipif(
        os.environ.get("FRAMESCOPE_SLURM") != "1",
        reason="needs a SLURM cluster: `make test-slurm` starts one on this machine and runs this",
    ),
]

CORPUS = Path(__file__).parent / "corpus"
CONFIG = ["--config", "corpus=corpus", "shards=2"]


def slurm_config() -> dict[str, str]:
    """`scontrol show config` as a dict; fails the test (not skips) when no cluster answers."""
    proc = subprocess.run(["scontrol", "show", "config"], capture_output=True, text=True)
    if proc.returncode != 0 or shutil.which("sbatch") is None:
        pytest.fail(f"FRAMESCOPE_SLURM=1 but no SLURM answers (run tests/slurm/start-local-slurm.sh): {proc.stderr}")
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition("=") for line in proc.stdout.splitlines())
        if value
    }


def project_with_corpus(dest: Path) -> Path:
    project = copy_project(dest)
    (project / "corpus").mkdir()
    for source in [*sorted(CORPUS.glob("*.txt")), *sorted((ROOT / "seeds").glob("*.txt"))]:
        shutil.copy2(source, project / "corpus" / source.name)
    return project


def completed_jobs(config: dict[str, str], job_ids: list[str]) -> dict[str, dict[str, str]]:
    """SLURM's own record of finished jobs: id -> fields (JobState, Tres, TimeLimit, ...)."""
    if config.get("JobCompType") == "jobcomp/filetxt":
        lines = Path(config["JobCompLoc"]).read_text().splitlines()
        records = [dict(re.findall(r"(\w+)=(\S*)", line)) for line in lines]
        return {r["JobId"]: r for r in records if r.get("JobId") in job_ids}
    out = subprocess.run(
        ["sacct", "-X", "-n", "-P", "-j", ",".join(job_ids), "-o", "JobID,State,TimelimitRaw,AllocTRES,JobName,WorkDir"],
        capture_output=True, text=True, check=True,
    ).stdout
    records = {}
    for line in out.splitlines():
        job, state, limit, tres, name, workdir = line.split("|")
        records[job] = {"JobState": state, "TimeLimit": limit, "Tres": tres, "Name": name, "WorkDir": workdir}
    return records


def rule_requests(log: str) -> dict[str, dict[str, str]]:
    """What each rule's jobs asked for, from Snakemake's job blocks (threads are shown when > 1)."""
    asked = {}
    for rule, block in re.findall(r"^rule (\w+):\n((?:    .*\n)+)", log, flags=re.M):
        fields = dict(re.findall(r"^    (\w+): (.*)$", block, flags=re.M))
        resources = dict(item.split("=", 1) for item in fields["resources"].split(", "))
        asked[rule] = {"threads": fields.get("threads", "1"), **resources}
    return asked


def test_slurm_run_is_byte_identical_to_local_run(tmp_path):
    config = slurm_config()
    on_cluster = project_with_corpus(tmp_path / "slurm")
    local = project_with_corpus(tmp_path / "local")
    snakemake = str(Path(sys.executable).parent / "snakemake")

    # The local run goes alongside: the SLURM run mostly waits on the scheduler.
    local_run = subprocess.Popen(
        [snakemake, "--cores", "2", *CONFIG], cwd=local, env=run_env(local, "0"),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    cluster_args = [
        "--profile", "profiles/slurm", *CONFIG,
        # first status check after 5 s, not 40: the jobs here take seconds
        "--slurm-init-seconds-before-status-checks", "5",
    ]
    if config.get("AccountingStorageType") == "accounting_storage/none":
        # no accounting database (the local cluster): follow jobs with squeue, guess no account
        cluster_args += ["--slurm-status-command", "squeue", "--slurm-no-account"]
    cluster_run = subprocess.run(
        [snakemake, *cluster_args], cwd=on_cluster, env=run_env(on_cluster, "1"),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    local_out, _ = local_run.communicate()
    assert local_run.returncode == 0, local_out[-6000:]
    log = cluster_run.stdout
    assert cluster_run.returncode == 0, log[-8000:]

    # Every job but local rules (the target `all`) went through sbatch, with its rule's resources.
    run_id = re.search(r"SLURM run ID: (\S+)", log).group(1)
    submitted = dict(re.findall(r"has been submitted with SLURM jobid (\d+) \(log: \S*/slurm_logs/rule_(\w+)/", log))
    kept_local = set(re.findall(r"^localrule (\w+):$", log, flags=re.M))
    jobs_of_local_run = re.findall(r"^(?:local)?rule (\w+):$", local_out, flags=re.M)
    assert "all" in kept_local
    assert sorted(submitted.values()) == sorted(r for r in jobs_of_local_run if r not in kept_local)
    assert {"ingest", "features", "sentiment", "frames"} <= set(submitted.values())

    records = completed_jobs(config, list(submitted))
    assert sorted(records) == sorted(submitted), "SLURM has no record of some submitted jobs"
    asked = rule_requests(log)
    for job, rule in submitted.items():
        record = records[job]
        assert record["JobState"] == "COMPLETED", (rule, record)
        assert record["Name"] == run_id and record["WorkDir"] == str(on_cluster), (rule, record)
        assert record["TimeLimit"] == asked[rule]["runtime"], (rule, record)
        assert f"mem={asked[rule]['mem_mb']}M" in record["Tres"], (rule, record)
        assert f"cpu={asked[rule]['threads']}," in record["Tres"], (rule, record)

    # Same bytes, whichever way the jobs ran (and under a different PYTHONHASHSEED).
    digests = tree_digests(on_cluster / "results")
    assert len(digests) > 30
    assert digests == tree_digests(local / "results")

"""Fast checks that keep the workflow cluster-ready without a cluster: every rule tells SLURM
what it needs, and profiles/slurm is a profile the executor plugin runs with."""

from __future__ import annotations

import re
import subprocess

import yaml

from conftest import ROOT

RULE_FILES = sorted((ROOT / "workflow" / "rules").glob("*.smk"))


def rule_blocks():
    """(file, rule name, rule text) for every rule in workflow/rules/*.smk."""
    for path in RULE_FILES:
        parts = re.split(r"^(?:rule|checkpoint) (\w+):\n", path.read_text(), flags=re.M)
        for name, body in zip(parts[1::2], parts[2::2]):
            yield path.name, name, body.split("\n\n\n")[0]


def resources_of(body: str) -> dict[str, str]:
    section = re.search(r"^    resources:\n((?:        .*\n?)+)", body, flags=re.M)
    return dict(re.findall(r"^        (\w+)=([^,\n]+),?", section.group(1), flags=re.M)) if section else {}


def test_every_rule_declares_memory_and_runtime():
    blocks = list(rule_blocks())
    assert len(blocks) >= 14
    for file, name, body in blocks:
        resources = resources_of(body)
        # SLURM gets --mem from mem_mb and -t (minutes) from runtime; without them a job gets
        # the cluster's defaults, often too small or the partition's whole time limit.
        assert {"mem_mb", "runtime"} <= set(resources), f"{file}: rule {name} lacks resources mem_mb/runtime"
        assert 500 <= int(resources["mem_mb"]) <= 64000, (file, name, resources)
        assert 5 <= int(resources["runtime"]) <= 24 * 60, (file, name, resources)
        threads = re.search(r"^    threads: (\d+)$", body, flags=re.M)
        assert threads is None or int(threads.group(1)) >= 1, (file, name)


def test_rule_parser_sees_resources():
    body = "    input:\n        'a'\n    resources:\n        mem_mb=4000,\n        runtime=30,\n    shell:\n        'x'\n"
    assert resources_of(body) == {"mem_mb": "4000", "runtime": "30"}
    assert resources_of("    shell:\n        'x'\n") == {}


def test_slurm_profile_runs_the_same_dag_through_the_executor():
    profile = yaml.safe_load((ROOT / "profiles" / "slurm" / "config.yaml").read_text())
    assert profile["executor"] == "slurm"
    # with an executor, cores are per job (threads), not per run
    assert "cores" not in profile
    assert profile["jobs"] >= 1 and profile["latency-wait"] >= 30
    defaults = profile["default-resources"]
    assert int(defaults["mem_mb"]) >= 1000 and int(defaults["runtime"]) >= 10
    # only the plugin's own keys (slurm-...) besides Snakemake's
    for key in profile:
        assert not key.startswith("slurm_"), f"profile key {key}: plugin options are spelt slurm-..."


def test_start_script_is_valid_bash():
    script = ROOT / "tests" / "slurm" / "start-local-slurm.sh"
    subprocess.run(["bash", "-n", str(script)], check=True)
    # loopback only: the controller and the node are this machine
    addresses = set(re.findall(r"\b\d{1,3}(?:\.\d{1,3}){3}\b", script.read_text()))
    assert addresses == {"127.0.0.1"}

"""The workflow's own checks: `snakefmt --check` and `snakemake --lint` find nothing, and every code digest names a module."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, copy_project, snakemake

BIN = Path(sys.executable).parent
RULE_FILES = sorted((ROOT / "workflow" / "rules").glob("*.smk"))


def test_snakefmt_leaves_the_workflow_unchanged():
    # line length and directive order: [tool.snakefmt] in pyproject.toml
    proc = subprocess.run([str(BIN / "snakefmt"), "--check", "Snakefile", "workflow/"], cwd=ROOT,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        diff = subprocess.run([str(BIN / "snakefmt"), "--diff", "Snakefile", "workflow/"], cwd=ROOT,
                              capture_output=True, text=True).stdout
        pytest.fail(f"snakefmt would change the workflow (run `snakefmt Snakefile workflow/`):\n{diff[-6000:]}")


@pytest.mark.parametrize("evaluate", [False, True], ids=["default config", "with evaluate_frames"])
def test_snakemake_lint_finds_nothing(tmp_path, evaluate):
    project = copy_project(tmp_path / "framescope")
    if evaluate:
        # the evaluation rule exists only when `evaluate:` is configured
        (project / "coded").mkdir()
        (project / "coded" / "sentences.csv").write_text("text,labels\nTaxes rose again.,economic\n")
        config_file = project / "config" / "config.yaml"
        config = yaml.safe_load(config_file.read_text())
        config["evaluate"].update(format="csv", train="coded/sentences.csv", codebook="policy_frames")
        config_file.write_text(yaml.safe_dump(config, sort_keys=False))
    proc = snakemake(project, "--lint", "--cores", "1", check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0 and "Lints for" not in out, out[-6000:]


def test_every_code_digest_names_a_module_that_exists():
    # code_digest skips a module it cannot find: after a rename the rule's digest would cover nothing
    modules = set()
    for path in RULE_FILES:
        text = path.read_text()
        modules.update(re.findall(r'code_digest\("([\w.]+)"\)', text))
        if "STEP_MODULES" in text:
            block = text[text.index("STEP_MODULES = {"):]
            block = block[: block.index("}")]
            modules.update(f"framescope.commands.{m}" for m in re.findall(r'"\w+": "(\w+)"', block))
    assert "framescope.commands.ingest" in modules and "framescope.commands.name_actors" in modules
    missing = sorted(m for m in modules if importlib.util.find_spec(m) is None)
    assert not missing, missing

"""Jobs run this Python and the project's own code, activated or not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_project
from framescope.workflow.jobenv import prepend, set_job_environment


def test_prepend_puts_an_entry_first_once():
    env = {"PATH": f"/usr/bin{os.pathsep}/venv/bin{os.pathsep}/bin"}
    prepend("PATH", "/venv/bin", env)
    prepend("PATH", "/venv/bin", env)
    assert env["PATH"].split(os.pathsep) == ["/venv/bin", "/usr/bin", "/bin"]
    prepend("PYTHONPATH", "/p/src", env)
    assert env["PYTHONPATH"] == "/p/src"


def test_job_environment_names_this_python_and_the_project():
    env = {"PATH": "/usr/bin"}
    set_job_environment(Path("/p/src"), env)
    assert env["PATH"].split(os.pathsep)[0] == str(Path(sys.executable).parent)
    assert env["PYTHONPATH"] == "/p/src"


@pytest.mark.workflow
def test_the_venvs_snakemake_runs_without_activation(tmp_path):
    project = copy_project(tmp_path / "p")
    # what a user has who never activated anything: the system's PATH, no PYTHONPATH
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = "/usr/bin:/bin"
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "snakemake"), "--cores", "1", "results/tables/manifest.parquet"],
        cwd=project, env=env, capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert (project / "results" / "tables" / "manifest.parquet").is_file()

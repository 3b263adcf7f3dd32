"""Shared fixtures: the repository root, and temporary copies of the project to run Snakemake in."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# What a fresh clone holds that a run needs (results/, logs/, .snakemake/ are never copied).
PROJECT_PARTS = ("Snakefile", "environment.yml", "config", "workflow", "profiles", "seeds", "src", "notebooks")


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    return dest


def run_env(project: Path, hashseed: str = "0") -> dict:
    """Environment for a run in `project`: its own src/ first, the venv's commands on PATH."""
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = str(project / "src")
    env["PYTHONHASHSEED"] = hashseed
    return env


def snakemake(project: Path, *args: str, hashseed: str = "0", check: bool = True) -> subprocess.CompletedProcess:
    cmd = [str(Path(sys.executable).parent / "snakemake"), *args]
    proc = subprocess.run(cmd, cwd=project, env=run_env(project, hashseed), capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout[-4000:]}\n{proc.stderr[-6000:]}")
    return proc


def tree_digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory) -> Path:
    """The project copied to a temporary folder and run once on seeds/ (two cores)."""
    project = copy_project(tmp_path_factory.mktemp("seedrun") / "framescope")
    snakemake(project, "--cores", "2", hashseed="1")
    return project

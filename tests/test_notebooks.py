"""Notebooks: paired with their .py, stored without outputs, and executed against a seed run."""

from __future__ import annotations

import os
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_paired_and_clean(path):
    nb = nbformat.read(path, as_version=4)
    paired = jupytext.read(path.with_suffix(".py"))
    assert [c.source for c in nb.cells] == [c.source for c in paired.cells], "run `jupytext --sync` on it"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, "store notebooks without outputs"


@pytest.mark.workflow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_against_a_seed_run(path, seed_run, monkeypatch):
    nb = nbformat.read(path, as_version=4)
    nb.metadata.setdefault("language_info", {"name": "python"})
    monkeypatch.setenv("FRAMESCOPE_RESULTS", str(seed_run / "results"))
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()

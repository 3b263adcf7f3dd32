"""The environment the workflow's jobs run in: this Python first, the project's own code on the path.

The rules run `python -m framescope`. Putting the directory of the Python that runs Snakemake
first on the jobs' PATH makes `.venv/bin/snakemake` work without activating the venv (with
`--use-conda`, Snakemake activates the rule's environment in front of it). Putting the
project's src/ on PYTHONPATH lets an environment built from environment.yml, which installs
the pinned libraries but not framescope itself, run the project's code.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def prepend(variable: str, entry: str, environ=os.environ) -> None:
    """Put `entry` first in the path list `variable` (once)."""
    parts = [p for p in environ.get(variable, "").split(os.pathsep) if p and p != entry]
    environ[variable] = os.pathsep.join([entry, *parts])


def set_job_environment(project_src: Path | None, environ=os.environ) -> None:
    """Prepare os.environ, which every job Snakemake starts inherits."""
    prepend("PATH", str(Path(sys.executable).parent), environ)
    if project_src is not None:
        prepend("PYTHONPATH", str(project_src), environ)

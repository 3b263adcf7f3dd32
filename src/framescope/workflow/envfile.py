"""Write environment.yml (for conda users) from the pip lock, so both install one pinned set.

    python -m framescope.workflow.envfile requirements.lock environment.yml
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;\\]+)")

HEADER = """\
# Conda users: `conda env create -f environment.yml && conda activate framescope`, then
# `pip install --no-deps -e .` in the project for the `framescope` command. The workflow
# itself needs no more: its rules run `python -m framescope` with the project's src/ on the
# path, so `snakemake --use-conda` builds this environment for every rule as it is.
# Generated from requirements.lock by `make lock` (python -m framescope.workflow.envfile):
# the same pinned set the Makefile installs with pip. Do not edit by hand.
name: framescope
channels:
  - conda-forge
dependencies:
  - python=3.11
  - pip
  - pip:
"""


def read_pins(lock_text: str) -> dict[str, str]:
    """name -> version for every `name==version` line of a pip lock file."""
    pins = {}
    for line in lock_text.splitlines():
        m = _PIN.match(line.strip())
        if m:
            pins[m.group(1).lower()] = m.group(3)
    return pins


def render(pins: dict[str, str]) -> str:
    lines = [f"      - {name}=={version}" for name, version in sorted(pins.items())]
    # no "-e ." here: Snakemake copies this file into .snakemake/conda/ before building the
    # environment of a rule's `conda:`, and pip would resolve "." from there
    return HEADER + "\n".join(lines) + "\n"


def main(argv=None) -> int:
    lock, out = (argv or sys.argv[1:])[:2]
    Path(out).write_text(render(read_pins(Path(lock).read_text())), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

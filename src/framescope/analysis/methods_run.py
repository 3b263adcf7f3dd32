"""The run as the methods section reads it: its files, and how its numbers are written.

:class:`Run` opens a run's results folder and reads a table (only the columns asked for)
or a JSON file on first use; a missing file is None, so a section can say the run has no
such output. The small formatters write every number the same way: counts with thousands
separators, scores with three decimals, shares as percentages.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from framescope.base.io import read_table


class MethodsInputError(ValueError):
    """A run folder the methods section cannot be written from; the message names the file."""


def n(value) -> str:
    """A count with thousands separators."""
    return f"{int(value):,}"


def score(value) -> str:
    return "n/a" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{float(value):.3f}"


def percent(value) -> str:
    return f"{float(value) * 100:.1f}%"


def level(value) -> str:
    """An interval level: 0.95 -> "95%"."""
    return f"{float(value) * 100:g}%"


def verb(count, one: str, many: str) -> str:
    """The verb agreeing with a count: verb(1, "comes", "come") -> "comes"."""
    return one if int(count) == 1 else many


def joined(items: Sequence[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def plural(count, one: str, many: str | None = None) -> str:
    return f"{n(count)} {one if int(count) == 1 else (many or one + 's')}"


@dataclass
class Run:
    """The files of one run that the section reads; tables and JSON files are read on first use."""

    results: Path
    codebook: Path | None = None
    default_config: Path | None = None
    reliability: tuple[Path, ...] = ()
    evaluation: Path | None = None
    _cache: dict = field(default_factory=dict, repr=False)

    def path(self, *parts: str) -> Path:
        return self.results.joinpath(*parts)

    def json(self, *parts: str) -> dict | None:
        path = self.path(*parts)
        if not path.is_file():
            return None
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            raise MethodsInputError(f"{path}: not valid JSON ({err})") from err

    def table(self, name: str, columns: Sequence[str]) -> pd.DataFrame | None:
        """The named corpus table with those of `columns` it has; None when the run has no such table."""
        key = (name, tuple(columns))
        if key not in self._cache:
            path = self.path("tables", f"{name}.parquet")
            if not path.is_file():
                self._cache[key] = None
            else:
                have = set(pq.read_schema(path).names)
                self._cache[key] = read_table(path, columns=[c for c in columns if c in have])
        return self._cache[key]

"""Reading labelled-data files row by row: UTF-8 lines, JSON-lines records, and the rows skipped.

The frames and the sentiment loaders take published files as they are: a malformed row is
recorded (file, line, reason) and passed over; only a file that cannot be read fails, with
the loader's own error class.
"""

from __future__ import annotations

import json
from pathlib import Path


def skip_row(skipped: list[dict], path, line: int | None, reason: str) -> None:
    """Record a malformed row: its file's name, its line number and what is wrong with it."""
    skipped.append({"file": Path(path).name, "line": line, "reason": reason})


def text_lines(path: Path, error: type[Exception], newline: str | None = None):
    """The lines of a UTF-8 file (a BOM is dropped); a file that cannot be read fails as `error`, naming it."""
    try:
        with open(path, encoding="utf-8-sig", newline=newline) as fh:
            yield from fh
    except UnicodeDecodeError as err:
        raise error(f"{path}: not UTF-8 text ({err.reason} at byte {err.start}); save it as UTF-8") from None
    except OSError as err:
        raise error(f"{path}: cannot be read ({err.strerror})") from None


def json_records(path: Path, skipped: list[dict], error: type[Exception]):
    """The JSON objects of a JSON-lines file with their line numbers; blank lines are passed
    over, a line that is not a JSON object is added to `skipped`."""
    for line_no, line in enumerate(text_lines(path, error), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            skip_row(skipped, path, line_no, f"not valid JSON ({err.msg})")
            continue
        if not isinstance(record, dict):
            skip_row(skipped, path, line_no, f"expected a JSON object, got {type(record).__name__}")
            continue
        yield line_no, record

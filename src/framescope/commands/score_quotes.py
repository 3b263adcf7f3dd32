"""`framescope score-quotes`: score the actor and quote finders against hand-coded gold files."""

from __future__ import annotations

import json

from framescope.actors import scoring
from framescope.actors.scoring import score_files


def add_parser(subparsers) -> None:
    """Register `framescope score-quotes`."""
    description = scoring.__doc__.splitlines()[0]
    p = subparsers.add_parser("score-quotes", help=description[0].lower() + description[1:].rstrip("."),
                              description=description)
    p.add_argument("gold", nargs="+", help="gold JSON files")
    p.add_argument("--root", default=".", help="folder the gold files' article paths are relative to")
    p.add_argument("--errors", action="store_true", help="list each file's errors too")
    p.set_defaults(func=run)


def run(a) -> None:
    result = score_files(a.gold, a.root)
    if not a.errors:
        for v in result["articles"].values():
            v.pop("errors")
    print(json.dumps(result, indent=1, ensure_ascii=False))

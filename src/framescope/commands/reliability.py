"""`framescope reliability`: intercoder reliability of coded sheets or a long CSV, and the disagreements to resolve."""

from __future__ import annotations

import sys
from pathlib import Path

from framescope.coding.reliability import (
    LEVELS,
    CodedData,
    ReliabilityDataError,
    disagreements,
    level_alpha,
    num,
    read_long,
    reliability_report,
    summary_line,
)
from framescope.coding.sheets import read_sheets, resolve_codebook, resolve_sample
from framescope.base.io import atomic_path, write_json


def add_parser(subparsers) -> None:
    """Register `framescope reliability` on an argparse subparsers object."""
    p = subparsers.add_parser(
        "reliability", help="intercoder reliability (Krippendorff's alpha, kappa) of coded sheets",
        description="Measure agreement between coders: Krippendorff's alpha overall and per frame with "
                    "bootstrap intervals, pairwise percent agreement and Cohen's kappa, and a table of "
                    "disagreements to resolve.")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--sheets", nargs="+", metavar="SHEET",
                     help="the coders' returned sheets (.csv or .xlsx), two or more; the file name is the coder")
    src.add_argument("--long", metavar="CSV", help="one long CSV with columns unit,coder,label")
    p.add_argument("--sample", help="the sample.csv the sheets were made from (default: beside the sheets)")
    p.add_argument("--codebook", help="codebook name, YAML, or the round's codebook.csv "
                                      "(default for --sheets: codebook.csv beside the sheets)")
    p.add_argument("--allow-blank", action="store_true",
                   help="treat rows with no frame marked as not coded instead of refusing them")
    p.add_argument("--level", choices=LEVELS, default="nominal",
                   help="--long with numeric single labels: also report alpha at this level")
    p.add_argument("--n-boot", type=int, default=2000, help="bootstrap resamples (default 2000)")
    p.add_argument("--ci", type=float, default=0.95)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", required=True, help="folder for reliability.json and disagreements.csv")
    p.set_defaults(func=run)


def run(args) -> dict:
    texts: dict = {}
    if args.sheets:
        if len(args.sheets) < 2:
            raise ReliabilityDataError("reliability needs the sheets of two or more coders")
        book = resolve_codebook(args.codebook, args.sheets)
        sample = resolve_sample(args.sample, args.sheets)
        coded, units = read_sheets(args.sheets, book, sample, allow_blank=args.allow_blank)
        texts = dict(zip(units["unit"], units["text"]))
        frames = book.ids
        source = {"sheets": sorted(Path(s).name for s in args.sheets), "codebook": getattr(book, "name", "")}
    else:
        book = resolve_codebook(args.codebook, []) if args.codebook else None
        coded = read_long(args.long, book)
        frames = book.ids if book is not None else None
        source = {"long": Path(args.long).name}

    data = CodedData(coded, frames)
    report = reliability_report(data, frames=frames, n_boot=args.n_boot, ci=args.ci, seed=args.seed)
    report["source"] = source
    if args.level != "nominal":
        report[f"alpha_{args.level}"] = num(level_alpha(data, args.level))
    table = disagreements(data, texts)
    out = Path(args.out)
    write_json(out / "reliability.json", report)
    with atomic_path(out / "disagreements.csv") as tmp:
        table.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\n")
    print(summary_line(report, out / "disagreements.csv"), file=sys.stdout)
    return report

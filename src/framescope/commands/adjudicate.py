"""`framescope adjudicate`: resolve the coders' sheets into a training CSV and the round's record."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from framescope.coding import reliability
from framescope.coding.adjudicate import read_resolved, resolve, to_training_csv, unresolved_table
from framescope.coding.sheets import CodingSheetError, csv_bytes, read_sheets, resolve_codebook, resolve_sample
from framescope.base.io import atomic_path, write_json


def add_parser(subparsers) -> None:
    """Register `framescope adjudicate` on an argparse subparsers object."""
    p = subparsers.add_parser(
        "adjudicate", help="resolve the coders' sheets into training data",
        description="Resolve coded sheets (agreement, majority, or an adjudicated file) into a training CSV "
                    "text,labels,article_id,unit_id and coding_round.json for the model card.")
    p.add_argument("--sheets", nargs="+", required=True, metavar="SHEET")
    p.add_argument("--resolved", help="disagreements.csv with 'resolved' filled in, or an adjudicator's sheet")
    p.add_argument("--sample", help="the round's sample.csv (default: beside the sheets)")
    p.add_argument("--codebook", help="default: codebook.csv beside the sheets")
    p.add_argument("--allow-blank", action="store_true", help="treat rows with no frame marked as not coded")
    p.add_argument("--drop-empty", action="store_true", help="leave out units coded with no frame")
    p.add_argument("--round", type=int, default=1, help="the coding round's number (default 1)")
    p.add_argument("--strict", action="store_true", help="fail if any unit is left unresolved")
    p.add_argument("--out", required=True, help="the training CSV to write")
    p.set_defaults(func=run)


def run(args) -> dict:
    codebook = resolve_codebook(args.codebook, args.sheets)
    sample = resolve_sample(args.sample, args.sheets)
    coded, units = read_sheets(args.sheets, codebook, sample, allow_blank=args.allow_blank)
    adjudicated = read_resolved(args.resolved, codebook) if args.resolved else {}
    unknown = sorted(set(adjudicated) - set(units["unit"]), key=reliability.natural_key)
    if unknown:
        raise CodingSheetError(f"{args.resolved}: unit {unknown[0]!r} is not in the coded sheets")
    resolved, unresolved = resolve(coded, adjudicated)
    if args.strict and len(unresolved):
        raise CodingSheetError(f"{len(unresolved)} unit(s) unresolved, e.g. {unresolved['unit'].iloc[0]!r}: "
                               "fill 'resolved' in disagreements.csv and pass it with --resolved")
    out = Path(args.out)
    table = to_training_csv(resolved, units, out, drop_empty=args.drop_empty)
    open_path = out.with_name(f"{out.stem}_unresolved.csv")
    with atomic_path(open_path) as tmp:
        tmp.write_bytes(csv_bytes(unresolved_table(unresolved, units)))
    data = reliability.CodedData(coded, codebook.ids)
    agreement = reliability.reliability_report(data, frames=codebook.ids, n_boot=0)
    sample_meta = Path(args.sheets[0]).parent / "sample.json"
    info = {
        "round": args.round,
        "coders": data.coders,
        "alpha_nominal": agreement["alpha_nominal"],
        "alpha_per_frame_mean": agreement["alpha_per_frame_mean"],
        "n_units": int(len(table)),
        "n_units_coded": len(data.units),
        "n_unresolved": int(len(unresolved)),
        "resolved_by": {k: int(v) for k, v in resolved["how"].value_counts().sort_index().items()},
        "codebook": getattr(codebook, "name", ""),
        "training_data": out.name,
    }
    if sample_meta.is_file():
        meta = json.loads(sample_meta.read_text(encoding="utf-8"))
        info.update({k: meta[k] for k in ("strategy", "level", "seed") if k in meta})
    write_json(out.with_name("coding_round.json"), info)
    note = f"; {len(unresolved)} unresolved -> {open_path}" if len(unresolved) else ""
    print(f"{len(table)} resolved units -> {out} (round {args.round}, alpha {info['alpha_nominal']}){note}",
          file=sys.stdout)
    return info

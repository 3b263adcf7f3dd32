"""`framescope sample`: draw a coding sample from a run's corpus tables and write the round's sheets."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from framescope.coding.sample import STRATEGIES, UNIT_LEVELS, coding_units, draw_sample
from framescope.coding.sheets import check_names, csv_bytes, export_sheets, load_any_codebook, read_sample, write_new
from framescope.base.io import write_json


def add_parser(subparsers) -> None:
    """Register `framescope sample` on an argparse subparsers object."""
    p = subparsers.add_parser(
        "sample", help="draw units to code and write one coding sheet per coder",
        description="Draw a coding sample from a run's corpus tables and write sample.csv, sample.json, "
                    "codebook.csv and one blank sheet per coder into --out.")
    p.add_argument("--results", default="results", help="the run folder holding tables/ (default: results)")
    p.add_argument("--n", type=int, required=True, help="how many units to draw")
    p.add_argument("--strategy", choices=STRATEGIES, default="random")
    p.add_argument("--level", choices=UNIT_LEVELS, default="sentence")
    p.add_argument("--by", default="outlet", help="stratified: comma-separated strata, e.g. outlet,month")
    p.add_argument("--allocation", choices=("proportional", "equal"), default="proportional")
    p.add_argument("--threshold", type=float, default=0.5, help="uncertainty: the model's decision threshold")
    p.add_argument("--exclude", nargs="*", default=[], metavar="SAMPLE_CSV",
                   help="sample.csv files of earlier rounds: their units are not drawn again")
    p.add_argument("--coders", required=True, help="comma-separated coder names, e.g. alice,bob")
    p.add_argument("--codebook", default="policy_frames")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--format", choices=("csv", "xlsx"), default="csv", dest="fmt")
    p.add_argument("--force", action="store_true", help="overwrite sheets that exist and differ")
    p.add_argument("--out", required=True, help="folder for the coding round")
    p.set_defaults(func=run)


def _read_tables(results: Path, level: str, strategy: str):
    from framescope.base.io import read_table

    tables = results / "tables"
    need = ["articles", "sentences"] + (["sentence_frames"] if strategy == "uncertainty" else [])
    for name in need:
        if not (tables / f"{name}.parquet").is_file():
            raise FileNotFoundError(f"{tables / (name + '.parquet')} does not exist; run the workflow first "
                                    f"(snakemake) so that {results} holds the corpus tables")
    articles = read_table(tables / "articles.parquet")
    sentences = read_table(tables / "sentences.parquet")
    frames = read_table(tables / "sentence_frames.parquet") if strategy == "uncertainty" else None
    return articles, sentences, frames


def run(args) -> pd.DataFrame:
    results, out = Path(args.results), Path(args.out)
    codebook = load_any_codebook(args.codebook)
    coders = [c.strip() for c in args.coders.split(",") if c.strip()]
    check_names(coders, codebook)
    articles, sentences, probs = _read_tables(results, args.level, args.strategy)
    units = coding_units(articles, sentences, args.level)
    exclude = set()
    for prev in args.exclude:
        exclude |= set(read_sample(prev)["unit_id"])
    by = tuple(b.strip() for b in args.by.split(",") if b.strip())
    sample = draw_sample(units, args.n, args.strategy, by=by, seed=args.seed, probabilities=probs,
                         threshold=args.threshold, allocation=args.allocation, exclude=exclude)
    export_sheets(sample, codebook, coders, out, fmt=args.fmt, force=args.force)
    write_new(out / "sample.csv", csv_bytes(sample), args.force)
    meta = {"strategy": args.strategy, "level": args.level, "n": len(sample), "seed": args.seed,
            "coders": coders, "codebook": getattr(codebook, "name", str(args.codebook)),
            "n_units_available": int(len(units) - len(exclude & set(units["unit_id"]))),
            "n_excluded": len(exclude)}
    if args.strategy == "stratified":
        meta.update(by=list(by), allocation=args.allocation,
                    strata={str(k): int(v) for k, v in sample["stratum"].value_counts().sort_index().items()})
    if args.strategy == "uncertainty":
        meta.update(threshold=args.threshold)
    write_json(out / "sample.json", meta)
    sheets = ", ".join(f"{c}.{args.fmt}" for c in coders)
    print(f"{len(sample)} {args.level} units drawn ({args.strategy}, seed {args.seed}) of {meta['n_units_available']}; "
          f"sheets {sheets} and codebook.csv in {out}")
    return sample

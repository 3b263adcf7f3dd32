"""`framescope prevalence`: frame shares of a run's corpus, by outlet and over time, corrected for classifier error."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from framescope.analysis.prevalence import TIME_UNITS, frame_prevalence, read_counts, read_metrics


def run(tables_dir, metrics_path, out, *, bootstrap: int, level: float, seed: int,
        time_unit: str) -> pd.DataFrame:
    """Read the corpus tables and the model's metrics, write ``frame_prevalence.parquet`` to `out`."""
    from framescope.base.io import read_table, write_table

    tables = Path(tables_dir)
    counts = read_counts(tables)
    import pyarrow.parquet as pq

    wanted = ["article_id", "outlet", "published", "language"]
    present = set(pq.read_schema(tables / "articles.parquet").names)
    articles = read_table(tables / "articles.parquet", columns=[c for c in wanted if c in present or c != "language"])
    metrics = read_metrics(metrics_path)
    table = frame_prevalence(counts, articles, metrics, bootstrap=bootstrap, level=level, seed=seed,
                             time_unit=time_unit)
    left_out = skipped_note(tables / "frames_coverage.parquet")
    if left_out and len(table):
        corpus = table["group_type"] == "corpus"
        table.loc[corpus, "note"] = [f"{note}; {left_out}" if note else left_out for note in table.loc[corpus, "note"]]
    write_table(table, out, "frame_prevalence")
    return table


def skipped_note(coverage_path: Path) -> str:
    """'N articles left out: in languages the frames model does not cover (xx n, ...)', or "" (none, or no table)."""
    from framescope.base.io import read_table

    if not coverage_path.is_file():
        return ""
    coverage = read_table(coverage_path, columns=["language", "skipped"])
    skipped = coverage.loc[coverage["skipped"] != "", "language"].replace("", "(none)").value_counts().sort_index()
    if not len(skipped):
        return ""
    return (f"{int(skipped.sum())} articles left out: in languages the frames model does not cover ("
            + ", ".join(f"{lg} {n}" for lg, n in skipped.items()) + ")")


def add_parser(subparsers) -> None:
    """Register `framescope prevalence`."""
    p = subparsers.add_parser(
        "prevalence", help="frame shares of the corpus, by outlet and over time, corrected for classifier error",
        description="Estimate each frame's share of sentences for the corpus, each outlet and each month (or "
                    "year): classify-and-count (cc), adjusted cc (acc), probabilistic cc (pcc) and probabilistic "
                    "adjusted cc (pacc), with cluster-bootstrap intervals over articles.")
    p.add_argument("--tables", default="results/tables",
                   help="folder with article_frames and articles.parquet (sentence_frames.parquet is read "
                        "instead of article_frames only when article_frames predates its sums)")
    p.add_argument("--metrics", default="results/models/frames/metrics.json",
                   help="the frames model's metrics.json (cross-validated tpr/fpr per frame)")
    p.add_argument("--bootstrap", type=int, required=True, help="bootstrap resamples (config prevalence.bootstrap)")
    p.add_argument("--level", type=float, required=True, help="interval level (config prevalence.level)")
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--time-unit", choices=TIME_UNITS, required=True)
    p.add_argument("--out", required=True, help="the frame_prevalence.parquet to write")
    p.set_defaults(func=_command)


def _command(args) -> None:
    from framescope.base.logs import log

    table = run(args.tables, args.metrics, args.out, bootstrap=args.bootstrap, level=args.level, seed=args.seed,
                time_unit=args.time_unit)
    log.info("frame_prevalence: %d rows (%d groups)", len(table),
             table[["group_type", "group"]].drop_duplicates().shape[0] if len(table) else 0)

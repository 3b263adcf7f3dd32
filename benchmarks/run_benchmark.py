"""Scale benchmark: build a corpus of N articles, run the whole workflow, print one JSON line.

    python benchmarks/run_benchmark.py --n 1000                  # built from bundled text
    python benchmarks/run_benchmark.py --n 10000 --source ../shared/corpora/allsides-2000.jsonl
    python benchmarks/run_benchmark.py --n 40000 --realistic jsonl     # or: --realistic folder

With --realistic the corpus is made by make_corpus.py (beside this file) from --source
(default ../shared/corpora/allsides-2000.jsonl): real outlets, lengths and metadata, dates in
many formats, and the odd articles a corpus in the wild holds; as one JSONL file, or the same
articles as a folder of .json files; the add-one rerun appends article N (a line, or a file).
Otherwise the corpus is a folder of .txt files (one article each, with a dateline/outlet line like
exported news), ids, outlets and dates all distinct enough to exercise the figures. Each
article is ~`--words` words of paragraphs drawn (seeded) from the source: the seed article's
paragraphs and the bundled starter sentences by default, or the texts of a JSONL corpus.

Measured: wall time of the full run (figures included), articles/s, the largest resident
set of any process (ru_maxrss of the children: Snakemake itself and every job), the
largest of each stage's jobs (from the "done" line each framescope job logs), seconds per
stage summed over its jobs (from Snakemake's benchmark files), a no-op rerun, and a rerun
after adding one article: its seconds per stage (the jobs it reran) and Snakemake's log of
it (logs/benchmarks-add-one.log in the project: when each job started and finished).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARTS = ("Snakefile", "environment.yml", "config", "workflow", "profiles", "seeds", "src")
OUTLETS = ["The Daily Ledger", "Metro Tribune", "National Courier", "Evening Star-Gazette", "Harbor Times",
           "Valley Register", "Capitol Dispatch", "Northern Post", "The Plains Herald", "Coastal Chronicle",
           "Riverside Journal", "The Summit Review"]


def source_paragraphs(source: str | None) -> list[str]:
    """Paragraph pool: a JSONL corpus's paragraphs, or the bundled texts."""
    paras: list[str] = []
    if source:
        with open(source, encoding="utf-8") as f:
            for line in f:
                text = json.loads(line).get("text") or ""
                paras += [p.strip() for p in re.split(r"\n\s*\n|\n", text) if len(p.split()) >= 12]
        return paras
    seed = next((ROOT / "seeds").glob("*.txt")).read_text(encoding="utf-8")
    paras += [p.strip() for p in seed.split("\n") if len(p.split()) >= 12]
    sentences = []
    for name in ("sentiment_starter.csv", "frames_starter.csv"):
        with open(ROOT / "src" / "framescope" / "data" / name, encoding="utf-8") as f:
            sentences += [row["text"] for row in csv.DictReader(f)]
    rng = random.Random(0)
    rng.shuffle(sentences)
    for i in range(0, len(sentences) - 3, 3):
        paras.append(" ".join(sentences[i:i + 3]))
    return paras


def article(i: int, paras: list[str], words: int, rng: random.Random) -> tuple[str, str]:
    outlet = OUTLETS[i % len(OUTLETS)]
    day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(730))
    body, n = [], 0
    while n < words:
        p = rng.choice(paras)
        body.append(p)
        n += len(p.split())
    head = f"- {outlet} - {day.strftime('%A, %B')} {day.day}, {day.year}"
    name = f"{i:06d}_{rng.getrandbits(40):010x}"
    return name, "\n\n".join([head, *body, f"Copyright © {day.year} {outlet}. All rights reserved."]) + "\n"


def build_corpus(folder: Path, n: int, words: int, source: str | None, seed: int = 0) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    paras = source_paragraphs(source)
    rng = random.Random(seed)
    for i in range(n):
        name, text = article(i, paras, words, rng)
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")


def cpu_seconds() -> float:
    """CPU seconds (user + system) of every child process waited for so far: Snakemake and its jobs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def snakemake(project: Path, cores: int, *extra: str, log: Path | None = None) -> float:
    """Wall seconds of one Snakemake run; with `log`, its full output (job start and end times) goes there."""
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
               PYTHONPATH=str(project / "src"))
    quiet = [] if log else ["--quiet"]
    t0 = time.monotonic()
    proc = subprocess.run([str(Path(sys.executable).parent / "snakemake"), "--cores", str(cores), *quiet,
                           "all", *extra], cwd=project, env=env, capture_output=True, text=True)
    wall = time.monotonic() - t0
    if log:
        log.write_text(proc.stdout + proc.stderr, encoding="utf-8")
    if proc.returncode:
        sys.exit(f"snakemake failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}")
    return wall


def stage_seconds(project: Path, since: Path | None = None) -> dict[str, float]:
    """Seconds per stage, summed over its jobs; with `since` (a copy of the benchmark files
    made earlier), only the jobs whose files changed since then: the ones that reran."""
    totals: dict[str, float] = defaultdict(float)
    folder = project / "logs" / "benchmarks"
    for tsv in folder.rglob("*.tsv"):
        if since is not None:
            before = since / tsv.relative_to(folder)
            if before.is_file() and before.read_bytes() == tsv.read_bytes():
                continue
        stage = tsv.parent.name if tsv.parent.name != "benchmarks" else tsv.stem
        with open(tsv) as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
        if rows:
            totals[stage] += float(rows[-1]["s"])
    return {k: round(v, 2) for k, v in sorted(totals.items())}


_DONE = re.compile(r"done: .* peak memory (\d+) MB")


def stage_peak_mb(project: Path) -> dict[str, int]:
    """Largest peak memory of any job of each stage, from the line each framescope job logs last."""
    peaks: dict[str, int] = defaultdict(int)
    for log in (project / "logs").rglob("*.log"):
        stage = log.parent.name if log.parent.name != "logs" else log.stem
        for m in _DONE.finditer(log.read_text(encoding="utf-8", errors="replace")):
            peaks[stage] = max(peaks[stage], int(m.group(1)))
    return dict(sorted(peaks.items()))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000, help="articles in the corpus")
    ap.add_argument("--words", type=int, default=600, help="words per article")
    ap.add_argument("--source", help="a JSONL corpus to draw paragraphs from (default: bundled text; with "
                    "--realistic, ../shared/corpora/allsides-2000.jsonl)")
    ap.add_argument("--realistic", choices=["jsonl", "folder"],
                    help="a corpus made by make_corpus.py: one JSONL file, or a folder of .json files")
    ap.add_argument("--cores", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--shards", default="auto")
    ap.add_argument("--work", default=str(ROOT / "benchmarks" / "out"), help="scratch folder (wiped)")
    args = ap.parse_args(argv)

    work = Path(args.work) / f"n{args.n}"
    shutil.rmtree(work, ignore_errors=True)
    project = work / "project"
    project.mkdir(parents=True)
    for part in PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, project / part, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(src, project / part)
    corpus = project / ("corpus.jsonl" if args.realistic == "jsonl" else "corpus")
    t0 = time.monotonic()
    generator = None
    if args.realistic:
        sys.path.insert(0, str(Path(__file__).parent))
        from make_corpus import DEFAULT_SOURCE, Generator, write_corpus

        generator = Generator(args.source or DEFAULT_SOURCE, seed=0)
        write_corpus(generator, args.n, corpus, folder=args.realistic == "folder")
    else:
        build_corpus(corpus, args.n, args.words, args.source)
    build_s = time.monotonic() - t0

    config = ["--config", f"corpus={corpus.name}", f"shards={args.shards}"]
    cpu0 = cpu_seconds()
    wall = snakemake(project, args.cores, *config)
    cpu = cpu_seconds() - cpu0
    stages = stage_seconds(project)
    peaks = stage_peak_mb(project)
    # the full run's per-job files, before the add-one rerun overwrites some of them
    shutil.copytree(project / "logs" / "benchmarks", project / "logs" / "benchmarks-full-run")
    cpu0 = cpu_seconds()
    noop = snakemake(project, args.cores, *config)
    noop_cpu = cpu_seconds() - cpu0
    if generator is not None:
        write_corpus(generator, 1, corpus, folder=args.realistic == "folder", start=args.n)
    else:
        name, text = article(args.n, source_paragraphs(args.source), args.words, random.Random(1))
        (corpus / f"{name}.txt").write_text(text, encoding="utf-8")
    cpu0 = cpu_seconds()
    add_one = snakemake(project, args.cores, *config, log=project / "logs" / "benchmarks-add-one.log")
    add_one_cpu = cpu_seconds() - cpu0
    add_one_stages = stage_seconds(project, since=project / "logs" / "benchmarks-full-run")
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    summary = json.loads((project / "results" / "summary.json").read_text())
    import pyarrow.parquet as pq

    n_words = int(pq.read_table(project / "results" / "tables" / "articles.parquet", columns=["n_words"])
                  .column("n_words").to_pandas().sum())
    print(json.dumps({
        "n_articles": args.n,
        "corpus": f"realistic {args.realistic}" if args.realistic else "txt folder",
        "words": None if args.realistic else args.words,
        "cores": args.cores,
        "accepted": summary["accepted"],
        "wall_s": round(wall, 1),
        "articles_per_s": round(args.n / wall, 1),
        "n_words": n_words,
        "words_per_s": round(n_words / wall),
        "cpu_s": round(cpu, 1),
        "words_per_cpu_s": round(n_words / cpu),
        "load_1min_after": round(os.getloadavg()[0], 2),
        "peak_rss_mb": round(peak_kb / 1024),
        "stage_peak_mb": peaks,
        "stage_s": stages,
        "noop_s": round(noop, 2),
        "noop_cpu_s": round(noop_cpu, 2),
        "add_one_s": round(add_one, 1),
        "add_one_share": round(add_one / wall, 3),
        "add_one_cpu_s": round(add_one_cpu, 1),
        "add_one_cpu_share": round(add_one_cpu / cpu, 3),
        "add_one_stage_s": add_one_stages,
        "corpus_build_s": round(build_s, 1),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())

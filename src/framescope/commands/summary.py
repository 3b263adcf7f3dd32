"""The run's summary: what came in, what was kept, where the results are."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from framescope.base.io import read_table, write_json


def build(results_dir) -> dict:
    results = Path(results_dir)
    manifest = read_table(results / "tables" / "manifest.parquet")
    status = manifest["status"].value_counts().to_dict() if len(manifest) else {}
    reasons = manifest.loc[manifest["status"] == "rejected", "reason"].value_counts().to_dict() if len(manifest) else {}
    figures = {}
    for about in sorted((results / "figures").glob("*/about.json")):
        info = json.loads(about.read_text())
        figures[info["figure"]] = {
            "drawn": info["drawn"],
            "files": [str(about.parent.relative_to(results) / f) for f in info["files"]],
            "reason": info["reason"],
        }
    articles = results / "tables" / "articles.parquet"
    languages = {}
    if articles.exists():
        counts = read_table(articles, columns=["language"])["language"].value_counts()
        languages = {str(k): int(v) for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))}
    models = {}
    for metrics in sorted((results / "models").glob("*/metrics.json")):
        m = json.loads(metrics.read_text())
        models[metrics.parent.name] = {k: m[k] for k in ("macro_f1", "micro_f1", "accuracy", "n_train") if k in m}
    return {
        "inputs": int(len(manifest)),
        **frames_languages(results),
        "accepted": int(status.get("accepted", 0)),
        "duplicate": int(status.get("duplicate", 0)),
        "rejected": int(status.get("rejected", 0)),
        "rejected_reasons": {str(k): int(v) for k, v in sorted(reasons.items())},
        "languages": languages,
        "skipped": skipped_articles(results / "tables"),
        "figures": figures,
        "models": models,
    }


def skipped_articles(tables_dir: Path) -> dict[str, dict[str, int]]:
    """Articles a stage left out, by table and reason: every corpus table with a ``skipped`` column
    (framescope.base.languages), counting its rows with a reason."""
    out = {}
    for path in sorted(tables_dir.glob("*.parquet")):
        if "skipped" not in pq.read_schema(path).names:
            continue
        reasons = read_table(path, columns=["skipped"])["skipped"]
        counts = reasons[reasons.fillna("") != ""].value_counts()
        if len(counts):
            out[path.stem] = {str(k): int(v) for k, v in sorted(counts.items())}
    return out


def frames_languages(results: Path) -> dict:
    """``frames``: articles framed and skipped per language, and why (from frames_coverage), when the run has it."""
    path = results / "tables" / "frames_coverage.parquet"
    if not path.is_file():
        return {}
    coverage = read_table(path, columns=["language", "skipped"])
    by_language = {}
    for language, rows in coverage.groupby(coverage["language"].replace("", "(none)"), sort=True):
        skipped = rows["skipped"] != ""
        by_language[str(language)] = {"framed": int((~skipped).sum()), "skipped": int(skipped.sum())}
    reasons = coverage.loc[coverage["skipped"] != "", "skipped"].value_counts()
    return {"frames": {
        "framed": int((coverage["skipped"] == "").sum()),
        "skipped": int((coverage["skipped"] != "").sum()),
        "by_language": by_language,
        "skipped_reasons": {str(k): int(v) for k, v in sorted(reasons.items())},
    }}


def run(results_dir, out) -> None:
    write_json(out, build(results_dir))


def render(summary: dict, results_dir="results") -> str:
    """The few lines `make run` ends with."""
    s = summary
    lines = [
        f"framescope: {s['inputs']} inputs -> {s['accepted']} accepted, {s['duplicate']} duplicate, "
        f"{s['rejected']} rejected",
    ]
    for reason, n in s["rejected_reasons"].items():
        lines.append(f"  rejected ({n}): {reason}")
    if len(s.get("languages", {})) > 1:
        lines.append("  languages: " + ", ".join(f"{k} {v}" for k, v in s["languages"].items()))
    for table, reasons in s.get("skipped", {}).items():
        for reason, n in reasons.items():
            lines.append(f"  skipped in {table} ({n}): {reason}")
    frames = s.get("frames")
    if frames:
        languages = ", ".join(f"{lg} {v['framed']}" + (f" (+{v['skipped']} skipped)" if v["skipped"] else "")
                              for lg, v in frames["by_language"].items())
        lines.append(f"  frames: {frames['framed']} articles framed, {frames['skipped']} skipped; by language: "
                     f"{languages or 'none'}")  # the reasons: "skipped in frames_coverage" above
    for name, info in s["models"].items():
        scores = ", ".join(f"{k} {v:.3f}" for k, v in info.items() if isinstance(v, float))
        lines.append(f"  model {name}: {scores} (cross-validated, results/models/{name}/metrics.json)")
    drawn = [n for n, f in s["figures"].items() if f["drawn"]]
    lines.append(f"  figures: {results_dir}/figures/ ({', '.join(drawn) or 'none drawn'})")
    for name, f in s["figures"].items():
        if not f["drawn"]:
            lines.append(f"  not drawn: {name}: {f['reason']}")
    lines.append(f"  tables: {results_dir}/tables/*.parquet (load with framescope.load_results('{results_dir}'))")
    if (Path(results_dir) / "methods.md").is_file():
        lines.append(f"  methods section: {results_dir}/methods.md (.tex, .bib): every number read from the run")
    return "\n".join(lines)

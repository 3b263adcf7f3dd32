"""What the report shows besides the figures: the corpus summary, the provenance, the methods, the model cards.

`pages` turns results/provenance.json (see :mod:`framescope.commands.provenance`),
summary.json, the methods section (results/methods.md, :mod:`framescope.commands.methods`)
and the model cards into small self-contained HTML pages that
`snakemake --report` shows inline. Nothing here holds a time or an absolute path of
this machine beyond what the config names, so the pages rebuild byte for byte.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from framescope.base.io import read_table, write_text

STYLE = (
    "body{font-family:sans-serif;font-size:14px;color:#222;max-width:60em;margin:1em}"
    "table{border-collapse:collapse;margin:.5em 0 1em}td,th{border-bottom:1px solid #ddd;padding:3px 10px;"
    "text-align:left;vertical-align:top}th{background:#f4f4f4}td.n{text-align:right}"
    "code,pre{font-size:12px;background:#f6f6f6}pre{padding:.6em;overflow-x:auto}h1{font-size:20px}"
    "h2{font-size:16px;margin-top:1.4em}"
)


def _page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"<style>{STYLE}</style></head><body>\n<h1>{html.escape(title)}</h1>\n{body}\n</body></html>\n")


def _table(header: Sequence[str], rows: Sequence[Sequence], numeric: Sequence[int] = ()) -> str:
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
    lines = []
    for row in rows:
        cells = "".join(
            f"<td class=\"n\">{html.escape(str(v))}</td>" if i in numeric else f"<td>{html.escape(str(v))}</td>"
            for i, v in enumerate(row))
        lines.append(f"<tr>{cells}</tr>")
    return f"<table><tr>{head}</tr>{''.join(lines)}</table>"


def corpus_page(summary: Mapping, articles=None) -> str:
    """Articles in, accepted, duplicate, rejected (with reasons); outlets and dates; figures not drawn and why."""
    s = summary
    parts = [_table(["", "inputs"], [
        ("Inputs", f"{s['inputs']:,}"), ("Accepted", f"{s['accepted']:,}"), ("Duplicate", f"{s['duplicate']:,}"),
        ("Rejected", f"{s['rejected']:,}")], numeric=[1])]
    if s.get("rejected_reasons"):
        parts.append("<h2>Why inputs were rejected</h2>")
        parts.append(_table(["reason", "inputs"], sorted(s["rejected_reasons"].items()), numeric=[1]))
    if articles is not None and len(articles):
        outlets = articles["outlet"].fillna("(no outlet)").value_counts()
        outlets = outlets.reindex(sorted(outlets.index, key=lambda o: (-outlets[o], o)))
        dated = articles["published"].dropna().astype(str)
        dated = dated[dated.str.len() > 0]
        parts.append("<h2>Outlets and dates</h2>")
        dates = f"from {dated.min()} to {dated.max()}" if len(dated) else "none"
        parts.append(f"<p>{len(outlets):,} outlet(s); {len(dated):,} of {len(articles):,} articles dated, "
                     f"{html.escape(dates)}.</p>")
        top = list(outlets.items())[:20]
        rest = outlets.iloc[20:]
        if len(rest):
            top.append((f"{len(rest):,} other outlets", int(rest.sum())))
        parts.append(_table(["outlet", "articles"], [(o, f"{int(n):,}") for o, n in top], numeric=[1]))
    figures = s.get("figures", {})
    if figures:
        parts.append("<h2>Figures</h2>")
        rows = [(name, "drawn" if f["drawn"] else "not drawn", f.get("reason") or "")
                for name, f in sorted(figures.items())]
        parts.append(_table(["figure", "", "why not"], rows))
    models = s.get("models", {})
    if models:
        parts.append("<h2>Models (cross-validated)</h2>")
        keys = sorted({k for m in models.values() for k in m})
        parts.append(_table(["model", *keys], [(n, *[m.get(k, "") for k in keys]) for n, m in sorted(models.items())]))
    return _page("Corpus summary", "\n".join(parts))


def provenance_page(record: Mapping) -> str:
    corpus = record["corpus"]
    parts = ["<h2>Corpus</h2>", _table(["", ""], [
        ("path", corpus["path"]), ("files", f"{corpus['n_files']:,}"), ("bytes", f"{corpus['bytes']:,}"),
        ("sha256", corpus["sha256"]), ("digest of", corpus["digest_of"])])]
    if corpus.get("files"):
        parts.append(_table(["file", "sha256"], [(f["path"], f["sha256"]) for f in corpus["files"]]))
    if record.get("inputs"):
        parts += ["<h2>Other inputs</h2>",
                  _table(["input", "path", "sha256"], [(k, v["path"], v["sha256"]) for k, v in record["inputs"].items()])]
    parts += ["<h2>Software</h2>",
              _table(["package", "version"], [("python", record.get("python", ""))] + sorted(record["packages"].items())),
              "<h2>Code digests (each rule reruns when its digest changes)</h2>",
              _table(["step", "digest"], sorted(record["code"].items())),
              "<h2>Config</h2>", f"<pre>{html.escape(json.dumps(record['config'], indent=2, sort_keys=True))}</pre>"]
    version = [(k, v) for k, v in (("config sha256", record.get("config_sha256")),
                                   ("git commit", (record.get("git") or {}).get("commit")),
                                   ("git state", (record.get("git") or {}).get("state"))) if v]
    if version:
        parts[-1:-1] = [_table(["", ""], version)]
    return _page("Provenance", "\n".join(parts))


def markdown_page(title: str, text: str) -> str:
    """A markdown file (a model card) as HTML; as preformatted text when no markdown parser is installed."""
    try:
        from markdown_it import MarkdownIt
    except ImportError:  # pragma: no cover - markdown-it-py comes with the locked environment
        return _page(title, f"<pre>{html.escape(text)}</pre>")
    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(text)
    return _page(title, body)


def pages(results_dir, out_dir) -> list[Path]:
    """Write corpus.html, provenance.html, methods.html (when the run wrote results/methods.md) and
    model_card_<model>.html for the report."""
    results, out = Path(results_dir), Path(out_dir)
    summary = json.loads((results / "summary.json").read_text(encoding="utf-8"))
    articles = None
    if (results / "tables" / "articles.parquet").is_file():
        articles = read_table(results / "tables" / "articles.parquet", columns=["article_id", "outlet", "published"])
    written = [out / "corpus.html", out / "provenance.html"]
    write_text(written[0], corpus_page(summary, articles))
    write_text(written[1], provenance_page(json.loads((results / "provenance.json").read_text(encoding="utf-8"))))
    if (results / "methods.md").is_file():
        written.append(out / "methods.html")
        text = (results / "methods.md").read_text(encoding="utf-8")
        title, _, body = text.partition("\n") if text.startswith("# ") else ("# Methods", "", text)
        write_text(written[-1], markdown_page(title[2:], body))
    for card in sorted((results / "models").glob("*/model_card.md")):
        path = out / f"model_card_{card.parent.name}.html"
        write_text(path, markdown_page(f"Model card: {card.parent.name}", card.read_text(encoding="utf-8")))
        written.append(path)
    return written


def add_parser(subparsers) -> None:
    """Register `framescope report-pages`."""
    p = subparsers.add_parser("report-pages", help="HTML pages for the report: corpus, provenance, methods, model cards")
    p.add_argument("--results", default="results")
    p.add_argument("--out", default="results/report")
    p.set_defaults(func=lambda a: pages(a.results, a.out))

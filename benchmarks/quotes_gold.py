"""Quote and speaker benchmark on a hand-coded gold set of real articles, scored by outlet.

    python benchmarks/quotes_gold.py import [--gold-text DIR] [--corpus FILE]
    python benchmarks/quotes_gold.py pick [--seed 20] [-n 12]      # draw articles to code next
    python benchmarks/quotes_gold.py score --half dev|check|fresh|fresh2|all [--corpus FILE] [--details] [--write]
    make quotes-bench                                  # score --half all --write

The gold (issue 20) was coded by hand from ``allsides-2000.jsonl`` in ``../shared/corpora``:
every pair of quote marks in 36 articles of 18 outlets, with its kind (direct speech, a
title, a term, other) and, for direct speech, who said it. The project keeps no article
text: ``benchmarks/quotes_gold/gold.jsonl`` holds each quote as character offsets
(``start``, ``end``) into the record's raw ``text``, with speaker, aliases, speaker type
and kind; ``benchmarks/quotes_gold/articles.tsv`` holds each article's id, outlet and half.
Each outlet gives one article to the development half (``dev``: rules are tuned on it) and
one to the check half (``check``: looked at only to measure). A third half (``fresh``: 12
articles of 12 outlets drawn with a seeded random draw in round 5, coded before any rule change
of that round) measures the earlier rounds out of sample, and a fourth (``fresh2``: 8 more, seed 21,
coded after that round's rules and never read for tuning) measures them too; ``all`` is every coded article.

``import`` turns the coders' files (one ``<id>.jsonl`` per article, with the quote's
words) into offsets; it can be run again as more files arrive. ``score`` rebuilds the
quote words from the corpus, runs framescope on those articles as the workflow does
(ingest and cleaning, then the features stage's actors and quotes), writes the quotes
table, and runs the ruler ``../shared/tools/score_quotes.py`` on it. It prints the totals
and a table by outlet (quotes found: precision, recall, F1; speaker accuracy on the
quotes found; quote + speaker F1) and, with ``--write``, puts the table in
``benchmarks/quotes_gold.md``. Without ``../shared`` it says so and stops.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpora" / "allsides-2000.jsonl"
RULER = SHARED / "tools" / "score_quotes.py"
GOLD_TEXT = ROOT.parent / "quotes_gold_text"
GOLD_DIR = Path(__file__).resolve().parent / "quotes_gold"
TABLE = Path(__file__).resolve().parent / "quotes_gold.md"
FIELDS = ("speaker", "aliases", "speaker_type", "kind")


# ---------------------------------------------------------------------------
# offsets: quote words <-> (start, end) in the record's raw text


def quote_offsets(text: str, quotes: list[str]) -> list[tuple[int, int] | None]:
    """Where each quote (in coding order) lies in `text`: (start, end), or None when absent.

    A quote is looked for after the end of the previous quote found; when it is not there
    (coders do not always go in text order), at its first occurrence not already taken by
    another quote, else at its first occurrence.
    """
    out: list[tuple[int, int] | None] = []
    taken: set[int] = set()
    after = 0
    for q in quotes:
        if not q:
            out.append(None)
            continue
        i = text.find(q, after)
        if i < 0:
            i = text.find(q)
            j = i
            while j >= 0 and j in taken:
                j = text.find(q, j + 1)
            i = j if j >= 0 else i
        if i < 0:
            out.append(None)
            continue
        taken.add(i)
        out.append((i, i + len(q)))
        after = i + len(q)
    return out


def gold_rows(coded: list[dict], text: str) -> tuple[list[dict], list[str]]:
    """The project's gold rows (offsets, no words) for one article's coded lines, and problems."""
    spans = quote_offsets(text, [c.get("quote", "") for c in coded])
    rows, problems = [], []
    for c, span in zip(coded, spans):
        if span is None:
            problems.append(f"{c.get('article_id')}: quote not in the text: {c.get('quote', '')[:50]!r}")
            continue
        rows.append({"article_id": c["article_id"], "start": span[0], "end": span[1],
                     **{k: c.get(k, [] if k == "aliases" else "") for k in FIELDS}})
    rows.sort(key=lambda r: (r["start"], r["end"]))
    return rows, problems


def ruler_gold(rows: list[dict], texts: dict[str, str]) -> list[dict]:
    """The ruler's GOLD.jsonl lines: the direct quotes, with their words taken from `texts`."""
    out = []
    for r in rows:
        if r["kind"] != "direct" or r["article_id"] not in texts:
            continue
        out.append({"article_id": r["article_id"], "quote": texts[r["article_id"]][r["start"]:r["end"]],
                    "speaker": r["speaker"], "aliases": list(r["aliases"]), "speaker_type": r["speaker_type"]})
    return out


def read_corpus(path: Path, ids) -> dict[str, dict]:
    """The records of `path` (JSON lines) whose id is in `ids`."""
    want, out = set(ids), {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            if rec.get("id") in want:
                out[rec["id"]] = rec
    return out


def read_articles(path: Path) -> list[dict]:
    """id, outlet, half of each coded article (a TSV with those first columns; a header line is skipped)."""
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 3 or parts[0] == "id" or line.startswith("#"):
            continue
        out.append({"id": parts[0], "outlet": parts[1], "half": parts[2]})
    return out


def read_gold(gold_dir: Path = GOLD_DIR) -> tuple[list[dict], list[dict]]:
    articles = read_articles(gold_dir / "articles.tsv")
    path = gold_dir / "gold.jsonl"
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()] if path.exists() else []
    return articles, rows


# ---------------------------------------------------------------------------
# import


def do_import(gold_text: Path, corpus: Path, gold_dir: Path = GOLD_DIR) -> int:
    articles = read_articles(gold_text / "articles.tsv")
    done = [a for a in articles if (gold_text / f"{a['id']}.jsonl").exists()]
    records = read_corpus(corpus, [a["id"] for a in done])
    rows, problems = [], []
    for a in done:
        coded = [json.loads(x) for x in (gold_text / f"{a['id']}.jsonl").read_text(encoding="utf-8").splitlines()
                 if x.strip()]
        if a["id"] not in records:
            problems.append(f"{a['id']}: not in {corpus}")
            continue
        r, p = gold_rows(coded, records[a["id"]]["text"])
        rows.extend(r)
        problems.extend(p)
    gold_dir.mkdir(parents=True, exist_ok=True)
    with open(gold_dir / "articles.tsv", "w", encoding="utf-8") as f:
        f.write("id\toutlet\thalf\n")
        for a in done:
            f.write(f"{a['id']}\t{a['outlet']}\t{a['half']}\n")
    with open(gold_dir / "gold.jsonl", "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n")
    n_direct = sum(r["kind"] == "direct" for r in rows)
    print(f"imported {len(done)} of {len(articles)} articles: {len(rows)} quoted spans, {n_direct} direct "
          f"-> {gold_dir.relative_to(ROOT) if gold_dir.is_relative_to(ROOT) else gold_dir}")
    for p in problems:
        print("  problem:", p)
    return 1 if problems else 0


# ---------------------------------------------------------------------------
# pick: the reproducible draw of the fresh half

_QSPAN = re.compile(r'[\u201c"]([^\u201c\u201d"]{3,600}?)[\u201d"]')


def do_pick(corpus: Path, seed: int, n: int, gold_dir: Path = GOLD_DIR) -> list[dict]:
    """`n` articles not yet coded, one per outlet, drawn with `seed`: 1,500-6,000 characters of
    text with four or more quoted spans of four words or more (round 5: fresh, seed 20, n 12; fresh2, seed 21, n 8)."""
    import random

    coded = {a["id"] for a in read_articles(gold_dir / "articles.tsv")}
    eligible = []
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            text = rec.get("text") or ""
            if rec.get("id") in coded or not 1500 <= len(text) <= 6000:
                continue
            if sum(len(m.group(1).split()) >= 4 for m in _QSPAN.finditer(text)) >= 4:
                eligible.append(rec)
    eligible.sort(key=lambda r: r["id"])
    random.Random(seed).shuffle(eligible)
    seen, out = set(), []
    for rec in eligible:
        if rec["outlet"] not in seen and len(out) < n:
            seen.add(rec["outlet"])
            out.append({"id": rec["id"], "outlet": rec["outlet"], "chars": len(rec["text"])})
    return out


# ---------------------------------------------------------------------------
# score


def framescope_quotes(records: list[dict], work: Path):
    """framescope's quotes table for `records`: ingest + cleaning, then the features stage."""
    from framescope.commands.features import extract
    from framescope.corpus.ingest import ingest_items
    from framescope.corpus.read import iter_items

    corpus = work / "corpus.jsonl"
    with open(corpus, "w", encoding="utf-8") as f:
        for rec in records:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    articles, sentences, rejected = ingest_items(iter_items(corpus), "en", earliest="1900-01-01", latest="2030-12-31")
    for _, r in rejected.iterrows():
        print(f"  rejected by ingest: {r['source']}: {r['reason']}")
    _, quotes, _, _ = extract(articles, sentences)
    return quotes


_ROW = re.compile(r"^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s")


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def outlet_table(per_article: dict[str, tuple[int, int, int, int]], articles: list[dict]) -> list[dict]:
    """Rows by outlet, then a total row: counts and the ruler's measures, micro-averaged."""
    by: dict[str, list[int]] = {}
    for a in articles:
        if a["id"] in per_article:
            acc = by.setdefault(a["outlet"], [0, 0, 0, 0, 0])
            for k, v in enumerate(per_article[a["id"]]):
                acc[k] += v
            acc[4] += 1
    rows = []
    total = [0, 0, 0, 0, 0]
    for outlet in sorted(by):
        rows.append(_measures(outlet, by[outlet]))
        total = [x + y for x, y in zip(total, by[outlet])]
    rows.append(_measures("all", total))
    return rows


def _measures(name: str, c: list[int]) -> dict:
    gold, tool, match, spk, n = c
    qp, qr, qf = _prf(match, tool, gold)
    _, _, sf = _prf(spk, tool, gold)
    return {"outlet": name, "articles": n, "gold": gold, "tool": tool, "matched": match, "speaker_ok": spk,
            "q_p": qp, "q_r": qr, "q_f1": qf, "spk_acc": spk / match if match else float("nan"), "qs_f1": sf}


def markdown(rows: list[dict]) -> str:
    lines = ["| outlet | articles | gold | found | matched | quote P | quote R | quote F1 | speaker acc | quote+speaker F1 |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        name = f"**{r['outlet']}**" if r["outlet"] == "all" else r["outlet"]
        lines.append(f"| {name} | {r['articles']} | {r['gold']} | {r['tool']} | {r['matched']} | {r['q_p']:.3f} | "
                     f"{r['q_r']:.3f} | {r['q_f1']:.3f} | {r['spk_acc']:.3f} | {r['qs_f1']:.3f} |")
    return "\n".join(lines)


def do_score(half: str, corpus: Path, details: bool, write: bool, gold_dir: Path = GOLD_DIR,
             ruler: Path = RULER) -> int:
    if not ruler.exists() or not corpus.exists():
        print(f"skipped: the ruler ({ruler}) or the corpus ({corpus}) is not here; the benchmark needs ../shared.")
        return 0
    import pandas as pd

    articles, rows = read_gold(gold_dir)
    chosen = [a for a in articles if half == "all" or a["half"] == half]
    if not chosen:
        print(f"no coded articles in half {half!r}: run `quotes_gold.py import` first")
        return 1
    ids = [a["id"] for a in chosen]
    records = read_corpus(corpus, ids)
    texts = {i: records[i]["text"] for i in ids if i in records}
    with tempfile.TemporaryDirectory(prefix="quotes-gold-") as tmp:
        work = Path(tmp)
        with open(work / "GOLD.jsonl", "w", encoding="utf-8") as f:
            for g in ruler_gold([r for r in rows if r["article_id"] in texts], texts):
                f.write(json.dumps(g, ensure_ascii=False) + "\n")
        (work / "gold_articles.tsv").write_text("".join(f"{i}\n" for i in ids), encoding="utf-8")
        quotes = framescope_quotes([records[i] for i in ids if i in records], work)
        table = pd.DataFrame({"article_id": quotes["article_id"].astype(str), "text": quotes["text"].astype(str),
                              "speaker": quotes["speaker"].astype(object), "kind": quotes["kind"].astype(str)})
        table.to_parquet(work / "QUOTES.parquet", index=False)
        cmd = [sys.executable, str(ruler), str(work / "GOLD.jsonl"), str(work / "QUOTES.parquet")]
        out = subprocess.run(cmd + (["--details"] if details else []), capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONHASHSEED": "0"}).stdout
    if details:
        print(out)
    per_article = {}
    for line in out.splitlines():
        m = _ROW.match(line)
        if m and m.group(1) in texts:
            per_article[m.group(1)] = tuple(int(m.group(k)) for k in range(2, 6))
    table_rows = outlet_table(per_article, chosen)
    tot = table_rows[-1]
    print(f"half={half}: {tot['articles']} articles, {tot['gold']} gold direct quotes, {tot['tool']} found, "
          f"{tot['matched']} matched, {tot['speaker_ok']} with the right speaker")
    print(f"quote P={tot['q_p']:.3f} R={tot['q_r']:.3f} F1={tot['q_f1']:.3f}  speaker acc={tot['spk_acc']:.3f}  "
          f"quote+speaker F1={tot['qs_f1']:.3f}")
    md = markdown(table_rows)
    print(md)
    if write:
        _write(half, md)
    return 0


def _write(half: str, md: str) -> None:
    """Put (or replace) the section of `half` in benchmarks/quotes_gold.md."""
    head = ("# Quotes and speakers on hand-coded real articles (issue 20)\n\n"
            "`python benchmarks/quotes_gold.py score --half HALF --write` (or `make quotes-bench`): framescope's "
            "direct quotes and speakers on the gold set in benchmarks/quotes_gold/, scored by "
            "../shared/tools/score_quotes.py (quotes matched one-to-one by their longest common run of words; a "
            "speaker is right when it is the coded speaker or one of its aliases). Precision and recall are of "
            "direct quotes; speaker accuracy is on the matched quotes; quote+speaker F1 counts a quote right only "
            "with its speaker. Rules were tuned on the dev half only.\n")
    text = TABLE.read_text(encoding="utf-8") if TABLE.exists() else head
    title = f"## Half: {half}\n"
    section = f"{title}\n{md}\n"
    parts = re.split(r"(?m)^(?=## Half: )", text)
    kept = [p for p in parts[1:] if not p.startswith(title)]
    order = {"dev": 0, "check": 1, "fresh": 2, "fresh2": 3, "all": 4}
    sections = sorted(kept + [section], key=lambda p: order.get(p.split("\n", 1)[0][9:].strip(), 9))
    TABLE.write_text(parts[0].rstrip("\n") + "\n\n" + "\n".join(s.rstrip("\n") + "\n" for s in sections),
                     encoding="utf-8")
    print(f"written: {TABLE.relative_to(ROOT)}")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    i = sub.add_parser("import", help="the coders' files -> benchmarks/quotes_gold/ (offsets, no text)")
    i.add_argument("--gold-text", type=Path, default=GOLD_TEXT, help="folder of articles.tsv and <id>.jsonl")
    i.add_argument("--corpus", type=Path, default=CORPUS)
    k = sub.add_parser("pick", help="draw new articles to code (one per outlet, seeded), printed as TSV")
    k.add_argument("--corpus", type=Path, default=CORPUS)
    k.add_argument("--seed", type=int, default=20)
    k.add_argument("-n", type=int, default=12)
    s = sub.add_parser("score", help="run framescope on the gold articles and score it with the ruler")
    s.add_argument("--half", choices=("dev", "check", "fresh", "fresh2", "all"), default="dev")
    s.add_argument("--corpus", type=Path, default=CORPUS)
    s.add_argument("--details", action="store_true", help="the ruler's quote-by-quote listing")
    s.add_argument("--write", action="store_true", help="record the table in benchmarks/quotes_gold.md")
    a = p.parse_args(argv)
    if a.command == "import":
        if not a.corpus.exists() or not a.gold_text.exists():
            print(f"skipped: {a.gold_text} or {a.corpus} is not here")
            return 0
        return do_import(a.gold_text, a.corpus)
    if a.command == "pick":
        for r in do_pick(a.corpus, a.seed, a.n):
            print(f"{r['id']}\t{r['outlet']}\t{r['chars']}")
        return 0
    return do_score(a.half, a.corpus, a.details, a.write)


if __name__ == "__main__":
    sys.exit(main())

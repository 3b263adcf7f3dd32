"""A realistic corpus for benchmarks: N articles made from a real corpus, as one JSONL file or a folder.

    python benchmarks/make_corpus.py --n 40000 --seed 0 --out /tmp/corpus-40k.jsonl
    python benchmarks/make_corpus.py --n 40000 --seed 0 --folder --out /tmp/corpus-40k/

Each article takes its metadata (outlet, title, authors, url, topic, bias) from one real
article of `--source` (by default ../shared/corpora/allsides-2000.jsonl), drawn at random, so
the outlets come in the real mix; its length from the real articles' lengths; and its text
from paragraphs of the whole source drawn at random (boilerplate paragraphs included, as
exported), so no article repeats a real one. Ids are new. Article `i` depends only on the
source, the seed and `i`: a corpus of 2,000 is the first 2,000 articles of one of 40,000,
and :meth:`Generator.article` of N is one more article for an add-one benchmark.

Dates are the real article's date (none for the 12% of real articles without one),
written the way corpora in the wild write them (these shares are a guess; the real
corpus only has ISO dates):

====================  =====  ====================================
ISO                    35%   2018-04-28
ISO with time, zone    15%   2018-04-28T14:03:00-04:00
M/D/YY                 10%   4/28/18
M/D/YYYY               10%   4/28/2018
month day, year         8%   Apr. 28, 2018 (AP style: Sept., March)
day month year          7%   28 April 2018
RFC 2822               15%   Sat, 28 Apr 2018 14:03:00 +0000
====================  =====  ====================================

and the odd cases a workflow must survive, at fixed rates (one in how many articles, or
at fixed positions, so that even a small corpus has them):

- 1 in 250 a placeholder or impossible date (0001-11-30, 2050-09-30, "sometime", "");
  undated articles without the field or with it null, half each;
- 1 in 50 the outlet in another case or with stray blanks ("the hill", "THE HILL ",
  no-break spaces); 1 in 100 an empty outlet, 1 in 100 an empty title, 1 in 200 a title
  with runs of blanks; authors as the real ones (a quarter are "");
- an outlet of its own (one article) at articles 5, 4006, 8007, ...; an article that
  is only its title at 11, 10018, ...; only boilerplate at 12, 10019, ...; one sentence at
  13, 10020, ...; and one article of 100,000 words, article 7.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "corpora" / "allsides-2000.jsonl"

LONG_ARTICLE, LONG_WORDS = 7, 100_000
LONE_OUTLET, TITLE_ONLY, BOILERPLATE_ONLY, ONE_SENTENCE = (5, 4001), (11, 10007), (12, 10007), (13, 10007)
ODD_DATE, ODD_OUTLET, EMPTY_OUTLET, EMPTY_TITLE, BLANK_TITLE = 250, 50, 100, 100, 200
ODD_DATES = ["0001-11-30", "2050-09-30", "sometime last week", ""]
FORMATS = [("iso", 35), ("iso_time", 15), ("us_short", 10), ("us_long", 10), ("month_day", 8), ("day_month", 7),
           ("rfc2822", 15)]
AP_MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
ZONES = [("-05:00", "-0500"), ("-04:00", "-0400"), ("+00:00", "+0000"), ("Z", "GMT"), ("+01:00", "+0100")]


def render_date(day: dt.date, style: str, rng: random.Random) -> str:
    """`day` written in one of the FORMATS."""
    if style == "iso":
        return day.isoformat()
    if style == "us_short":
        return f"{day.month}/{day.day}/{day.year % 100:02d}"
    if style == "us_long":
        return f"{day.month}/{day.day}/{day.year}"
    if style == "month_day":
        return f"{AP_MONTHS[day.month - 1]} {day.day}, {day.year}"
    if style == "day_month":
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    at = dt.time(rng.randrange(24), rng.randrange(60), rng.randrange(60))
    iso_zone, rfc_zone = rng.choice(ZONES)
    if style == "iso_time":
        return f"{day.isoformat()}T{at.isoformat()}{iso_zone}"
    return f"{day.strftime('%a')}, {day.day:02d} {day.strftime('%b')} {day.year} {at.isoformat()} {rfc_zone}"


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


class Generator:
    """Articles made from a source corpus (see the module notes); deterministic given the seed."""

    def __init__(self, source: str | Path, seed: int = 0):
        self.seed = seed
        self.records: list[dict] = []
        self.paragraphs: list[str] = []
        self.lengths: list[int] = []
        with open(source, encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                text = record.pop("text", "") or ""
                self.records.append(record)
                self.paragraphs += _paragraphs(text)
                self.lengths.append(len(text.split()))
        if not self.paragraphs:
            raise SystemExit(f"{source}: no article text to draw from")
        self.words = [len(p.split()) for p in self.paragraphs]
        self.formats = [name for name, share in FORMATS for _ in range(share)]
        self.missing_date = sum(not r.get("published") for r in self.records) / len(self.records)

    def _text(self, rng: random.Random, words: int) -> str:
        body, n = [], 0
        while n < words:
            k = rng.randrange(len(self.paragraphs))
            body.append(self.paragraphs[k])
            n += self.words[k]
        return "\n\n".join(body)

    def article(self, i: int) -> dict:
        """Article number `i`: a dict in framescope's corpus format."""
        rng = random.Random(f"{self.seed}:{i}")  # a string seed is hashed with SHA-512: the same on every run
        base = dict(self.records[rng.randrange(len(self.records))])
        article_id = hashlib.sha256(f"{self.seed}:{i}".encode()).hexdigest()[:16]
        words = LONG_WORDS if i == LONG_ARTICLE else self.lengths[rng.randrange(len(self.lengths))]
        text = self._text(rng, words)
        outlet, title = base.get("outlet"), base.get("title")
        if i % LONE_OUTLET[1] == LONE_OUTLET[0]:
            outlet = f"The Lone Gazette No. {i}"
        elif outlet and rng.randrange(ODD_OUTLET) == 0:
            outlet = rng.choice([outlet.lower(), outlet.upper() + " ", f" {outlet}  ", outlet.replace(" ", "\u00a0")])
        elif rng.randrange(EMPTY_OUTLET) == 0:
            outlet = ""
        if rng.randrange(EMPTY_TITLE) == 0:
            title = ""
        elif title and rng.randrange(BLANK_TITLE) == 0:
            title = f"  {title.replace(' ', '  ', 2)}\u00a0"
        if i % TITLE_ONLY[1] == TITLE_ONLY[0]:
            text = title or "A title and nothing else"
        elif i % BOILERPLATE_ONLY[1] == BOILERPLATE_ONLY[0]:
            text = "Advertisement\n\nStory Continued Below\n\nCopyright 2019 The Publisher. All rights reserved."
        elif i % ONE_SENTENCE[1] == ONE_SENTENCE[0]:
            text = "The vote was postponed."
        record = {"id": article_id, "outlet": outlet}
        published = base.get("published")
        if rng.randrange(ODD_DATE) == 0:
            record["published"] = rng.choice(ODD_DATES)
        elif published:
            record["published"] = render_date(dt.date.fromisoformat(published[:10]), rng.choice(self.formats), rng)
        elif rng.random() < 0.5:
            record["published"] = None
        record.update({"title": title, "authors": base.get("authors"), "url": base.get("url")})
        record.update({k: v for k, v in base.items() if k not in {"id", "outlet", "published", "title", "authors",
                                                                  "url"}})
        record["text"] = text
        return record


def line(record: dict) -> str:
    """One JSONL line; the same bytes as a folder's .json file holds."""
    return json.dumps(record, ensure_ascii=False) + "\n"


def write_corpus(generator: Generator, n: int, out: Path, folder: bool = False, start: int = 0) -> int:
    """Write articles `start`..`start + n - 1` to `out` (a .jsonl file, or a folder of .json files); bytes written."""
    size = 0
    if folder:
        out.mkdir(parents=True, exist_ok=True)
        for i in range(start, start + n):
            record = generator.article(i)
            data = line(record).encode("utf-8")
            (out / f"{record['id']}.json").write_bytes(data)
            size += len(data)
        return size
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w" if start == 0 else "a", encoding="utf-8", newline="\n") as f:
        for i in range(start, start + n):
            text = line(generator.article(i))
            f.write(text)
            size += len(text.encode("utf-8"))
    return size


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=40_000, help="articles (default 40,000)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--source", default=str(DEFAULT_SOURCE), help="a JSONL corpus to draw from (default: %(default)s)")
    ap.add_argument("--out", required=True, help="the .jsonl file to write, or with --folder the folder")
    ap.add_argument("--folder", action="store_true", help="write a folder of .json files (one article each, "
                    "named by its id) instead of one JSONL file")
    args = ap.parse_args(argv)
    if not Path(args.source).is_file():
        sys.exit(f"--source {args.source}: no such file")
    t0 = time.monotonic()
    generator = Generator(args.source, args.seed)
    size = write_corpus(generator, args.n, Path(args.out), folder=args.folder)
    print(json.dumps({"articles": args.n, "seed": args.seed, "out": args.out, "mb": round(size / 1e6, 1),
                      "seconds": round(time.monotonic() - t0, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Small helpers shared by the stage runners."""

from __future__ import annotations

import bisect
import logging
import sys
import time

import pandas as pd

log = logging.getLogger("framescope")


def sentence_ids(sentences: pd.DataFrame, article_id: str, offsets) -> list:
    """Map character offsets of one article to the sent_id of the sentence containing each.

    Offsets in a heading or between sentences map to the preceding sentence; offsets
    before the first sentence map to None.
    """
    rows = sentences[sentences["article_id"] == article_id] if len(sentences) else sentences
    starts = rows["start"].tolist() if len(rows) else []
    ids = rows["sent_id"].tolist() if len(rows) else []
    out = []
    for off in offsets:
        i = bisect.bisect_right(starts, off) - 1
        out.append(ids[i] if i >= 0 else None)
    return out


class Progress:
    """Log articles done and the rate every `every` seconds (to the job's log)."""

    def __init__(self, total: int, what: str, every: float = 10.0):
        self.total, self.what, self.every = total, what, every
        self.t0 = self.last = time.monotonic()
        self.done = 0

    def step(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if now - self.last >= self.every or self.done == self.total:
            rate = self.done / max(now - self.t0, 1e-9)
            log.info("%s: %d/%d articles (%.0f/s)", self.what, self.done, self.total, rate)
            self.last = now


def setup_logging(verbose: bool = True) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )

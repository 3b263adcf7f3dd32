"""Stable assignment of articles to shards.

The shard of an article depends only on its id and the number of shards, never on
PYTHONHASHSEED, input order or the machine, so the same article always lands in the
same shard and adding one article touches one shard.
"""

from __future__ import annotations

import hashlib
import math


def shard_of(article_id: str, n_shards: int) -> int:
    """Return the shard (0 .. n_shards-1) of an article id."""
    if n_shards < 1:
        raise ValueError(f"n_shards must be >= 1, got {n_shards}")
    digest = hashlib.sha256(article_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % n_shards


def auto_shards(n_items: int, per_shard: int = 2000, max_shards: int = 1024) -> int:
    """Number of shards for a corpus of about `n_items`: a power of two, ~per_shard items each.

    The count is 2 ** round(log2(n_items / per_shard)), so it changes only where the corpus
    crosses 1.41x, 2.83x, 5.66x ... `per_shard` (2,828, 5,657, 11,314 ... items), away from
    round sizes. Crossing one of those re-shards the corpus and reruns every stage once;
    pin `shards:` in the config to avoid that while a corpus grows.
    """
    if n_items <= per_shard:
        return 1
    return min(max_shards, 2 ** round(math.log2(n_items / per_shard)))


def shard_name(shard: int) -> str:
    return f"{shard:04d}"

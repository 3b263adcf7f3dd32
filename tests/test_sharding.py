"""Shard assignment is stable, balanced, and sized for both one article and 100k."""

import collections

import pytest

from framescope.base.sharding import auto_shards, shard_name, shard_of


def test_shard_of_is_a_fixed_function_of_the_id():
    # the first 8 bytes of sha256(id), big-endian, modulo the count: a change here would
    # re-shard every existing corpus
    assert shard_of("a1", 1) == 0
    import hashlib

    expected = int.from_bytes(hashlib.sha256(b"a1").digest()[:8], "big") % 7
    assert shard_of("a1", 7) == expected


def test_shards_are_balanced():
    counts = collections.Counter(shard_of(f"article-{i}", 16) for i in range(16000))
    assert set(counts) == set(range(16))
    assert max(counts.values()) < 1.1 * 1000 and min(counts.values()) > 0.9 * 1000


def test_shard_of_rejects_zero_shards():
    with pytest.raises(ValueError):
        shard_of("a", 0)


@pytest.mark.parametrize("n, shards", [(0, 1), (1, 1), (1000, 1), (2828, 1), (2829, 2), (10000, 4),
                                       (22628, 16), (50000, 16), (90509, 16), (90510, 32), (100000, 32),
                                       (10**6, 256), (10**9, 1024)])
def test_auto_shards(n, shards):
    assert auto_shards(n) == shards


def test_auto_shards_never_fall_as_a_corpus_grows():
    counts = [auto_shards(n) for n in range(0, 3_000_000, 997)]
    assert counts == sorted(counts)


def test_round_corpus_sizes_are_not_at_a_boundary():
    # adding one article to a corpus of a round size keeps the shard count
    for n in (1000, 2000, 5000, 10000, 20000, 50000, 100000):
        assert auto_shards(n) == auto_shards(n + 1)


def test_shard_names_sort_in_order():
    names = [shard_name(i) for i in range(1100)]
    assert names == sorted(names)

"""Exact and near-duplicate articles: signatures, LSH, who is kept, and the manifest."""

from __future__ import annotations

import random
import re

import numpy as np
import pandas as pd
import pytest

from framescope.corpus.duplicates import NUM_PERM, find_duplicates, shingle_hashes, signature, signature_matrix, signatures
from framescope.commands.collect import MANIFEST_COLUMNS, manifest

WORDS = (
    "council vote budget mayor river town bridge school board police court senator governor election tax "
    "plan hospital union strike farmers harvest flood storm ferry dock museum library park road rail"
).split()


def story(seed: int, n: int = 300) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) + ("." if i % 12 == 11 else "") for i in range(n))


def edit(text: str, share: float, seed: int) -> str:
    """Replace about `share` of the words."""
    rng = random.Random(seed)
    words = text.split()
    for i in rng.sample(range(len(words)), int(share * len(words))):
        words[i] = f"edited{i}"
    return " ".join(words)


def true_jaccard(a: str, b: str) -> float:
    x, y = set(shingle_hashes(a, 5).tolist()), set(shingle_hashes(b, 5).tolist())
    return len(x & y) / len(x | y)


def test_signature_is_deterministic_and_estimates_jaccard():
    a = story(1)
    assert np.array_equal(signature(a, 5), signature(a, 5))
    assert signature(a, 5).dtype == np.uint32 and signature(a, 5).shape == (NUM_PERM,)
    for share in (0.01, 0.05, 0.2):
        b = edit(a, share, seed=2)
        estimate = np.mean(signature(a, 5) == signature(b, 5))
        assert abs(estimate - true_jaccard(a, b)) < 0.15, share
    assert np.mean(signature(a, 5) == signature(story(99), 5)) < 0.1


def test_shingles_ignore_case_and_punctuation_and_handle_short_texts():
    assert np.array_equal(shingle_hashes("The Council voted, again.", 5), shingle_hashes("the council voted again", 5))
    assert len(shingle_hashes("two words", 5)) == 1 and len(shingle_hashes("", 5)) == 0
    assert len(shingle_hashes("a b c d e f g", 5)) == 3


def test_shingle_hashes_do_not_depend_on_the_texts_hashed_before():
    # words' CRC-32s are kept across texts; a text's hashes are those computed from scratch
    import zlib

    def plain(text, k=5):
        words = re.findall(r"\w+", text.casefold())
        h = np.array([zlib.crc32(w.encode("utf-8")) for w in words], dtype=np.uint64)
        n = len(words) - min(k, len(words)) + 1
        runs = np.zeros(n, dtype=np.uint64)
        for j in range(min(k, len(words))):
            runs = runs * np.uint64(1_000_003) + h[j : j + n]
        return np.unique((runs >> np.uint64(32)) ^ (runs & np.uint64((1 << 32) - 1)))

    texts = [story(i) for i in range(5)] + ["Über die Brücke, café au lait", "one two"]
    for text in texts + texts[::-1]:
        assert np.array_equal(shingle_hashes(text, 5), plain(text))


def test_exact_and_near_duplicates_keep_the_smallest_id_whatever_the_order():
    base = story(1)
    texts = {
        "c-wire": base,
        "a-wire": edit(base, 0.01, 3),  # the same story, a word changed here and there
        "b-copy": base,  # same text as c-wire
        "d-other": story(2),
        "e-far": edit(base, 0.5, 4),  # half rewritten: a different article
    }
    digests = {k: ("same" if v == base else k) for k, v in texts.items()}
    for order in (sorted(texts), sorted(texts, reverse=True)):
        matrix = np.stack([signature(texts[k], 5) for k in order])
        found = find_duplicates(order, [digests[k] for k in order], matrix, threshold=0.8)
        assert set(found) == {"b-copy", "c-wire"}
        assert found["c-wire"].exact and found["c-wire"].duplicate_of == "b-copy" and found["c-wire"].similarity == 1.0
        # b-copy is not exactly a-wire, but nearly: kept is the smallest id, a-wire
        assert found["b-copy"].duplicate_of == "a-wire" and not found["b-copy"].exact
        assert 0.8 <= found["b-copy"].similarity < 1.0


def test_a_duplicate_always_names_a_kept_article_at_or_above_the_threshold():
    base = story(5)
    chain = [base]
    for i in range(6):
        chain.append(edit(chain[-1], 0.03, 10 + i))  # each a little further from the first
    ids = [f"v{i}" for i in range(len(chain))]
    matrix = np.stack([signature(t, 5) for t in chain])
    found = find_duplicates(ids, ids, matrix, threshold=0.7)
    kept = set(ids) - set(found)
    assert "v0" in kept
    for dup in found.values():
        assert dup.duplicate_of in kept and dup.similarity >= 0.7


def test_exact_only_without_signatures():
    found = find_duplicates(["b", "a", "c"], ["x", "x", "y"], None, 0.8)
    assert {k: v.duplicate_of for k, v in found.items()} == {"b": "a"}


def test_signatures_table_round_trip():
    table = signatures(["b", "a"], [story(1), story(2)], 5)
    assert table["article_id"].to_pylist() == ["a", "b"]
    matrix = signature_matrix(table)
    assert matrix.shape == (2, NUM_PERM) and np.array_equal(matrix[0], signature(story(2), 5))
    assert signatures([], [], 5).num_rows == 0


def test_manifest_counts_every_input_once():
    base = story(1)
    texts = {"a": base, "b": base, "c": edit(base, 0.01, 1), "d": story(3)}
    articles = pd.DataFrame({
        "article_id": list(texts),
        "source": [f"{k}.txt" for k in texts],
        "sha256": ["h1", "h1", "h2", "h3"],
        "encoding": ["utf-8", "cp1252", "utf-8", "utf-8"],
        "notes": [[], ["mojibake repaired in the text (2 places: ...)"], [], []],
    })
    rejected = pd.DataFrame({"source": ["x.bin", "y.jsonl:3"], "reason": ["not text (binary content)", "malformed JSON on line 3"]})
    table = manifest(articles, rejected, signatures(list(texts), list(texts.values()), 5), threshold=0.8)
    assert list(table.columns) == MANIFEST_COLUMNS
    status = dict(zip(table["source"], table["status"]))
    assert status == {"a.txt": "accepted", "b.txt": "duplicate", "c.txt": "duplicate", "d.txt": "accepted",
                      "x.bin": "rejected", "y.jsonl:3": "rejected"}
    row = table.set_index("source")
    assert row.loc["b.txt", "reason"] == "same text as another article" and row.loc["b.txt", "similarity"] == 1.0
    assert row.loc["c.txt", "reason"].startswith("near-duplicate") and row.loc["c.txt", "duplicate_of"] == "a"
    assert row.loc["b.txt", "encoding"] == "cp1252" and list(row.loc["b.txt", "notes"])[0].startswith("mojibake")
    assert pd.isna(row.loc["a.txt", "similarity"]) and pd.isna(row.loc["x.bin", "article_id"])
    with pytest.raises(ValueError, match="no near-duplicate signature"):
        manifest(articles, rejected, signatures(["a"], [base], 5), threshold=0.8)


def _datasketch_reference(article_ids, digests, matrix, threshold):
    """The same search with datasketch's own MinHashLSH index (how framescope did it before)."""
    from datasketch import LeanMinHash, MinHashLSH

    from framescope.corpus.duplicates import LSH_WEIGHTS, SEED

    order = sorted(range(len(article_ids)), key=lambda i: article_ids[i])
    found, first = {}, {}
    for i in order:
        if first.setdefault(digests[i], i) != i:
            found[article_ids[i]] = (article_ids[first[digests[i]]], 1.0, True)
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, weights=LSH_WEIGHTS)
    rank = {i: r for r, i in enumerate(order)}
    for i in order:
        if article_ids[i] in found:
            continue
        minhash = LeanMinHash(seed=SEED, hashvalues=matrix[i], scheme="legacy")
        for j in sorted(lsh.query(minhash), key=rank.__getitem__):
            similarity = float(np.count_nonzero(matrix[i] == matrix[j])) / NUM_PERM
            if similarity >= threshold:
                found[article_ids[i]] = (article_ids[j], similarity, False)
                break
        else:
            lsh.insert(i, minhash, check_duplication=False)
    return found


@pytest.mark.parametrize("threshold", [0.5, 0.8, 0.9])
def test_lsh_candidates_are_datasketchs(threshold):
    # chains of edited copies around the threshold, copies of copies, exact repeats and strangers
    rng = np.random.default_rng(7)
    matrix, ids, digests = [], [], []
    for family in range(40):
        base = rng.integers(0, 2**32, size=NUM_PERM, dtype=np.uint64).astype(np.uint32)
        current = base
        for copy in range(int(rng.integers(1, 6))):
            changed = rng.random(NUM_PERM) < rng.uniform(0.0, 0.35)
            current = np.where(changed, rng.integers(0, 2**32, size=NUM_PERM, dtype=np.uint64), current)
            matrix.append(current.astype(np.uint32))
            ids.append(f"{int(rng.integers(0, 10**6)):06d}-{family}-{copy}")
            # every fifth family's second copy repeats its first exactly (same digest)
            digests.append(f"d{family}-0" if copy == 1 and family % 5 == 0 else f"d{family}-{copy}")
    matrix = np.vstack(matrix)
    ours = find_duplicates(ids, digests, matrix, threshold)
    reference = _datasketch_reference(ids, digests, matrix, threshold)
    assert {k: (d.duplicate_of, d.similarity, d.exact) for k, d in ours.items()} == reference
    assert sum(not d.exact for d in ours.values()) >= 10  # the test exercises near-duplicates
    assert any(d.exact for d in ours.values())


def test_kept_signatures_are_the_computed_ones(tmp_path):
    from framescope.corpus.duplicates import signatures
    from framescope.base.memo import TextMemo

    ids = ["b", "a", "c"]
    texts = ["The council met on Tuesday to discuss the harbour plan and its costs.",
             "Fishermen said the new pier would bring more cargo to the town.",
             "A third text, short."]
    fresh = signatures(ids, texts, 5)
    memo = TextMemo(tmp_path / "0000.npz", "k")
    assert signatures(ids, texts, 5, memo=memo).equals(fresh) and memo.computed == 3
    memo = TextMemo(tmp_path / "0000.npz", "k")
    more = signatures(ids + ["d"], texts + ["One more article about the lighthouse."], 5, memo=memo)
    assert more.equals(signatures(ids + ["d"], texts + ["One more article about the lighthouse."], 5))
    assert (memo.hits, memo.computed) == (3, 1)
    # another shingle size is another text to the store
    memo = TextMemo(tmp_path / "0000.npz", "k")
    assert signatures(ids, texts, 3, memo=memo).equals(signatures(ids, texts, 3)) and memo.hits == 0
    assert signatures([], [], 5, memo=TextMemo(tmp_path / "empty.npz", "k")).equals(signatures([], [], 5))

"""Numbers per text kept between runs (framescope.base.memo): the same numbers, fewer computed."""

from __future__ import annotations

import numpy as np
import pytest

from framescope.base.memo import TextMemo, memo_key


def rows_of(texts):
    return np.array([[len(t) ** 2 / 7, -len(t) / 3] for t in texts], dtype=np.float64)


def ask(path, key, texts, calls):
    """TextMemo(path, key).rows(texts), recording in `calls` the texts it had to compute."""

    def compute(positions):
        asked = [texts[i] for i in positions]
        calls.append(asked)
        return rows_of(asked)

    memo = TextMemo(path, key)
    return memo.rows(texts, compute), memo


def test_only_new_texts_are_computed_and_the_rows_are_exact(tmp_path):
    calls = []
    texts = ["a", "bb", "ccc", "bb"]
    first, memo = ask(tmp_path / "m.npz", "k1", texts, calls)
    # a repeated text ("bb") is computed once and copied
    assert calls == [["a", "bb", "ccc"]] and (memo.hits, memo.computed) == (0, 4)
    assert np.array_equal(first, rows_of(texts))  # bit for bit
    again, memo = ask(tmp_path / "m.npz", "k1", ["ccc", "dddd", "a"], calls)
    assert calls[-1] == ["dddd"] and (memo.hits, memo.computed) == (2, 1)
    assert np.array_equal(again, rows_of(["ccc", "dddd", "a"]))
    # the store now holds exactly the last run's texts: "bb" is gone
    _, memo = ask(tmp_path / "m.npz", "k1", ["bb"], calls)
    assert calls[-1] == ["bb"] and memo.hits == 0


def test_another_key_or_a_damaged_file_computes_everything(tmp_path):
    calls = []
    ask(tmp_path / "m.npz", "k1", ["a", "b"], calls)
    _, memo = ask(tmp_path / "m.npz", "k2", ["a", "b"], calls)
    assert calls[-1] == ["a", "b"] and memo.hits == 0
    (tmp_path / "m.npz").write_bytes(b"damaged")
    out, _ = ask(tmp_path / "m.npz", "k2", ["a", "b"], calls)
    assert calls[-1] == ["a", "b"] and np.array_equal(out, rows_of(["a", "b"]))
    out, memo = ask(tmp_path / "m.npz", "k2", ["b"], calls)
    assert out.shape == (1, 2) and memo.hits == 1  # the rewritten store answered


def test_rows_of_another_width_are_an_error_and_no_texts_are_no_rows(tmp_path):
    TextMemo(tmp_path / "m.npz", "k").rows(["a"], lambda positions: np.ones((len(positions), 2)))
    with pytest.raises(ValueError, match="shape"):
        TextMemo(tmp_path / "m.npz", "k").rows(["a", "b"], lambda positions: np.ones((len(positions), 3)))
    assert TextMemo(tmp_path / "n.npz", "k").rows([], lambda positions: np.ones((0, 2))).shape == (0, 2)


def test_the_key_names_the_library_versions():
    assert memo_key("m", packages=("numpy",)) != memo_key("m", packages=("numpy", "scipy"))
    assert memo_key("m") == memo_key("m") != memo_key("n")


def test_object_memo_keeps_values_as_computed(tmp_path):
    from framescope.base.memo import ObjectMemo

    calls = []

    def run(texts, key="k"):
        def compute(positions):
            calls.append([texts[i] for i in positions])
            return [({"text": texts[i], "n": len(texts[i])}, [None, 1.5]) for i in positions]

        memo = ObjectMemo(tmp_path / "m.pkl", key)
        return memo.values(texts, compute), memo

    first, memo = run(["a", "bb", "a"])
    assert first == [({"text": t, "n": len(t)}, [None, 1.5]) for t in ["a", "bb", "a"]] and memo.computed == 3
    again, memo = run(["bb", "ccc"])
    assert calls[-1] == ["ccc"] and (memo.hits, memo.computed) == (1, 1)
    assert again == [({"text": t, "n": len(t)}, [None, 1.5]) for t in ["bb", "ccc"]]
    _, memo = run(["bb"], key="other")
    assert memo.hits == 0 and calls[-1] == ["bb"]
    (tmp_path / "m.pkl").write_bytes(b"damaged")
    values, memo = run(["bb"], key="other")
    assert memo.hits == 0 and values == [({"text": "bb", "n": 2}, [None, 1.5])]
    assert run([])[0] == []


def test_distinct_rows_computes_each_key_once_in_order_of_first_occurrence():
    from framescope.base.memo import distinct_rows

    keys = np.array(["b", "a", "b", "c", "a"], dtype=object)
    calls = []

    def compute(positions):
        calls.append(list(positions))
        return rows_of([keys[i] * 3 for i in positions])

    out = distinct_rows(keys, np.array([10, 11, 12, 13, 14]) - 10, compute)
    assert calls == [[0, 1, 3]]
    assert np.array_equal(out, rows_of([k * 3 for k in keys]))

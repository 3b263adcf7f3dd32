"""Numbers per text kept between runs (framescope.memo): the same numbers, fewer computed."""

from __future__ import annotations

import numpy as np
import pytest

from framescope.memo import TextMemo, memo_key


def squares(calls):
    def compute(texts):
        calls.append(list(texts))
        return np.array([[len(t) ** 2 / 7, -len(t) / 3] for t in texts], dtype=np.float64)

    return compute


def test_only_new_texts_are_computed_and_the_rows_are_exact(tmp_path):
    calls = []
    memo = TextMemo(tmp_path / "m.npz", "k1")
    texts = ["a", "bb", "ccc", "bb"]
    first = memo.rows(texts, squares(calls))
    assert calls == [texts] and (memo.hits, memo.computed) == (0, 4)
    again = TextMemo(tmp_path / "m.npz", "k1").rows(["ccc", "dddd", "a"], squares(calls))
    assert calls[-1] == ["dddd"]
    assert np.array_equal(again, squares([])(["ccc", "dddd", "a"]))  # bit for bit
    assert np.array_equal(first, squares([])(texts))
    # the store now holds exactly the last run's texts: "bb" is gone
    memo = TextMemo(tmp_path / "m.npz", "k1")
    memo.rows(["bb"], squares(calls))
    assert calls[-1] == ["bb"] and memo.hits == 0


def test_another_key_or_a_damaged_file_computes_everything(tmp_path):
    calls = []
    TextMemo(tmp_path / "m.npz", "k1").rows(["a", "b"], squares(calls))
    memo = TextMemo(tmp_path / "m.npz", "k2")
    memo.rows(["a", "b"], squares(calls))
    assert calls[-1] == ["a", "b"] and memo.hits == 0
    (tmp_path / "m.npz").write_bytes(b"damaged")
    out = TextMemo(tmp_path / "m.npz", "k2").rows(["a", "b"], squares(calls))
    assert calls[-1] == ["a", "b"] and np.array_equal(out, squares([])(["a", "b"]))
    assert TextMemo(tmp_path / "m.npz", "k2").rows(["b"], squares(calls)).shape == (1, 2)
    assert calls[-1] == ["a", "b"]  # the repaired store answered


def test_rows_of_another_width_are_an_error(tmp_path):
    TextMemo(tmp_path / "m.npz", "k").rows(["a"], lambda t: np.ones((len(t), 2)))
    with pytest.raises(ValueError, match="shape"):
        TextMemo(tmp_path / "m.npz", "k").rows(["a", "b"], lambda t: np.ones((len(t), 3)))


def test_the_key_names_the_library_versions():
    assert memo_key("m", packages=("numpy",)) != memo_key("m", packages=("numpy", "scipy"))
    assert memo_key("m") == memo_key("m") != memo_key("n")

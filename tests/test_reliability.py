"""Krippendorff's alpha against the published worked examples and hand-computed cases."""

from __future__ import annotations

import argparse
import json
import math
import time
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from framescope.coding import reliability as rel
from framescope.coding.reliability import (
    bootstrap_alpha,
    coincidence_matrix,
    cohen_kappa,
    krippendorff_alpha,
    percent_agreement,
)
from framescope.commands import reliability as reliability_command

N = None

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C: four
# observers A-D, twelve units, values 1-5, missing data ('.' in the paper -> None).
# Unit 12 has a single value and cannot be paired. Published: nominal .743,
# ordinal .815, interval .849, ratio .797.
CANONICAL = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]

# Same paper, example A: binary data, two observers, ten units, no missing data.
BINARY = [
    [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
    [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
]

# Same paper, example B: nominal data (a-e), two observers, twelve units. Published .692.
NOMINAL_TWO = [list("aabbdcccedda"), list("babbbccceddd")]


@pytest.mark.parametrize("level, published", [("nominal", 0.743), ("ordinal", 0.815),
                                              ("interval", 0.849), ("ratio", 0.797)])
def test_canonical_example_matches_published_values(level, published):
    assert round(krippendorff_alpha(CANONICAL, level), 3) == published


def test_canonical_example_coincidence_matrix_and_exact_nominal_alpha():
    # The paper's coincidence matrix: n = 40 pairable values, marginals 9, 13, 10, 5, 3,
    # diagonal 7, 10, 8, 4, 3 (sum 32), and off-diagonal 4/3 and 1/3 cells.
    o = coincidence_matrix(CANONICAL)
    assert list(o.index) == [1, 2, 3, 4, 5]
    np.testing.assert_allclose(o.sum(axis=1), [9, 13, 10, 5, 3])
    np.testing.assert_allclose(np.diag(o), [7, 10, 8, 4, 3])
    np.testing.assert_allclose(o.loc[1, 2], 4 / 3)
    np.testing.assert_allclose(o.loc[3, 4], 1 / 3)
    # alpha = 1 - (n - 1) (n - sum o_cc) / (n^2 - sum n_c^2) = 1 - 39 * 8 / (1600 - 384) = 1 - 312/1216
    assert krippendorff_alpha(CANONICAL) == pytest.approx(float(1 - Fraction(312, 1216)), abs=1e-12)
    assert rel.n_pairable_values(CANONICAL) == 40


def test_binary_two_observer_example_by_hand():
    # Hand computation: 5 units agree on 0 and 1 unit on 1, so o_00 = 10, o_11 = 2;
    # 4 units disagree, so o_01 = o_10 = 4. n_0 = 14, n_1 = 6, n = 20.
    # alpha = 1 - (n - 1) o_01 / (n_0 n_1) = 1 - 19 * 4 / 84 = 8/84 = 2/21 = 0.0952 (published .095).
    alpha = krippendorff_alpha(BINARY)
    assert alpha == pytest.approx(2 / 21, abs=1e-12)
    assert round(alpha, 3) == 0.095
    np.testing.assert_allclose(coincidence_matrix(BINARY).to_numpy(), [[10, 4], [4, 2]])


def test_nominal_two_observer_example():
    assert round(krippendorff_alpha(NOMINAL_TWO), 3) == 0.692


def test_perfect_agreement_is_one():
    assert krippendorff_alpha([[1, 2, 3, 1], [1, 2, 3, 1]]) == 1.0
    assert krippendorff_alpha([["a", "b", N], ["a", "b", "b"], [N, "b", "b"]]) == 1.0


def test_systematic_disagreement_is_negative_by_hand():
    # Every unit pairs a 0 with a 1: o_01 = o_10 = 4, n_0 = n_1 = 4, n = 8.
    # alpha = 1 - 7 * 8 / (64 - 32) = -0.75.
    assert krippendorff_alpha([[0, 1, 0, 1], [1, 0, 1, 0]]) == pytest.approx(-0.75)


def test_no_variation_is_undefined_nan():
    assert math.isnan(krippendorff_alpha([[1, 1, 1], [1, 1, 1]]))
    assert math.isnan(krippendorff_alpha([[1, 2, 3]]))  # one coder: nothing pairable
    assert math.isnan(krippendorff_alpha([[1, N], [N, 2]]))  # no unit with two values


def test_unpairable_units_are_dropped_and_missing_forms_agree():
    base = krippendorff_alpha([[0, 1, 1, 0], [0, 1, 0, 0]])
    with_single = krippendorff_alpha([[0, 1, 1, 0, 1], [0, 1, 0, 0, N]])
    with_nan = krippendorff_alpha(np.array([[0, 1, 1, 0, 1], [0, 1, 0, 0, np.nan]]))
    assert base == with_single == with_nan


def test_nominal_alpha_ignores_value_names_but_levels_need_numbers():
    as_text = [["x" if v == 1 else ("y" if v == 2 else v) for v in row] for row in CANONICAL]
    assert krippendorff_alpha(as_text) == pytest.approx(krippendorff_alpha(CANONICAL))
    with pytest.raises(ValueError, match="numeric"):
        krippendorff_alpha([["a", "b"], ["a", "a"]], "interval")
    with pytest.raises(ValueError, match="level"):
        krippendorff_alpha(CANONICAL, "cardinal")


def test_bootstrap_is_seeded_and_brackets_alpha():
    rng = np.random.default_rng(3)
    truth = rng.integers(0, 3, 300)
    noisy = np.where(rng.random(300) < 0.8, truth, rng.integers(0, 3, 300))
    data = [truth, noisy, truth]
    a = bootstrap_alpha(data, n_boot=500, seed=1)
    b = bootstrap_alpha(data, n_boot=500, seed=1)
    c = bootstrap_alpha(data, n_boot=500, seed=2)
    assert a == b and a["ci_low"] != c["ci_low"]
    assert a["ci_low"] < a["alpha"] < a["ci_high"]
    assert a["alpha"] == pytest.approx(krippendorff_alpha(data))
    wide = bootstrap_alpha([truth[:30], noisy[:30], truth[:30]], n_boot=500, seed=1)
    assert wide["ci_high"] - wide["ci_low"] > a["ci_high"] - a["ci_low"]
    ordinal = bootstrap_alpha(CANONICAL, "ordinal", n_boot=300, seed=0)
    assert ordinal["alpha"] == pytest.approx(krippendorff_alpha(CANONICAL, "ordinal"))
    assert ordinal["ci_low"] <= ordinal["alpha"] <= ordinal["ci_high"]


def test_bootstrap_counts_undefined_resamples():
    # Only one of four units varies: resamples without it have no variation.
    out = bootstrap_alpha([[0, 0, 0, 1], [0, 0, 0, 0]], n_boot=400, seed=0)
    assert 0 < out["n_undefined"] < 400


def test_bootstrap_speed_1000_units_3_coders_2000_resamples():
    data = np.random.default_rng(0).integers(0, 2, (3, 1000))
    t0 = time.perf_counter()
    bootstrap_alpha(data, n_boot=2000, seed=0)
    assert time.perf_counter() - t0 < 5.0


def test_cohen_kappa_matches_sklearn_and_percent_agreement():
    from sklearn.metrics import cohen_kappa_score

    rng = np.random.default_rng(7)
    a = rng.choice(list("abcd"), 200)
    b = np.where(rng.random(200) < 0.6, a, rng.choice(list("abcd"), 200))
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)
    assert percent_agreement(a, b) == pytest.approx(np.mean(a == b))
    # Missing values: only units both coded count.
    a2, b2 = list(a) + [None, "a"], list(b) + ["a", None]
    assert cohen_kappa(a2, b2) == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)
    assert percent_agreement(["x", "y", N], ["x", "x", "y"]) == 0.5
    assert math.isnan(cohen_kappa(["x", "x"], ["x", "x"]))


def _coded(rows):
    return pd.DataFrame(rows, columns=["unit", "coder", "frame", "value"])


def _multi_label():
    # 4 units, 2 coders, frames e and h. Sets: u1 {e}/{e}; u2 {e,h}/{e}; u3 {}/{}; u4 {h}/{h}.
    sets = {"u1": ("e", "e"), "u2": ("e;h", "e"), "u3": ("", ""), "u4": ("h", "h")}
    rows = []
    for unit, pair in sets.items():
        for coder, labels in zip(("a", "b"), pair):
            for f in ("e", "h"):
                rows.append((unit, coder, f, int(f in labels.split(";"))))
    return _coded(rows)


def test_per_frame_and_label_set_alpha_by_hand():
    report = rel.reliability_report(_multi_label(), n_boot=200, seed=0)
    # Frame e: values (1,1),(1,1),(0,0),(0,0): perfect -> 1.
    assert report["per_frame"]["e"]["alpha"] == 1.0
    # Frame h: (0,0),(1,0),(0,0),(1,1): n_0 = 5, n_1 = 3, o_01 = 1 -> 1 - 7 * 2 / (64 - 34) = 16/30.
    assert report["per_frame"]["h"]["alpha"] == pytest.approx(16 / 30, abs=1e-6)
    assert report["alpha_per_frame_mean"] == pytest.approx((1 + 16 / 30) / 2, abs=1e-6)
    # Label sets {e},{e;h},{},{h}: one disagreement (e;h vs e); 4 values of 4 kinds.
    sets = [["e", "e;h", "", "h"], ["e", "e", "", "h"]]
    assert report["alpha_nominal"] == pytest.approx(krippendorff_alpha(sets), abs=1e-6)
    assert report["coding"] == "multi-label"
    assert report["n_units"] == 4 and report["n_coders"] == 2 and report["n_pairable_values"] == 8
    assert report["pairwise"][0]["percent_agreement"] == 0.75
    assert report["n_disagreements"] == 1


def test_disagreements_table():
    table = rel.disagreements(_multi_label(), texts={"u2": "Jobs and hospitals."})
    assert table.to_dict("records") == [
        {"unit": "u2", "text": "Jobs and hospitals.", "a": "e;h", "b": "e", "resolved": ""}]


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def _canonical_long(tmp_path):
    rows = ["unit,coder,label"]
    for coder, values in zip("ABCD", CANONICAL):
        rows += [f"u{u + 1},{coder},{v}" for u, v in enumerate(values) if v is not None]
    return _write(tmp_path / "long.csv", "\n".join(rows) + "\n")


def test_long_csv_cli_writes_reliability_json(tmp_path, capsys):
    parser = argparse.ArgumentParser()
    reliability_command.add_parser(parser.add_subparsers())
    args = parser.parse_args(["reliability", "--long", str(_canonical_long(tmp_path)), "--n-boot", "200",
                              "--level", "interval", "--out", str(tmp_path / "out")])
    args.func(args)
    report = json.loads((tmp_path / "out" / "reliability.json").read_text())
    assert round(report["alpha_nominal"], 3) == 0.743
    assert round(report["alpha_interval"], 3) == 0.849
    assert report["n_units"] == 12 and report["n_units_pairable"] == 11
    assert report["n_coders"] == 4 and report["n_pairable_values"] == 40
    assert report["coding"] == "single-label"
    assert set(report["per_frame"]) == {"1", "2", "3", "4", "5"}
    assert len(report["pairwise"]) == 6
    dis = pd.read_csv(tmp_path / "out" / "disagreements.csv", dtype=str, keep_default_na=False,
                      encoding="utf-8-sig")
    assert dis["unit"].tolist() == ["u2", "u6", "u8"]
    assert "alpha (nominal) = 0.743" in capsys.readouterr().out
    first = (tmp_path / "out" / "reliability.json").read_bytes()
    args.func(args)
    assert (tmp_path / "out" / "reliability.json").read_bytes() == first


def test_long_csv_multi_label_and_missing(tmp_path):
    path = _write(tmp_path / "l.csv", "unit,coder,label\n1,a,econ\n1,a,law\n1,b,econ\n2,a,law\n2,b,law\n3,a,econ\n")
    coded = rel.read_long(path)
    report = rel.reliability_report(coded, n_boot=50)
    assert report["coding"] == "multi-label" and report["n_units"] == 3 and report["n_units_pairable"] == 2
    assert sorted(report["per_frame"]) == ["econ", "law"]


def test_long_csv_errors_name_the_row(tmp_path):
    path = _write(tmp_path / "bad.csv", "unit,coder,label\n1,a,econ\n1,b,\n2,a,x;y\n1,a,econ\n")
    with pytest.raises(rel.ReliabilityDataError) as err:
        rel.read_long(path)
    msg = str(err.value)
    assert "bad.csv row 3: blank label" in msg
    assert "bad.csv row 4: label 'x;y' contains ';'" in msg
    assert "bad.csv row 5: repeats an earlier row" in msg
    with pytest.raises(rel.ReliabilityDataError, match="missing column"):
        rel.read_long(_write(tmp_path / "cols.csv", "item,rater,code\n1,a,b\n"))


def test_cli_main_runs_reliability(tmp_path):
    cli = pytest.importorskip("framescope.commands.cli")
    code = cli.main(["--quiet", "reliability", "--long", str(_canonical_long(tmp_path)), "--n-boot", "50",
                     "--out", str(tmp_path / "o")])
    assert code == 0 and (tmp_path / "o" / "reliability.json").is_file()
    bad = _write(tmp_path / "bad.csv", "unit,coder\n1,a\n")
    assert cli.main(["--quiet", "reliability", "--long", str(bad), "--out", str(tmp_path / "o2")]) == 2

"""Corpus-level frame shares: the error corrections recover known truth where classify-and-count is biased."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy.stats import beta

from framescope.commands import cli
from framescope.base.io import read_table, write_table
from framescope.analysis.prevalence import frame_prevalence as _frame_prevalence
from framescope.analysis.prevalence import (
    NO_DATE,
    NO_OUTLET,
    ErrorRates,
    adjusted,
    article_counts,
    article_frames_counts,
    error_rates,
    estimate_group,
    read_article_frames_counts,
    time_groups,
)
from framescope.commands.prevalence import run

# The simulated classifier: a sentence that carries a frame gets a probability drawn from
# Beta(4, 2), one that does not from Beta(2, 5); it is predicted at probability >= 0.5.
POS, NEG, THRESHOLD = (4, 2), (2, 5), 0.5
TPR, FPR = float(beta.sf(THRESHOLD, *POS)), float(beta.sf(THRESHOLD, *NEG))  # 0.8125, 0.109
M_POS, M_NEG = POS[0] / sum(POS), NEG[0] / sum(NEG)  # 0.667, 0.286
EXACT = {"per_label": {f: {"tpr": TPR, "fpr": FPR, "mean_p_pos": M_POS, "mean_p_neg": M_NEG} for f in ("rare", "common")}}
# True shares by outlet: a rare and a common frame, differing between outlets.
# (CC's bias is FPR - (1 - TPR + FPR) * share: zero near a share of 0.37, so these stay clear of it.)
SHARES = {"Daily A": {"rare": 0.05, "common": 0.70}, "Weekly B": {"rare": 0.15, "common": 0.60}}


def frame_prevalence(*args, bootstrap=200, level=0.95, seed=0, time_unit="auto", **kwargs):
    """frame_prevalence with the default config's settings (the package has none of its own)."""
    return _frame_prevalence(*args, bootstrap=bootstrap, level=level, seed=seed, time_unit=time_unit, **kwargs)


def simulate(rng, n_articles: int, shares=SHARES, concentration: float = 5.0):
    """A corpus whose articles each draw their own frame share around their outlet's (so
    sentences of one article are correlated), classified by the simulated classifier.

    Returns sentence_frames, articles and the realised true shares {(outlet|"all", frame): share}.
    """
    outlets = sorted(shares)
    frames = sorted(next(iter(shares.values())))
    outlet_of = np.arange(n_articles) % len(outlets)
    n_sent = rng.integers(5, 21, size=n_articles)
    ids = np.array([f"a{i:05d}" for i in range(n_articles)], dtype=object)
    articles = pd.DataFrame({"article_id": ids, "outlet": np.array(outlets, dtype=object)[outlet_of],
                             "published": [f"2024-{1 + i % 6:02d}-15" for i in range(n_articles)]})
    article_of = np.repeat(np.arange(n_articles), n_sent)
    sent_id = np.arange(len(article_of)) - np.repeat(np.cumsum(n_sent) - n_sent, n_sent)
    rows, positives, sentences = [], {}, {}
    for frame in frames:
        p = np.array([shares[o][frame] for o in outlets])[outlet_of]
        article_share = rng.beta(p * concentration, (1 - p) * concentration)
        y = rng.random(len(article_of)) < article_share[article_of]
        prob = np.where(y, rng.beta(*POS, size=len(y)), rng.beta(*NEG, size=len(y)))
        rows.append(pd.DataFrame({"article_id": ids[article_of], "sent_id": sent_id, "frame": frame,
                                  "probability": prob, "predicted": prob >= THRESHOLD}))
        for k, outlet in enumerate(outlets):
            in_outlet = outlet_of[article_of] == k
            positives[(outlet, frame)] = int(y[in_outlet].sum())
            sentences[outlet] = int(in_outlet.sum())
        positives[("all", frame)] = int(y.sum())
        sentences["all"] = len(y)
    truth = {key: positives[key] / sentences[key[0]] for key in positives}
    return pd.concat(rows, ignore_index=True), pd.DataFrame(articles), truth


@pytest.fixture(scope="module")
def corpus():
    return simulate(np.random.default_rng(7), 3000)


def _est(table, group_type, group, frame, method, column="estimate"):
    row = table[(table["group_type"] == group_type) & (table["group"] == group) & (table["frame"] == frame)
                & (table["method"] == method)]
    assert len(row) == 1
    return float(row[column].iloc[0])


def test_corrections_recover_true_shares_where_classify_and_count_is_biased(corpus):
    sentence_frames, articles, truth = corpus
    table = frame_prevalence(sentence_frames, articles, EXACT, bootstrap=200, seed=0)
    errors = {m: [] for m in ("cc", "acc", "pcc", "pacc")}
    for (group, frame), true in truth.items():
        group_type = "corpus" if group == "all" else "outlet"
        for method in errors:
            errors[method].append(abs(_est(table, group_type, group, frame, method) - true))
    # classify-and-count is off by 5-20 points (rare frames up, common frames down) ...
    assert min(errors["cc"]) > 0.04 and max(errors["cc"]) > 0.08
    assert min(errors["pcc"]) > 0.04
    # ... the corrections land within about a point of the truth (sampling noise here is ~0.005).
    assert max(errors["acc"]) < 0.02
    assert max(errors["pacc"]) < 0.02
    # the bias has the predicted direction: rare frame overestimated, common underestimated
    assert _est(table, "outlet", "Daily A", "rare", "cc") > truth[("Daily A", "rare")]
    assert _est(table, "outlet", "Daily A", "common", "cc") < truth[("Daily A", "common")]


def test_intervals_cover_the_truth_at_about_their_level():
    rng = np.random.default_rng(11)
    shares = {"Only": {"rare": 0.08, "common": 0.5}}
    hits = {"cc": 0, "acc": 0, "pacc": 0}
    replications = 100
    for r in range(replications):
        sentence_frames, articles, _ = simulate(rng, 80, shares=shares)
        counts = article_counts(sentence_frames)
        rates = error_rates(EXACT)
        out = estimate_group(counts, np.arange(len(counts.article_ids)), rates, bootstrap=200, level=0.95, seed=r)
        for method in hits:
            row = out[(out["frame"] == "rare") & (out["method"] == method)].iloc[0]
            # the population share (what a fresh sample of articles would estimate)
            hits[method] += row["ci_low"] <= shares["Only"]["rare"] <= row["ci_high"]
    coverage = {m: h / replications for m, h in hits.items()}
    # nominal 0.95; a percentile interval over 80 articles runs a little under (0.93 in 300 runs)
    assert 0.85 <= coverage["acc"] <= 1.0, coverage
    assert 0.85 <= coverage["pacc"] <= 1.0, coverage
    assert coverage["cc"] < 0.2, coverage  # a tight interval around a biased estimate


def test_error_rates_from_a_validation_sample_widen_the_interval(corpus):
    sentence_frames, articles, truth = corpus
    rng = np.random.default_rng(3)
    # "cross-validation": 400 coded sentences with and 1,600 without the frame
    n_pos, n_neg = 400, 1600
    p_pos, p_neg = rng.beta(*POS, size=n_pos), rng.beta(*NEG, size=n_neg)
    metrics = {"n_train": n_pos + n_neg, "per_label": {f: {
        "tpr": float((p_pos >= THRESHOLD).mean()), "fpr": float((p_neg >= THRESHOLD).mean()),
        "mean_p_pos": float(p_pos.mean()), "mean_p_neg": float(p_neg.mean()), "support": n_pos}
        for f in ("rare", "common")}}
    rates = error_rates(metrics)
    assert rates["rare"].n_pos == 400 and rates["rare"].n_neg == 1600
    measured = frame_prevalence(sentence_frames, articles, metrics, bootstrap=300)
    exact = frame_prevalence(sentence_frames, articles, EXACT, bootstrap=300)
    for frame in ("rare", "common"):
        width = {name: _est(t, "corpus", "all", frame, "acc", "ci_high") - _est(t, "corpus", "all", frame, "acc", "ci_low")
                 for name, t in (("measured", measured), ("exact", exact))}
        assert width["measured"] > 1.5 * width["exact"]
        low, high = (_est(measured, "corpus", "all", frame, "acc", c) for c in ("ci_low", "ci_high"))
        assert low <= truth[("all", frame)] <= high
    assert "uncertainty of the error rates" in _est_note(exact, "acc")
    assert "uncertainty of the error rates" not in _est_note(measured, "acc")


def _est_note(table, method):
    return table[(table["group_type"] == "corpus") & (table["method"] == method)]["note"].iloc[0]


def test_deterministic_independent_of_row_order_and_other_groups(corpus, tmp_path):
    sentence_frames, articles, _ = corpus
    small = sentence_frames[sentence_frames["article_id"] < "a00300"]
    arts = articles[articles["article_id"] < "a00300"]
    a = frame_prevalence(small, arts, EXACT, bootstrap=100, seed=5)
    b = frame_prevalence(small.sample(frac=1, random_state=1), arts.sample(frac=1, random_state=2), EXACT,
                         bootstrap=100, seed=5)
    pd.testing.assert_frame_equal(a, b)
    write_table(a, tmp_path / "a.parquet", "frame_prevalence")
    write_table(b, tmp_path / "b.parquet", "frame_prevalence")
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()
    # another seed moves the intervals, not the estimates
    c = frame_prevalence(small, arts, EXACT, bootstrap=100, seed=6)
    assert np.allclose(a["estimate"], c["estimate"], equal_nan=True)
    assert not np.allclose(a["ci_low"], c["ci_low"], equal_nan=True)
    # adding an outlet leaves the other outlets' intervals where they were
    extra = arts.assign(outlet=np.where(arts["article_id"] < "a00010", "New Outlet", arts["outlet"]))
    d = frame_prevalence(small, extra, EXACT, bootstrap=100, seed=5)
    kept = (a["group_type"] == "month") | (a["group_type"] == "corpus")
    pd.testing.assert_frame_equal(a[kept].reset_index(drop=True),
                                  d[(d["group_type"] == "month") | (d["group_type"] == "corpus")].reset_index(drop=True))
    assert "New Outlet" in set(d["group"])


def test_missing_error_rates_give_nan_with_a_note_not_a_silent_cc(corpus):
    sentence_frames, articles, _ = corpus
    small = sentence_frames[sentence_frames["article_id"] < "a00040"]
    metrics = {"per_label": {"rare": EXACT["per_label"]["rare"], "common": {"tpr": None, "fpr": None}}}
    table = frame_prevalence(small, articles, metrics, bootstrap=50)
    common_acc = table[(table["frame"] == "common") & (table["method"].isin(["acc", "pacc"]))]
    assert common_acc["estimate"].isna().all() and common_acc["ci_low"].isna().all()
    assert common_acc["note"].str.contains("no cross-validated error rates").all()
    assert table[(table["frame"] == "rare") & (table["method"] == "acc")]["estimate"].notna().all()
    assert table[table["method"] == "cc"]["estimate"].notna().all()


def test_a_classifier_at_chance_gets_no_correction():
    assert np.isnan(adjusted(0.3, 0.52, 0.50))
    assert adjusted(0.02, 0.8, 0.1) == 0.0  # below the false-positive floor: clipped
    assert adjusted(0.95, 0.8, 0.1) == 1.0
    assert adjusted(0.45, 0.8, 0.1) == pytest.approx(0.5)


def test_groups_for_missing_outlet_and_date_and_time_units():
    sf = pd.DataFrame({"article_id": ["x", "y", "z"], "sent_id": [0, 0, 0], "frame": ["f"] * 3,
                       "probability": [0.9, 0.1, 0.8], "predicted": [True, False, True]})
    arts = pd.DataFrame({"article_id": ["x", "y", "z"], "outlet": ["A", None, " "],
                         "published": ["2024-03-02", None, "March 2024"]})
    table = frame_prevalence(sf, arts, {}, bootstrap=20, time_unit="month")
    groups = set(zip(table["group_type"], table["group"]))
    assert groups == {("corpus", "all"), ("outlet", "A"), ("outlet", NO_OUTLET), ("month", "2024-03"),
                      ("month", NO_DATE)}
    assert _est(table, "outlet", NO_OUTLET, "f", "cc") == 0.5
    assert table["note"].str.contains("only 1 article").any()
    # auto: months when they are well filled, years when sparse
    dense = pd.Series([f"2024-{m:02d}-01" for m in (1, 2)] * 30)
    assert time_groups(dense, "auto")[0] == "month"
    assert time_groups(dense[:10], "auto")[0] == "year"
    assert time_groups(dense[:10], "year")[1].tolist() == ["2024"] * 10


def test_inconsistent_tables_are_refused():
    sf = pd.DataFrame({"article_id": ["x", "x", "x"], "sent_id": [0, 1, 0], "frame": ["f", "f", "g"],
                       "probability": [0.9, 0.1, 0.8], "predicted": [True, False, True]})
    with pytest.raises(ValueError, match="article 'x' does not have one row per sentence for every frame"):
        article_counts(sf)
    lacking = pd.DataFrame({"article_id": ["x", "x", "y"], "sent_id": [0, 0, 0], "frame": ["f", "g", "f"],
                            "probability": [0.9, 0.8, 0.4], "predicted": [True, True, False]})
    with pytest.raises(ValueError, match="article 'y' does not have one row per sentence for every frame"):
        article_counts(lacking)  # y has no row at all for frame g
    ok = sf.iloc[[0, 2]]
    with pytest.raises(ValueError, match="not in articles .*'x'.*rerun"):
        frame_prevalence(ok, pd.DataFrame({"article_id": ["other"], "outlet": ["A"], "published": [None]}), {})


def test_command_writes_the_table(corpus, tmp_path):
    sentence_frames, articles, _ = corpus
    tables = tmp_path / "tables"
    small = sentence_frames[sentence_frames["article_id"] < "a00020"]
    write_table(small, tables / "sentence_frames.parquet", "sentence_frames")
    write_table(articles, tables / "articles.parquet")  # the command reads only id, outlet, published
    (tmp_path / "metrics.json").write_text(json.dumps(EXACT))
    out = tmp_path / "frame_prevalence.parquet"
    assert cli.main(["--quiet", "prevalence", "--tables", str(tables), "--metrics", str(tmp_path / "metrics.json"),
                     "--bootstrap", "50", "--level", "0.95", "--seed", "0", "--time-unit", "auto",
                     "--out", str(out)]) == 0
    table = read_table(out)
    assert list(table.columns[:9]) == ["group_type", "group", "frame", "method", "estimate", "ci_low", "ci_high",
                                       "n_articles", "n_sentences"]
    assert set(table["method"]) == {"cc", "acc", "pcc", "pacc"}
    assert _est(table, "corpus", "all", "rare", "cc") == pytest.approx(
        small.loc[small["frame"] == "rare", "predicted"].mean())
    assert isinstance(error_rates(EXACT)["rare"], ErrorRates)


def test_counts_outside_what_the_error_rates_allow_are_clipped_with_a_note():
    # 2 of 100 sentences predicted, but the classifier's false-positive rate is 0.1
    sf = pd.DataFrame({"article_id": np.repeat([f"x{i}" for i in range(10)], 10), "sent_id": np.tile(range(10), 10),
                       "frame": "f", "probability": 0.2, "predicted": [i % 50 == 0 for i in range(100)]})
    arts = pd.DataFrame({"article_id": [f"x{i}" for i in range(10)], "outlet": "A", "published": "2024-01-01"})
    metrics = {"per_label": {"f": {"tpr": 0.8, "fpr": 0.1, "mean_p_pos": 0.7, "mean_p_neg": 0.1}}}
    table = frame_prevalence(sf, arts, metrics, bootstrap=50)
    acc = table[(table["group_type"] == "corpus") & (table["method"] == "acc")].iloc[0]
    assert acc["estimate"] == 0.0
    assert "cc 0.020 is below the classifier's false-positive rate 0.100, so the estimate is clipped to 0" in acc["note"]
    pacc = table[(table["group_type"] == "corpus") & (table["method"] == "pacc")].iloc[0]
    assert pacc["estimate"] == pytest.approx(1 / 6) and "clipped" not in pacc["note"]


# --------------------------------------------------------------------------- sums from article_frames

# Probabilities whose float sum depends on the order of its terms: (0.1 + 0.2) + 0.3 != 0.1 + (0.2 + 0.3).
AWKWARD = [0.1, 0.2, 0.3, 1 / 3, 2 / 3, 0.7, 0.6, 1e-17, 0.9999999999999999, 5e-324]


def awkward_sentence_frames(n_articles: int = 40, seed: int = 11) -> pd.DataFrame:
    """A sentence_frames table of awkward floats, rows shuffled; ids "a10" sort before "a2"."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n_articles):
        for sent in range(int(rng.integers(1, 13))):
            for frame in ("rare", "common", "mid"):
                p = float(rng.choice(AWKWARD)) if rng.random() < 0.8 else float(rng.random())
                rows.append({"article_id": f"a{i}", "sent_id": sent, "frame": frame, "probability": p,
                             "predicted": p >= 0.5})
    return pd.DataFrame(rows).sample(frac=1, random_state=seed).reset_index(drop=True)


def assert_same_counts(a, b):
    assert a.frames == b.frames
    for field in ("article_ids", "n_sentences", "n_predicted", "sum_probability"):
        x, y = getattr(a, field), getattr(b, field)
        assert x.dtype.kind == y.dtype.kind and np.array_equal(x, y), field  # exact, not approximate


def test_sums_from_article_frames_are_those_from_sentence_frames_bit_for_bit():
    from functools import reduce
    from operator import add

    from framescope.frames.predict import article_frames

    sf = awkward_sentence_frames()
    # the fixture can catch a sum made in another order than (article, frame, sent_id)
    by_sentence = sf.sort_values(["article_id", "frame", "sent_id"]).groupby(["article_id", "frame"])["probability"]
    shuffled = sf.groupby(["article_id", "frame"])["probability"]
    assert (by_sentence.agg(lambda v: reduce(add, v)) != shuffled.agg(lambda v: reduce(add, v))).any()

    af = article_frames(sf, frames=["rare", "common", "mid"])
    expected = article_counts(sf)
    ordered = sf.sort_values(["article_id", "sent_id", "frame"], kind="stable")
    assert_same_counts(article_counts(ordered), expected)  # whatever order the rows come in
    assert_same_counts(article_frames_counts(article_frames(ordered)), expected)
    assert_same_counts(article_frames_counts(af), expected)
    assert_same_counts(article_frames_counts(af.sample(frac=1, random_state=2)), expected)  # unsorted input
    # and the sums the estimates rest on
    one = sf[(sf["article_id"] == "a7") & (sf["frame"] == "mid")]
    row = af[(af["article_id"] == "a7") & (af["frame"] == "mid")].iloc[0]
    assert row["article_sentences"] == len(one) and row["n_sentences"] == one["predicted"].sum()
    assert row["probability_sum"] == pytest.approx(one["probability"].sum(), rel=1e-12)


def test_shard_sums_put_together_equal_the_corpus_sums(tmp_path, monkeypatch):
    from framescope.frames.predict import article_frames
    from framescope.base.sharding import shard_of
    from framescope.base import io
    from framescope.commands import collect

    monkeypatch.setattr(io, "ARTICLES_PER_ROW_GROUP", 4)  # many row groups, read one at a time
    sf = awkward_sentence_frames(30, seed=5)
    shard = sf["article_id"].map(lambda a: shard_of(a, 3))
    paths = []
    for s in range(3):
        path = tmp_path / "frames" / f"{s:04d}" / "article_frames.parquet"
        path.parent.mkdir(parents=True)
        write_table(article_frames(sf[shard == s]), path, "article_frames")  # as the frames step does
        paths.append(path)
    collect._write(paths, tmp_path / "tables", "article_frames")
    assert_same_counts(read_article_frames_counts(tmp_path / "tables" / "article_frames.parquet"), article_counts(sf))


def test_incomplete_article_frames_are_refused():
    from framescope.frames.predict import article_frames

    af = article_frames(awkward_sentence_frames(5, seed=3))
    with pytest.raises(ValueError, match="article 'a2' has no row for frame"):
        article_frames_counts(af[~((af["article_id"] == "a2") & (af["frame"] == "mid"))])
    with pytest.raises(ValueError, match=r"article_frames has frame\(s\) \['mid'\] not among"):
        article_frames_counts(af, frames=["rare", "common"])
    uneven = af.copy()
    uneven.loc[(uneven["article_id"] == "a1") & (uneven["frame"] == "rare"), "article_sentences"] += 1
    with pytest.raises(ValueError, match="article 'a1' has different article_sentences"):
        article_frames_counts(uneven)
    with pytest.raises(ValueError, match="article 'a0' has more than one row for frame"):
        article_frames_counts(pd.concat([af, af.iloc[[0]]]))
    with pytest.raises(ValueError, match="lacks column.*probability_sum.*older framescope"):
        article_frames_counts(af.drop(columns="probability_sum"))


def test_command_reads_article_frames_or_falls_back_to_sentence_frames(tmp_path, caplog):
    import logging

    from framescope.frames.predict import article_frames

    sf = awkward_sentence_frames(25, seed=9)
    ids = sorted(set(sf["article_id"]))
    articles = pd.DataFrame({"article_id": ids, "outlet": ["A", "B"] * 12 + ["A"],
                             "published": [f"2024-0{1 + i % 3}-01" for i in range(len(ids))]})
    af = article_frames(sf)
    (tmp_path / "metrics.json").write_text(json.dumps({"per_label": {f: EXACT["per_label"]["rare"]
                                                                     for f in ("rare", "common", "mid")}}))
    outputs = {}
    for name, tables in {
        "article_frames": {"article_frames": af},  # no sentence_frames: it must not be needed
        "older": {"article_frames": af.drop(columns=["probability_sum", "article_sentences"]),
                  "sentence_frames": sf},
    }.items():
        folder = tmp_path / name
        for table, df in {**tables, "articles": articles}.items():
            write_table(df, folder / f"{table}.parquet")
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="framescope"):
            run(folder, tmp_path / "metrics.json", folder / "frame_prevalence.parquet", bootstrap=50,
                level=0.95, seed=0, time_unit="auto")
        outputs[name] = (folder / "frame_prevalence.parquet").read_bytes()
        fallback = [r for r in caplog.records if "summing" in r.getMessage()]
        if name == "older":
            assert len(fallback) == 1 and "lacks ['probability_sum', 'article_sentences']" in fallback[0].getMessage()
        else:
            assert not fallback
    assert outputs["article_frames"] == outputs["older"]


def test_degenerate_groups_give_rows_with_notes_not_errors():
    """An outlet with one article, a one-sentence and a 6,000-sentence article, placeholder dates, all on one day."""
    sizes = {"lonely": 1, "long": 6000, "a": 5, "b": 7, "placeholder": 4, "future": 3}
    ids = np.repeat(list(sizes), list(sizes.values()))
    sent = np.concatenate([np.arange(n) for n in sizes.values()])
    sf = pd.concat([pd.DataFrame({"article_id": ids, "sent_id": sent, "frame": f, "probability": p,
                                  "predicted": p >= 0.5})
                    for f, p in (("f", (sent % 3) / 2), ("g", 0.25))], ignore_index=True)
    arts = pd.DataFrame({"article_id": list(sizes), "outlet": ["Solo", "Big", "Big", "Big", "Big", None],
                         "published": ["2025-02-12", "2025-02-12", "2025-02-12", "2025-02-12", "0001-11-30",
                                       "2050-09-30"]})
    table = frame_prevalence(sf, arts, EXACT | {"per_label": {}}, bootstrap=30, time_unit="year")
    groups = set(zip(table["group_type"], table["group"]))
    assert groups == {("corpus", "all"), ("outlet", "Solo"), ("outlet", "Big"), ("outlet", NO_OUTLET),
                      ("year", "0001"), ("year", "2025"), ("year", "2050")}
    solo = table[(table["group"] == "Solo") & (table["method"] == "cc")].set_index("frame")
    assert solo.loc["f", "estimate"] == 0 and solo.loc["f", "ci_low"] == solo.loc["f", "ci_high"] == 0
    assert solo["note"].str.contains("only 1 article").all()
    assert table.loc[table["method"].isin(["acc", "pacc"]), "estimate"].isna().all()  # no error rates: a note
    # no dates at all: one "(no date)" group
    undated = frame_prevalence(sf, arts.assign(published=None), {}, bootstrap=10, time_unit="auto")
    assert set(undated.loc[undated["group_type"] == "year", "group"]) == {NO_DATE}

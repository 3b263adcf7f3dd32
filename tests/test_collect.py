"""Corpus tables put together from shard files in bounded memory: same rows, same bytes for any shard count."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framescope.base import io
from framescope.base.io import write_table
from framescope.analysis.prevalence import article_counts, read_article_counts
from framescope.base.sharding import shard_of
from framescope.commands import collect
from framescope.analysis.results import predicted_frames

FRAMES = ["economic", "morality", "security"]


def sentence_frames(n_articles: int, seed: int = 0) -> pd.DataFrame:
    """A long sentence_frames table: 1-6 sentences per article, every frame on every sentence."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n_articles):
        for sent in range(int(rng.integers(1, 7))):
            for frame in FRAMES:
                p = float(rng.random())
                rows.append({"article_id": f"art-{i:04d}", "sent_id": sent, "frame": frame, "probability": p,
                             "predicted": p >= 0.7})
    return pd.DataFrame(rows)


def write_shards(table: pd.DataFrame, folder, n_shards: int) -> list:
    """Split by the article id's shard, as the workflow does, and write each shard sorted (write_table)."""
    shard = table["article_id"].map(lambda a: shard_of(a, n_shards))
    paths = []
    for s in range(n_shards):
        path = folder / f"{s:04d}" / "sentence_frames.parquet"
        path.parent.mkdir(parents=True)
        write_table(table[shard == s], path, "sentence_frames")
        paths.append(path)
    return paths


@pytest.fixture
def small_groups(monkeypatch):
    monkeypatch.setattr(io, "ARTICLES_PER_ROW_GROUP", 4)


def test_merge_is_the_sorted_table_whatever_the_shard_count(tmp_path, small_groups):
    table = sentence_frames(30)
    outputs = []
    for n_shards in (1, 3, 7):
        paths = write_shards(table, tmp_path / f"in{n_shards}", n_shards)
        out = tmp_path / f"out{n_shards}"
        n = collect._write(paths, out, "sentence_frames")
        assert n == len(table)
        outputs.append((out / "sentence_frames.parquet").read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
    merged = pq.read_table(tmp_path / "out3" / "sentence_frames.parquet")
    expected = table.sort_values(["article_id", "sent_id", "frame"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(merged.to_pandas(), expected, check_dtype=False)
    file = pq.ParquetFile(tmp_path / "out3" / "sentence_frames.parquet")
    assert file.num_row_groups == 8  # 30 articles, 4 per row group
    for i in range(file.num_row_groups):  # every article whole in one row group
        ids = set(file.read_row_group(i, columns=["article_id"])["article_id"].to_pylist())
        assert len(ids) == 4 or i == 7


def test_merge_leaves_out_duplicates_anywhere_in_the_order(tmp_path, small_groups):
    table = sentence_frames(12)
    paths = write_shards(table, tmp_path / "in", 3)
    drop = {"art-0000", "art-0005", "art-0011"}  # first, middle and the very last article
    n = collect._write(paths, tmp_path / "out", "sentence_frames", drop_ids=drop)
    merged = pq.read_table(tmp_path / "out" / "sentence_frames.parquet").to_pandas()
    assert set(merged["article_id"]) == {f"art-{i:04d}" for i in range(12)} - drop
    assert n == len(merged) == (~table["article_id"].isin(drop)).sum()


def test_merge_refuses_an_unsorted_shard(tmp_path):
    table = sentence_frames(6)
    path = tmp_path / "0000" / "sentence_frames.parquet"
    path.parent.mkdir()
    table.iloc[::-1].to_parquet(path, index=False)  # written by hand, not by write_table
    with pytest.raises(ValueError, match="not sorted by article_id"):
        collect._write([path], tmp_path / "out", "sentence_frames")


def test_merge_of_empty_shards_keeps_the_columns(tmp_path):
    table = sentence_frames(3)
    paths = write_shards(table, tmp_path / "in", 2)
    empty = tmp_path / "empty" / "sentence_frames.parquet"
    empty.parent.mkdir()
    write_table(table.iloc[0:0], empty, "sentence_frames")
    assert collect._write([empty], tmp_path / "out0", "sentence_frames") == 0
    out = pq.read_table(tmp_path / "out0" / "sentence_frames.parquet")
    assert out.num_rows == 0 and out.column_names == list(table.columns)
    # an empty shard beside full ones (its columns may have no type): all rows, one schema
    assert collect._write([empty, *paths], tmp_path / "out1", "sentence_frames") == len(table)


def test_article_counts_read_by_row_group_equal_the_whole(tmp_path, small_groups):
    table = sentence_frames(25, seed=3)
    paths = write_shards(table, tmp_path / "in", 4)
    collect._write(paths, tmp_path / "out", "sentence_frames")
    streamed = read_article_counts(tmp_path / "out" / "sentence_frames.parquet")
    whole = article_counts(table)
    assert streamed.frames == whole.frames == FRAMES
    np.testing.assert_array_equal(streamed.article_ids, whole.article_ids)
    np.testing.assert_array_equal(streamed.n_sentences, whole.n_sentences)
    np.testing.assert_array_equal(streamed.n_predicted, whole.n_predicted)
    np.testing.assert_array_equal(streamed.sum_probability, whole.sum_probability)  # bit for bit


def test_article_counts_of_a_file_whose_row_groups_split_an_article(tmp_path):
    table = sentence_frames(5, seed=4).sort_values(["article_id", "sent_id", "frame"])
    path = tmp_path / "sentence_frames.parquet"
    table.to_parquet(path, index=False, row_group_size=4)  # 4 rows: every article split
    streamed = read_article_counts(path)
    whole = article_counts(table)
    np.testing.assert_array_equal(streamed.article_ids, whole.article_ids)
    np.testing.assert_array_equal(streamed.sum_probability, whole.sum_probability)


def test_predicted_frames_keep_every_frame_name(tmp_path, small_groups):
    table = sentence_frames(10, seed=5)
    table.loc[table["frame"] == "morality", "predicted"] = False  # never predicted, still a column
    paths = write_shards(table, tmp_path / "in", 2)
    collect._write(paths, tmp_path / "out", "sentence_frames")
    predicted, frames = predicted_frames(tmp_path / "out" / "sentence_frames.parquet")
    assert frames == FRAMES
    assert len(predicted) == table["predicted"].sum() and predicted["predicted"].all()


def test_results_reads_a_few_articles_of_a_large_table(tmp_path, small_groups):
    from framescope import load_results

    table = sentence_frames(20, seed=6)
    collect._write(write_shards(table, tmp_path / "in", 3), tmp_path / "results" / "tables", "sentence_frames")
    results = load_results(tmp_path / "results")
    part = results.table("sentence_frames", articles=["art-0003", "art-0017"])
    expected = table[table["article_id"].isin(["art-0003", "art-0017"])]
    assert len(part) == len(expected) and set(part["article_id"]) == {"art-0003", "art-0017"}
    assert list(results.table("sentence_frames", columns=["article_id", "frame"]).columns) == ["article_id", "frame"]
    assert len(results.table("sentence_frames", articles="art-0005")) == (table["article_id"] == "art-0005").sum()
    assert results.predicted_frames()["predicted"].all()
    assert len(results.predicted_frames()) == table["predicted"].sum()
    whole = results.sentence_frames
    assert len(whole) == len(table) and results.table("sentence_frames") is whole  # the whole table is kept
    with pytest.raises(FileNotFoundError, match="does not exist"):
        results.table("no_such_table", articles=["x"])


@given(st.lists(st.tuples(st.sampled_from(["b", "a", "ab", "é", "", None]), st.integers(-2, 2) | st.none(),
                          st.sampled_from(["x", "y", None]), st.floats(allow_nan=True)), max_size=40))
@settings(max_examples=200, deadline=None)
def test_sort_arrow_is_arrows_sort_by(rows):
    import pyarrow as pa

    from framescope.base.io import sort_arrow

    table = pa.table({"a": pa.array([r[0] for r in rows], pa.string()),
                      "n": pa.array([r[1] for r in rows], pa.int64()),
                      "f": pa.array([r[2] for r in rows], pa.large_string()),
                      "v": pa.array([r[3] for r in rows], pa.float64()),
                      "row": pa.array(range(len(rows)), pa.int64())})
    for keys in (["a"], ["a", "n"], ["f", "a", "n"], ["n", "v", "f"]):
        # the row numbers say the order (Table.equals would fail on NaN)
        assert sort_arrow(table, keys)["row"] == table.sort_by([(k, "ascending") for k in keys])["row"]


def _old_merge(paths, keys):
    """What the merge must equal: every shard's rows at once, stably sorted by the keys."""
    import pyarrow as pa

    table = pa.concat_tables([pq.read_table(p) for p in paths], promote_options="permissive")
    return table.sort_by([(k, "ascending") for k in keys])


def test_merge_sorts_shards_whose_rows_are_out_of_key_order_within_an_article(tmp_path, small_groups):
    table = sentence_frames(14, seed=7)
    paths = write_shards(table, tmp_path / "in", 3)
    # one shard by hand: articles in order, but each article's sentences reversed
    hand = pq.read_table(paths[1]).to_pandas().sort_values(["article_id", "sent_id"], ascending=[True, False])
    hand.to_parquet(paths[1], index=False)
    collect._write(paths, tmp_path / "out", "sentence_frames")
    merged = pq.read_table(tmp_path / "out" / "sentence_frames.parquet")
    expected = table.sort_values(["article_id", "sent_id", "frame"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(merged.to_pandas(), expected, check_dtype=False)


def test_merge_of_an_article_found_in_two_shards_is_the_sorted_whole(tmp_path, small_groups):
    table = sentence_frames(9, seed=8)
    first, second = tmp_path / "a.parquet", tmp_path / "b.parquet"
    write_table(table[table["article_id"] <= "art-0004"], first, "sentence_frames")
    # art-0004 again in the second file, with other probabilities: rows tied on every key
    again = table[table["article_id"] >= "art-0004"].copy()
    again.loc[again["article_id"] == "art-0004", "probability"] = -1.0
    write_table(again, second, "sentence_frames")
    collect._write([first, second], tmp_path / "out", "sentence_frames")
    merged = pq.read_table(tmp_path / "out" / "sentence_frames.parquet")
    assert merged.equals(_old_merge([first, second], ["article_id", "sent_id", "frame"]).cast(merged.schema))


def test_run_rows_lays_runs_end_to_end():
    np.testing.assert_array_equal(collect._run_rows([5, 0, 9], [3, 2, 0]), [5, 6, 7, 0, 1])
    assert len(collect._run_rows([], [])) == 0


@given(st.lists(st.tuples(st.sampled_from(["b", "a", "ab", "é", "", None]), st.integers(-2, 2),
                          st.floats(-1, 1) | st.just(float("nan")) | st.none()), max_size=30),
       st.booleans())
@settings(max_examples=200, deadline=None)
def test_key_order_check_agrees_with_sorting(rows, dictionary):
    import pyarrow as pa

    table = pa.table({"s": pa.array([r[0] for r in rows], pa.large_string()),
                      "n": pa.array([r[1] for r in rows], pa.int64()),
                      "v": pa.array([r[2] for r in rows], pa.float64())})
    for ordered in (table, table.sort_by([("s", "ascending"), ("n", "ascending")])):
        s = ordered["s"].dictionary_encode() if dictionary else ordered["s"]
        codes = [collect._key_codes(s if dictionary else s.dictionary_encode()), collect._key_codes(ordered["n"])]
        by_sort = ordered.sort_by([("s", "ascending"), ("n", "ascending")])
        assert collect._is_sorted(codes) == (by_sort.select(["s", "n"]) == ordered.select(["s", "n"]))
        v = collect._key_codes(ordered["v"])
        has_gap = ordered["v"].null_count > 0 or any(x != x for x in ordered["v"].to_pylist() if x is not None)
        assert (v is None) == has_gap


def test_write_by_article_lays_out_row_groups_as_collect_does(tmp_path, small_groups):
    from framescope.base.io import write_by_article

    table = sentence_frames(30, seed=9)
    collect._write(write_shards(table, tmp_path / "in", 3), tmp_path / "out", "sentence_frames")
    collected = tmp_path / "out" / "sentence_frames.parquet"
    write_by_article(pq.read_table(collected), tmp_path / "again.parquet")
    assert (tmp_path / "again.parquet").read_bytes() == collected.read_bytes()
    write_table(table, tmp_path / "by_article.parquet", "sentence_frames", by_article=True)
    file = pq.ParquetFile(tmp_path / "by_article.parquet")
    assert file.num_row_groups == 8 and file.metadata.row_group(0).column(0).statistics.has_min_max
    assert file.read().to_pandas().equals(pd.read_parquet(collected))
    write_table(table.iloc[0:0], tmp_path / "empty.parquet", "sentence_frames", by_article=True)
    assert pq.read_table(tmp_path / "empty.parquet").num_rows == 0

"""Figures: files written, fonts embedded, pixels at 300 dpi, bytes stable across processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from PIL import Image

from framescope.analysis.figure_tables import (
    UNATTRIBUTED,
    actor_frame_table,
    choose_time_unit,
    corpus_frame_estimates,
    frame_share_ci,
    primary_frames,
    voice_shares,
)
from framescope.figures import evaluation, files
from framescope.figures.actors import actors_overview, share_of_voice
from framescope.figures.evaluation import calibration_figure, classifier_scores, confusion_figure, learning_curve_figure
from framescope.figures.frames import actor_frames, frame_composition, frames_by_outlet, frames_over_time
from framescope.figures.style import DOUBLE_COLUMN, SINGLE_COLUMN, NothingToDraw, new_figure
from framescope.figures.tone import sentiment_arc

FRAMES = ["security_defense", "political", "economic", "morality", "public_opinion"]
LABELS = {"security_defense": "Security and defense", "political": "Political", "economic": "Economic"}
ACTORS = [
    ("Pete Hegseth", "person"),
    ("Donald Trump", "person"),
    ("Vladimir Putin", "person"),
    ("Volodymyr Zelenskyy", "person"),
    ("NATO", "organization"),
    ("Kremlin", "organization"),
    ("Ukraine", "place"),
]


OUTLETS = ["The Washington Times", "Reuters", "The Guardian", "Le Monde", "Die Zeit"]


def make_tables(n_articles: int = 3, n_sentences: int = 12, seed: int = 7, n_outlets: int = 1,
                months: int = 0) -> dict[str, pd.DataFrame]:
    """Small tables in the framescope.base.tables contracts, as the stages would write them."""
    rng = np.random.default_rng(seed)
    articles, sentences, sentiment, sentence_frames, article_frames = [], [], [], [], []
    mentions, quotes, actor_sentiment = [], [], []
    for a in range(n_articles):
        aid = f"wt-2025-02-{a:03d}"
        articles.append(
            {
                "article_id": aid,
                "title": f"Hegseth tells NATO allies Europe must shoulder Ukraine's defense, part {a}",
                "published": f"2024-{1 + a % months:02d}-{1 + a % 27:02d}" if months else f"2025-02-{1 + a % 28:02d}",
                "outlet": OUTLETS[a % n_outlets],
            }
        )
        primary_counts = dict.fromkeys(FRAMES, 0)
        for s in range(n_sentences):
            section = None if s < n_sentences // 2 else "Hegseth in Brussels"
            sentences.append({"article_id": aid, "sent_id": s, "paragraph": s // 3, "section": section, "text": "..."})
            tone = float(np.clip(rng.normal(-0.2, 0.4), -1, 1))
            sentiment.append(
                {
                    "article_id": aid,
                    "sent_id": s,
                    "vader_compound": float(np.clip(tone + rng.normal(0, 0.2), -1, 1)),
                    "tone": tone,
                }
            )
            probs = rng.dirichlet(np.ones(len(FRAMES)))
            predicted = probs >= 0.3
            if s == 1:
                predicted[:] = False  # a sentence with no frame
            for frame, p, pred in zip(FRAMES, probs, predicted):
                sentence_frames.append(
                    {"article_id": aid, "sent_id": s, "frame": frame, "probability": float(p), "predicted": bool(pred)}
                )
            if predicted.any():
                primary_counts[FRAMES[int(np.argmax(np.where(predicted, probs, -1)))]] += 1
        top = max(primary_counts.values())
        for frame in FRAMES:
            article_frames.append(
                {
                    "article_id": aid,
                    "frame": frame,
                    "share": primary_counts[frame] / n_sentences,
                    "n_sentences": primary_counts[frame],
                    "is_primary": primary_counts[frame] == top,
                }
            )
        for actor, kind in ACTORS[: 4 + a % 4]:
            n = 1 + (len(actor) + a) % 4
            for _ in range(n):
                mentions.append(
                    {"article_id": aid, "mention_id": len(mentions), "sent_id": 0, "actor": actor, "actor_type": kind}
                )
            actor_sentiment.append(
                {
                    "article_id": aid,
                    "actor": actor,
                    "actor_type": kind,
                    "n_sentences": n,
                    "tone_about": float(np.clip(rng.normal(-0.1, 0.4), -1, 1)),
                }
            )
            if kind == "person":
                quotes.append(
                    {"article_id": aid, "quote_id": len(quotes), "sent_id": 2, "speaker": actor, "n_words": 5 + n * 3}
                )
    return {
        "articles": pd.DataFrame(articles),
        "sentences": pd.DataFrame(sentences),
        "sentence_sentiment": pd.DataFrame(sentiment),
        "sentence_frames": pd.DataFrame(sentence_frames),
        "article_frames": pd.DataFrame(article_frames),
        "mentions": pd.DataFrame(mentions),
        "quotes": pd.DataFrame(quotes),
        "actor_sentiment": pd.DataFrame(actor_sentiment),
    }


def make_voices(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """A voices table (framescope.base.tables contract) from the synthetic quotes, plus unattributed quotes."""
    q = t["quotes"]
    v = q.groupby(["article_id", "speaker"]).agg(n_quotes=("quote_id", "size"), n_words=("n_words", "sum")).reset_index()
    v["speaker_type"] = "person"
    v["group"] = v["speaker"].map({"Pete Hegseth": "US government", "Donald Trump": "US government"})
    extra = pd.DataFrame({"article_id": v["article_id"].unique(), "speaker": None, "n_quotes": 1, "n_words": 10,
                          "speaker_type": None, "group": None})
    v = pd.concat([v, extra], ignore_index=True)
    v["share_words"] = v["n_words"] / v.groupby("article_id")["n_words"].transform("sum")
    return v


def make_metrics() -> dict:
    frames = FRAMES
    matrix = (np.eye(len(frames)) * 40 + np.arange(len(frames) ** 2).reshape(len(frames), -1) % 3).astype(int)
    return {
        "macro_f1": 0.61,
        "per_label": {f: {"precision": 0.5 + i / 20, "recall": 0.6 - i / 30, "f1": 0.55 + i / 40, "support": 40 + i}
                      for i, f in enumerate(frames)},
        "confusion": {"labels": frames, "matrix": matrix.tolist()},
        "calibration": {"bin_mean_predicted": [0.05, 0.3, 0.6, 0.9], "fraction_positive": [0.04, 0.25, 0.65, 0.85],
                        "count": [900, 120, 60, 30], "ece": 0.03},
        "learning_curve": [{"n_train": n, "macro_f1": 0.3 + n / 4000} for n in (200, 400, 800)],
    }


def render_all(out: Path) -> list[Path]:
    """Every figure kind once; also run in subprocesses by the determinism test."""
    t = make_tables()
    one = t["article_frames"][t["article_frames"]["article_id"] == "wt-2025-02-000"]
    many = make_tables(n_articles=12, n_sentences=4, n_outlets=3, months=3)
    metrics = make_metrics()
    return [
        *frame_composition(t["article_frames"], t["articles"], out / "frames", labels=LABELS),
        *frame_composition(one, t["articles"], out / "frames_one", labels=LABELS),
        *sentiment_arc(
            t["sentences"], t["sentence_sentiment"], t["sentence_frames"], "wt-2025-02-000", out / "arc", labels=LABELS
        ),
        *actors_overview(t["actor_sentiment"], t["mentions"], t["quotes"], out / "actors"),
        *actor_frames(t["mentions"], t["sentence_frames"], out / "actor_frames", labels=LABELS),
        *share_of_voice(make_voices(t), out / "voices"),
        *frames_by_outlet(many["article_frames"], many["articles"], out / "outlets", labels=LABELS),
        *frames_over_time(many["article_frames"], many["articles"], out / "time", labels=LABELS),
        *classifier_scores(metrics, out / "scores", labels=LABELS),
        *confusion_figure(metrics, out / "confusion", labels=LABELS),
        *calibration_figure(metrics, out / "calibration"),
        *learning_curve_figure(metrics, out / "learning"),
    ]


STEMS = {"frames", "frames_one", "arc", "actors", "actor_frames", "voices", "outlets", "time", "scores", "confusion",
         "calibration", "learning"}


RENDER_SCRIPT = textwrap.dedent(
    f"""
    import sys, importlib.util
    from pathlib import Path
    import matplotlib as mpl
    before = dict(mpl.rcParams)
    import framescope.figures.actors, framescope.figures.evaluation, framescope.figures.frames, framescope.figures.tone
    assert dict(mpl.rcParams) == before, "importing framescope.figures changed rcParams"
    spec = importlib.util.spec_from_file_location("figure_tests", {str(Path(__file__))!r})
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    paths = module.render_all(Path(sys.argv[1]))
    Path(sys.argv[1], "order.txt").write_text("\\n".join(p.name for p in paths))
    assert dict(mpl.rcParams) == before, "drawing changed rcParams"
    """
)


@pytest.fixture(scope="module")
def two_renders(tmp_path_factory) -> list[Path]:
    """Every figure drawn in two fresh processes at once, with different hash seeds."""
    runs = []
    for seed in ("1", "2"):
        out = tmp_path_factory.mktemp(f"render{seed}")
        env = {**os.environ, "PYTHONHASHSEED": seed, "MPLBACKEND": "agg"}
        runs.append((out, subprocess.Popen([sys.executable, "-c", RENDER_SCRIPT, str(out)], env=env,
                                           stderr=subprocess.PIPE)))
    for out, proc in runs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    return [out for out, _ in runs]


@pytest.fixture(scope="module")
def rendered(two_renders) -> list[Path]:
    out = two_renders[0]
    return [out / name for name in (out / "order.txt").read_text().split("\n")]


def test_every_figure_writes_pdf_svg_png_and_its_data(rendered):
    assert len(rendered) == 4 * len(STEMS)
    stems = {p.with_suffix("").name for p in rendered}
    assert stems == STEMS
    for path in rendered:
        assert path.exists() and path.stat().st_size > (1000 if path.suffix != ".csv" else 20), path
    assert [p.suffix for p in rendered[:4]] == [".pdf", ".svg", ".png", ".csv"]
    data = pd.read_csv(rendered[3])
    assert set(data["scope"]) == {"corpus", "article"} and data["mean"].notna().all()
    # Temporary files were all moved into place.
    assert not [p for p in rendered[0].parent.iterdir() if p.name.endswith(".tmp")]


def test_png_is_300_dpi_at_the_column_width(rendered):
    for path in (p for p in rendered if p.suffix == ".png"):
        with Image.open(path) as image:
            dpi = image.info["dpi"]
            width = image.size[0]
        assert dpi == pytest.approx((300, 300), abs=0.01), path
    with Image.open(rendered[2]) as image:  # frames: double column
        assert image.size[0] == round(DOUBLE_COLUMN * 300)
    with Image.open(rendered[6]) as image:  # frames_one: single column
        assert image.size[0] == round(SINGLE_COLUMN * 300)


def test_pdf_embeds_truetype_not_type3(rendered, tmp_path):
    for path in (p for p in rendered if p.suffix == ".pdf"):
        blob = path.read_bytes()
        assert b"/Subtype /Type3" not in blob, path
        assert b"/FontFile2" in blob, path
        assert b"/CreationDate" not in blob and b"/ModDate" not in blob
    # The grep would see Type 3 fonts: the same figure with fonttype 3 has them.
    fig = new_figure(2, 1)
    fig.text(0.1, 0.5, "Pete Hegseth")
    with mpl.rc_context({"pdf.fonttype": 3}):
        fig.savefig(tmp_path / "type3.pdf", format="pdf")
    assert b"/Subtype /Type3" in (tmp_path / "type3.pdf").read_bytes()


def test_labels_and_codebook_ids_reach_the_figure(rendered):
    svg = next(p for p in rendered if p.name == "frames.svg").read_text()
    assert "<!-- Security and defense -->" in svg
    assert "<!-- Morality -->" in svg  # no label given: the id made readable
    actors = next(p for p in rendered if p.name == "actors.svg").read_text()
    assert "<!-- Pete Hegseth -->" in actors
    arc = next(p for p in rendered if p.name == "arc.svg").read_text()
    assert "Hegseth in Brussels" in arc


def test_rebuild_in_fresh_processes_is_byte_identical(two_renders):
    first, second = (sorted(p for p in out.iterdir() if p.name != "order.txt") for out in two_renders)
    assert [p.name for p in first] == [p.name for p in second] and len(first) == 4 * len(STEMS)
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), f"{a.name} differs between processes"


def test_row_order_of_the_input_does_not_change_the_figure(tmp_path):
    t = make_tables()
    shuffled = t["article_frames"].sample(frac=1, random_state=3)
    a = frame_composition(t["article_frames"], t["articles"], tmp_path / "a")
    b = frame_composition(shuffled, t["articles"].iloc[::-1], tmp_path / "b")
    for pa, pb in zip(a, b):
        assert pa.read_bytes() == pb.read_bytes(), pa.suffix


def test_many_articles_show_the_corpus_mean_only(tmp_path):
    t = make_tables(n_articles=45, n_sentences=4)
    paths = frame_composition(t["article_frames"], t["articles"], tmp_path / "corpus.v1", order=["morality"])
    assert [p.name for p in paths] == ["corpus.v1.pdf", "corpus.v1.svg", "corpus.v1.png", "corpus.v1.csv"]  # dots kept
    svg = paths[1].read_text()
    assert "Hegseth tells NATO" not in svg  # no per-article bars
    assert "45 articles" in svg
    with Image.open(paths[2]) as image:
        assert image.size[0] == round(SINGLE_COLUMN * 300)


def test_frame_share_ci_is_fixed_and_brackets_the_mean():
    t = make_tables(n_articles=6)
    first = frame_share_ci(t["article_frames"])
    again = frame_share_ci(t["article_frames"].iloc[::-1])
    pd.testing.assert_frame_equal(first, again)
    assert (first["ci_low"] <= first["mean"] + 1e-12).all() and (first["mean"] <= first["ci_high"] + 1e-12).all()
    assert (first["n_articles"] == 6).all()
    one = frame_share_ci(t["article_frames"].head(len(FRAMES)))
    assert one["ci_low"].isna().all()


def test_primary_frame_is_the_most_probable_predicted_one():
    rows = pd.DataFrame(
        {
            "article_id": ["a"] * 6,
            "sent_id": [0, 0, 0, 1, 1, 2],
            "frame": ["economic", "political", "security_defense", "economic", "political", "economic"],
            "probability": [0.9, 0.6, 0.7, 0.4, 0.4, 0.8],
            "predicted": [False, True, True, True, True, False],
        }
    )
    primary = primary_frames(rows)
    assert primary.to_dict("records") == [
        {"article_id": "a", "sent_id": 0, "frame": "security_defense"},  # 0.9 was not predicted
        {"article_id": "a", "sent_id": 1, "frame": "economic"},  # tie: smaller id
    ]  # sentence 2 has no predicted frame


def test_nothing_to_draw_on_empty_input(tmp_path):
    t = make_tables(n_articles=1)
    empty_frames = t["article_frames"].iloc[0:0]
    with pytest.raises(NothingToDraw, match="empty"):
        frame_composition(empty_frames, t["articles"], tmp_path / "f")
    with pytest.raises(NothingToDraw, match="0"):
        frame_composition(t["article_frames"].assign(share=0.0), t["articles"], tmp_path / "f")
    with pytest.raises(NothingToDraw, match="no-such-article"):
        sentiment_arc(
            t["sentences"], t["sentence_sentiment"], t["sentence_frames"], "no-such-article", tmp_path / "s"
        )
    with pytest.raises(NothingToDraw, match="actor"):
        actors_overview(t["actor_sentiment"], t["mentions"].iloc[0:0], t["quotes"], tmp_path / "a")
    with pytest.raises(NothingToDraw) as caught:
        actors_overview(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), tmp_path / "a")
    assert caught.value.reason
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_sparse_inputs_still_draw(tmp_path):
    """An article without sections or frames, actors without quotes or tone."""
    t = make_tables(n_articles=1, n_sentences=3)
    paths = sentiment_arc(
        t["sentences"].assign(section=None),
        t["sentence_sentiment"],
        t["sentence_frames"].iloc[0:0],
        "wt-2025-02-000",
        tmp_path / "arc",
    )
    assert all(p.exists() for p in paths)
    paths = actors_overview(pd.DataFrame(), t["mentions"].head(1), pd.DataFrame(), tmp_path / "actors", top=3)
    assert all(p.exists() for p in paths)


# ---------------------------------------------------------------------------
# the figures that grow with frames, actors, outlets and dates


def _prevalence(t: dict[str, pd.DataFrame], group_types=("corpus", "outlet")) -> pd.DataFrame:
    """A frame_prevalence table in its contract: two methods, fixed numbers, a wide and a tight interval."""
    rows = []
    groups = {"corpus": ["all"], "outlet": sorted(set(t["articles"]["outlet"])), "month": ["2024-01", "2024-02",
                                                                                           "2024-03"]}
    for group_type in group_types:
        for g_i, group in enumerate(groups[group_type]):
            for f_i, frame in enumerate(FRAMES):
                for method, shift in (("cc", 0.05), ("pcc", 0.0)):
                    estimate = 0.1 + 0.05 * f_i + shift + (0.2 if (group_type == "outlet" and g_i == 0 and f_i == 0)
                                                          else 0.0)
                    half = 0.01 if group_type != "corpus" else 0.02
                    rows.append({"group_type": group_type, "group": group, "frame": frame, "method": method,
                                 "estimate": estimate, "ci_low": estimate - half, "ci_high": estimate + half,
                                 "n_articles": 4, "n_sentences": 16, "note": ""})
    return pd.DataFrame(rows)


def test_corpus_estimates_come_from_frame_prevalence_when_given(tmp_path):
    t = make_tables(n_articles=4, n_outlets=2)
    prevalence = _prevalence(t)
    est = corpus_frame_estimates(t["article_frames"], prevalence, method="pcc").set_index("frame")
    assert est.loc["security_defense", "mean"] == pytest.approx(0.1)
    assert est.loc["security_defense", "ci_low"] == pytest.approx(0.08)
    assert set(est["source"]) == {"frame_prevalence (pcc)"}
    # no method named: the first in sorted order, never the row order
    first = corpus_frame_estimates(t["article_frames"], prevalence.iloc[::-1])
    assert set(first["source"]) == {"frame_prevalence (cc)"}
    with pytest.raises(ValueError, match="pacc"):
        corpus_frame_estimates(t["article_frames"], prevalence, method="pacc")
    # without the table: the bootstrap over articles
    assert set(corpus_frame_estimates(t["article_frames"])["source"]) == {"bootstrap over articles"}
    paths = frame_composition(t["article_frames"], t["articles"], tmp_path / "c", prevalence=prevalence,
                              method="pcc")
    data = pd.read_csv(paths[-1])
    assert set(data.loc[data["scope"] == "corpus", "source"]) == {"frame_prevalence (pcc)"}
    assert "probabilistic" not in paths[1].read_text()  # the method id is named, the axis stays short
    assert "pcc" in paths[1].read_text()


def test_frames_by_outlet_pools_small_outlets_and_needs_two(tmp_path):
    t = make_tables(n_articles=10, n_sentences=3, n_outlets=5)
    paths = frames_by_outlet(t["article_frames"], t["articles"], tmp_path / "o", top=2)
    data = pd.read_csv(paths[-1])
    assert set(data["outlet"]) == {"All articles", "Die Zeit", "Le Monde", "3 other outlets"}
    assert data.groupby("outlet")["n_articles"].first().to_dict() == {"All articles": 10, "Die Zeit": 2,
                                                                      "Le Monde": 2, "3 other outlets": 6}
    # a row is the mean of its articles' shares
    shares = t["article_frames"].merge(t["articles"][["article_id", "outlet"]], on="article_id")
    expected = shares[shares["outlet"] == "Le Monde"].groupby("frame")["share"].mean()
    got = data[data["outlet"] == "Le Monde"].set_index("frame")["estimate"]
    pd.testing.assert_series_equal(got.sort_index(), expected.sort_index(), check_names=False, atol=1e-6)
    one = make_tables(n_articles=3, n_outlets=1)
    with pytest.raises(NothingToDraw, match="one outlet only \\(The Washington Times"):
        frames_by_outlet(one["article_frames"], one["articles"], tmp_path / "x")
    with pytest.raises(NothingToDraw, match="names its outlet"):
        frames_by_outlet(one["article_frames"], one["articles"].assign(outlet=None), tmp_path / "x")


def test_frames_by_outlet_with_prevalence_outlines_cells_outside_the_corpus_interval(tmp_path):
    t = make_tables(n_articles=6, n_sentences=3, n_outlets=3)
    prevalence = _prevalence(t)
    paths = frames_by_outlet(t["article_frames"], t["articles"], tmp_path / "o", prevalence=prevalence,
                             method="pcc", labels=LABELS)
    data = pd.read_csv(paths[-1])
    assert set(data["source"]) == {"frame_prevalence (pcc)"}
    first = sorted(set(t["articles"]["outlet"]))[0]
    row = data[(data["outlet"] == first) & (data["frame"] == "security_defense")].iloc[0]
    assert row["estimate"] == pytest.approx(0.3)
    assert "Outlined: 95% CI excludes the corpus value." in paths[1].read_text()


def test_time_unit_fits_the_span():
    days = pd.Series(["2024-01-01", "2024-01-20"])
    assert choose_time_unit(days) == "day"
    assert choose_time_unit(pd.Series(["2024-01-01", "2024-06-20"])) == "week"
    assert choose_time_unit(pd.Series(["2020-01-01", "2021-12-20"])) == "month"
    assert choose_time_unit(pd.Series(["2012-01-01", "2020-12-20"])) == "year"


def test_frames_over_time_by_month_and_why_not(tmp_path):
    t = make_tables(n_articles=12, n_sentences=3, months=3)
    paths = frames_over_time(t["article_frames"], t["articles"], tmp_path / "t", unit="month")
    data = pd.read_csv(paths[-1])
    assert sorted(set(data["period"])) == ["2024-01", "2024-02", "2024-03"]
    assert set(data["unit"]) == {"month"} and data["plotted"].all()
    assert (data.groupby("period")["n_articles"].first() == 4).all()
    # with frame_prevalence: its months, its intervals
    prevalence = _prevalence(t, ("corpus", "month"))
    paths = frames_over_time(t["article_frames"], t["articles"], tmp_path / "p", prevalence=prevalence,
                             method="cc")
    data = pd.read_csv(paths[-1])
    assert set(data["source"]) == {"frame_prevalence (cc)"} and len(data) == 3 * len(FRAMES)
    one_day = make_tables(n_articles=3).get("articles").assign(published="2025-02-12")
    with pytest.raises(NothingToDraw, match="one publication date only \\(2025-02-12, 3 dated articles\\)"):
        frames_over_time(t["article_frames"].head(3 * len(FRAMES)), one_day, tmp_path / "x")
    sparse = make_tables(n_articles=4, n_sentences=3, months=2)  # 2 articles a month
    with pytest.raises(NothingToDraw, match="at least 3 articles"):
        frames_over_time(sparse["article_frames"], sparse["articles"], tmp_path / "x", unit="month")
    with pytest.raises(NothingToDraw, match="publication date"):
        frames_over_time(t["article_frames"], t["articles"].assign(published=None), tmp_path / "x")


def test_frames_over_time_leaves_out_dates_no_time_axis_can_show(tmp_path):
    """Placeholder dates (0001-11-30) once crashed the figure: matplotlib's dates end at year 1 and 9999."""
    t = make_tables(n_articles=12, n_sentences=3, months=3)
    articles = t["articles"].copy()
    articles.loc[[0, 1, 2], "published"] = ["0001-11-30", "9999-12-31", "2050-09-30"]
    paths = frames_over_time(t["article_frames"], articles, tmp_path / "t", unit="month")
    data = pd.read_csv(paths[-1])
    assert not data["period"].str.startswith(("0001", "9999")).any()
    assert "2050-09" in set(data["period"])  # far, but on the axis: drawn
    assert paths.notes[-1] == ("2 articles dated outside 1678-2261, which a time axis cannot show "
                               "(0001-11-30, 9999-12-31): left out.")
    assert "2 articles dated outside 1678-2261 left out." in paths[1].read_text()
    # frame_prevalence with a "0001" year: that period is left off the axis
    rows = [{"group_type": "year", "group": g, "frame": f, "method": "cc", "estimate": 0.2, "ci_low": 0.1,
             "ci_high": 0.3, "n_articles": 4, "n_sentences": 9, "note": ""}
            for g in ("0001", "2024", "2025", "(no date)") for f in FRAMES]
    paths = frames_over_time(t["article_frames"], articles, tmp_path / "p", prevalence=pd.DataFrame(rows),
                             method="cc")
    assert sorted(set(pd.read_csv(paths[-1])["period"].astype(str))) == ["2024", "2025"]
    # only such dates: not drawn, and why
    with pytest.raises(NothingToDraw, match="none of the 12 articles has a publication date a time axis can show "
                                            "\\(12 dated outside 1678-2261: 0001-11-30\\)"):
        frames_over_time(t["article_frames"], articles.assign(published="0001-11-30"), tmp_path / "x")


def test_about_json_says_what_a_drawn_figure_left_out(tmp_path):
    from framescope.base.io import write_table
    from framescope.commands import figures as steps

    t = make_tables(n_articles=60, n_sentences=2, months=3, n_outlets=3)
    articles = t["articles"].copy()
    articles.loc[0, "published"] = "0001-11-30"
    articles.loc[1, "published"] = None
    articles.loc[2, "outlet"] = None
    tables = tmp_path / "tables"
    write_table(t["article_frames"], tables / "article_frames.parquet")
    write_table(articles, tables / "articles.parquet")
    steps.frames_over_time(tables, tmp_path / "time", prevalence="none")
    about = json.loads((tmp_path / "time" / "about.json").read_text())
    assert about["drawn"] and about["reason"] is None
    assert "1 undated article left out." in about["notes"]
    assert any(n.startswith("1 article dated outside 1678-2261") for n in about["notes"])
    steps.frames_by_outlet(tables, tmp_path / "outlet", prevalence="none", top=12)
    about = json.loads((tmp_path / "outlet" / "about.json").read_text())
    assert about["drawn"] and about["notes"] == ["1 article without an outlet left out."]


def test_actor_frame_table_counts_each_actor_sentence_under_its_primary_frame():
    mentions = pd.DataFrame({"article_id": ["a"] * 4, "sent_id": [0, 0, 1, 2], "actor": ["X", "X", "X", "Y"]})
    sentence_frames = pd.DataFrame({
        "article_id": ["a"] * 6, "sent_id": [0, 0, 1, 1, 2, 2],
        "frame": ["economic", "political"] * 3,
        "probability": [0.9, 0.2, 0.3, 0.8, 0.1, 0.1], "predicted": [True, False, True, True, False, False]})
    table = actor_frame_table(mentions, sentence_frames)
    assert table.to_dict("records") == [
        {"actor": "X", "frame": "economic", "n_sentences": 1, "actor_sentences": 2, "share": 0.5},
        {"actor": "X", "frame": "political", "n_sentences": 1, "actor_sentences": 2, "share": 0.5},
    ]  # sentence 0 counted once for X; Y's sentence has no predicted frame


def test_share_of_voice_counts_unattributed_words_and_groups(tmp_path):
    t = make_tables()
    voices = make_voices(t)
    shares = voice_shares(voices)
    assert shares["share"].sum() == pytest.approx(1.0)
    assert UNATTRIBUTED in set(shares["speaker"])
    assert shares.loc[shares["speaker"] == "Pete Hegseth", "group"].item() == "US government"
    paths = share_of_voice(voices, tmp_path / "v", top=2)
    svg = paths[1].read_text()
    assert "other speakers" in svg and "Unattributed" in svg and "Share by actor group" in svg
    with pytest.raises(NothingToDraw, match="empty"):
        share_of_voice(voices.iloc[0:0], tmp_path / "x")
    with pytest.raises(NothingToDraw, match="no words"):
        share_of_voice(voices.assign(n_words=0), tmp_path / "x")


def test_evaluation_figures_read_metrics_and_say_what_is_missing(tmp_path):
    metrics = make_metrics()
    data = pd.read_csv(classifier_scores(metrics, tmp_path / "s")[-1])
    assert list(data["label"]) == sorted(FRAMES, key=lambda f: -metrics["per_label"][f]["f1"])
    # the sentiment model's form: a matrix beside `labels`
    labels, matrix = evaluation._confusion({"confusion": [[5, 1], [2, 7]], "labels": ["negative", "positive"]})
    assert labels == ["negative", "positive"] and matrix.sum() == 15
    confusion = pd.read_csv(confusion_figure(metrics, tmp_path / "c")[-1])
    assert list(confusion["true"]) == FRAMES and confusion.iloc[0, 1] == 40
    for draw, what in ((classifier_scores, "per_label"), (confusion_figure, "confusion"),
                       (calibration_figure, "calibration"), (learning_curve_figure, "learning")):
        with pytest.raises(NothingToDraw, match=what):
            draw({"macro_f1": 0.5}, tmp_path / "x", name="frames")


def test_figure_steps_record_why_a_figure_is_missing(tmp_path):
    from framescope.base.io import write_table
    from framescope.commands import figures as steps

    t = make_tables()
    tables = tmp_path / "tables"
    for name in ("quotes", "article_frames", "articles"):
        write_table(t[name], tables / f"{name}.parquet")
    steps.share_of_voice(tables, tmp_path / "sov", top=15, voices="none")
    about = json.loads((tmp_path / "sov" / "about.json").read_text())
    assert about["drawn"] is False and "voices" in about["reason"]
    steps.frames_over_time(tables, tmp_path / "time", prevalence="none")
    about = json.loads((tmp_path / "time" / "about.json").read_text())
    assert about["drawn"] is False and "at least 3 articles" in about["reason"]
    models = tmp_path / "models"
    (models / "frames").mkdir(parents=True)
    (models / "frames" / "metrics.json").write_text(json.dumps({"per_label": make_metrics()["per_label"]}))
    steps.model_evaluation(models, tmp_path / "eval")
    about = json.loads((tmp_path / "eval" / "about.json").read_text())
    assert about["drawn"] and about["files"] == ["frames_scores.csv", "frames_scores.pdf", "frames_scores.png",
                                                 "frames_scores.svg"]
    assert set(about["not_drawn"]) == {"frames_confusion", "frames_calibration", "frames_learning_curve", "sentiment"}


# ---------------------------------------------------------------------------
# primary frames and the actor x frame table: the fast code against the plain pandas rule


def reference_primary_frames(sentence_frames: pd.DataFrame) -> pd.DataFrame:
    """The rule written plainly (the code before it was made fast): sort, keep each sentence's first row."""
    predicted = sentence_frames[sentence_frames["predicted"].fillna(False).astype(bool)]
    predicted = predicted.sort_values(
        ["article_id", "sent_id", "probability", "frame"], ascending=[True, True, False, True], kind="stable"
    )
    first = predicted.drop_duplicates(["article_id", "sent_id"], keep="first")
    return first[["article_id", "sent_id", "frame"]].reset_index(drop=True)


def reference_actor_frame_table(mentions: pd.DataFrame, sentence_frames: pd.DataFrame) -> pd.DataFrame:
    named = mentions.dropna(subset=["actor", "sent_id"])[["article_id", "sent_id", "actor"]]
    named = named.astype({"sent_id": int}).drop_duplicates()
    primary = reference_primary_frames(sentence_frames).astype({"sent_id": int})
    joined = named.merge(primary, on=["article_id", "sent_id"], how="inner")
    if joined.empty:
        return pd.DataFrame(columns=["actor", "frame", "n_sentences", "actor_sentences", "share"])
    counts = joined.groupby(["actor", "frame"], sort=True).size().rename("n_sentences").reset_index()
    totals = joined.groupby("actor").size()
    counts["actor_sentences"] = counts["actor"].map(totals).astype(int)
    counts["share"] = counts["n_sentences"] / counts["actor_sentences"]
    return counts


def random_sentence_frames(seed: int, n_articles: int = 6, n_sentences: int = 7) -> pd.DataFrame:
    """Rows in shuffled order with many ties in probability, NaN probabilities, NaN `predicted`,
    a repeated (sentence, frame) row, and sentences with no predicted frame."""
    rng = np.random.default_rng(seed)
    rows = []
    for a in range(n_articles):
        for s in range(n_sentences):
            for frame in rng.permutation(FRAMES)[: rng.integers(1, len(FRAMES) + 1)]:
                probability = rng.choice([0.2, 0.5, 0.5, 0.9, np.nan])  # ties are common
                predicted = rng.choice([True, True, False, None])
                rows.append({"article_id": f"art-{rng.integers(0, 3)}-{a}", "sent_id": s, "frame": frame,
                             "probability": probability, "predicted": predicted})
    rows += rows[:3]  # the same (sentence, frame) twice
    table = pd.DataFrame(rows)
    return table.iloc[rng.permutation(len(table))].reset_index(drop=True)


@pytest.mark.parametrize("seed", range(8))
def test_primary_frames_match_the_plain_rule(seed):
    rows = random_sentence_frames(seed)
    got = primary_frames(rows)
    expected = reference_primary_frames(rows)
    pd.testing.assert_frame_equal(got, expected)
    # sorted input, as the corpus tables come, takes the other path
    ordered = rows.sort_values(["article_id", "sent_id", "frame"], kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(primary_frames(ordered), expected)


def test_primary_frame_ties_nan_and_no_predicted_frame():
    rows = pd.DataFrame({
        "article_id": ["b", "b", "a", "a", "a", "a", "a", "a", "c"],
        "sent_id": [0, 0, 3, 3, 2, 2, 1, 1, 0],
        "frame": ["political", "economic", "morality", "economic", "political", "morality", "economic", "morality",
                  "economic"],
        "probability": [0.5, 0.5, np.nan, np.nan, np.nan, 0.1, 0.7, 0.7, 0.9],
        "predicted": [True, True, True, True, True, True, True, np.nan, np.nan],
    })
    primary = primary_frames(rows)
    assert primary.to_dict("records") == [
        {"article_id": "a", "sent_id": 1, "frame": "economic"},  # the other 0.7 row has NaN `predicted`
        {"article_id": "a", "sent_id": 2, "frame": "morality"},  # a number beats NaN
        {"article_id": "a", "sent_id": 3, "frame": "economic"},  # all NaN: the smaller frame id
        {"article_id": "b", "sent_id": 0, "frame": "economic"},  # tie: the smaller frame id
    ]  # c has no predicted frame
    pd.testing.assert_frame_equal(primary, reference_primary_frames(rows))


def test_primary_frames_of_empty_tables():
    columns = ["article_id", "sent_id", "frame", "probability", "predicted"]
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    assert primary_frames(empty).empty
    none_predicted = random_sentence_frames(1).assign(predicted=False)
    assert list(primary_frames(none_predicted).columns) == ["article_id", "sent_id", "frame"]
    assert primary_frames(none_predicted).empty
    with pytest.raises(ValueError, match="probability"):
        primary_frames(empty.drop(columns="probability"))


@pytest.mark.parametrize("seed", range(6))
def test_actor_frame_table_matches_the_plain_rule(seed):
    rng = np.random.default_rng(seed)
    sentence_frames = random_sentence_frames(seed)
    articles = sorted(set(sentence_frames["article_id"])) + ["art-no-frames"]
    mentions = pd.DataFrame({
        "article_id": rng.choice(articles, 120),
        "sent_id": rng.choice([0.0, 1.0, 2.0, 3.0, 6.0, 9.0, np.nan], 120),  # 9: no such sentence
        "actor": rng.choice([a for a, _ in ACTORS] + [None], 120),  # an actor often named twice in a sentence
    })
    got = actor_frame_table(mentions, sentence_frames)
    expected = reference_actor_frame_table(mentions, sentence_frames)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, check_index_type=False)
    assert got["n_sentences"].dtype == np.int64 and got["actor_sentences"].dtype == np.int64


def test_actor_frame_table_counts_an_actor_named_twice_once_and_handles_empty_input():
    mentions = pd.DataFrame({"article_id": ["a", "a", "a", "b"], "sent_id": [0, 0, 0, 0],
                             "actor": ["X", "X", "Y", "X"]})
    sentence_frames = pd.DataFrame({"article_id": ["a", "a", "b"], "sent_id": [0, 0, 0],
                                    "frame": ["political", "economic", "economic"],
                                    "probability": [0.6, 0.6, 0.2], "predicted": [True, True, False]})
    table = actor_frame_table(mentions, sentence_frames)
    assert table.to_dict("records") == [
        {"actor": "X", "frame": "economic", "n_sentences": 1, "actor_sentences": 1, "share": 1.0},
        {"actor": "Y", "frame": "economic", "n_sentences": 1, "actor_sentences": 1, "share": 1.0},
    ]
    assert actor_frame_table(mentions.iloc[0:0], sentence_frames).empty
    assert actor_frame_table(mentions, sentence_frames.iloc[0:0]).empty
    assert actor_frame_table(mentions, sentence_frames.assign(predicted=False)).empty
    with pytest.raises(NothingToDraw, match="predicted frame"):
        actor_frames(mentions, sentence_frames.assign(predicted=False), "unused", frames=FRAMES)


def _predicted_frames_by_hand(path):
    """The predicted rows and every frame, read whole and filtered (the reader's reference)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    table = pq.read_table(path, columns=["article_id", "sent_id", "frame", "probability", "predicted"])
    frames = sorted(f for f in pc.unique(table["frame"]).to_pylist() if f is not None)
    return table.filter(pc.fill_null(table["predicted"], False)).to_pandas(), frames


def test_predicted_frames_reader_keeps_types_rows_and_every_frame(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from framescope.analysis.results import predicted_frames

    rows = random_sentence_frames(3, n_articles=20).sort_values(["article_id", "sent_id", "frame"], kind="stable")
    rows = rows.assign(predicted=rows["predicted"].astype("boolean"))
    rows.loc[rows.index[:2], "frame"] = "frame-only-in-unpredicted-rows"
    rows.loc[rows.index[:2], "predicted"] = False
    table = pa.Table.from_pandas(rows, preserve_index=False)
    pq.write_table(table, tmp_path / "sentence_frames.parquet", row_group_size=25)
    got, got_frames = predicted_frames(tmp_path / "sentence_frames.parquet")
    expected, expected_frames = _predicted_frames_by_hand(tmp_path / "sentence_frames.parquet")
    pd.testing.assert_frame_equal(got, expected)
    assert got_frames == expected_frames and "frame-only-in-unpredicted-rows" in got_frames
    pq.write_table(table.slice(0, 0), tmp_path / "empty.parquet")
    got, got_frames = predicted_frames(tmp_path / "empty.parquet")
    pd.testing.assert_frame_equal(got, _predicted_frames_by_hand(tmp_path / "empty.parquet")[0])
    assert got_frames == []


# ---------------------------------------------------------------------------
# the figures' data files: the fast writer writes pandas' bytes


def test_csv_writer_writes_what_pandas_writes(tmp_path):
    n = 300
    rng = np.random.default_rng(5)
    data = pd.DataFrame({
        "scope": pd.array(rng.choice(["corpus", "article", None], n), dtype="str"),
        "name": pd.Series(rng.choice(["Le Monde", "Die Zeit", "", "ü ñ"], n), dtype=object),
        "mean": rng.choice([0.0, -0.0, 1 / 3, 1e-7, 123456789.0, np.inf, -np.inf, np.nan, 2.5], n),
        "count": rng.integers(-5, 10**12, n),
        "plotted": rng.choice([True, False], n),
        "half": np.where(rng.random(n) < 0.5, np.nan, 99717.0),
    })
    expected, got = tmp_path / "pandas.csv", tmp_path / "fast.csv"
    data.to_csv(expected, index=False, float_format=files.CSV_FLOAT_FORMAT, lineterminator="\n")
    assert files._write_csv(data, got, chunk=7)
    assert got.read_bytes() == expected.read_bytes()
    assert b",-0," in got.read_bytes() or b"-0\n" in got.read_bytes()  # -0.0 kept apart from 0.0
    # what pandas would quote, and kinds of column it is not written for, are left to pandas
    assert not files._write_csv(data.assign(name="Reuters, London"), tmp_path / "x.csv")
    assert not files._write_csv(data.assign(name=pd.Series(["Reuters", 1.5] * (n // 2), dtype=object)),
                                tmp_path / "x.csv")
    assert not files._write_csv(data.assign(when=pd.Timestamp("2025-02-12")), tmp_path / "x.csv")
    assert not files._write_csv(data[["mean"]], tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()


def test_large_figure_data_is_written_by_the_fast_writer_with_pandas_bytes(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "FAST_CSV_ROWS", 1)
    t = make_tables(n_articles=12, n_sentences=4, n_outlets=3, months=3)
    path = frame_composition(t["article_frames"], t["articles"], tmp_path / "fast")[-1]
    monkeypatch.setattr(files, "FAST_CSV_ROWS", 10**9)
    slow = frame_composition(t["article_frames"], t["articles"], tmp_path / "slow")[-1]
    assert path.read_bytes() == slow.read_bytes()


def test_actor_frame_table_with_many_actors_matches_the_plain_rule():
    # more (actor, frame) cells than rows: counted by sorting instead of one counter per cell
    rng = np.random.default_rng(11)
    n_sentences, frames = 20_000, [f"frame{i:02d}" for i in range(30)]
    sentence_frames = pd.DataFrame({
        "article_id": np.repeat([f"a{i:05d}" for i in range(n_sentences // 4)], 4 * len(frames)),
        "sent_id": np.tile(np.repeat(np.arange(4), len(frames)), n_sentences // 4),
        "frame": np.tile(frames, n_sentences),
        "probability": rng.choice([0.1, 0.5, 0.9], n_sentences * len(frames)),
        "predicted": rng.random(n_sentences * len(frames)) < 0.2,
    })
    sentences = sentence_frames[["article_id", "sent_id"]].drop_duplicates()
    mentions = pd.concat([sentences] * 3, ignore_index=True).assign(
        actor=[f"actor {i}" for i in rng.integers(0, 10**6, 3 * n_sentences)])
    assert mentions["actor"].nunique() * len(frames) > 4 * len(mentions) + 1_000_000  # the sorting branch
    got = actor_frame_table(mentions, sentence_frames)
    pd.testing.assert_frame_equal(got, reference_actor_frame_table(mentions, sentence_frames),
                                  check_dtype=False, check_index_type=False)

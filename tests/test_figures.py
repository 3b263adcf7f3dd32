"""Figures: files written, fonts embedded, pixels at 300 dpi, bytes stable across processes."""

from __future__ import annotations

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

from framescope import figures
from framescope.figures import NothingToDraw

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


def make_tables(n_articles: int = 3, n_sentences: int = 12, seed: int = 7) -> dict[str, pd.DataFrame]:
    """Small tables in the framescope.tables contracts, as the stages would write them."""
    rng = np.random.default_rng(seed)
    articles, sentences, sentiment, sentence_frames, article_frames = [], [], [], [], []
    mentions, quotes, actor_sentiment = [], [], []
    for a in range(n_articles):
        aid = f"wt-2025-02-{a:03d}"
        articles.append(
            {
                "article_id": aid,
                "title": f"Hegseth tells NATO allies Europe must shoulder Ukraine's defense, part {a}",
                "published": f"2025-02-{1 + a % 28:02d}",
                "outlet": "The Washington Times",
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


def render_all(out: Path) -> list[Path]:
    """Every figure kind once; also run in subprocesses by the determinism test."""
    t = make_tables()
    one = t["article_frames"][t["article_frames"]["article_id"] == "wt-2025-02-000"]
    return [
        *figures.frame_composition(t["article_frames"], t["articles"], out / "frames", labels=LABELS),
        *figures.frame_composition(one, t["articles"], out / "frames_one", labels=LABELS),
        *figures.sentiment_arc(
            t["sentences"], t["sentence_sentiment"], t["sentence_frames"], "wt-2025-02-000", out / "arc", labels=LABELS
        ),
        *figures.actors_overview(t["actor_sentiment"], t["mentions"], t["quotes"], out / "actors"),
    ]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> list[Path]:
    return render_all(tmp_path_factory.mktemp("figures"))


def test_every_figure_writes_pdf_svg_png(rendered):
    assert len(rendered) == 12
    stems = {p.with_suffix("").name for p in rendered}
    assert stems == {"frames", "frames_one", "arc", "actors"}
    for path in rendered:
        assert path.exists() and path.stat().st_size > 1000, path
    assert [p.suffix for p in rendered[:3]] == [".pdf", ".svg", ".png"]
    # Temporary files were all moved into place.
    assert not [p for p in rendered[0].parent.iterdir() if p.name.endswith(".tmp")]


def test_png_is_300_dpi_at_the_column_width(rendered):
    for path in (p for p in rendered if p.suffix == ".png"):
        with Image.open(path) as image:
            dpi = image.info["dpi"]
            width = image.size[0]
        assert dpi == pytest.approx((300, 300), abs=0.01), path
    with Image.open(rendered[2]) as image:  # frames: double column
        assert image.size[0] == round(figures.DOUBLE_COLUMN * 300)
    with Image.open(rendered[5]) as image:  # frames_one: single column
        assert image.size[0] == round(figures.SINGLE_COLUMN * 300)


def test_pdf_embeds_truetype_not_type3(rendered, tmp_path):
    for path in (p for p in rendered if p.suffix == ".pdf"):
        blob = path.read_bytes()
        assert b"/Subtype /Type3" not in blob, path
        assert b"/FontFile2" in blob, path
        assert b"/CreationDate" not in blob and b"/ModDate" not in blob
    # The grep would see Type 3 fonts: the same figure with fonttype 3 has them.
    fig = figures.new_figure(2, 1)
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


def test_rebuild_in_fresh_processes_is_byte_identical(tmp_path):
    script = textwrap.dedent(
        f"""
        import sys, importlib.util
        from pathlib import Path
        import matplotlib as mpl
        before = dict(mpl.rcParams)
        import framescope.figures
        assert dict(mpl.rcParams) == before, "importing framescope.figures changed rcParams"
        spec = importlib.util.spec_from_file_location("figure_tests", {str(Path(__file__))!r})
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.render_all(Path(sys.argv[1]))
        assert dict(mpl.rcParams) == before, "drawing changed rcParams"
        """
    )
    runs = []
    for seed in ("1", "2"):
        out = tmp_path / f"run{seed}"
        out.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed, "MPLBACKEND": "agg"}
        runs.append((out, subprocess.Popen([sys.executable, "-c", script, str(out)], env=env, stderr=subprocess.PIPE)))
    for out, proc in runs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    first, second = (sorted(out.iterdir()) for out, _ in runs)
    assert [p.name for p in first] == [p.name for p in second] and len(first) == 12
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), f"{a.name} differs between processes"


def test_row_order_of_the_input_does_not_change_the_figure(tmp_path):
    t = make_tables()
    shuffled = t["article_frames"].sample(frac=1, random_state=3)
    a = figures.frame_composition(t["article_frames"], t["articles"], tmp_path / "a")
    b = figures.frame_composition(shuffled, t["articles"].iloc[::-1], tmp_path / "b")
    for pa, pb in zip(a, b):
        assert pa.read_bytes() == pb.read_bytes(), pa.suffix


def test_many_articles_show_the_corpus_mean_only(tmp_path):
    t = make_tables(n_articles=45, n_sentences=4)
    paths = figures.frame_composition(t["article_frames"], t["articles"], tmp_path / "corpus.v1", order=["morality"])
    assert [p.name for p in paths] == ["corpus.v1.pdf", "corpus.v1.svg", "corpus.v1.png"]  # dots kept in the stem
    svg = paths[1].read_text()
    assert "Hegseth tells NATO" not in svg  # no per-article bars
    assert "45 articles" in svg
    with Image.open(paths[2]) as image:
        assert image.size[0] == round(figures.SINGLE_COLUMN * 300)


def test_frame_share_ci_is_fixed_and_brackets_the_mean():
    t = make_tables(n_articles=6)
    first = figures.frame_share_ci(t["article_frames"])
    again = figures.frame_share_ci(t["article_frames"].iloc[::-1])
    pd.testing.assert_frame_equal(first, again)
    assert (first["ci_low"] <= first["mean"] + 1e-12).all() and (first["mean"] <= first["ci_high"] + 1e-12).all()
    assert (first["n_articles"] == 6).all()
    one = figures.frame_share_ci(t["article_frames"].head(len(FRAMES)))
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
    primary = figures.primary_frames(rows)
    assert primary.to_dict("records") == [
        {"article_id": "a", "sent_id": 0, "frame": "security_defense"},  # 0.9 was not predicted
        {"article_id": "a", "sent_id": 1, "frame": "economic"},  # tie: smaller id
    ]  # sentence 2 has no predicted frame


def test_nothing_to_draw_on_empty_input(tmp_path):
    t = make_tables(n_articles=1)
    empty_frames = t["article_frames"].iloc[0:0]
    with pytest.raises(NothingToDraw, match="empty"):
        figures.frame_composition(empty_frames, t["articles"], tmp_path / "f")
    with pytest.raises(NothingToDraw, match="0"):
        figures.frame_composition(t["article_frames"].assign(share=0.0), t["articles"], tmp_path / "f")
    with pytest.raises(NothingToDraw, match="no-such-article"):
        figures.sentiment_arc(
            t["sentences"], t["sentence_sentiment"], t["sentence_frames"], "no-such-article", tmp_path / "s"
        )
    with pytest.raises(NothingToDraw, match="actor"):
        figures.actors_overview(t["actor_sentiment"], t["mentions"].iloc[0:0], t["quotes"], tmp_path / "a")
    with pytest.raises(NothingToDraw) as caught:
        figures.actors_overview(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), tmp_path / "a")
    assert caught.value.reason
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_sparse_inputs_still_draw(tmp_path):
    """An article without sections or frames, actors without quotes or tone."""
    t = make_tables(n_articles=1, n_sentences=3)
    paths = figures.sentiment_arc(
        t["sentences"].assign(section=None),
        t["sentence_sentiment"],
        t["sentence_frames"].iloc[0:0],
        "wt-2025-02-000",
        tmp_path / "arc",
    )
    assert all(p.exists() for p in paths)
    paths = figures.actors_overview(pd.DataFrame(), t["mentions"].head(1), pd.DataFrame(), tmp_path / "actors", top=3)
    assert all(p.exists() for p in paths)

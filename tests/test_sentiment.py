"""Sentence, article and actor sentiment: the starter set, the model, the tables."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest

from framescope.sentiment import model as sentiment
from framescope.base.io import load_model, save_model
from framescope.base.tables import columns

LABELS = ["negative", "neutral", "positive"]

# Measured with random_state=0: macro-F1 0.794 (fold sd 0.035), accuracy 0.806 (words only;
# the character n-grams of an earlier version, dropped for speed, gave 0.799 and 0.811).
# The floors leave room for small library changes, not for a broken model.
MACRO_F1_FLOOR = 0.75
ACCURACY_FLOOR = 0.76


@pytest.fixture(scope="module")
def starter():
    return sentiment.load_starter()


@pytest.fixture(scope="module")
def trained(starter):
    return sentiment.train_model(starter, random_state=0, folds=5)


class StubModel:
    """Fixed probabilities by keyword, so hand-computed tones are exact."""

    def __init__(self, classes=("negative", "neutral", "positive")):
        self.classes_ = np.array(classes, dtype=object)

    def predict_proba(self, texts):
        table = {
            "good": {"negative": 0.1, "neutral": 0.2, "positive": 0.7},
            "bad": {"negative": 0.6, "neutral": 0.3, "positive": 0.1},
            None: {"negative": 0.2, "neutral": 0.6, "positive": 0.2},
        }
        rows = []
        for t in texts:
            key = "good" if "good" in t else "bad" if "bad" in t else None
            rows.append([table[key][c] for c in self.classes_])
        return np.array(rows)


# --- the starter set ----------------------------------------------------------------


def test_starter_set_has_three_labels_in_reasonable_numbers(starter):
    assert list(starter.columns) == ["text", "label", "topic"]
    counts = starter["label"].value_counts()
    assert set(counts.index) == set(LABELS)
    assert counts.min() >= 200
    assert counts.idxmax() == "neutral"  # as in real news, if less so
    assert 600 <= len(starter) <= 900
    assert starter["topic"].nunique() >= 10
    assert not starter["text"].duplicated().any()
    assert (starter["text"].str.len() > 20).all()


# --- the model ----------------------------------------------------------------------


def test_model_cross_validates_above_floor_and_beats_vader(trained, starter):
    model, metrics = trained
    assert list(model.classes_) == LABELS
    assert metrics["macro_f1"] >= MACRO_F1_FLOOR
    assert metrics["accuracy"] >= ACCURACY_FLOOR
    assert metrics["macro_f1"] > metrics["vader_baseline"]["macro_f1"] + 0.03
    assert metrics["n_train"] == len(starter)
    assert metrics["folds"] == 5 and len(metrics["macro_f1_folds"]) == 5
    confusion = np.array(metrics["confusion"])
    assert confusion.shape == (3, 3) and confusion.sum() == len(starter)
    assert [metrics["per_label"][lab]["support"] for lab in LABELS] == confusion.sum(axis=1).tolist()
    for lab in LABELS:
        assert set(metrics["per_label"][lab]) == {"precision", "recall", "f1", "support"}


def test_model_gets_clear_sentences_right(trained):
    model, _ = trained
    cases = {
        "The blast killed eleven people and left dozens of families homeless.": "negative",
        "Prosecutors accused the firm of cheating pensioners out of their savings.": "negative",
        "The commission will publish its findings on the second Tuesday of May.": "neutral",
        "The ferry leaves the harbour at 7:40 a.m. and takes about two hours.": "neutral",
        "Delighted fans cheered as the team won the cup in a brilliant final.": "positive",
        "The new clinic has been praised for cutting waiting times dramatically.": "positive",
    }
    assert list(model.predict(list(cases))) == list(cases.values())


def test_bad_training_labels_are_named(starter):
    bad = starter.head(30).assign(label="angry")
    with pytest.raises(ValueError, match="angry"):
        sentiment.train_model(bad)


DETERMINISM_SCRIPT = textwrap.dedent(
    """
    import sys
    from framescope.sentiment import model as sentiment
    from framescope.base.io import save_model
    model, _ = sentiment.train_model(sentiment.load_starter(), folds=2)  # 2 folds: same path, less time
    print(save_model(model, sys.argv[1]))
    """
)


def test_pickled_model_is_byte_identical_across_processes(tmp_path):
    # Fresh processes with different hash seeds and thread counts must pickle the same bytes.
    runs = []
    for i, (seed, threads) in enumerate([("1", "1"), ("2", "2")]):
        env = dict(os.environ, PYTHONHASHSEED=seed, OMP_NUM_THREADS=threads, OPENBLAS_NUM_THREADS=threads)
        path = tmp_path / f"model{i}.pkl"
        proc = subprocess.Popen(
            [sys.executable, "-c", DETERMINISM_SCRIPT, str(path)], env=env, stdout=subprocess.PIPE, text=True
        )
        runs.append((proc, path))
    digests = []
    for proc, path in runs:
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0
        digests.append(out.strip())
    assert digests[0] == digests[1]
    assert (tmp_path / "model0.pkl").read_bytes() == (tmp_path / "model1.pkl").read_bytes()


def test_saved_model_loads_and_scores_the_same(trained, tmp_path):
    model, _ = trained
    save_model(model, tmp_path / "m.pkl")
    loaded = load_model(tmp_path / "m.pkl")
    texts = ["The council voted to close the library.", "Shares rose sharply on the news."]
    assert np.array_equal(loaded.predict_proba(texts), model.predict_proba(texts))


# --- sentences and articles ----------------------------------------------------------


def test_score_sentences_follows_the_contract(trained):
    model, _ = trained
    sentences = pd.DataFrame(
        {
            "article_id": ["b", "a", "a", "b"],
            "sent_id": [0, 1, 0, 1],
            "paragraph": [0, 0, 0, 0],
            "text": [
                "The storm destroyed the harbour.",
                "Officials praised the quick rescue.",
                "The meeting starts at 9 a.m.",
                "",
            ],
        }
    )
    out = sentiment.score_sentences(sentences, model)
    assert list(out.columns) == columns("sentence_sentiment")
    assert list(zip(out["article_id"], out["sent_id"])) == [("a", 0), ("a", 1), ("b", 0), ("b", 1)]
    p = out[["p_negative", "p_neutral", "p_positive"]].to_numpy()
    assert np.allclose(p.sum(axis=1), 1.0)
    assert np.allclose(out["tone"], out["p_positive"] - out["p_negative"])
    assert list(out["model_label"]) == [LABELS[i] for i in p.argmax(axis=1)]
    assert out["vader_compound"].between(-1, 1).all()
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()  # the reference implementation
    assert out.loc[3, "vader_compound"] == analyzer.polarity_scores("")["compound"]
    assert out.loc[2, "vader_compound"] == analyzer.polarity_scores("The storm destroyed the harbour.")["compound"]


def test_score_sentences_maps_probabilities_by_class_name():
    model = StubModel(classes=("positive", "negative", "neutral"))
    sentences = pd.DataFrame({"article_id": ["a"], "sent_id": [0], "text": ["a good day"]})
    out = sentiment.score_sentences(sentences, model)
    assert out.loc[0, ["p_negative", "p_neutral", "p_positive"]].tolist() == pytest.approx([0.1, 0.2, 0.7])
    assert out.loc[0, "model_label"] == "positive"


def hand_sentence_sentiment():
    return pd.DataFrame(
        {
            "article_id": ["a1", "a1", "a1", "a1", "a2"],
            "sent_id": [0, 1, 2, 3, 0],
            "vader_compound": [0.4, -0.2, 0.0, 0.8, -0.1],
            "model_label": ["positive", "negative", "neutral", "positive", "neutral"],
            "p_negative": [0.1, 0.7, 0.3, 0.0, 0.4],
            "p_neutral": [0.3, 0.2, 0.3, 0.1, 0.4],
            "p_positive": [0.6, 0.1, 0.4, 0.9, 0.2],
            "tone": [0.5, -0.6, 0.1, 0.9, -0.2],
        }
    )


def test_article_sentiment_by_hand():
    out = sentiment.article_sentiment(hand_sentence_sentiment())
    assert list(out.columns) == columns("article_sentiment")
    assert out["article_id"].tolist() == ["a1", "a2"]
    assert out["n_sentences"].tolist() == [4, 1]
    assert out["vader_mean"].tolist() == pytest.approx([(0.4 - 0.2 + 0.0 + 0.8) / 4, -0.1])
    assert out["tone_mean"].tolist() == pytest.approx([(0.5 - 0.6 + 0.1 + 0.9) / 4, -0.2])
    assert out["share_negative"].tolist() == pytest.approx([0.25, 0.0])
    assert out["share_positive"].tolist() == pytest.approx([0.5, 0.0])


def test_actor_sentiment_by_hand():
    mentions = pd.DataFrame(
        {
            "article_id": ["a1", "a1", "a1", "a1", "a1", "a1", "a2"],
            "mention_id": [0, 1, 2, 3, 4, 5, 0],
            "sent_id": [0, 1, 1, 1, 2, 3, 0],
            "actor": ["Alice", "Alice", "Alice", "Acme Corp", "Acme Corp", "Alice", "Alice"],
            "actor_type": ["person", "organization", "person", "organization", "organization", "person", "person"],
        }
    )
    quotes = pd.DataFrame(
        {
            "article_id": ["a1", "a1", "a1", "a1"],
            "quote_id": [0, 1, 2, 3],
            "sent_id": [0, 1, 2, 3],
            "text": ["meh", "whatever", "a bad idea", "good things ahead"],
            "speaker": ["an official", None, "Alice", "Alice"],
            "speaker_type": ["source", None, "person", "person"],
        }
    )
    out = sentiment.actor_sentiment(hand_sentence_sentiment(), mentions, quotes, StubModel())
    assert list(out.columns)[: len(columns("actor_sentiment"))] == columns("actor_sentiment")
    rows = {(r.article_id, r.actor): r for r in out.itertuples()}
    assert list(rows) == [("a1", "Acme Corp"), ("a1", "Alice"), ("a1", "an official"), ("a2", "Alice")]

    acme = rows["a1", "Acme Corp"]  # sentences 1 and 2, never quoted
    assert (acme.actor_type, acme.n_sentences, acme.n_about, acme.n_quotes) == ("organization", 2, 2, 0)
    assert acme.tone_about == pytest.approx((-0.6 + 0.1) / 2)
    assert acme.vader_about == pytest.approx((-0.2 + 0.0) / 2)
    assert np.isnan(acme.quote_tone)

    alice = rows["a1", "Alice"]  # mentioned in 0, 1 (twice), 3; speaks in 2 and 3 -> about 0 and 1
    assert (alice.actor_type, alice.n_sentences, alice.n_about, alice.n_quotes) == ("person", 3, 2, 2)
    assert alice.tone_about == pytest.approx((0.5 - 0.6) / 2)
    assert alice.vader_about == pytest.approx((0.4 - 0.2) / 2)
    assert alice.quote_tone == pytest.approx(((0.1 - 0.6) + (0.7 - 0.1)) / 2)

    official = rows["a1", "an official"]  # quoted, never mentioned
    assert (official.actor_type, official.n_sentences, official.n_about, official.n_quotes) == ("source", 0, 0, 1)
    assert np.isnan(official.tone_about) and np.isnan(official.vader_about)
    assert official.quote_tone == pytest.approx(0.0)

    alice2 = rows["a2", "Alice"]
    assert (alice2.n_sentences, alice2.n_quotes) == (1, 0)
    assert alice2.tone_about == pytest.approx(-0.2)
    assert np.isnan(alice2.quote_tone)


# --- empty inputs --------------------------------------------------------------------


def test_empty_inputs_give_empty_tables_with_contract_columns():
    model = StubModel()
    no_sentences = pd.DataFrame({"article_id": [], "sent_id": [], "text": []})
    scored = sentiment.score_sentences(no_sentences, model)
    assert list(scored.columns) == columns("sentence_sentiment") and len(scored) == 0
    assert list(sentiment.score_sentences(pd.DataFrame(), model).columns) == columns("sentence_sentiment")

    articles = sentiment.article_sentiment(scored)
    assert list(articles.columns) == columns("article_sentiment") and len(articles) == 0

    actors = sentiment.actor_sentiment(scored, pd.DataFrame(), pd.DataFrame(), model)
    assert list(actors.columns)[: len(columns("actor_sentiment"))] == columns("actor_sentiment")
    assert len(actors) == 0

    # Mentions but no sentences scored and no quotes: the actor is there, tone is NaN.
    mentions = pd.DataFrame({"article_id": ["a"], "sent_id": [0], "actor": ["Bo"], "actor_type": ["person"]})
    quotes = pd.DataFrame(columns=["article_id", "quote_id", "sent_id", "text", "speaker", "speaker_type"])
    one = sentiment.actor_sentiment(scored, mentions, quotes, model)
    assert one["n_sentences"].tolist() == [1] and one["n_quotes"].tolist() == [0]
    assert np.isnan(one.loc[0, "tone_about"]) and np.isnan(one.loc[0, "quote_tone"])


# --- VADER, faster -------------------------------------------------------------------


VADER_CASES = [
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!", "At least it isn't a horrible book.",
    "The book was only kind of good.", "not bad but not great but good", "no no no good", "It was the shit",
    "I am never so happy", "without doubt good", "least good ever", "he is kind of nice, but sort of rude",
    "Today SUX!", "Not bad at all", "", "   ", "!!!", "good?? bad??", "good bad good bad but good", "😀 happy",
    "“Nobody is above the law,” said Sen. Ada Flynn, but he is very good!", "The kiss of death, yeah right.",
]


def test_fast_vader_gives_the_reference_scores(starter):
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from framescope.sentiment.vader import analyse, polarity

    reference = SentimentIntensityAnalyzer()
    for text in VADER_CASES + starter["text"].tolist():
        s = reference.polarity_scores(text)
        expected = (s["neg"], s["neu"], s["pos"], s["compound"])
        assert polarity(text) == expected, text
        assert analyse(text).scores == expected, text


# --- tone about one target -------------------------------------------------------------


@pytest.fixture(scope="module")
def target_trained():
    from framescope.sentiment.data import load_target_starter
    from framescope.sentiment.target import train_target_model

    return train_target_model(load_target_starter(), random_state=0, folds=5)


def test_target_model_beats_sentence_baselines_on_starter_folds(target_trained):
    # Measured with random_state=0: macro-F1 0.715 (VADER 0.561, TF-IDF 0.612 on the same folds).
    _, metrics = target_trained
    assert metrics["macro_f1"] >= 0.68
    base = metrics["baselines"]
    assert metrics["macro_f1"] > base["vader_sentence"]["macro_f1"] + 0.07
    assert metrics["macro_f1"] > base["tfidf_sentence"]["macro_f1"] + 0.07
    assert metrics["n_train"] > metrics["n_sentences"]  # several targets in some sentences
    assert np.array(metrics["confusion"]).sum() == metrics["n_train"]
    # C is chosen by an inner cross-validation, in every fold and for the final model (3 on the starter set)
    selection = metrics["model_selection"]
    assert len(selection["folds"]) == 5 and selection["all_data"]["C"] == 3.0
    assert [c["C"] for c in selection["all_data"]["candidates"]] == [1.0, 3.0]


def test_target_model_tells_targets_of_one_sentence_apart(target_trained):
    model, _ = target_trained

    def label(text, target):
        start = text.index(target)
        return model.predict([(text, start, start + len(target))])[0]

    # (sentences not in the starter set; names the model has never seen)
    text = "Councilwoman Ada Price thanked Sheriff Tom Rudd but blamed Judge Karen Lowe for the delays."
    assert label(text, "Sheriff Tom Rudd") == "positive"
    assert label(text, "Judge Karen Lowe") == "negative"
    assert label(text, "Councilwoman Ada Price") == "neutral"
    votes = "Voters rewarded Paul Kim with a landslide victory and punished Sara Vale, who lost her seat."
    assert (label(votes, "Paul Kim"), label(votes, "Sara Vale")) == ("positive", "negative")
    quote = "“He is a liar and a coward,” Dana Moss said of the minister."
    assert label(quote, "Dana Moss") == "neutral"  # the speaker, not the one spoken about
    assert label(quote, "the minister") == "negative"


class StubTargetModel:
    """Negative about whoever follows "attacked", positive about whoever follows "praised"."""

    classes_ = np.array(LABELS, dtype=object)

    def predict_proba(self, rows):
        out = []
        for text, start, end in rows:
            before = text[:start].rstrip().split(" ")[-1]
            out.append({"attacked": [0.8, 0.1, 0.1], "praised": [0.1, 0.1, 0.8]}.get(before, [0.2, 0.6, 0.2]))
        return np.array(out)


def test_actor_sentiment_with_a_target_model_by_hand():
    text0 = "Obi praised Hale and attacked Cole."
    text1 = "Cole attacked Hale, and Hale praised Cole."
    sentences = pd.DataFrame({"article_id": ["a", "a"], "sent_id": [0, 1], "start": [0, 36], "end": [35, 77],
                              "text": [text0, text1]})
    article = text0 + " " + text1

    def mention(name, sent, nth=0):
        s0 = sentences.loc[sent, "start"]
        idx = -1
        for _ in range(nth + 1):
            idx = article.index(name, idx + 1 if idx >= 0 else s0)
        return {"article_id": "a", "sent_id": sent, "actor": name, "actor_type": "person", "start": idx,
                "end": idx + len(name)}

    mentions = pd.DataFrame([mention("Obi", 0), mention("Hale", 0), mention("Cole", 0), mention("Cole", 1),
                             mention("Hale", 1), mention("Hale", 1, nth=1), mention("Cole", 1, nth=1)])
    scores = sentiment.score_sentences(sentences, StubModel())
    quotes = pd.DataFrame(columns=["article_id", "quote_id", "sent_id", "text", "speaker", "speaker_type"])
    out = sentiment.actor_sentiment(scores, mentions, quotes, StubModel(), target_model=StubTargetModel(),
                                    sentences=sentences)
    rows = {r.actor: r for r in out.itertuples()}
    neutral, negative, positive = 0.2 - 0.2, 0.1 - 0.8, 0.8 - 0.1
    # Hale: praised in sentence 0, attacked at his first mention in sentence 1
    assert rows["Hale"].tone_about == pytest.approx((positive + negative) / 2)
    # Cole: attacked in sentence 0; opens sentence 1 (neutral); a second mention there is not scored
    assert rows["Cole"].tone_about == pytest.approx((negative + neutral) / 2)
    assert rows["Obi"].tone_about == pytest.approx(neutral)
    assert (rows["Cole"].n_sentences, rows["Cole"].n_about, rows["Cole"].n_negative_about) == (2, 2, 1)
    assert (rows["Hale"].n_positive_about, rows["Hale"].n_negative_about) == (1, 1)
    # the sentence measure is still there for comparison: both sentences are neutral to StubModel
    assert rows["Hale"].tone_about_sentence == pytest.approx(0.0)


def test_target_model_pickles_to_the_same_bytes_in_fresh_processes(tmp_path):
    script = textwrap.dedent(
        """
        import sys
        from framescope.base.io import save_model
        from framescope.sentiment.data import load_target_starter
        from framescope.sentiment.target import as_rows, build_target_model
        df = load_target_starter()
        print(save_model(build_target_model().fit(as_rows(df), df["label"].to_numpy(dtype=object)), sys.argv[1]))
        """
    )
    digests = []
    for i, seed in enumerate(("3", "4")):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        proc = subprocess.run([sys.executable, "-c", script, str(tmp_path / f"t{i}.pkl")], env=env,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        digests.append(proc.stdout.strip())
    assert digests[0] == digests[1]


def test_kept_scores_give_the_same_tables(trained, target_trained, tmp_path):
    from framescope.base.memo import TextMemo

    model, _ = trained
    target_model, _ = target_trained
    texts = ["Obi praised Hale and attacked Cole.", "Cole attacked Hale, and Hale praised Cole.",
             "Hale said the plan was a disaster."]
    starts = [0, 36, 78]
    sentences = pd.DataFrame({"article_id": ["a", "a", "b"], "sent_id": [0, 1, 0], "start": starts,
                              "end": [s + len(t) for s, t in zip(starts, texts)], "text": texts})
    article = " ".join(texts)
    mentions = pd.DataFrame([
        {"article_id": "a" if sent < 2 else "b", "sent_id": sent if sent < 2 else 0, "actor": name,
         "actor_type": "person", "start": article.index(name, starts[sent]),
         "end": article.index(name, starts[sent]) + len(name)}
        for sent, name in [(0, "Obi"), (0, "Hale"), (0, "Cole"), (1, "Cole"), (1, "Hale"), (2, "Hale")]])
    quotes = pd.DataFrame(columns=["article_id", "quote_id", "sent_id", "text", "speaker", "speaker_type"])

    def tables(sentences, mentions, memos):
        memo, target_memo = memos
        scores = sentiment.score_sentences(sentences, model, memo=memo)
        actors = sentiment.actor_sentiment(scores, mentions, quotes, model, target_model=target_model,
                                           sentences=sentences, target_memo=target_memo)
        return scores, actors

    def memos():
        return TextMemo(tmp_path / "s.npz", "m1"), TextMemo(tmp_path / "t.npz", "t1")

    first = memos()
    for got, want in zip(tables(sentences, mentions, first), tables(sentences, mentions, (None, None))):
        pd.testing.assert_frame_equal(got, want)
    assert first[0].computed == 3 and first[1].computed == 6  # six (actor, sentence) pairs
    # the first article alone: everything from the stores, nothing computed, the same tables
    again = memos()
    one = sentences[sentences["article_id"] == "a"]
    mentioned = mentions[mentions["article_id"] == "a"]
    for got, want in zip(tables(one, mentioned, again), tables(one, mentioned, (None, None))):
        pd.testing.assert_frame_equal(got, want)
    assert (again[0].hits, again[0].computed, again[1].hits, again[1].computed) == (2, 0, 5, 0)


def test_train_target_sentiment_takes_minilm_vectors_from_the_config(tmp_path):
    """sentiment.target_embeddings: minilm reaches the model, its metrics and its card."""
    import json

    from framescope.base.io import load_model
    from framescope.commands import cli
    from framescope.sentiment.target import TargetFeatures

    out = tmp_path / "target"
    assert cli.main(["--quiet", "train-target-sentiment", "--data", "starter", "--format", "newsmtsc", "--seed", "0",
                     "--embeddings", "minilm", "--out", str(out)]) == 0
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["embeddings"] == "minilm" and "all-MiniLM-L6-v2" in metrics["model"]
    assert "with all-MiniLM-L6-v2 vectors (int8 ONNX) of the sentence" in (out / "model_card.md").read_text()
    model = load_model(out / "model.pkl")
    features = model.named_steps["features"]
    assert isinstance(features, TargetFeatures) and features.embeddings == "minilm"
    text = "Voters cheered Mayor Lee, but they booed Governor Park."
    rows = [(text, text.index("Lee"), text.index("Lee") + 3), (text, text.index("Park"), text.index("Park") + 4)]
    assert model.predict_proba(rows).shape == (2, 3)

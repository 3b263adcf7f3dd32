"""The frames step's fast paths give the same bits as the plain computations they replace."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import FunctionTransformer

from framescope.frames.scores import part_scores
from framescope.frames.embeddings import StaticEmbedding
from framescope.text.vectorize import FastTfidfVectorizer

TRAIN = [
    "The senator said the bill would cost taxpayers billions of dollars.",
    "Police arrested two men after the protest turned violent downtown.",
    "The court ruled that the state's new voting law was unconstitutional.",
    "Critics say the plan hurts small businesses and families.",
    "Le président a annoncé une réforme des retraites très contestée.",
    "Die Regierung plant neue Gesetze zur Einwanderung.",
]
HARD = [
    "",
    "   ",
    "zzqx vvkw",  # no known word: an all-zero TF-IDF row
    "The bill, the bill, THE BILL!",
    "Café naïve façade — “quoted” words… and a tab\there",
    "Police said the senator's plan was unconstitutional, critics say.",
    "x",
    "Die Regierung hat das Gesetz gestern beschlossen.",
] + TRAIN


def _union(weights=None, dense_zeros=False):
    parts = [
        ("words", FastTfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode")),
        ("chars", FastTfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                                      strip_accents="unicode")),
        ("embedding", StaticEmbedding(weight=0.7)),
    ]
    if dense_zeros:  # a dense part with exact zeros (and a whole zero column)
        parts.append(("lengths", FunctionTransformer(
            lambda X: np.column_stack([np.array([len(t) % 3 for t in X], dtype=np.float64) * 0.25,
                                       np.zeros(len(X))]))))
    return FeatureUnion(parts, transformer_weights=weights).fit(TRAIN)


def _coef(width: int, frames: int = 5) -> np.ndarray:
    rng = np.random.default_rng(0)
    # magnitudes over six orders: a sum in another order would differ in the last bits
    return rng.standard_normal((frames, width)) * 10.0 ** rng.uniform(-3, 3, (frames, width))


@pytest.mark.parametrize("dense_zeros", [False, True])
def test_part_scores_are_the_stacked_product_bit_for_bit(dense_zeros):
    union = _union(dense_zeros=dense_zeros)
    texts = np.asarray(HARD, dtype=object)
    plain_features = sp.csr_matrix(union.transform(texts))
    coef = _coef(plain_features.shape[1])
    plain = np.asarray(plain_features @ coef.T)
    fast = part_scores(union, texts, coef)
    assert fast is not None
    assert fast.dtype == plain.dtype and fast.shape == plain.shape
    assert fast.tobytes() == plain.tobytes()
    # the check has teeth: adding up each part's own product gives other bits
    blocks = [sp.csr_matrix(t.transform(texts)) for _, t in union.transformer_list]
    edges = np.cumsum([0] + [b.shape[1] for b in blocks])
    naive = sum(np.asarray(b @ coef[:, a:z].T) for b, a, z in zip(blocks, edges[:-1], edges[1:]))
    assert naive.tobytes() != plain.tobytes()


def test_part_scores_decline_what_they_do_not_cover():
    union = _union(weights={"words": 2.0})
    assert part_scores(union, np.asarray(HARD, dtype=object), _coef(10)) is None
    union = _union()
    union.set_params(chars="drop")
    assert part_scores(union, np.asarray(HARD, dtype=object), _coef(10)) is None


def test_decision_function_is_the_plain_product(monkeypatch):
    from framescope.frames import classifier as module
    from framescope.frames.codebook import load_codebook
    from framescope.frames.data import load_starter

    starter = load_starter().head(120)
    model = module.build_model(load_codebook("policy_frames"), random_state=0)
    texts = np.asarray(starter["text"].tolist() + HARD, dtype=object)
    model.fit(starter["text"].tolist(), starter["frames"].tolist())
    fast = model.decision_function(texts)
    monkeypatch.setattr(module, "part_scores", lambda *args: None)
    plain = model.decision_function(texts)
    assert fast.tobytes() == plain.tobytes()


TOKEN_TEXTS = HARD + [
    " leading space", "two  spaces", "  two leading", "trailing ", "a   b    c", "x<s>y", "<unk> word",
    "end.</s>", "a < b <s", "\u2581literal", "emoji 🦀 ok", "日本語 テキスト", "don't stop", "U.S.-Russia talks",
    "a\u200bb", "\u3000ideographic", "   ", "repeated repeated repeated words words", "",
]


def test_flat_token_ids_are_the_lists_flattened():
    from framescope.frames import embeddings

    tokenizer, _ = embeddings._wordllama()
    expected = [e.ids for e in tokenizer.encode_batch(TOKEN_TEXTS, add_special_tokens=False)]
    for texts, want in ((TOKEN_TEXTS, expected), (TOKEN_TEXTS[::-1], expected[::-1]), ([], []),
                        (["", "trailing "], expected[-1:] + expected[len(HARD) + 3 : len(HARD) + 4])):
        by_word = embeddings.WordTokenIds(tokenizer)
        for _ in range(2):  # words new, then remembered
            lengths, ids = by_word.flat(list(texts))
            assert lengths.tolist() == [len(w) for w in want]
            assert ids.tolist() == [i for w in want for i in w]
            assert by_word(list(texts)) == want


def test_embedding_rows_are_each_texts_own_product():
    """The embedding of a batch, row by row, is what one text alone gives (the plain computation)."""
    from framescope.frames import embeddings

    tokenizer, table = embeddings._wordllama()
    texts = TOKEN_TEXTS * 20  # more than a chunk of the product
    fast = embeddings.StaticEmbedding._embed(texts)
    for i, text in enumerate(texts[: len(TOKEN_TEXTS)]):
        ids = np.clip(np.asarray(tokenizer.encode(text, add_special_tokens=False).ids, dtype=np.int64), 0,
                      table.shape[0] - 1)
        counts = sp.csr_matrix((np.ones(len(ids)), (np.zeros(len(ids), dtype=np.int64), ids)),
                               shape=(1, table.shape[0]))
        sums = np.asarray(counts @ table, dtype=np.float64)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        plain = np.where(norms > 0, sums / np.maximum(norms, 1e-12), 0.0)
        assert fast[i].tobytes() == plain[0].tobytes(), text
        assert fast[i + len(TOKEN_TEXTS)].tobytes() == plain[0].tobytes()


def test_long_table_sorted_a_sentence_at_a_time_is_the_plain_table():
    import pandas as pd

    from framescope.frames.predict import _long_table_plain, _long_table_sorted

    rng = np.random.default_rng(1)
    n = 60
    sentences = pd.DataFrame({
        "article_id": rng.choice(["b", "a", "a10", "a9", "é", "Z", "aa"], n).astype(object),
        "sent_id": rng.integers(0, 40, n),
        "text": ["t"] * n,
    }).drop_duplicates(["article_id", "sent_id"]).reset_index(drop=True)
    frames = ["security", "economic", "Morality", "capacity_resources", "crime"]
    proba = rng.random((len(sentences), len(frames)))
    predicted = proba > 0.5
    plain = _long_table_plain(sentences, frames, proba, predicted)
    fast = _long_table_sorted(sentences, frames, proba, predicted)
    pd.testing.assert_frame_equal(fast, plain, check_exact=True)
    assert [str(t) for t in fast.dtypes] == [str(t) for t in plain.dtypes]
    # a repeated key: the plain table decides
    twice = pd.concat([sentences, sentences.head(1)], ignore_index=True)
    assert _long_table_sorted(twice, frames, np.vstack([proba, proba[:1]]), np.vstack([predicted, predicted[:1]])) is None


def _article_frames_plain(sentence_frames, frames):
    """article_frames as it was computed before it grouped by integer codes (the reference)."""
    import pandas as pd

    from framescope.base.tables import keys
    from framescope.frames.predict import sentence_sums

    sf = sentence_frames
    rank = {f: i for i, f in enumerate(frames)}
    grouped = (
        pd.DataFrame({"article_id": sf["article_id"].astype(str).to_numpy(dtype=object),
                      "frame": sf["frame"].astype(str).to_numpy(dtype=object),
                      "probability": sf["probability"].to_numpy(dtype=np.float64),
                      "predicted": sf["predicted"].to_numpy(dtype=bool)})
        .groupby(["article_id", "frame"], sort=True)
        .agg(mean_probability=("probability", "mean"), n_sentences=("predicted", "sum"))
        .reset_index()
    )
    total = grouped.groupby("article_id")["mean_probability"].transform("sum")
    n_frames = grouped.groupby("article_id")["frame"].transform("size")
    grouped["share"] = np.where(total > 0, grouped["mean_probability"] / total.where(total > 0, 1.0), 1.0 / n_frames)
    grouped["rank"] = grouped["frame"].map(rank)
    best = grouped.sort_values(["article_id", "share", "rank"], ascending=[True, False, True], kind="stable")
    grouped["is_primary"] = False
    grouped.loc[best.groupby("article_id", sort=False).head(1).index, "is_primary"] = True
    out = grouped[["article_id", "frame", "share", "n_sentences", "is_primary"]].copy()
    out["article_id"] = out["article_id"].astype(str)
    out["frame"] = out["frame"].astype(str)
    out["share"] = out["share"].astype(np.float64)
    out["n_sentences"] = out["n_sentences"].astype(np.int64)
    out["is_primary"] = out["is_primary"].astype(bool)
    sums = sentence_sums(sentence_frames).select(["article_id", "frame", "probability_sum", "n_sentences"]) \
        .rename_columns(["article_id", "frame", "probability_sum", "article_sentences"]).to_pandas()
    out = out.merge(sums, on=["article_id", "frame"], how="left", validate="one_to_one")
    return out.sort_values(keys("article_frames"), kind="stable").reset_index(drop=True)


def test_article_frames_by_codes_are_the_plain_table():
    import pandas as pd

    from framescope.frames.predict import article_frames

    rng = np.random.default_rng(2)
    rows = []
    frames = ["security", "economic", "Morality", "crime"]
    for article in ["b", "a", "a10", "é", "Z", "tie"]:
        for sent in range(int(rng.integers(1, 300))):
            for frame in frames:
                p = 0.5 if article == "tie" else float(rng.random()) * 10.0 ** float(rng.uniform(-8, 0))
                rows.append((article, sent, frame, p, p > 0.3))
    order = rng.permutation(len(rows))  # rows in any order
    sf = pd.DataFrame([rows[i] for i in order], columns=["article_id", "sent_id", "frame", "probability", "predicted"])
    for given in (frames, frames[::-1]):
        fast = article_frames(sf, frames=given)
        plain = _article_frames_plain(sf, given)
        pd.testing.assert_frame_equal(fast, plain, check_exact=True)
        assert fast["share"].to_numpy().tobytes() == plain["share"].to_numpy().tobytes()


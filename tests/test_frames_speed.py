"""The frames step's fast paths give the same bits as the plain computations they replace."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import FunctionTransformer

from framescope.frames.classifier import part_scores
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

"""The contextual sentence encoder (all-MiniLM-L6-v2, int8 ONNX): the real model, checked, deterministic, cached."""

from __future__ import annotations

import numpy as np
import pytest

from framescope.frames import embeddings
from framescope.text import encoder


def test_the_weights_are_the_real_model():
    """sentence-transformers' all-MiniLM-L6-v2 gives these two sentences a cosine of about 0.755."""
    v = encoder.encode(["A man is eating food.", "A man is eating a piece of bread."])
    assert v.shape == (2, encoder.DIM)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0)
    assert float(v[0] @ v[1]) == pytest.approx(0.755, abs=0.01)
    unrelated = encoder.encode(["The parliament voted on the budget."])[0]
    assert float(v[0] @ unrelated) < 0.3


def test_tokenizer_frames_and_lowercases_like_bert():
    tokenizer, _ = encoder._loaded(1)
    assert tokenizer.encode("Café", add_special_tokens=False).tokens == ["cafe"]
    assert encoder.chunks([1, 2, 3], size=4) == [[encoder.CLS, 1, 2, encoder.SEP], [encoder.CLS, 3, encoder.SEP]]


def test_a_text_does_not_depend_on_its_batch_and_empty_text_is_zero():
    texts = ["Taxes rise again.", "The court ruled that the law breaks the constitution.", "", "Taxes rise again."]
    together = encoder.encode(texts)
    alone = np.vstack([encoder.encode([t]) for t in texts])
    assert np.array_equal(together, alone)
    assert not together[2].any()
    assert np.array_equal(together[0], together[3])


def test_long_texts_are_the_mean_of_their_chunks():
    sentence = "The minister said the new policy would cost families a great deal of money. "
    text = sentence * 30  # far more than one chunk of word pieces
    tokenizer, _ = encoder._loaded(1)
    ids = tokenizer.encode(text, add_special_tokens=False).ids
    assert len(ids) > 2 * encoder.CHUNK_TOKENS
    whole = encoder.encode([text])[0]
    assert np.linalg.norm(whole) == pytest.approx(1.0)
    # chunks of another size give a close, not identical, vector: the text is not truncated
    other = encoder.encode([text], chunk_tokens=64)[0]
    assert 0.9 < float(whole @ other) < 1.0
    assert float(whole @ encoder.encode([sentence])[0]) > 0.8


def test_weights_with_another_hash_are_refused(monkeypatch):
    encoder._loaded.cache_clear()
    monkeypatch.setattr(encoder, "MODEL_SHA256", "0" * 64)
    with pytest.raises(encoder.EncoderIntegrityError, match="refusing"):
        encoder.encode(["anything"])
    encoder._loaded.cache_clear()


def test_each_text_is_encoded_once(monkeypatch):
    calls = []
    real = encoder.encode

    def counting(texts, **kw):
        calls.append(list(texts))
        return real(texts, **kw)

    monkeypatch.setattr(encoder, "encode", counting)
    encoder._ENCODED.clear()
    t = embeddings.SentenceEncoding(weight=2.0).fit(["x"])
    first = t.transform(["Prices rose.", "Prices rose.", "Wages fell."])
    second = t.transform(["Wages fell.", "Prices rose."])
    assert calls == [["Prices rose.", "Wages fell."]]
    assert np.array_equal(second, first[[2, 0]])
    assert np.linalg.norm(first[0]) == pytest.approx(2.0)
    encoder._ENCODED.clear()


def test_frames_classifier_takes_the_encoder_as_an_option():
    from framescope.frames.classifier import FrameClassifier, embedding_transformer

    assert embedding_transformer(True) is embeddings.StaticEmbedding
    assert embedding_transformer("none") is None and embedding_transformer(False) is None
    with pytest.raises(ValueError, match="minilm"):
        embedding_transformer("bert")
    texts = [f"The tax on fuel will cost drivers {i} pounds." for i in range(6)] + [
        f"The court found the ban unconstitutional in case {i}." for i in range(6)]
    labels = [["economic"]] * 6 + [["legality"]] * 6
    model = FrameClassifier(frames=("economic", "legality"), multi_label=True, dense="minilm", C=(1.0,),
                            inner_folds=2).fit(texts, labels)
    proba = model.predict_proba(["Fuel duty costs drivers money.", "The judges struck the law down."])
    assert proba[0, 0] > proba[0, 1] and proba[1, 1] > proba[1, 0]


def test_target_sentiment_takes_the_encoder_as_an_option():
    from framescope.sentiment.target import TargetFeatures, build_target_model, target_window

    text = "Critics praised Smith but attacked Jones for the failed reform."
    start = text.index("Jones")
    assert target_window(text, start, start + 5) == text
    assert target_window("a b c d e f g h i j k l m n o p q r s t", 20, 21) == "c d e f g h i j k l m n o p q r s"
    rows = [(text, text.index("Smith"), text.index("Smith") + 5), (text, start, start + 5)]
    plain = TargetFeatures().fit(rows).transform(rows)
    with_vectors = TargetFeatures(embeddings="minilm").fit(rows).transform(rows)
    assert with_vectors.shape[1] == plain.shape[1] + 2 * encoder.DIM
    sentence = with_vectors[:, plain.shape[1]:plain.shape[1] + encoder.DIM].toarray()
    assert np.array_equal(sentence[0], sentence[1])  # one sentence, one vector
    texts = [f"Voters loved Mayor Lee{'!' * i}" for i in range(4)] + [f"Voters hated Mayor Lee{'.' * i}" for i in range(4)]
    rows = [(t, t.index("Lee"), t.index("Lee") + 3) for t in texts]
    labels = ["positive"] * 4 + ["negative"] * 4
    model = build_target_model(embeddings="minilm").fit(rows, labels)
    assert list(model.predict(rows)) == labels

"""The multilingual sentence encoder (USE multilingual v3, numpy): checked, language-independent, deterministic."""

from __future__ import annotations

import numpy as np
import pytest

from framescope.frames import embeddings
from framescope.text import multilingual


def test_translations_are_close_and_unrelated_text_is_not():
    v = multilingual.encode([
        "The government raised taxes on fuel.",
        "Die Regierung hat die Steuern auf Kraftstoff erhöht.",
        "Le gouvernement a augmenté les taxes sur le carburant.",
        "Правительство повысило налоги на топливо.",
        "The football match ended in a draw after extra time.",
    ])
    assert v.shape == (5, multilingual.DIM)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0)
    for translation in (1, 2, 3):
        assert float(v[0] @ v[translation]) > 0.6
        assert float(v[translation] @ v[4]) < float(v[translation] @ v[0]) - 0.3


def test_a_text_does_not_depend_on_its_batch_and_empty_text_is_zero():
    texts = ["Les impôts augmentent.", "Der Gerichtshof erklärte das Gesetz für verfassungswidrig.", "", " \n ",
             "Les impôts augmentent."]
    together = multilingual.encode(texts)
    alone = np.vstack([multilingual.encode([t]) for t in texts])
    assert np.array_equal(together, alone)
    assert not together[2].any() and not together[3].any()
    assert np.array_equal(together[0], together[4])


def test_long_texts_are_the_word_weighted_mean_of_their_pieces():
    assert multilingual.pieces("a b  c\nd e", size=2) == [("a b", 2), ("c d", 2), ("e", 1)]
    assert multilingual.pieces("   ") == []
    sentence = "Il ministro ha detto che la nuova legge costerà molto alle famiglie. "
    text = sentence * 60  # 720 words: four pieces
    whole = multilingual.encode([text])[0]
    parts = multilingual.pieces(text)
    assert len(parts) == 4
    expected = sum(words * multilingual.encode([piece])[0] for piece, words in parts)
    assert np.allclose(whole, expected / np.linalg.norm(expected))
    assert float(whole @ multilingual.encode([sentence])[0]) > 0.7


def test_files_with_another_hash_are_refused(monkeypatch, tmp_path):
    multilingual._model.cache_clear()
    monkeypatch.setitem(multilingual.FILES, "sp.model", "0" * 64)
    with pytest.raises(multilingual.MultilingualEncoderError, match="refusing"):
        multilingual.encode(["anything"])
    with pytest.raises(multilingual.MultilingualEncoderError, match="cannot read"):
        multilingual.check_files(tmp_path)
    multilingual._model.cache_clear()


def test_each_text_is_encoded_once(monkeypatch):
    calls = []
    real = multilingual.encode

    def counting(texts):
        calls.append(list(texts))
        return real(texts)

    monkeypatch.setattr(multilingual, "encode", counting)
    multilingual._ENCODED.clear()
    t = embeddings.MultilingualEncoding(weight=2.0).fit(["x"])
    first = t.transform(["Ceny wzrosły.", "Ceny wzrosły.", "Płace spadły."])
    second = t.transform(["Płace spadły.", "Ceny wzrosły."])
    assert calls == [["Ceny wzrosły.", "Płace spadły."]]
    assert np.array_equal(second, first[[2, 0]])
    assert np.linalg.norm(first[0]) == pytest.approx(2.0)
    multilingual._ENCODED.clear()


def test_frames_classifier_reads_another_language_through_the_encoder():
    """Trained on English alone, the classifier's vectors carry over to French it has never seen."""
    from framescope.frames.classifier import FrameClassifier, embedding_transformer

    assert embedding_transformer("use") is embeddings.MultilingualEncoding
    texts = [f"The tax on fuel will cost drivers {i} pounds more a year." for i in range(6)] + [
        f"The court found the ban unconstitutional in case {i}." for i in range(6)]
    labels = [["economic"]] * 6 + [["legality"]] * 6
    model = FrameClassifier(frames=("economic", "legality"), multi_label=True, dense="use", C=(4.0,),
                            char_ngrams=None, inner_folds=2).fit(texts, labels)
    proba = model.predict_proba(["La taxe sur le carburant coûtera cher aux automobilistes.",
                                 "Le tribunal a jugé l'interdiction inconstitutionnelle."])
    assert proba[0, 0] > proba[0, 1] and proba[1, 1] > proba[1, 0]

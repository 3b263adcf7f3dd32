"""FastTfidfVectorizer gives scikit-learn's TfidfVectorizer matrices exactly, only faster."""

import pickle

import unicodedata

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from framescope.text.vectorize import FastTfidfVectorizer, strip_accents

TRAIN = [
    "Defense Secretary Pete Hegseth said NATO membership was not a realistic outcome.",
    "“We agreed to have our respective teams start negotiations immediately,” Mr. Trump wrote.",
    "Le président Macron a déclaré : « C'est une étape importante » à Bruxelles.",
    "Die Verhandlungen über die Ukraine beginnen nächste Woche, sagte Scholz.",
    "Prices rose 3.2% in January; the Fed's next move is unclear.",
]
# Words whose lower-casing or accent stripping is not one character for one: the Greek
# final sigma, a dotted capital I, compatibility characters that decompose to a space
# (acute accent, diaeresis), ligatures, non-breaking and ideographic spaces.
HARD = [
    "ΟΔΟΣ Σίσυφος ΣΣ İstanbul KELVIN ﬁnal ﬂight",
    "a´b ¨c d¨ ´ ¨",
    "tab\tnew\nline\u00a0nbsp\u3000ideo\u2003em",
    "",
    " ",
    "x",
    "Mr. Trump; Mr. Trump, Mr. Trump. TRUMP trump",
    "naïve café résumé coöperate façade",
]


def _same(a, b) -> bool:
    return (
        type(a) is type(b)
        and a.shape == b.shape
        and a.dtype == b.dtype
        and a.indices.dtype == b.indices.dtype
        and np.array_equal(a.indptr, b.indptr)
        and np.array_equal(a.indices, b.indices)
        and np.array_equal(a.data, b.data)
    )


@pytest.mark.parametrize("strip_accents", ["unicode", "ascii", None])
@pytest.mark.parametrize("ngram_range", [(2, 5), (1, 3), (3, 3)])
@pytest.mark.parametrize("lowercase", [True, False])
def test_char_wb_matrices_are_scikit_learns(strip_accents, ngram_range, lowercase):
    kwargs = dict(analyzer="char_wb", ngram_range=ngram_range, sublinear_tf=True, strip_accents=strip_accents,
                  lowercase=lowercase)
    ours = FastTfidfVectorizer(**kwargs).fit(TRAIN + HARD)
    theirs = TfidfVectorizer(**kwargs).fit(TRAIN + HARD)
    assert ours.vocabulary_ == theirs.vocabulary_
    docs = TRAIN + HARD + [t.upper() for t in TRAIN] + [" ".join(TRAIN)]
    assert _same(ours.transform(docs), theirs.transform(docs))
    # counts before weighting too (the fast path is in the counting)
    assert _same(ours._count_vocab(docs, fixed_vocab=True)[1], theirs._count_vocab(docs, fixed_vocab=True)[1])


def test_many_documents_span_chunks():
    docs = [f"{TRAIN[i % len(TRAIN)]} item{i} {HARD[i % len(HARD)]}" for i in range(5000)]
    kwargs = dict(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, strip_accents="unicode", min_df=2)
    ours = FastTfidfVectorizer(**kwargs).fit(docs[:300])
    theirs = TfidfVectorizer(**kwargs).fit(docs[:300])
    assert _same(ours.transform(docs), theirs.transform(docs))


@pytest.mark.parametrize("strip_accents", ["unicode", "ascii", None])
@pytest.mark.parametrize("ngram_range", [(1, 2), (1, 1), (2, 2)])
@pytest.mark.parametrize("lowercase", [True, False])
def test_word_matrices_are_scikit_learns(strip_accents, ngram_range, lowercase):
    kwargs = dict(ngram_range=ngram_range, sublinear_tf=True, strip_accents=strip_accents, lowercase=lowercase)
    ours = FastTfidfVectorizer(**kwargs).fit(TRAIN + HARD)
    assert ours._fast()
    theirs = TfidfVectorizer(**kwargs).fit(TRAIN + HARD)
    assert ours.vocabulary_ == theirs.vocabulary_
    # repeated and reordered words, bigrams of the vocabulary split across sentences,
    # a sentence of one word, and words the vocabulary lacks next to ones it has
    docs = TRAIN + HARD + [t.upper() for t in TRAIN] + [" ".join(TRAIN), " ".join(reversed(TRAIN)),
                                                       "Trump Trump trump wrote wrote", "Mr. Unknownword Trump"]
    assert _same(ours.transform(docs), theirs.transform(docs))
    assert _same(ours._count_vocab(docs, fixed_vocab=True)[1], theirs._count_vocab(docs, fixed_vocab=True)[1])


def test_word_bigram_index_follows_refit_and_is_not_pickled():
    kwargs = dict(ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode", min_df=1)
    vec = FastTfidfVectorizer(**kwargs).fit(TRAIN)
    fresh = pickle.dumps(vec)
    docs = TRAIN + HARD
    assert _same(vec.transform(docs), TfidfVectorizer(**kwargs).fit(TRAIN).transform(docs))
    assert pickle.dumps(vec) == fresh
    vec.fit(HARD)  # the bigrams of the old vocabulary must not be found any more
    assert _same(vec.transform(docs), TfidfVectorizer(**kwargs).fit(HARD).transform(docs))


def test_other_analyzers_fall_back_to_scikit_learn():
    for kwargs in (dict(analyzer="char", ngram_range=(2, 3)), dict(ngram_range=(1, 3)),
                   dict(token_pattern=r"[^,]+"), dict(stop_words=["the"]),
                   dict(analyzer="char_wb", preprocessor=str.lower)):
        ours = FastTfidfVectorizer(**kwargs).fit(TRAIN)
        assert not ours._fast()
        assert _same(ours.transform(HARD + TRAIN), TfidfVectorizer(**kwargs).fit(TRAIN).transform(HARD + TRAIN))


def test_empty_input_and_pickle():
    vec = FastTfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4)).fit(TRAIN)
    with pytest.raises(ValueError):  # as scikit-learn's own
        vec.transform([])
    with pytest.raises(ValueError):
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4)).fit(TRAIN).transform([])
    vec.transform(TRAIN)
    assert "_stop_words_id" not in vec.__dict__  # no memory address in the pickle
    again = pickle.loads(pickle.dumps(vec))
    assert _same(again.transform(TRAIN), vec.transform(TRAIN))


def test_words_kept_between_calls_change_nothing():
    kwargs = dict(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, strip_accents="unicode")
    vec = FastTfidfVectorizer(**kwargs).fit(TRAIN)
    fresh = pickle.dumps(vec)
    theirs = TfidfVectorizer(**kwargs).fit(TRAIN)
    docs = TRAIN + HARD
    for batch in (docs[:4], docs[2:9], docs, docs[::-1]):  # overlapping batches reuse the words
        assert _same(vec.transform(batch), theirs.transform(batch))
    assert pickle.dumps(vec) == fresh  # the cache is never pickled
    # refitted on other text: the words are worked out again for the new vocabulary
    vec.fit(HARD)
    theirs.fit(HARD)
    assert _same(vec.transform(docs), theirs.transform(docs))


def test_sentence_embedding_does_not_depend_on_its_batch():
    """wordllama pads a batch to its longest text; the padding must not count as tokens."""
    from framescope.frames import embeddings

    embed = embeddings.StaticEmbedding()
    short = "Talks begin."
    long = " ".join(TRAIN * 4)
    embeddings._EMBEDDED.clear()
    alone = embed.transform([short])
    embeddings._EMBEDDED.clear()
    batched = embed.transform([long, short, "x"])
    assert np.array_equal(alone[0], batched[1])
    assert np.isclose(np.linalg.norm(alone[0]), 1.0)


def test_embedding_cache_overflow_keeps_every_row(monkeypatch):
    """A batch that fills the sentence cache, with sentences already in it, is embedded whole.

    It used to empty the cache and then look the batch's cached sentences up in it
    (KeyError): shards over about 2,300 articles failed in the frames stage.
    """
    from framescope.frames import embeddings

    embed = embeddings.StaticEmbedding()
    docs = [f"{t} ({i})" for i, t in enumerate(TRAIN + HARD)]
    embeddings._EMBEDDED.clear()
    expected = embed.transform(docs)
    monkeypatch.setattr(embeddings, "_MAX_EMBEDDED", 6)
    embeddings._EMBEDDED.clear()
    embed.transform(docs[:5])  # cached: five of the next batch's sentences
    again = embed.transform(docs[3:] + docs[:3])  # ten new, more than the cache holds
    assert np.array_equal(again, np.concatenate([expected[3:], expected[:3]]))
    assert len(embeddings._EMBEDDED) <= 6
    embeddings._EMBEDDED.clear()


def test_token_ids_by_word_are_the_tokenizers_own():
    """Token ids put together word by word equal the tokenizer's ids of the whole text."""
    from framescope.frames import embeddings

    tokenizer, _ = embeddings._wordllama()
    by_word = embeddings.WordTokenIds(tokenizer)
    assert by_word.by_word  # no token of Llama 2's vocabulary spans a "▁"
    texts = TRAIN + HARD + [
        " leading space", "two  spaces", "  two leading", "trailing ", "a   b    c", "x<s>y", "<unk> word",
        "end.</s>", "a < b <s", "\u2581literal", "emoji 🦀 ok", "日本語 テキスト", "don't stop", "U.S.-Russia talks",
        "a\u200bb", "\u3000ideographic", "   ", "repeated repeated repeated words words",
    ]
    expected = [e.ids for e in tokenizer.encode_batch(texts, add_special_tokens=False)]
    assert by_word(texts) == expected
    assert by_word(texts[::-1]) == expected[::-1]  # words now remembered from the first call
    assert by_word.cache  # and they were


def test_token_ids_fall_back_to_whole_texts_when_a_token_spans_words():
    from framescope.frames import embeddings

    class Spanning:
        """A tokenizer whose vocabulary has a token across a word boundary."""

        def get_vocab(self, with_added_tokens=False):
            return {"a\u2581b": 0, "\u2581a": 1}

        def get_added_tokens_decoder(self):
            return {}

        def encode_batch(self, texts, add_special_tokens=False):
            class Encoded:
                def __init__(self, text):
                    self.ids = [len(text)]

            return [Encoded(t) for t in texts]

    by_word = embeddings.WordTokenIds(Spanning())
    assert not by_word.by_word
    assert by_word(["a b", "c"]) == [[3], [1]]
    assert not by_word.cache


def test_strip_accents_is_scikit_learns():
    from sklearn.feature_extraction.text import strip_accents_unicode

    texts = ["plain ascii", "naïve café “quoted” — dash", "x\u0301y ab\u0301\u0327cd", "ﬁnance ² ½ Ⅻ ǅ",
             "Ångström Øre ß İstanbul", "", "\u0301 alone", "日本語のテキスト", "ÉCOLE déjà vu",
             "lone \ud800 surrogate é", "\U0001d165\U0001d16d music marks \u20d0 \ufe20"]
    # long texts take the table path: one with marks, one without, one with a lone surrogate
    texts += [t * 80 for t in texts if t] + ["“curly” — " * 200]
    assert any(len(unicodedata.normalize("NFKD", t)) >= 1000 for t in texts)
    for text in texts:
        assert strip_accents(text) == strip_accents_unicode(text), text[:40]
    # the long-text path tests code points from U+0300 only: no mark comes before it
    assert not any(unicodedata.combining(chr(c)) for c in range(0x300))

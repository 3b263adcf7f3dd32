"""Static word embeddings for the frames classifier: wordllama's 256-d token vectors averaged over a text, offline."""

from __future__ import annotations

import hashlib
import itertools
import re
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from framescope.frames.data import as_texts


@lru_cache(maxsize=1)
def _wordllama():
    """wordllama's 256-d static token embeddings and tokenizer, loaded from the package itself (no network)."""
    from pathlib import Path

    import wordllama

    model = wordllama.WordLlama.load(
        cache_dir=Path(wordllama.__file__).parent, disable_download=True, dim=256
    )
    tokenizer = model.tokenizer
    # wordllama's tokenizer pads every batch to its longest text: the padding would count
    # as tokens of the shorter texts, so a sentence's embedding would depend on the
    # other sentences it is batched with (and so on the shard it falls in)
    tokenizer.no_padding()
    tokenizer.no_truncation()
    # float64 once: a float32 table would be converted again for every product with it
    return tokenizer, np.asarray(model.embedding, dtype=np.float32).astype(np.float64)


class WordTokenIds:
    """A text's token ids from its words' ids, each distinct word tokenized once.

    wordllama's tokenizer (Llama 2's) has no pre-tokenizer: it writes a space before the
    text, turns every space into "▁" and runs BPE over the whole string. BPE only ever
    makes tokens of its vocabulary, and no token of this one has "▁" after another
    character (checked when the tokenizer is loaded), so no token spans two words: a
    text's ids are its words' ids one after the other, where a word is the run of
    spaces before it and its characters. News repeats its words, so a shard has far
    fewer distinct words than words; tokenizing those alone took a shard of 87,000
    sentences from 3.1 s to 1.8 s, with the same ids (tested on that shard and on hard
    input).

    Texts the argument does not cover (a literal "▁", a special token such as "<s>",
    which the tokenizer splits out before anything else, trailing spaces, an empty
    text) and every text of a tokenizer that fails the check are tokenized whole.
    """

    _PIECE = re.compile(r" *[^ ]+")
    _MAX_WORDS = 500_000  # ids remembered, ~60 MB

    def __init__(self, tokenizer):
        self.encode_batch = getattr(tokenizer, "encode_batch_fast", tokenizer.encode_batch)
        vocab = tokenizer.get_vocab(with_added_tokens=False)
        self.by_word = not any(re.search("[^\u2581]\u2581", token) for token in vocab)
        self.special = [t.content for t in tokenizer.get_added_tokens_decoder().values()]
        self.cache: dict[str, list[int]] = {}

    def _whole(self, text: str) -> bool:
        return (
            not self.by_word
            or not text
            or text[-1] == " "
            or "\u2581" in text
            or ("<" in text and any(s in text for s in self.special))
        )

    def __call__(self, texts: list[str]) -> list[list[int]]:
        cache = self.cache
        if len(cache) > self._MAX_WORDS:
            cache.clear()
        split: dict[int, list[str]] = {}
        for i, text in enumerate(texts):
            if self._whole(text):
                continue
            if text[0] == " " or "  " in text:
                # the first piece keeps its spaces (the tokenizer writes the "▁" before
                # the text); a later one drops one, which the tokenizer writes back
                pieces = self._PIECE.findall(text)
                split[i] = [pieces[0], *(piece[1:] for piece in pieces[1:])]
            else:
                split[i] = text.split(" ")
        new = sorted(word for word in set(itertools.chain.from_iterable(split.values())) if word not in cache)
        if new:
            for word, encoded in zip(new, self.encode_batch(new, add_special_tokens=False)):
                cache[word] = encoded.ids
        out: list[list[int]] = [None] * len(texts)  # type: ignore[list-item]
        whole = [i for i in range(len(texts)) if i not in split]
        if whole:
            for i, encoded in zip(whole, self.encode_batch([texts[i] for i in whole], add_special_tokens=False)):
                out[i] = encoded.ids
        ids_of = cache.__getitem__
        for i, words in split.items():
            out[i] = list(itertools.chain.from_iterable(map(ids_of, words)))
        return out


@lru_cache(maxsize=1)
def _word_token_ids() -> WordTokenIds:
    return WordTokenIds(_wordllama()[0])


_EMBEDDED: dict[bytes, np.ndarray] = {}
_MAX_EMBEDDED = 50_000  # sentences remembered, ~100 MB


class StaticEmbedding(TransformerMixin, BaseEstimator):
    """Mean of wordllama's static token embeddings over a text, L2-normalised, times `weight`.

    Works offline (the 256-d weights ship inside the wordllama package) and costs
    about a second per 10,000 sentences. The embedding table itself is never stored
    in the pickled model; it is loaded from the installed package when needed.
    """

    def __init__(self, weight=1.0):
        self.weight = weight

    def fit(self, X, y=None):
        self.n_features_out_ = 256
        return self

    def transform(self, X) -> np.ndarray:
        texts = as_texts(X)
        out = np.zeros((len(texts), 256), dtype=np.float64)
        # Cross-validation embeds the same texts again and again: remember them (by digest).
        digests = [hashlib.blake2b(t.encode("utf-8"), digest_size=16).digest() for t in texts]
        todo = []
        for i, d in enumerate(digests):
            row = _EMBEDDED.get(d)
            if row is None:
                todo.append(i)
            else:
                out[i] = row
        if todo:
            fresh = self._embed([texts[i] for i in todo])
            out[todo] = fresh
            # a full cache starts again (rows of this batch are already in `out`)
            if len(_EMBEDDED) + len(todo) > _MAX_EMBEDDED:
                _EMBEDDED.clear()
            for i, row in zip(todo[:_MAX_EMBEDDED], fresh):
                _EMBEDDED[digests[i]] = row
        return out * float(self.weight)

    @staticmethod
    def _embed(texts: list[str]) -> np.ndarray:
        table = _wordllama()[1]
        token_ids = _word_token_ids()
        out = np.zeros((len(texts), table.shape[1]), dtype=np.float64)
        for start in range(0, len(texts), 256):
            chunk = texts[start : start + 256]
            # Token counts as a sparse matrix times the table: no padded batches, so
            # a 5,000-word article costs what its tokens cost.
            id_lists = token_ids(chunk)
            lengths = np.fromiter(map(len, id_lists), dtype=np.int64, count=len(id_lists))
            ids = np.fromiter(itertools.chain.from_iterable(id_lists), dtype=np.int64, count=int(lengths.sum()))
            ids = np.clip(ids, 0, table.shape[0] - 1)
            rows = np.repeat(np.arange(len(chunk), dtype=np.int64), lengths)
            counts = sp.csr_matrix((np.ones(len(ids)), (rows, ids)), shape=(len(chunk), table.shape[0]))
            sums = np.asarray(counts @ table, dtype=np.float64)
            norms = np.linalg.norm(sums, axis=1, keepdims=True)
            out[start : start + len(chunk)] = np.where(norms > 0, sums / np.maximum(norms, 1e-12), 0.0)
        return out

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"wordllama{i}" for i in range(256)], dtype=object)


class SentenceEncoding(TransformerMixin, BaseEstimator):
    """all-MiniLM-L6-v2's 384-d contextual text vector (int8 ONNX, offline), unit-norm, times `weight`.

    English only. About 60x slower than :class:`StaticEmbedding` (see
    benchmarks/encoders.md): an option, not the default. Each distinct text is encoded
    once per process, so cross-validation does not encode it again in every fold. The
    weights are never pickled; they are loaded, and their hash checked, when needed.
    """

    def __init__(self, weight=1.0):
        self.weight = weight

    def fit(self, X, y=None):
        self.n_features_out_ = 384
        return self

    def transform(self, X) -> np.ndarray:
        from framescope.text.encoder import encode_once

        return encode_once(as_texts(X)) * float(self.weight)

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"minilm{i}" for i in range(384)], dtype=object)


#: The `embeddings` option: name -> the transformer it adds to the features (None: TF-IDF only).
EMBEDDINGS = {"none": None, "wordllama": StaticEmbedding, "minilm": SentenceEncoding}

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

    def _words(self, texts: list[str]) -> list:
        """Each text's words (as the tokenizer sees them), or None for a text tokenized whole."""
        out = []
        for text in texts:
            if self._whole(text):
                out.append(None)
            elif text[0] == " " or "  " in text:
                # the first piece keeps its spaces (the tokenizer writes the "▁" before
                # the text); a later one drops one, which the tokenizer writes back
                pieces = self._PIECE.findall(text)
                out.append([pieces[0], *(piece[1:] for piece in pieces[1:])])
            else:
                out.append(text.split(" "))
        return out

    def _learn(self, words) -> None:
        """Tokenize the words not yet remembered (in sorted order, as one batch)."""
        cache = self.cache
        new = sorted(word for word in words if word not in cache)
        if new:
            for word, encoded in zip(new, self.encode_batch(new, add_special_tokens=False)):
                cache[word] = encoded.ids

    def __call__(self, texts: list[str]) -> list[list[int]]:
        """Each text's token ids, as the tokenizer gives them (:meth:`flat`, one list per text)."""
        if not len(texts):
            return []
        lengths, ids = self.flat(texts)
        return [part.tolist() for part in np.split(ids, np.cumsum(lengths)[:-1])]

    def flat(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The texts' token ids as arrays: each text's number of tokens, and all the ids one text
        after the other (the tokenizer's own ids, without special tokens).

        The same ids without a list per text: each distinct word's ids are put in one
        array once, and the texts' words are expanded into them with numpy (a text
        tokenized whole is one more "word" of its own).
        """
        if len(self.cache) > self._MAX_WORDS:
            self.cache.clear()
        words_of = self._words(texts)
        distinct = dict.fromkeys(itertools.chain.from_iterable(w for w in words_of if w is not None))
        self._learn(distinct)
        cache = self.cache
        id_lists = [cache[word] for word in distinct]
        for k, word in enumerate(distinct):
            distinct[word] = k
        whole = [i for i, words in enumerate(words_of) if words is None]
        if whole:
            for i, encoded in zip(whole, self.encode_batch([texts[i] for i in whole], add_special_tokens=False)):
                words_of[i] = [(i,)]  # a key no word has
                distinct[(i,)] = len(id_lists)
                id_lists.append(encoded.ids)
        per_word = np.fromiter(map(len, id_lists), dtype=np.int64, count=len(id_lists))
        word_ids = np.fromiter(itertools.chain.from_iterable(id_lists), dtype=np.int64, count=int(per_word.sum()))
        word_start = np.cumsum(per_word) - per_word
        n_words = np.fromiter(map(len, words_of), dtype=np.int64, count=len(words_of))
        occurrences = np.fromiter(map(distinct.__getitem__, itertools.chain.from_iterable(words_of)),
                                  dtype=np.int64, count=int(n_words.sum()))
        occurrence_tokens = per_word[occurrences]
        ends = np.cumsum(occurrence_tokens)
        total = int(ends[-1]) if len(ends) else 0
        # token t of the occurrence o is word_ids[word_start[word of o] + t]
        at = np.repeat(word_start[occurrences] - (ends - occurrence_tokens), occurrence_tokens)
        ids = word_ids[at + np.arange(total, dtype=np.int64)]
        word_ends = np.concatenate([[0], np.cumsum(n_words)])
        token_ends = np.concatenate([[0], ends])
        lengths = token_ends[word_ends[1:]] - token_ends[word_ends[:-1]]
        return lengths, ids


@lru_cache(maxsize=1)
def _word_token_ids() -> WordTokenIds:
    return WordTokenIds(_wordllama()[0])


_EMBEDDED: dict[bytes, np.ndarray] = {}
_MAX_EMBEDDED = 50_000  # sentences remembered, ~100 MB
_EMBED_CHUNK = 256  # texts per product with the table


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
        # all the texts' token ids at once (a text's row does not depend on the others)
        lengths, ids = _word_token_ids().flat(list(texts))
        ids = np.clip(ids, 0, table.shape[0] - 1)
        out = np.zeros((len(texts), table.shape[1]), dtype=np.float64)
        token_ends = np.concatenate([[0], np.cumsum(lengths)])
        for start in range(0, len(texts), _EMBED_CHUNK):
            end = min(start + _EMBED_CHUNK, len(texts))
            a, b = int(token_ends[start]), int(token_ends[end])
            # Token counts as a sparse matrix times the table: no padded batches, so
            # a 5,000-word article costs what its tokens cost.
            rows = np.repeat(np.arange(end - start, dtype=np.int64), lengths[start:end])
            counts = sp.csr_matrix((np.ones(b - a), (rows, ids[a:b])), shape=(end - start, table.shape[0]))
            sums = np.asarray(counts @ table, dtype=np.float64)
            norms = np.linalg.norm(sums, axis=1, keepdims=True)
            out[start:end] = np.where(norms > 0, sums / np.maximum(norms, 1e-12), 0.0)
        return out

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"wordllama{i}" for i in range(256)], dtype=object)


class _EncodedVectors(TransformerMixin, BaseEstimator):
    """A sentence encoder's unit vector of each text, times `weight` (subclasses name the encoder).

    Each distinct text is encoded once per process, so cross-validation does not encode it
    again in every fold. The weights are never pickled; they are loaded, and their hash
    checked, when needed.
    """

    dim = 0
    prefix = ""

    def __init__(self, weight=1.0):
        self.weight = weight

    def fit(self, X, y=None):
        self.n_features_out_ = self.dim
        return self

    def transform(self, X) -> np.ndarray:
        return self._encode_once(as_texts(X)) * float(self.weight)

    @staticmethod
    def _encode_once(texts) -> np.ndarray:
        raise NotImplementedError

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"{self.prefix}{i}" for i in range(self.dim)], dtype=object)


class SentenceEncoding(_EncodedVectors):
    """all-MiniLM-L6-v2's 384-d contextual text vector (int8 ONNX, offline), unit-norm, times `weight`.

    English only. About 130x slower than :class:`StaticEmbedding` (see
    benchmarks/encoders.md): an option, not the default.
    """

    dim, prefix = 384, "minilm"

    @staticmethod
    def _encode_once(texts) -> np.ndarray:
        from framescope.text.encoder import encode_once

        return encode_once(texts)


class MultilingualEncoding(_EncodedVectors):
    """The Universal Sentence Encoder multilingual v3's 512-d text vector (offline, numpy), unit-norm, times `weight`.

    One encoder for all six SemEval-2023 languages (and ten more). About 55x slower than
    :class:`StaticEmbedding` (see benchmarks/encoders.md): chosen by ``embeddings: auto`` where
    cross-validation shows it pays (benchmarks/frames_languages.md).
    """

    dim, prefix = 512, "use"

    @staticmethod
    def _encode_once(texts) -> np.ndarray:
        from framescope.text.multilingual import encode_once

        return encode_once(texts)


#: The `embeddings` option: name -> the transformer it adds to the features (None: TF-IDF only).
EMBEDDINGS = {"none": None, "wordllama": StaticEmbedding, "minilm": SentenceEncoding, "use": MultilingualEncoding}

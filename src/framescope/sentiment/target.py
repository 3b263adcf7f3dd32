"""Target-dependent sentiment: the tone of a sentence *about* one actor in it.

"Ms. Obi praised Mr. Haddad but called Ms. Albright a liar" is positive about Haddad,
negative about Albright and neutral about Obi, who only speaks. A sentence score gives
all three the same number; this model is asked about one target at a time.

Input rows are ``(text, start, end)``: the sentence and the character span of the
target's mention in it. Three blocks of features, all cheap to compute:

- the sentence: TF-IDF of its words, names left out (capitalised words after the
  first), so that the model learns wording, not who is liked; computed once per
  sentence and shared by all its targets;
- the target: the words in a window of five on each side of it within its clause
  (clauses end at , ; : and begin at "but", "while", ...), the words right next to it
  and the pair of words on each side, marked by side ("l:accused", "r1:was"); cues that
  change whose tone it is: the target speaks ("X said", "said X", "according to X"),
  stands inside a quote, or opens the sentence;
- numbers: VADER's score of the sentence; VADER's valences around the target, summed
  by side within the clause, over the clause, and weighted by distance; the valences
  outside quote marks (what the reporter says) and inside them (what a speaker says);
  a negation near the target; and products of the cues with these sums.

These go into a logistic regression (the classes weighted as the training data has
them: news is mostly neutral, and balancing the classes made the model call far too
many targets positive on real news). ``train_target_model`` cross-validates it with
all targets of a sentence in one fold and compares it, on the same folds, with VADER
on the sentence and with a plain sentence TF-IDF model that ignores the target.
Every sentence is read once (``read_sentence``, shared with the sentence model and
VADER's table column), whatever number of targets it has.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import string
from collections import _count_elements  # Counter's counting loop, in C
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from threadpoolctl import threadpool_limits

from framescope.sentiment.vader import Analysis, analyse

LABELS = ("negative", "neutral", "positive")

_EDGE = string.punctuation + "“”‘’«»„—–…•·"
_OPENERS = frozenset('"“«„')
_CLOSERS = frozenset('"”»')
_MARKS = ('"', "“", "”", "«", "»", "„")
_WINDOW = 5
_SPEECH = frozenset("""
said says say told tells tell added adds wrote writes asked asks noted notes argued argues insisted insists
explained explains warned warns claimed claims replied responded tweeted announced declared stated
acknowledged admitted suggested stressed countered recalled continued concluded testified according
""".split())
_NEGATORS = frozenset("not no never nor without cannot".split())
# Words that open a new clause: the window around a target stops at them (and at , ; :).
_CLAUSE_WORDS = frozenset("but while whereas although though yet however".split())


class Sentence(NamedTuple):
    """What the models need from a sentence, computed once however often it is scored."""

    analysis: Analysis  # VADER's words, valences and scores
    lower: list[str]  # each word in lower case without outer punctuation ("" for punctuation alone)


# How many texts the readings below keep. A shard's sentences are read in several passes
# (the sentence model's words, its VADER block, the table's VADER column, the quotes, the
# target model), one after the other, so a cache smaller than the shard's distinct
# sentences plus its quotes has dropped each reading before the next pass asks for it:
# with 32,768 (shard 0000 of the 100k benchmark has 33k distinct sentences and 5k more
# quote texts) every pass read its sentences anew, 2.6 readings per text and a fifth of
# the job's CPU. This holds an automatic shard (up to about 2,800 articles) with room to
# spare; a reading and its word counts take about 5 KB, so the cap also bounds a
# long-running process to about 700 MB of them.
READINGS_KEPT = 131_072


@functools.lru_cache(maxsize=READINGS_KEPT)
def read_sentence(text: str) -> Sentence:
    """The sentence's words and their VADER valences (cached by text)."""
    a = analyse(text)
    # VADER strips ASCII punctuation (keeping short tokens whole); strip the rest too
    # (a word of letters and digits alone has nothing to strip)
    return Sentence(a, [w if w.isalnum() else w.strip(_EDGE) for w in a.lowered])


def _quoted(raw: list[str], text: str) -> list[bool]:
    """Which whitespace tokens lie inside quote marks (straight marks alternate; curly ones say which way)."""
    quoted = [False] * len(raw)
    if any(m in text for m in _MARKS):
        inside = False
        for k, token in enumerate(raw):
            opens = token[:1] in _OPENERS and (token[:1] != '"' or not inside)
            if opens:
                inside = True
            quoted[k] = inside
            if token.rstrip(".,;:!?)")[-1:] in _CLOSERS and (inside or opens):
                inside = False
    return quoted


def _span(text: str, start: int, end: int) -> tuple[int, int]:
    """Indices [i, j) of the whitespace tokens that the character span [start, end) touches."""
    i = len(text[:start].split())
    if i and start < len(text) and not text[start - 1].isspace() and not text[start].isspace():
        i -= 1  # the span starts inside a token ('“Trump')
    j = len(text[:end].split())
    return i, max(i, j)


#: Names of the dense features, in column order.
DENSE = (
    "sent_compound", "sent_pos", "sent_neg", "left_sum", "right_sum", "near_weighted", "far_weighted",
    "outside_quote_sum", "inside_quote_sum", "speaker", "in_quote", "speaker_x_sent", "speaker_x_outside",
    "in_quote_x_inside", "negated_near", "first", "clause_sum",
)


class _Prepared(NamedTuple):
    """Per sentence, what every target in it shares."""

    sent: Sentence
    quoted: list[bool]  # each token lies inside quote marks
    words: list[str]  # the non-empty lower-cased words
    where: list[int]  # each one's index among all the sentence's tokens
    wclause: list[int]  # clause number of each non-empty word, -1 for names (left out of windows)
    negations: list[int]  # token indices of negations ("not", "never", "didn't", ...)
    context: dict[str, int]  # the sentence's words and word pairs, names left out (context_counts)
    clause: list[int]  # clause number of each token (a new clause after , ; : and at "but", "while", ...)
    nonzero: list[tuple[int, float]]  # (token index, VADER valence) of the words that carry one
    outside: float  # summed valence outside quote marks
    inside: float  # and inside them


@functools.lru_cache(maxsize=READINGS_KEPT)
def context_counts(text: str) -> dict[str, int]:
    """The sentence's words, lower-cased, with names left out, counted.

    Capitalised words after the first are mostly names: leaving them out keeps the models
    from learning who is liked and who is not. The sentence model uses these as its word
    features, the target model as its sentence block (the target's own place is in its
    window features). Word pairs, tried too, did worse on both starter sets (sentence
    model macro-F1 0.775 against 0.788, target model 0.709 against 0.715, cross-validated)
    and cost time.
    """
    sent = read_sentence(text)
    raw = sent.analysis.raw
    lower = sent.lower
    kept = [w for w, r in zip(lower, raw) if w and not r[0].isupper()]
    if lower and lower[0] and raw[0][0].isupper():  # the first word counts whatever its case
        kept.insert(0, lower[0])
    counts: dict[str, int] = {}
    _count_elements(counts, kept)  # what Counter does, into a plain dict
    return counts


@functools.lru_cache(maxsize=16_384)
def _prepare(text: str) -> _Prepared:
    sent = read_sentence(text)
    raw = sent.analysis.raw
    lower = sent.lower
    n = len(raw)
    quoted = _quoted(raw, text)
    # clause numbers: +1 at a clause word, and +1 after a token ending in , ; :
    steps = [k for k, w in enumerate(lower) if w in _CLAUSE_WORDS]
    if "," in text or ";" in text or ":" in text:
        steps += [k + 1 for k, t in enumerate(raw) if t[-1] in ",;:" or t[-2:-1] in (",", ";")]
    if steps:
        steps.sort()
        clause, c, prev = [], 0, 0
        for k in steps:  # the same step twice (", but") counts twice
            clause += [c] * (k - prev)
            c += 1
            prev = k
        clause += [c] * (n - prev)
    else:
        clause = [0] * n
    # names (capitalised words after the first) are left out of the windows: clause -1
    if all(lower):
        where = list(range(n))
        words = lower
        wclause = [-1 if r[0].isupper() else c for r, c in zip(raw, clause)]
        if n:
            wclause[0] = clause[0]
    else:
        where = [k for k, w in enumerate(lower) if w]
        words = [lower[k] for k in where]
        wclause = [clause[k] if k == 0 or not raw[k][0].isupper() else -1 for k in where]
    nonzero = [(k, v) for k, v in enumerate(sent.analysis.valences) if v]
    outside = inside = 0.0
    for k, v in nonzero:
        if quoted[k]:
            inside += v
        else:
            outside += v
    if "'" in text or "’" in text:
        negations = [k for k, w in enumerate(lower) if w in _NEGATORS or w.endswith(("n't", "n’t"))]
    else:  # no apostrophe, no "didn't"
        negations = [k for k, w in enumerate(lower) if w in _NEGATORS]
    return _Prepared(sent, quoted, words, where, wclause, negations, context_counts(text),
                     clause, nonzero, outside, inside)


def _target_features(p: _Prepared, text: str, start: int, end: int) -> tuple[list[str], list[float]]:
    """The target's own feature tokens (window, neighbours, cues) and its dense values."""
    sent, quoted, words, where, wclause, negations, _, clause, nonzero, outside, inside = p
    # the whitespace tokens [ti, tj) that the span touches (as _span, inline: this runs per target)
    ti = len(text[:start].split())
    if ti and start < len(text) and not text[start - 1].isspace() and not text[start].isspace():
        ti -= 1  # the span starts inside a token ('“Trump')
    tj = len(text[:end].split())
    if tj < ti:
        tj = ti
    n = len(quoted)
    # the target's words among the non-empty words: positions [a, b)
    a = bisect.bisect_left(where, ti)
    b = bisect.bisect_left(where, tj)
    home = clause[min(ti, n - 1)] if n else 0
    left = [words[i] for i in range(max(0, a - _WINDOW), a) if wclause[i] == home]
    right = [words[i] for i in range(b, min(len(words), b + _WINDOW)) if wclause[i] == home]
    tokens = ["l:" + w for w in left]
    tokens += ["r:" + w for w in right]
    if left:
        tokens.append("l1:" + left[-1])
        if len(left) > 1:
            tokens.append("l2:" + left[-2] + "_" + left[-1])
    if right:
        tokens.append("r1:" + right[0])
        if len(right) > 1:
            tokens.append("r2:" + right[0] + "_" + right[1])

    in_quote = quoted[ti] if ti < n else False
    speaker = False
    if not in_quote:
        for w in right[:3]:
            if w in _SPEECH:
                speaker = True
                break
        else:
            before = left[-3:]
            speaker = bool(before) and before[-1] in ("said", "says", "to") and (
                "said" in before or "says" in before or "according" in before)
    first = a == 0
    if speaker:
        tokens.append("cue:speaker")
    if in_quote:
        tokens.append("cue:in_quote")
    if first:
        tokens.append("cue:first")

    s = sent.analysis.scores
    left_sum = right_sum = near = far = in_clause = 0.0
    for k, v in nonzero:
        if k < ti:
            d = ti - k
        elif k >= tj:
            d = k - tj + 1
        else:
            continue
        if clause[k] == home:
            in_clause += v
            if d <= _WINDOW:
                if k < ti:
                    left_sum += v
                else:
                    right_sum += v
        near += v / d
        if d > _WINDOW:
            far += v / math.sqrt(d)
    negated = False
    for k in negations:
        if ti - 3 <= k < tj + 4:
            negated = True
            break
    sp_ = 1.0 if speaker else 0.0
    iq = 1.0 if in_quote else 0.0
    compound = s[3]
    return tokens, [
        compound, s[2], s[0], left_sum, right_sum, near, far, outside, inside, sp_, iq,
        sp_ * compound, sp_ * outside, iq * inside, 1.0 if negated else 0.0, 1.0 if first else 0.0, in_clause,
    ]


def featurize(text: str, start: int, end: int) -> tuple[dict[str, int], list[str], list[float]]:
    """The sentence's tokens (with counts), the target's tokens and the dense values of one row."""
    p = _prepare(text)
    tokens, dense = _target_features(p, text, start, end)
    return p.context, tokens, dense


def tfidf_matrix(rows: list[dict[str, int]], vocab: dict[str, int], idf: np.ndarray) -> sp.csr_matrix:
    """Rows of token counts -> l2-normalised sublinear TF-IDF (as scikit-learn's sublinear_tf, norm="l2")."""
    lengths = [len(r) for r in rows]
    total = sum(lengths)
    ids = np.fromiter(map(vocab.get, itertools.chain.from_iterable(rows), itertools.repeat(-1, total)),
                      dtype=np.int64, count=total)
    counts = np.fromiter(itertools.chain.from_iterable([r.values() for r in rows]), dtype=np.float64, count=total)
    where = np.repeat(np.arange(len(rows), dtype=np.int64), lengths)
    known = ids >= 0
    m = sp.csr_matrix((counts[known], (where[known], ids[known])), shape=(len(rows), len(vocab)))
    m.sum_duplicates()
    m.data = (1.0 + np.log(m.data)) * idf[m.indices]
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ m)


def _counts(tokens: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    _count_elements(out, tokens)
    return out


class TargetFeatures(TransformerMixin, BaseEstimator):
    """(sentence, start, end) rows -> three blocks: the sentence's words, the target's, the dense values.

    The sentence block (TF-IDF of its words and word pairs, names left out) is computed
    once per sentence and shared by all its targets; the target block (TF-IDF of the
    words around the target and the cues) and the standardised dense features are per
    target. Each TF-IDF block is scaled to unit length.

    Parameters
    ----------
    min_df : int
        Feature tokens seen in fewer training rows are dropped.
    dense_weight : float
        Multiplies the standardised dense features (their say against the sparse ones).
    embeddings : "none" or "minilm"
        "minilm" adds two unit-norm all-MiniLM-L6-v2 vectors (English): the sentence's and
        that of the target with `WINDOW_WORDS` words either side.
    """

    def __init__(self, min_df: int = 1, dense_weight: float = 1.0, embeddings: str = "none"):
        self.min_df = min_df
        self.dense_weight = dense_weight
        self.embeddings = embeddings

    def fit(self, X, y=None):
        rows = [(str(t), int(a), int(b)) for t, a, b in X]
        feats = [featurize(*r) for r in rows]
        n = len(feats)
        sdf: dict[str, int] = {}
        tdf: dict[str, int] = {}
        for context, tokens, _ in feats:
            for t in context:
                sdf[t] = sdf.get(t, 0) + 1
            for t in set(tokens):
                tdf[t] = tdf.get(t, 0) + 1
        skept = sorted(t for t, k in sdf.items() if k >= self.min_df)
        tkept = sorted(t for t, k in tdf.items() if k >= self.min_df)
        self.sentence_vocabulary_ = {t: i for i, t in enumerate(skept)}
        self.target_vocabulary_ = {t: i for i, t in enumerate(tkept)}
        self.sentence_idf_ = np.array([math.log((1 + n) / (1 + sdf[t])) + 1 for t in skept])
        self.target_idf_ = np.array([math.log((1 + n) / (1 + tdf[t])) + 1 for t in tkept])
        dense = np.array([d for _, _, d in feats], dtype=np.float64).reshape(n, len(DENSE))
        self.mean_ = dense.mean(axis=0)
        scale = dense.std(axis=0)
        self.scale_ = np.where(scale > 0, scale, 1.0)
        return self

    def transform(self, X):
        prepared: dict[str, tuple[int, _Prepared]] = {}  # each distinct sentence once
        which = []
        target_rows = []
        dense_rows = []
        for text, start, end in X:
            text = str(text)
            known = prepared.get(text)
            if known is None:
                known = prepared[text] = (len(prepared), _prepare(text))
            which.append(known[0])
            tokens, dense = _target_features(known[1], text, int(start), int(end))
            counts: dict[str, int] = {}
            _count_elements(counts, tokens)
            target_rows.append(counts)
            dense_rows.append(dense)
        n = len(dense_rows)
        contexts = [p.context for _, p in prepared.values()]
        sv, tv = self.sentence_vocabulary_, self.target_vocabulary_
        sentence_block = tfidf_matrix(contexts, sv, self.sentence_idf_)[np.array(which, dtype=np.int64)]
        target_block = tfidf_matrix(target_rows, tv, self.target_idf_)
        dense = np.array(dense_rows, dtype=np.float64).reshape(n, len(DENSE))
        dense = (dense - self.mean_) / self.scale_ * self.dense_weight
        blocks = [sentence_block, target_block, sp.csr_matrix(dense)]
        embeddings = getattr(self, "embeddings", "none")  # models pickled before the option had none
        if embeddings == "minilm":
            from framescope.text.encoder import encode_once

            rows = [(str(t), int(a), int(b)) for t, a, b in X]
            sentences = encode_once(list(prepared))[np.array(which, dtype=np.int64)]
            windows = encode_once([target_window(*r) for r in rows])
            blocks += [sp.csr_matrix(sentences), sp.csr_matrix(windows)]
        elif embeddings != "none":
            raise ValueError(f"embeddings must be 'none' or 'minilm' for target sentiment, got {embeddings!r}")
        return sp.hstack(blocks, format="csr")


WINDOW_WORDS = 8


def target_window(text: str, start: int, end: int) -> str:
    """The target's span with up to `WINDOW_WORDS` words on either side (what the window vector encodes)."""
    left = text[:start].split()[-WINDOW_WORDS:]
    right = text[end:].split()[:WINDOW_WORDS]
    return " ".join([*left, text[start:end], *right])


# The logistic regression's C is chosen per training set by an inner cross-validation
# among these (macro-F1, sentences kept whole). Measured with 5-fold cross-validation on
# the NewsMTSC training set: C 0.3 .647, 1 .657, 3 .652, 10 .644; class weights and the
# dense block's weight made no difference.
TARGET_C_GRID = (1.0, 3.0)
TARGET_INNER_FOLDS = 3


def build_target_model(random_state: int = 0, C: float = 3.0, dense_weight: float = 1.0,
                       embeddings: str = "none") -> Pipeline:
    """An unfitted target-dependent sentiment model over (sentence, start, end) rows."""
    return Pipeline([
        ("features", TargetFeatures(min_df=1, dense_weight=dense_weight, embeddings=embeddings)),
        ("classifier", LogisticRegression(C=C, max_iter=5000, random_state=random_state)),
    ])


def fit_target_model(rows, labels, random_state: int = 0, Cs=TARGET_C_GRID,
                     inner_folds: int = TARGET_INNER_FOLDS, embeddings: str = "none") -> tuple[Pipeline, dict]:
    """Choose C by inner cross-validation on (`rows`, `labels`) alone, then fit on all of them.

    Inner folds keep the targets of one sentence together; C is chosen by macro-F1 (ties:
    the earlier candidate). Returns the fitted model and the choice with each candidate's
    inner scores.
    """
    from sklearn.model_selection import StratifiedGroupKFold

    from framescope.sentiment.data import label_metrics

    labels = np.asarray(labels, dtype=object)
    rows = list(rows)
    Cs = tuple(float(c) for c in Cs)
    candidates = []
    if len(Cs) > 1:
        groups = np.unique(np.asarray([r[0] for r in rows], dtype=object), return_inverse=True)[1]
        splitter = StratifiedGroupKFold(n_splits=inner_folds, shuffle=True, random_state=random_state)
        predicted = np.empty((len(Cs), len(rows)), dtype=object)
        with threadpool_limits(limits=1):
            for train, test in splitter.split(np.zeros(len(rows)), labels, groups):
                features = TargetFeatures(min_df=1, embeddings=embeddings).fit([rows[i] for i in train])
                X_train = features.transform([rows[i] for i in train])
                X_test = features.transform([rows[i] for i in test])
                for c, C in enumerate(Cs):
                    model = LogisticRegression(C=C, max_iter=5000, random_state=random_state)
                    predicted[c, test] = model.fit(X_train, labels[train]).predict(X_test)
        for c, C in enumerate(Cs):
            m = label_metrics(labels, predicted[c])
            candidates.append({"C": C, "macro_f1": round(m["macro_f1"], 4), "accuracy": round(m["accuracy"], 4)})
        best = max(range(len(Cs)), key=lambda c: (candidates[c]["macro_f1"], candidates[c]["accuracy"], -c))
    else:
        best = 0
    with threadpool_limits(limits=1):
        model = build_target_model(random_state, C=Cs[best], embeddings=embeddings).fit(rows, labels)
    return model, {"select_by": "macro_f1", "inner_folds": int(inner_folds) if len(Cs) > 1 else 0,
                   "C": Cs[best], "candidates": candidates}


def as_rows(df) -> list[tuple[str, int, int]]:
    """The (text, target_start, target_end) rows of a labelled or mentions frame."""
    return list(zip(df["text"].astype(object).tolist(), df["target_start"].astype("int64").tolist(),
                    df["target_end"].astype("int64").tolist()))


def plain_model(random_state: int = 0) -> Pipeline:
    """The baseline that ignores the target: TF-IDF word 1-2-grams of the sentence, logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return Pipeline([
        ("features", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
        ("classifier", LogisticRegression(C=10.0, class_weight="balanced", max_iter=5000, random_state=random_state)),
    ])


def vader_predict(texts) -> np.ndarray:
    """The lexicon baseline: VADER's compound of the whole sentence with the ±0.05 cut."""
    compound = np.array([read_sentence(str(t)).analysis.scores[3] for t in texts])
    return np.where(compound >= 0.05, "positive", np.where(compound <= -0.05, "negative", "neutral")).astype(object)


def check_target_data(df, folds: int = 0, where: str = "target sentiment data") -> np.ndarray:
    """The labels of a labelled target frame, checked: every row has a span, enough of each label."""
    from framescope.sentiment.data import has_targets

    if not has_targets(df, where):
        raise ValueError(f"{where}: no target spans; target-dependent sentiment needs a target in every row")
    labels = df["label"].astype(str).to_numpy(dtype=object)
    unknown = sorted(set(labels) - set(LABELS))
    if unknown:
        raise ValueError(f"{where}: labels {unknown}; allowed are {list(LABELS)}")
    if folds:
        counts = {lab: int((labels == lab).sum()) for lab in LABELS}
        too_few = [lab for lab, n in counts.items() if n < folds]
        if too_few:
            raise ValueError(f"{where}: fewer than {folds} targets labelled {too_few}; each label needs at least "
                             "one per cross-validation fold")
    return labels


def train_target_model(df, random_state: int = 0, folds: int = 5, embeddings: str = "none") -> tuple[Pipeline, dict]:
    """Cross-validate the target model on labelled targets, then fit it on all of them.

    `embeddings`: "none" or "minilm" (:class:`TargetFeatures`: the sentence's and the target
    window's all-MiniLM-L6-v2 vectors beside the sparse features).

    ``df`` is a frame from :mod:`framescope.sentiment.data` (``text``, ``label``,
    ``target_start``, ``target_end``). Folds keep all targets of one sentence together.
    The metrics hold the model's out-of-fold ``macro_f1`` and ``accuracy`` (means over
    folds), ``per_label`` and ``confusion`` (pooled), and under ``baselines`` the same
    for VADER on the sentence and for a plain sentence TF-IDF model on the same folds.
    """
    from sklearn.model_selection import StratifiedGroupKFold

    from framescope.sentiment.data import label_metrics

    labels = check_target_data(df, folds)
    rows = as_rows(df)
    texts = np.asarray(df["text"].astype(object).tolist(), dtype=object)
    groups = np.unique(texts, return_inverse=True)[1]
    cv = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=random_state)
    splits = list(cv.split(texts, labels, groups))
    predicted = np.empty(len(rows), dtype=object)
    plain = np.empty(len(rows), dtype=object)
    fold_C = []
    with threadpool_limits(limits=1):
        for train, test in splits:
            model, chosen = fit_target_model([rows[i] for i in train], labels[train], random_state,
                                             embeddings=embeddings)
            fold_C.append(chosen["C"])
            predicted[test] = model.predict([rows[i] for i in test])
            plain[test] = plain_model(random_state).fit(texts[train], labels[train]).predict(texts[test])
    model, selection = fit_target_model(rows, labels, random_state, embeddings=embeddings)
    fold_f1 = [label_metrics(labels[test], predicted[test])["macro_f1"] for _, test in splits]
    fold_acc = [label_metrics(labels[test], predicted[test])["accuracy"] for _, test in splits]
    pooled = label_metrics(labels, predicted)

    def short(pred):
        m = label_metrics(labels, pred)
        return {"macro_f1": m["macro_f1"], "accuracy": m["accuracy"]}

    metrics = {
        "model": "target-dependent: masked sentence + side windows tf-idf, vader around the target, "
                 "speaker/quote cues" + (", all-MiniLM-L6-v2 vectors of the sentence and the target's window"
                                         if embeddings == "minilm" else "") + " -> logistic regression",
        "embeddings": embeddings,
        "labels": list(LABELS),
        "n_train": int(len(rows)),
        "n_sentences": int(len(set(texts.tolist()))),
        "folds": int(folds),
        "random_state": int(random_state),
        "macro_f1": round(float(np.mean(fold_f1)), 6),
        "macro_f1_sd": round(float(np.std(fold_f1, ddof=1)), 6) if folds > 1 else 0.0,
        "accuracy": round(float(np.mean(fold_acc)), 6),
        "macro_f1_folds": fold_f1,
        "accuracy_folds": fold_acc,
        "per_label": pooled["per_label"],
        "confusion": pooled["confusion"],
        "baselines": {"vader_sentence": short(vader_predict(texts)), "tfidf_sentence": short(plain)},
        "model_selection": {"select_by": "macro_f1", "folds": [{"C": c} for c in fold_C], "all_data": selection},
    }
    return model, metrics

"""Frames in several languages: one model per language, one pooled model, or pooled with per-language decisions.

Labelled framing data often come in several languages with the same frames (SemEval-2023
Task 3 has six). Three ways to make a model of them, chosen by cross-validation
(:func:`cross_validate_methods`):

- ``per_language``: a :class:`~framescope.frames.classifier.FrameClassifier` for each
  language, trained on that language's texts only;
- ``pooled``: one classifier trained on every language's texts, one calibration and one
  set of thresholds for all;
- ``pooled_adapted``: the pooled classifier's scores, with a calibration and thresholds
  for each language, fitted to that language's texts' inner out-of-fold scores (frame
  priors differ between languages, and so do the score levels of the words each uses);
  frames too rare in a language keep the pooled ones.

A fitted :class:`LanguageFrames` keeps, for every language it covers, a fitted
``FrameClassifier`` over all its frames (:meth:`LanguageFrames.model_for`), so the
workflow applies each language's model exactly as it applies a one-language one; texts in
other languages are not scored at all.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

import numpy as np
from sklearn.base import clone

from framescope.frames.classifier import FrameClassifier, choose_decision_rule, decisions
from framescope.frames.validation import calibration_curve, grouped_folds, score_multi_label

METHODS = ("per_language", "pooled", "pooled_adapted")
METHOD_WORDS = {
    "per_language": "one model per language, each trained on its own language's texts",
    "pooled": "one model trained on all languages' texts pooled, one calibration and one set of thresholds",
    "pooled_adapted": "one model trained on all languages' texts pooled, with a calibration and decision "
                      "thresholds for each language chosen on that language's inner out-of-fold scores",
}
# A frame carried by fewer of a language's texts than this keeps the pooled calibration and
# threshold in `pooled_adapted` (too few to fit a threshold of its own), and is not modelled
# by that language's own model in `per_language`.
MIN_LANGUAGE_EXAMPLES = 3
# Thresholds of frames a language's own model does not cover: never reached.
NEVER = 1.0
# Methods whose cross-validated mean macro-F1 over languages lies within this of the best are
# tied; of tied methods the first in METHODS wins (the simpler one).
METHOD_TOLERANCE = 0.005
# Character n-grams (within word boundaries) beside the words when a model covers several
# languages, whatever the text length (``char_ngrams="auto"`` gives whole articles none).
# Measured on the six SemEval-2023 training sets, same folds (benchmarks/frames_languages.md):
# pooled_adapted mean micro/macro-F1 .559/.525 against .548/.511 words only, micro-F1 up in
# every language (German .570 against .546, Russian .422 against .402), at about five times
# the training time. Inflected languages (Russian, Polish, German) share few word forms
# between articles; their stems and endings do recur.
MULTILINGUAL_CHAR_NGRAMS = (2, 5)
# ``embeddings: auto``: the text vectors a model is cross-validated with, fastest first. Of
# candidates whose mean macro-F1 over languages lies within METHOD_TOLERANCE of the best, the
# first wins. On the six SemEval-2023 training sets, same folds (benchmarks/frames_languages.md),
# the multilingual USE beat wordllama in every language (pooled_adapted mean micro/macro-F1
# .611/.563 against .559/.525; French .526 against .459 macro-F1, Russian .474 against .417).
EMBEDDING_CANDIDATES = ("wordllama", "use")
# A model of English alone keeps wordllama under ``auto``, without cross-validating USE: on
# SemEval-2023 EN it scored .550/.622 against wordllama's .553/.624 (benchmarks/encoders.md), at
# 1/55 of the speed, and the frames job reads every sentence of the corpus.
ENGLISH_ONLY_EMBEDDINGS = "wordllama"


def embedding_candidates(embeddings: str, languages) -> tuple[str, ...]:
    """The encoders to cross-validate for the config's ``embeddings`` and the model's languages:
    the one named, or for ``auto`` :data:`EMBEDDING_CANDIDATES` (English alone:
    :data:`ENGLISH_ONLY_EMBEDDINGS`)."""
    if embeddings != "auto":
        return (embeddings,)
    if set(languages) == {"en"}:
        return (ENGLISH_ONLY_EMBEDDINGS,)
    return EMBEDDING_CANDIDATES


def choose_embeddings(scores: dict) -> str:
    """The candidate with the best score (mean macro-F1); an earlier (faster) one within
    :data:`METHOD_TOLERANCE` of the best wins. `scores`: candidate -> score, in candidate order."""
    best = max(scores.values())
    return next(e for e, score in scores.items() if score >= best - METHOD_TOLERANCE)


def embeddings_record(option: str, scores: dict, chosen: str, by: str) -> dict:
    """The ``embeddings`` entry of metrics.json for the config's `option`: the encoder used, how it was
    chosen and every candidate's cross-validated score (`by`: what that score is)."""
    if len(scores) > 1:
        how = (f"frames.embeddings auto: chosen by cross-validation on the training data among "
               f"{', '.join(scores)}, by {by} (an earlier, faster one within {METHOD_TOLERANCE} preferred)")
    elif option == "auto":
        how = (f"frames.embeddings auto and a model of English alone: {chosen}, without cross-validating USE "
               "(as accurate on English news and 55 times faster; benchmarks/encoders.md)")
    else:
        how = "set in the config (frames.embeddings)"
    return {"option": option, "chosen": chosen, "how": how,
            "candidates": {e: round(float(v), 4) for e, v in scores.items()}}


class LanguageFrames:
    """A multi-label frames model for several languages, made by one of :data:`METHODS`.

    Parameters
    ----------
    template : FrameClassifier
        The classifier (unfitted, multi-label) each model is cloned from; its ``frames``
        are the model's frames.
    method : str
        One of :data:`METHODS`.

    Attributes (after :meth:`fit`)
    -------------------------------
    languages_ : list of str
        The languages the model covers (those of its training texts), sorted.
    frames_ : list of str
    models_ : dict
        language -> fitted FrameClassifier over all `frames_` (with ``pooled`` one object
        shared by all languages; ``pooled_adapted`` shares the pooled one's features and
        coefficients).
    selection_ : dict
        language -> what was chosen for it (C, threshold strategy, candidates' inner scores).
    pooled_ : FrameClassifier or None
        The pooled fit (None for ``per_language``).
    """

    def __init__(self, template: FrameClassifier, method: str):
        if method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
        if not template.multi_label:
            raise ValueError("LanguageFrames takes multi-label classifiers only")
        self.template = template
        self.method = method

    def fit(self, texts, Y: np.ndarray, languages: Sequence[str], groups: Sequence[str]) -> LanguageFrames:
        """Fit on `texts` with indicator labels `Y` (columns in the template's frame order), each
        text's language code in `languages` and its article in `groups` (kept in one inner fold)."""
        texts = np.asarray(list(texts), dtype=object)
        Y = np.asarray(Y, dtype=np.int8)
        languages = np.asarray([str(x) for x in languages], dtype=object)
        groups = np.asarray([f"{lg}\t{g}" for lg, g in zip(languages, groups)], dtype=object)
        frames = [str(f) for f in self.template.frames]
        self.frames_, self.languages_ = frames, sorted(set(languages.tolist()))
        self.models_, self.selection_, self.pooled_ = {}, {}, None
        if self.method == "per_language":
            for lg in self.languages_:
                rows = languages == lg
                self.models_[lg] = self._own_model(texts[rows], Y[rows], groups[rows])
                self.selection_[lg] = _selection(self.models_[lg])
            return self
        pooled = clone(self.template).fit(texts, Y, groups=groups)
        scores, fold_of = pooled.__dict__.pop("inner_scores_"), pooled.__dict__.pop("inner_fold_")
        self.pooled_ = pooled
        for lg in self.languages_:
            if self.method == "pooled":
                self.models_[lg], self.selection_[lg] = pooled, _selection(pooled)
                continue
            rows = languages == lg
            self.models_[lg], self.selection_[lg] = _adapted(pooled, scores[rows], Y[rows], fold_of[rows])
        return self

    def _own_model(self, texts, Y, groups) -> FrameClassifier:
        """A model of one language's texts, widened to all frames (those it could not learn never predicted)."""
        keep = [j for j in range(Y.shape[1]) if Y[:, j].sum() >= MIN_LANGUAGE_EXAMPLES]
        model = clone(self.template).set_params(frames=tuple(self.frames_[j] for j in keep))
        model.fit(texts, Y[:, keep], groups=groups)
        for name in ("inner_scores_", "inner_fold_"):
            model.__dict__.pop(name, None)
        if len(keep) == Y.shape[1]:
            return model
        L = Y.shape[1]
        coef = np.zeros((L, model.coef_.shape[1]))
        intercept = np.full(L, -30.0)
        calibration = np.tile([1.0, 0.0], (L, 1))
        thresholds = np.full(L, NEVER)
        coef[keep], intercept[keep] = model.coef_, model.intercept_
        calibration[keep], thresholds[keep] = model.calibration_, model.thresholds_
        model.coef_, model.intercept_, model.calibration_, model.thresholds_ = coef, intercept, calibration, thresholds
        model.C_ = tuple(model.C_[0] for _ in range(L))
        model.frames = model.frames_ = list(self.frames_)
        return model

    def model_for(self, language: str) -> FrameClassifier:
        """The fitted classifier for texts in `language` (a KeyError names the languages covered)."""
        if language not in self.models_:
            raise KeyError(f"language {language!r}: the frames model covers {', '.join(self.languages_)}")
        return self.models_[language]

    def predict_proba(self, texts, languages: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities (n x frames), each text by its language's model."""
        texts = np.asarray(list(texts), dtype=object)
        languages = np.asarray([str(x) for x in languages], dtype=object)
        proba = np.zeros((len(texts), len(self.frames_)))
        for lg in sorted(set(languages.tolist())):
            rows = languages == lg
            proba[rows] = self.model_for(lg).predict_proba(texts[rows])
        return proba

    def predict(self, texts, languages: Sequence[str]) -> np.ndarray:
        """Indicator matrix of decisions, each text by its language's model and thresholds."""
        texts = np.asarray(list(texts), dtype=object)
        languages = np.asarray([str(x) for x in languages], dtype=object)
        out = np.zeros((len(texts), len(self.frames_)), dtype=np.int8)
        for lg in sorted(set(languages.tolist())):
            rows = languages == lg
            model = self.model_for(lg)
            out[rows] = decisions(model, model.predict_proba(texts[rows]))
        return out


def _selection(model: FrameClassifier) -> dict:
    s = model.selection_
    return {"C": s["C"], "thresholds": s["thresholds"], "candidates": s["candidates"]}


def _adapted(pooled: FrameClassifier, scores: np.ndarray, Y: np.ndarray, fold_of: np.ndarray):
    """The pooled model with one language's calibration and thresholds (frames too rare in it keep the pooled ones)."""
    own = Y.sum(axis=0) >= MIN_LANGUAGE_EXAMPLES
    if len(set(fold_of.tolist())) < 2 or not own.any():
        return pooled, {**_selection(pooled), "adapted_frames": 0}
    rule = choose_decision_rule(scores, Y, fold_of, pooled.select_by, pooled.at_least_one_)
    model = copy.copy(pooled)  # shares the features and coefficients
    model.calibration_ = np.where(own[:, None], rule["calibration"], pooled.calibration_)
    model.thresholds_ = np.where(own, rule["thresholds"], pooled.thresholds_)
    model.threshold_strategy_ = rule["strategy"]
    return model, {"C": pooled.selection_["C"], "thresholds": rule["strategy"], "candidates": rule["candidates"],
                   "adapted_frames": int(own.sum())}


# --------------------------------------------------------------------------- cross-validation


def language_folds(Y: np.ndarray, languages: Sequence[str], groups: Sequence[str], folds: int,
                   random_state: int) -> np.ndarray:
    """Fold number per text: each language's articles split into `folds` folds of their own (grouped by
    article, stratified on the first listed frame), so fold k of every language is held out together and
    each language's test folds are the same whatever the method."""
    languages = np.asarray([str(x) for x in languages], dtype=object)
    groups = np.asarray([str(g) for g in groups], dtype=object)
    fold_of = np.full(len(languages), -1, dtype=np.int64)
    for lg in sorted(set(languages.tolist())):
        rows = np.flatnonzero(languages == lg)
        strata = [str(np.flatnonzero(row)[0]) if row.any() else "none" for row in Y[rows]]
        fold_of[rows] = grouped_folds(strata, groups[rows], folds=folds, random_state=random_state)
    return fold_of


def cross_validate_methods(template: FrameClassifier, texts, Y: np.ndarray, languages: Sequence[str],
                           groups: Sequence[str], fold_of: np.ndarray, methods: Sequence[str] = METHODS,
                           log=None) -> dict:
    """Out-of-fold probabilities and decisions of each method, on the same folds.

    Fold k's texts of every language are predicted by models fitted on the other folds of all
    languages (``per_language``: of their own language). ``pooled`` and ``pooled_adapted`` share
    their fold's pooled fit. Returns method -> ``{"proba", "decided", "selection"}`` (the
    decisions an indicator matrix; ``selection``: each fold's choices per language).
    """
    texts = np.asarray(list(texts), dtype=object)
    languages = np.asarray([str(x) for x in languages], dtype=object)
    groups = np.asarray([str(g) for g in groups], dtype=object)
    Y = np.asarray(Y, dtype=np.int8)
    out = {m: {"proba": np.zeros(Y.shape), "decided": np.zeros(Y.shape, dtype=np.int8), "selection": []}
           for m in methods}
    for k in sorted(set(fold_of.tolist())):
        train, test = fold_of != k, fold_of == k
        fitted = {}
        if "per_language" in methods:
            fitted["per_language"] = LanguageFrames(template, "per_language").fit(
                texts[train], Y[train], languages[train], groups[train])
        pooled_methods = [m for m in ("pooled", "pooled_adapted") if m in methods]
        if pooled_methods:
            # one pooled fit serves both: adapting only adds per-language calibration and thresholds
            adapted = LanguageFrames(template, "pooled_adapted").fit(texts[train], Y[train], languages[train],
                                                                     groups[train])
            if "pooled_adapted" in methods:
                fitted["pooled_adapted"] = adapted
            if "pooled" in methods:
                fitted["pooled"] = _shared(adapted)
        for method, model in fitted.items():
            out[method]["proba"][test] = model.predict_proba(texts[test], languages[test])
            out[method]["decided"][test] = model.predict(texts[test], languages[test])
            out[method]["selection"].append({lg: {"C": s["C"], "thresholds": s["thresholds"]}
                                             for lg, s in model.selection_.items()})
        if log is not None:
            log(f"fold {k + 1}: fitted {', '.join(fitted)}")
    return out


def _shared(adapted: LanguageFrames) -> LanguageFrames:
    """The ``pooled`` model behind a fitted ``pooled_adapted`` one (the same fit, its own thresholds)."""
    pooled = adapted.pooled_
    model = LanguageFrames(adapted.template, "pooled")
    model.frames_, model.languages_, model.pooled_ = adapted.frames_, adapted.languages_, pooled
    model.models_ = {lg: pooled for lg in adapted.languages_}
    model.selection_ = {lg: _selection(pooled) for lg in adapted.languages_}
    return model


def choose_method(scores: dict) -> str:
    """The method with the best mean macro-F1 over languages; a simpler one (earlier in METHODS)
    within ``METHOD_TOLERANCE`` of the best wins. `scores`: method -> language -> {macro_f1, ...}."""
    means = {m: float(np.mean([s["macro_f1"] for s in by_lang.values()])) for m, by_lang in scores.items()}
    best = max(means.values())
    return next(m for m in METHODS if m in means and means[m] >= best - METHOD_TOLERANCE)


# --------------------------------------------------------------------------- training


def single_language(model: FrameClassifier, language: str) -> LanguageFrames:
    """A fitted one-language classifier as a :class:`LanguageFrames` covering `language` only."""
    out = LanguageFrames(clone(model), "per_language")
    out.frames_, out.languages_, out.pooled_ = list(model.frames_), [language], None
    out.models_, out.selection_ = {language: model}, {language: _selection(model)}
    return out


def score_languages(Y: np.ndarray, decided: np.ndarray, proba: np.ndarray, languages, groups, frames) -> dict:
    """language -> micro/macro-F1, subset accuracy, texts and articles, out of fold."""
    languages = np.asarray([str(x) for x in languages], dtype=object)
    groups = np.asarray([str(g) for g in groups], dtype=object)
    out = {}
    for lg in sorted(set(languages.tolist())):
        rows = languages == lg
        s = score_multi_label(Y[rows], decided[rows], proba[rows], frames)
        out[lg] = {"micro_f1": s["micro_f1"], "macro_f1": s["macro_f1"], "subset_accuracy": s["subset_accuracy"],
                   "n_texts": int(rows.sum()), "n_articles": int(len(set(groups[rows].tolist()))),
                   "f1_by_frame": {f: v["f1"] for f, v in s["per_label"].items()}}
    return out


def multilingual_template(template: FrameClassifier) -> FrameClassifier:
    """`template` with character n-grams (:data:`MULTILINGUAL_CHAR_NGRAMS`) when it leaves them to "auto"."""
    if isinstance(template.char_ngrams, str) and template.char_ngrams == "auto":
        return clone(template).set_params(char_ngrams=MULTILINGUAL_CHAR_NGRAMS)
    return template


def train_languages(texts, Y: np.ndarray, languages, groups, template: FrameClassifier, folds: int,
                    random_state: int, method: str = "auto", log=None, embeddings: Sequence[str] | None = None):
    """Cross-validate the methods on the same folds, choose one, fit it on all the data.

    A template with ``char_ngrams="auto"`` gets :data:`MULTILINGUAL_CHAR_NGRAMS` (see
    :func:`multilingual_template`); a fixed value (None: words only) is kept.

    `method` "auto" compares all of :data:`METHODS` (by mean macro-F1 over languages, see
    :func:`choose_method`); a method name cross-validates that one only. Returns the fitted
    :class:`LanguageFrames`, the chosen method's out-of-fold ``(proba, decided)`` and the
    ``languages`` record for metrics.json: ``method`` (chosen), ``how``, ``by_method``
    (method -> language -> scores, and ``mean_macro_f1``), ``folds`` (each fold's choices
    per language) and ``selection`` (the final model's choices per language).

    `embeddings`: the encoders to cross-validate (each with every method, on the same folds;
    :func:`choose_embeddings` picks one by the mean macro-F1 of its best method), or None for
    the template's own. With several, the record gains ``embeddings`` (:func:`embeddings_record`)
    and ``by_embeddings`` (encoder -> its ``by_method``).
    """
    if method != "auto" and method not in METHODS:
        raise ValueError(f"method must be 'auto' or one of {', '.join(METHODS)}, got {method!r}")
    template = multilingual_template(template)
    texts = np.asarray(list(texts), dtype=object)
    languages = np.asarray([str(x) for x in languages], dtype=object)
    groups = np.asarray([str(g) for g in groups], dtype=object)
    frames = [str(f) for f in template.frames]
    fold_of = language_folds(Y, languages, groups, folds, random_state)
    methods = METHODS if method == "auto" else (method,)
    candidates = tuple(embeddings) if embeddings else (template.dense,)
    runs = {}
    for encoder in candidates:
        if log is not None and len(candidates) > 1:
            log(f"embeddings {encoder}:")
        encoder_template = clone(template).set_params(dense=encoder)
        results = cross_validate_methods(encoder_template, texts, Y, languages, groups, fold_of, methods=methods,
                                         log=log)
        by_method = {m: score_languages(Y, r["decided"], r["proba"], languages, groups, frames)
                     for m, r in results.items()}
        runs[encoder] = (encoder_template, results, by_method)
    best_mean = {e: max(_mean_macro(v) for v in by_method.values()) for e, (_, _, by_method) in runs.items()}
    encoder = choose_embeddings(best_mean)
    template, results, by_method = runs[encoder]
    chosen = choose_method(by_method) if method == "auto" else method
    model = LanguageFrames(template, chosen).fit(texts, Y, languages, groups)
    record = {
        "method": chosen,
        "method_description": METHOD_WORDS[chosen],
        "how": (f"chosen by {folds}-fold cross-validation on the training data among {', '.join(METHODS)}: the "
                "best mean macro-F1 over languages (a simpler method within "
                f"{METHOD_TOLERANCE} preferred); every method scored on the same folds, each language's test "
                "folds its own held-out articles" if method == "auto" else "set in the config (frames.method)"),
        "languages": model.languages_,
        "by_method": _by_method_record(by_method),
        "folds": results[chosen]["selection"],
        "selection": model.selection_,
    }
    if len(candidates) > 1:
        record["embeddings"] = embeddings_record("auto", best_mean, encoder,
                                                 "the mean macro-F1 over languages of its best method")
        record["by_embeddings"] = {e: _by_method_record(by) for e, (_, _, by) in runs.items()}
    return model, (results[chosen]["proba"], results[chosen]["decided"]), record


def _by_method_record(by_method: dict) -> dict:
    """method -> {mean_macro_f1, mean_micro_f1, by_language} for metrics.json."""
    return {m: {"mean_macro_f1": round(_mean_macro(v), 4),
                "mean_micro_f1": round(float(np.mean([s["micro_f1"] for s in v.values()])), 4),
                "by_language": v} for m, v in by_method.items()}


def _mean_macro(by_language: dict) -> float:
    return float(np.mean([s["macro_f1"] for s in by_language.values()]))


def train_model_languages(df, codebook, template: FrameClassifier, random_state: int, folds: int, method: str,
                          log=None, embeddings: Sequence[str] | None = None):
    """The workflow's frames model of labelled data in several languages (``df``: ``text``, ``frames``,
    ``article``, ``language``), like :func:`framescope.frames.validation.train_model` for one.

    Returns the fitted :class:`LanguageFrames` and metrics: the chosen method's out-of-fold scores
    over all languages (``micro_f1``, ``macro_f1``, ``per_label`` with error rates, ``calibration``),
    and ``languages`` (see :func:`train_languages`: each method's scores per language, the choice).
    """
    from framescope.frames.data import as_frame_lists, as_texts, label_matrix

    frame_lists = as_frame_lists(df["frames"])
    counts = dict(zip(codebook.ids, label_matrix(frame_lists, codebook.ids).sum(axis=0).tolist()))
    frames = [f for f in codebook.ids if counts[f] >= folds]
    not_modelled = {f: ("no labelled texts in the training data" if counts[f] == 0 else
                        f"{counts[f]} labelled texts, fewer than the {folds} folds") for f in codebook.ids
                    if counts[f] < folds}
    if len(frames) < 2:
        raise ValueError(f"the training data carry {len(frames)} of the codebook's frames with at least {folds} "
                         "labelled texts each; a frames model needs at least two")
    Y = label_matrix([[f for f in row if f in set(frames)] for row in frame_lists], frames)
    texts = np.asarray(as_texts(df), dtype=object)
    template = clone(template).set_params(frames=tuple(frames))
    model, (proba, decided), record = train_languages(
        texts, Y, df["language"].astype(str).tolist(), df["article"].astype(str).tolist(), template, folds=folds,
        random_state=random_state, method=method, log=log, embeddings=embeddings)
    metrics = score_multi_label(Y, decided, proba, frames)
    metrics["calibration"] = calibration_curve(Y, proba)
    metrics.update({
        "n_train": int(len(df)),
        "n_articles": int(df[["language", "article"]].drop_duplicates().shape[0]),
        "folds": int(folds),
        "cv": ("StratifiedGroupKFold over articles within each language, stratified on the first listed frame, "
               "shuffled with random_state; fold k of every language held out together"),
        "threshold_selection": (f"{METHOD_WORDS[record['method']]}; C and the threshold strategy chosen by an "
                                "inner 3-fold cross-validation grouped by article, for each language "
                                "(metrics.json: languages.selection)"),
        "model_selection": {"select_by": template.select_by, "folds": record["folds"],
                            "all_data": record["selection"]},
        "calibration_method": "Platt scaling per frame on inner out-of-fold scores"
                              + (", per language" if record["method"] != "pooled" else ""),
        "label_cardinality": round(float(Y.sum() / max(len(df), 1)), 4),
        "random_state": int(random_state),
        "codebook": codebook.name,
        "frames": list(frames),
        "not_modelled": not_modelled,
        "languages": record,
    })
    return model, metrics

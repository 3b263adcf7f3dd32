"""Variants of the six-language frames model, on the folds of benchmarks/frames_languages.py.

    python benchmarks/frames_languages_variants.py                 # every variant (about 20 min on 2 cores)
    python benchmarks/frames_languages_variants.py --only words    # the variants on the words-only features

The same outer folds (:func:`framescope.frames.languages.language_folds`, 5 folds, seed 0)
and inner folds as :func:`framescope.frames.languages.cross_validate_methods`. For each
feature set, each outer fold's pooled (or per-language) features are fitted once, with the
inner out-of-fold decision scores and the averaged inner models' test scores for every C
of the grid; the decision rules (C and threshold strategy chosen on the inner scores, per
language or pooled, a minimum number of frames per article) are then applied to those
scores. With the workflow's rule this reproduces benchmarks/frames_languages.md's
``pooled``, ``pooled_adapted`` and ``per_language`` columns exactly. Prints one line per
variant: micro-F1 / macro-F1 per language and the mean. Issue 22; only training data.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import scipy.sparse as sp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from frames_languages import LABELLED, load  # noqa: E402
from scipy.special import expit  # noqa: E402
from sklearn.base import clone  # noqa: E402

from framescope.frames import classifier as fc  # noqa: E402
from framescope.frames.classifier import FrameClassifier, _micro_macro_f1, _one_thread, _platt, _select  # noqa: E402
from framescope.frames.languages import MIN_LANGUAGE_EXAMPLES, language_folds  # noqa: E402
from framescope.frames.validation import score_multi_label  # noqa: E402

FOLDS = 5
# name -> FrameClassifier parameters (dense defaults to wordllama), per_language, language-augmented features
FEATURES = {
    "words": ({"char_ngrams": None}, False, False),
    "words+chars": ({"char_ngrams": (2, 5)}, False, False),
    "words, per language": ({"char_ngrams": None}, True, False),
    "words+chars, per language": ({"char_ngrams": (2, 5)}, True, False),
    "words, language-augmented": ({"char_ngrams": None}, False, True),
    "words+chars, no embeddings": ({"char_ngrams": (2, 5), "dense": False}, False, False),
}
# (features, rule, description)
VARIANTS = [
    ("words", {"mode": "pooled"}, "pooled, words only (the recorded table before)"),
    ("words", {"mode": "adapted"}, "pooled_adapted, words only (the recorded table before)"),
    ("words, per language", {"mode": "per"}, "per_language, words only (the recorded table before)"),
    ("words", {"mode": "adapted", "ks": (1, 2, 3)},
     "pooled_adapted, at least k frames an article, k in 1-3 by inner CV"),
    ("words", {"mode": "adapted", "ks": (2,)}, "pooled_adapted, at least 2 frames an article"),
    ("words", {"mode": "adapted", "ks": (3,)}, "pooled_adapted, at least 3 frames an article"),
    ("words", {"mode": "adapted", "per_lang_C": True}, "pooled_adapted, C chosen per language"),
    ("words", {"mode": "adapted", "per_lang_C": True, "ks": (1, 2, 3)}, "pooled_adapted, C and k per language"),
    ("words", {"mode": "adapted", "select_by": "mean_f1"}, "pooled_adapted, chosen by mean of micro and macro-F1"),
    ("words, per language", {"mode": "per", "ks": (1, 2, 3)}, "per_language, at least k frames, k by inner CV"),
    ("words, language-augmented", {"mode": "pooled"}, "pooled, features copied per language (Daume)"),
    ("words, language-augmented", {"mode": "adapted"}, "pooled_adapted, features copied per language"),
    ("words+chars", {"mode": "pooled"}, "pooled, + char_wb 2-5"),
    ("words+chars", {"mode": "adapted"}, "pooled_adapted, + char_wb 2-5 (the new default)"),
    ("words+chars", {"mode": "adapted", "ks": (1, 2, 3)}, "pooled_adapted, + char_wb 2-5, at least k frames"),
    ("words+chars", {"mode": "adapted", "per_lang_C": True}, "pooled_adapted, + char_wb 2-5, C per language"),
    ("words+chars", {"mode": "adapted", "rules": ("smooth", "per_frame")}, "pooled_adapted, + char_wb 2-5, "
     "per-frame thresholds only (no global)"),
    ("words+chars, per language", {"mode": "per"}, "per_language, + char_wb 2-5"),
    ("words+chars, no embeddings", {"mode": "adapted"}, "pooled_adapted, + char_wb 2-5, no wordllama"),
]


def cache(data, params: dict, per_language: bool, augment: bool, log) -> dict:
    """Each outer fold's inner out-of-fold scores and test scores, for every C."""
    texts, Y, languages, groups, fold_of, frames = data
    template = FrameClassifier(frames=tuple(frames), random_state=0, **{"dense": True, **params})
    out, t0 = {}, time.perf_counter()
    scopes = [(lg, lg) for lg in sorted(set(languages))] if per_language else [("pooled", None)]
    for k in range(FOLDS):
        for scope, lg in scopes:
            tr = (fold_of != k) & ((languages == lg) if lg else True)
            te = (fold_of == k) & ((languages == lg) if lg else True)
            m = clone(template)
            with _one_thread(), warnings.catch_warnings():
                warnings.filterwarnings("ignore")
                m.settings_ = m._resolve(texts[tr])
                m.features_ = m._features(m.settings_)
                X = sp.csr_matrix(m.features_.fit_transform(texts[tr]))
                Xt = sp.csr_matrix(m.features_.transform(texts[te]))
                if augment:  # shared features, then a copy for each language (zero outside it)
                    def aug(M, lgs):
                        return sp.csr_matrix(sp.hstack(
                            [M] + [sp.diags((lgs == x).astype(float)) @ M for x in sorted(set(languages))]))
                    X, Xt = aug(X, languages[tr]), aug(Xt, languages[te])
                Ytr = Y[tr]
                n, L = Ytr.shape
                strata = np.asarray([str(np.flatnonzero(r)[0]) if r.any() else "none" for r in Ytr])
                splits = m._inner_splits(strata, groups[tr])
                ifold = np.zeros(n, dtype=np.int64)
                for i, (_, t) in enumerate(splits):
                    ifold[t] = i
                Cs = m._Cs()
                oof = np.zeros((len(Cs), n, L))
                inner = np.zeros((len(Cs), L, X.shape[1] + 1))
                for a, b in splits:  # as FrameClassifier._fit_multi_label
                    for j in range(L):
                        yj = Ytr[a, j]
                        if yj.min() == yj.max():
                            oof[:, b, j] = 10.0 if yj[0] else -10.0
                            inner[:, j, -1] += (10.0 if yj[0] else -10.0) / len(splits)
                            continue
                        for c, C in enumerate(Cs):
                            lr = m._binary_lr(C).fit(X[a], yj)
                            oof[c, b, j] = lr.decision_function(X[b])
                            inner[c, j, :-1] += lr.coef_[0] / len(splits)
                            inner[c, j, -1] += lr.intercept_[0] / len(splits)
                test = np.stack([np.asarray(Xt @ inner[c, :, :-1].T) + inner[c, :, -1] for c in range(len(Cs))])
            out[scope, k] = {"oof": oof, "ifold": ifold, "test": test, "tr": np.flatnonzero(tr),
                             "te": np.flatnonzero(te)}
            log(f"fold {k + 1} {scope}: {X.shape[1]} features, {time.perf_counter() - t0:.0f} s")
    return out


def decide_k(proba, thresholds, k):
    """Probability >= threshold, plus the k most probable frames."""
    out = (proba >= thresholds).astype(np.int8)
    if k and len(proba):
        top = np.argsort(-proba, axis=1, kind="stable")[:, :k]
        np.put_along_axis(out, top, 1, axis=1)
    return out


def rule_thresholds(rule, Y, proba, k):
    L = Y.shape[1]
    if rule == "global":
        scores = []
        for t in fc.THRESHOLD_GRID:
            P = decide_k(proba, np.full(L, t), k)
            tp = int((P & (Y == 1)).sum())
            scores.append(round(2 * tp / max(int(P.sum()) + int(Y.sum()), 1), 9))
        scores = np.asarray(scores)
        best = np.flatnonzero(scores == scores.max())
        return np.full(L, float(fc.THRESHOLD_GRID[best[len(best) // 2]]))
    return fc._rule_thresholds(rule, Y, proba, True)


def cross_fitted(scores, Y, ifold, rules, k):
    """As classifier._cross_fitted, with at least k frames."""
    L = Y.shape[1]
    decided = [np.zeros(Y.shape, dtype=np.int8) for _ in rules]
    for f in sorted(set(ifold.tolist())):
        held, fit = ifold == f, ifold != f
        cal = np.asarray([_platt(scores[fit, j], Y[fit, j]) for j in range(L)])
        p = expit(scores * cal[:, 0] + cal[:, 1])
        for r, o in zip(rules, decided):
            o[held] = decide_k(p[held], rule_thresholds(r, Y[fit], p[fit], k), k)
    return decided


def candidates(oof, Y, ifold, rules, ks, Cidx):
    out = []
    for c in Cidx:
        for k in ks:
            for r, P in zip(rules, cross_fitted(oof[c], Y, ifold, rules, k)):
                micro, macro = _micro_macro_f1(Y, P)
                out.append({"thresholds": r, "k": k, "c": c, "macro_f1": macro, "micro_f1": micro})
    return out


def fit_rule(scores, Y, rule, k):
    cal = np.asarray([_platt(scores[:, j], Y[:, j]) for j in range(Y.shape[1])])
    return cal, rule_thresholds(rule, Y, expit(scores * cal[:, 0] + cal[:, 1]), k)


def evaluate(data, cached, mode="adapted", per_lang_C=False, ks=(1,), rules=fc.THRESHOLD_STRATEGIES,
             select_by="macro_f1") -> dict:
    texts, Y, languages, groups, fold_of, frames = data
    rules = list(rules)
    P, PR = np.zeros(Y.shape, dtype=np.int8), np.zeros(Y.shape)
    lgs = sorted(set(languages))
    for k in range(FOLDS):
        if mode == "per":
            for lg in lgs:
                d = cached[lg, k]
                Ytr = Y[d["tr"]]
                keep = np.flatnonzero(Ytr.sum(0) >= MIN_LANGUAGE_EXAMPLES)
                ch = (cands := candidates(d["oof"][:, :, keep], Ytr[:, keep], d["ifold"], rules, ks,
                                          range(d["oof"].shape[0])))[_select(cands, select_by)]
                cal, th = fit_rule(d["oof"][ch["c"]][:, keep], Ytr[:, keep], ch["thresholds"], ch["k"])
                p = np.zeros((len(d["te"]), Y.shape[1]))
                p[:, keep] = expit(d["test"][ch["c"]][:, keep] * cal[:, 0] + cal[:, 1])
                thf = np.full(Y.shape[1], 1.01)
                thf[keep] = th
                P[d["te"]], PR[d["te"]] = decide_k(p, thf, ch["k"]), p
            continue
        d = cached["pooled", k]
        oof, ifold, test, tr, te = d["oof"], d["ifold"], d["test"], d["tr"], d["te"]
        Ytr = Y[tr]
        pooled = (cands := candidates(oof, Ytr, ifold, rules, (1,), range(oof.shape[0])))[_select(cands, select_by)]
        for lg in lgs:
            rtr, rte = languages[tr] == lg, languages[te] == lg
            if mode == "pooled":
                ch = (cands := candidates(oof, Ytr, ifold, rules, ks, [pooled["c"]]))[_select(cands, select_by)]
                cal, th = fit_rule(oof[ch["c"]], Ytr, ch["thresholds"], ch["k"])
            else:
                Cidx = range(oof.shape[0]) if per_lang_C else [pooled["c"]]
                cands = candidates(oof[:, rtr], Ytr[rtr], ifold[rtr], rules, ks, Cidx)
                ch = cands[_select(cands, select_by)]
                cal, th = fit_rule(oof[ch["c"]][rtr], Ytr[rtr], ch["thresholds"], ch["k"])
                own = Ytr[rtr].sum(0) >= MIN_LANGUAGE_EXAMPLES
                if not own.all():  # frames too rare in the language keep the pooled calibration and thresholds
                    pcal, pth = fit_rule(oof[ch["c"]], Ytr, ch["thresholds"], ch["k"])
                    cal, th = np.where(own[:, None], cal, pcal), np.where(own, th, pth)
            p = expit(test[ch["c"]][rte] * cal[:, 0] + cal[:, 1])
            P[te[rte]], PR[te[rte]] = decide_k(p, th, ch["k"]), p
    out = {}
    for lg in lgs:
        s = score_multi_label(Y[languages == lg], P[languages == lg], PR[languages == lg], frames)
        out[lg] = (s["micro_f1"], s["macro_f1"])
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--labelled", type=Path, default=LABELLED)
    p.add_argument("--only", nargs="*", default=None, help="feature sets to run (names in FEATURES)")
    a = p.parse_args(argv)
    texts, Y, languages, groups, found, frames = load(a.labelled)
    if not found:
        print(f"no SemEval-2023 sets under {a.labelled}", file=sys.stderr)
        return 0
    texts, languages = np.asarray(texts, dtype=object), np.asarray(languages, dtype=object)
    groups = np.asarray([f"{lg}\t{g}" for lg, g in zip(languages, groups)], dtype=object)
    fold_of = language_folds(Y, languages, groups, FOLDS, 0)
    data = (texts, Y, languages, groups, fold_of, frames)
    lgs = sorted(set(languages.tolist()))
    print("| variant | " + " | ".join(lgs) + " | mean |\n|---|" + "---|" * (len(lgs) + 1))
    cached = {}
    for features, rule, words in VARIANTS:
        if a.only and features not in a.only:
            continue
        if features not in cached:
            params, per_language, augment = FEATURES[features]
            cached[features] = cache(data, params, per_language, augment,
                                     log=lambda line: print(f"{features}: {line}", file=sys.stderr, flush=True))
        s = evaluate(data, cached[features], **rule)
        mean = np.mean([v[0] for v in s.values()]), np.mean([v[1] for v in s.values()])
        print(f"| {words} | " + " | ".join(f"{s[lg][0]:.3f} / {s[lg][1]:.3f}" for lg in lgs)
              + f" | {mean[0]:.3f} / {mean[1]:.3f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

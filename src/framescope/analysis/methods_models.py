"""The methods section's paragraphs on the models: frames, sentence and target sentiment, validation.

Each reads a model's ``metrics.json`` (and its model card for the model's description when
the metrics do not give one) and says what the model was trained on, how it was
cross-validated and how it scored, with the interval or the folds' spread that
``metrics.json`` gives, and saying so when it gives none.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from framescope.analysis import bibliography
from framescope.analysis.markup import Code, Section, Table, cite, para
from framescope.analysis.methods_run import Run, level, n, plural, score


def model_line(run: Run, model: str, metrics: Mapping) -> list:
    """What the model is: metrics.json's `model`, else the model card's "- Model:" line (`code` kept as code)."""
    text = metrics.get("model")
    if not text:
        card = run.path("models", model, "model_card.md")
        lines = card.read_text(encoding="utf-8").splitlines() if card.is_file() else []
        text = next((line[len("- Model: "):] for line in lines if line.startswith("- Model: ")), "")
    parts: list = []
    for i, piece in enumerate(str(text).split("`")):
        parts.append(Code(piece) if i % 2 else piece)
    return [p for p in parts if p != ""]


def spread(metrics: Mapping, key: str) -> str | None:
    """The uncertainty metrics.json gives for a score: an interval (`KEY_ci`), else its folds' range and SD."""
    ci = metrics.get(f"{key}_ci")
    if isinstance(ci, (list, tuple)) and len(ci) == 2 and all(isinstance(v, (int, float)) for v in ci):
        at = metrics.get(f"{key}_ci_level", metrics.get("ci_level"))
        return f"{level(at) + ' ' if at else ''}interval {score(ci[0])} to {score(ci[1])}"
    folds = metrics.get(f"{key}_folds")
    if isinstance(folds, list) and folds:
        text = f"folds {score(min(folds))} to {score(max(folds))}"
        if f"{key}_sd" in metrics:
            text += f", SD {score(metrics[f'{key}_sd'])}"
        return text
    return None


def scores_text(metrics: Mapping, keys: Sequence[tuple[str, str]]) -> tuple[str, bool]:
    """"micro-F1 0.662 (folds ...), macro-F1 ..." and whether any score came with an interval or spread."""
    parts, any_spread = [], False
    for key, label in keys:
        if metrics.get(key) is None:
            continue
        s = spread(metrics, key)
        any_spread |= s is not None
        parts.append(f"{label} {score(metrics[key])}" + (f" ({s})" if s else ""))
    return ", ".join(parts), any_spread


def per_label_table(metrics: Mapping, order: Sequence[str], labels: Mapping[str, str], what: str) -> Table | None:
    per = metrics.get("per_label") or {}
    if not per:
        return None
    rows = []
    for label in [x for x in order if x in per] + sorted(set(per) - set(order)):
        m = per[label]
        rows.append((labels.get(label, label), score(m.get("precision")), score(m.get("recall")), score(m.get("f1")),
                     n(m.get("support", 0))))
    return Table((what, "precision", "recall", "F1", "support"), tuple(rows), numeric=(1, 2, 3, 4),
                 caption=f"Cross-validated scores per {what}.")


def language_blocks(record: Mapping) -> list:
    """The frames model's languages: how the model was made and, with several, each method's scores per language."""
    languages = list(record.get("languages") or [])
    if not languages:
        return []
    text = (f"The model covers {plural(len(languages), 'language')} ({', '.join(languages)}); articles in any other "
            "language were given no frames and are counted in the run's frames_coverage table.")
    by = record.get("by_method") or {}
    if not by:
        return [para(text)]
    text += (f" It is {record['method_description']} ({record['method']}), {record['how']}.")
    methods = list(by)
    rows = tuple((lg, *(f"{score(by[m]['by_language'][lg]['micro_f1'])} / {score(by[m]['by_language'][lg]['macro_f1'])}"
                        for m in methods)) for lg in languages)
    return [para(text), Table(("language", *methods), rows, numeric=(),
                              caption="Cross-validated micro-F1 / macro-F1 per language and method.")]


def _no_interval(any_spread: bool) -> str:
    return "" if any_spread else (" metrics.json gives no interval for these scores: they are point estimates "
                                  "over the pooled out-of-fold predictions.")


def frames_section(run: Run, prov: dict) -> tuple[Section, dict[str, bibliography.Reference]]:
    from framescope.frames.codebook import load_codebook

    config = prov.get("config", {})
    refs: dict[str, bibliography.Reference] = {}
    blocks = []
    book = load_codebook(str(run.codebook)) if run.codebook is not None else None
    labels = {}
    if book is not None:
        ref = bibliography.codebook_entry(book.name, book.citation)
        text = ["Frames were coded with the codebook ", Code(book.name)]
        if ref is not None:
            refs[ref.key] = ref
            text.append(cite(ref.key))
        text.append(f", which has {plural(len(book.frames), 'frame')}.")
        if book.description:
            text.append(" " + " ".join(book.description.split()))
        blocks.append(para(*text))
        labels = {f.id: f"{f.label} ({f.code})" for f in book.frames}
    metrics = run.json("models", "frames", "metrics.json")
    if metrics is None:
        blocks.append(para("The run has no frames model (results/models/frames/metrics.json)."))
        return Section("Frames", tuple(blocks)), refs
    refs.update({"pedregosa2011scikit": bibliography.references()["pedregosa2011scikit"]})
    data = ["The sentence classifier, built with scikit-learn", cite("pedregosa2011scikit"),
            f", was trained on the {metrics.get('data', 'training data')} "
            f"({plural(metrics.get('n_train', 0), 'sentence')}"]
    if metrics.get("n_articles"):
        data.append(f" in {plural(metrics['n_articles'], 'article')}")
    if metrics.get("label_cardinality") is not None:
        data.append(f", {float(metrics['label_cardinality']):.2f} frames per sentence on average")
    data.append("). Model: ")
    description = model_line(run, "frames", metrics)
    blocks.append(para(*data, *description, "" if description and str(description[-1]).endswith(".") else "."))
    design = [f"Cross-validation: {metrics.get('folds', '?')} folds, {metrics.get('cv', '')}"]
    if metrics.get("random_state") is not None:
        design.append(f" (random state {metrics['random_state']})")
    design.append(".")
    for key, label in (("calibration_method", "Calibration"), ("threshold_selection", "Decision threshold")):
        if metrics.get(key):
            design.append(f" {label}: {metrics[key]}.")
    blocks.append(para("".join(design)))
    text, any_spread = scores_text(metrics, (("micro_f1", "micro-F1"), ("macro_f1", "macro-F1"),
                                             ("subset_accuracy", "subset accuracy (the whole set of frames right)"),
                                             ("accuracy", "accuracy")))
    blocks.append(para(f"Cross-validated scores: {text}." + _no_interval(any_spread)))
    table = per_label_table(metrics, metrics.get("frames") or (book.ids if book else []), labels, "frame")
    if table is not None:
        blocks.append(table)
    blocks += language_blocks(metrics.get("languages") or {})
    coding = metrics.get("coding_round")
    if coding:
        keys = ("round", "coders", "alpha_nominal", "n_units", "n_unresolved", "strategy")
        blocks.append(para("The training data come from a coding round: " + ", ".join(
            f"{k} {', '.join(map(str, coding[k])) if isinstance(coding[k], list) else coding[k]}"
            for k in keys if k in coding) + "."))
    if config.get("frames", {}).get("train") == "starter":
        blocks.append(para(
            "The training data are framescope's bundled starter set: short synthetic sentences written and coded by "
            "one author to make the pipeline run offline (see its data card, frames_starter.md). Its scores say the "
            "classifier learns, not how well it does on this corpus; a study trains on sentences coded from its own "
            "corpus."))
    return Section("Frames", tuple(blocks)), refs


def _sentence_model(run: Run) -> list:
    metrics = run.json("models", "sentiment", "metrics.json")
    if metrics is None:
        return [para("The run has no sentence sentiment model (results/models/sentiment/metrics.json).")]
    per = metrics.get("per_label") or {}
    classes = ", ".join(f"{label} {n(m.get('support', 0))}" for label, m in per.items())
    blocks = [para(
        "Each sentence was scored with VADER's compound score", cite("hutto2014vader"),
        " and with a sentence model (", *model_line(run, "sentiment", metrics), ") trained on the ",
        f"{metrics.get('data', 'training data')} ({plural(metrics.get('n_train', 0), 'sentence')}"
        + (f": {classes}" if classes else "") + ").")]
    text, any_spread = scores_text(metrics, (("accuracy", "accuracy"), ("macro_f1", "macro-F1")))
    line = f"{metrics.get('folds', '?')}-fold cross-validation: {text}."
    base = metrics.get("vader_baseline")
    if base:
        line += (f" VADER alone on the same sentences: accuracy {score(base.get('accuracy'))}, "
                 f"macro-F1 {score(base.get('macro_f1'))}.")
    blocks.append(para(line + _no_interval(any_spread)))
    table = per_label_table(metrics, metrics.get("labels") or [], {}, "class")
    if table is not None:
        blocks.append(table)
    return blocks


def _target_model(run: Run, config: Mapping) -> tuple[list, dict]:
    metrics = run.json("models", "target_sentiment", "metrics.json")
    if metrics is None:
        return [para("The run has no target-dependent sentiment model "
                     "(results/models/target_sentiment/metrics.json).")], {}
    sentiment = config.get("sentiment", {})
    refs = {}
    source = []
    if sentiment.get("target_train") not in (None, "starter"):
        ref = bibliography.for_format(str(sentiment.get("target_format")))
        if ref is not None:
            refs[ref.key] = ref
            source = [", in the format of NewsMTSC" if ref.format == "newsmtsc" else ", a public data set",
                      cite(ref.key)]
    n_sent = f" in {plural(metrics['n_sentences'], 'sentence')}" if metrics.get("n_sentences") else ""
    blocks = [para(
        "The tone about each actor is target-dependent: a model (", *model_line(run, "target_sentiment", metrics),
        f") trained on the {metrics.get('data', 'training data')}", *source,
        f" ({plural(metrics.get('n_train', 0), 'labelled target')}{n_sent}).")]
    text, any_spread = scores_text(metrics, (("accuracy", "accuracy"), ("macro_f1", "macro-F1")))
    line = f"{metrics.get('folds', '?')}-fold cross-validation: {text}."
    base = metrics.get("baselines") or {}
    named = {"vader_sentence": "VADER on the whole sentence", "tfidf_sentence": "a TF-IDF model of the whole sentence"}
    for key in sorted(base):
        line += f" Baseline, {named.get(key, key)}: macro-F1 {score(base[key].get('macro_f1'))}."
    blocks.append(para(line + _no_interval(any_spread)))
    table = per_label_table(metrics, metrics.get("labels") or [], {}, "class")
    if table is not None:
        blocks.append(table)
    actor = run.table("actor_sentiment", ["article_id", "actor", "tone_about"])
    if actor is not None and "tone_about" in actor:
        blocks.append(para(f"It gave the tone about {n(actor['tone_about'].notna().sum())} of the "
                           f"{n(len(actor))} actor-in-article pairs of actor_sentiment."))
    return blocks, refs


def sentiment_section(run: Run, prov: dict) -> tuple[Section, dict]:
    blocks = _sentence_model(run)
    target, refs = _target_model(run, prov.get("config", {}))
    refs["hutto2014vader"] = bibliography.references()["hutto2014vader"]
    return Section("Sentiment", tuple(blocks + target)), refs


def evaluation_section(run: Run) -> tuple[Section | None, dict]:
    if run.evaluation is None:
        return None, {}
    m = json.loads(run.evaluation.read_text(encoding="utf-8"))
    ref = bibliography.for_format(str(m.get("format")))
    how = (f"{m.get('folds', '?')}-fold cross-validation on {n(m.get('n_train', 0))} {m.get('unit', 'item')}s"
           if m.get("mode") == "cross-validation" else
           f"trained on {n(m.get('n_train', 0))} and tested on {n(m.get('n_test', 0))} {m.get('unit', 'item')}s")
    keys = (("micro_f1", "micro-F1"), ("macro_f1", "macro-F1")) if m.get("multi_label") else \
        (("accuracy", "accuracy"), ("macro_f1", "macro-F1"))
    text, _ = scores_text(m, keys)
    blocks = [para("The frames model was also validated on labelled data in the format ", Code(str(m.get("format"))),
                   *([cite(ref.key)] if ref else []), f": {how}, {plural(len(m.get('frames', [])), 'frame')}; {text}.")]
    return Section("Validation on labelled data", tuple(blocks)), ({ref.key: ref} if ref else {})

"""A methods section written from a run's outputs: corpus, cleaning, models, prevalence, software.

Media-framing papers give a page to the same facts: how many articles came in and which
were left out and why, how the text was cleaned, the codebook, how each classifier was
trained and how well it scored under cross-validation, how prevalence was corrected,
intercoder reliability, software versions and how to reproduce the run. :func:`compose`
reads each of them from the run's files (``results/provenance.json``, the manifest and
corpus tables, the models' ``metrics.json`` and model cards, the prevalence table, a
coding round's ``reliability.json``; :mod:`~framescope.analysis.methods_run` reads them) and
builds one :class:`~framescope.analysis.markup.Document`, the models' paragraphs coming from
:mod:`~framescope.analysis.methods_models`; :func:`write_methods` writes it as Markdown, as a
LaTeX fragment and the BibTeX file of what it cites (:mod:`~framescope.analysis.bibliography`).
No number in the text is typed here: each is read from a file of the run, so the section
changes when the run does. Descriptions of what the code does (what the cleaner removes,
what the prevalence methods are) are prose without numbers.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from framescope.analysis import bibliography
from framescope.analysis.markup import (Code, Document, Section, Table, Verbatim, cite, cited_keys, para, to_latex,
                                        to_markdown)
from framescope.analysis.methods_models import evaluation_section, frames_section, sentiment_section
from framescope.analysis.methods_run import MethodsInputError, Run, joined, level, n, percent, plural, score, verb
from framescope.base.io import write_text
from framescope.base.languages import UNDETERMINED, language_name

TITLE = "Methods"
PREAMBLE = (
    "Written by `framescope methods` from this run's outputs: every number is read from results/.",
    "methods.md and methods.tex say the same; methods.bib holds the works they cite.",
)
REASONS_LISTED = 12  # rejection reasons (and kinds of reading notes) listed one by one; the rest are summed
PREVALENCE = {
    "cc": "classify and count, the share of sentences the classifier tags with the frame",
    "acc": "adjusted classify and count, cc corrected with the frame's cross-validated true- and false-positive "
           "rates",
    "pcc": "probabilistic classify and count, the mean predicted probability",
    "pacc": "probabilistic adjusted classify and count, pcc corrected with the mean cross-validated probabilities "
            "of sentences that do and do not carry the frame",
}


# ---------------------------------------------------------------------------------------
# Corpus and cleaning


def _analysed_ids(manifest: pd.DataFrame, keep_duplicates: bool) -> set[str]:
    keep = ["accepted", "duplicate"] if keep_duplicates else ["accepted"]
    return set(manifest.loc[manifest["status"].isin(keep), "article_id"])


def _is_exact(manifest: pd.DataFrame) -> pd.Series:
    if "similarity" in manifest:
        return manifest["similarity"].fillna(1.0) >= 1.0
    return pd.Series(True, index=manifest.index)


def corpus_section(run: Run, prov: dict) -> Section:
    config = prov.get("config", {})
    manifest = run.table("manifest", ["source", "article_id", "status", "reason", "similarity"])
    if manifest is None:
        raise MethodsInputError(f"{run.path('tables', 'manifest.parquet')} not found: the methods section "
                                "starts from the run's manifest")
    status = manifest["status"].value_counts()
    accepted, duplicate, rejected = (int(status.get(s, 0)) for s in ("accepted", "duplicate", "rejected"))
    corpus = prov.get("corpus", {})
    name = str(corpus.get("path", "the corpus"))
    if Path(name).is_absolute():
        name = Path(name).name
    source = ["The corpus (", Code(name)]
    if "n_files" in corpus:
        source += [f": {plural(corpus['n_files'], 'file')}, {n(corpus['bytes'])} bytes, digest ",
                   Code(str(corpus["sha256"]))]
    source.append(f") gave {plural(len(manifest), 'input')}: {n(accepted)} accepted, {n(duplicate)} "
                  f"{'duplicate' if duplicate == 1 else 'duplicates'} and {n(rejected)} rejected.")
    blocks = [para(*source)]

    dups = manifest[manifest["status"] == "duplicate"]
    near = config.get("near_duplicates", {})
    if len(dups):
        exact = int(_is_exact(dups).sum())
        blocks.append(para(
            f"Of the duplicates, {n(exact)} repeat the clean text of another article exactly and "
            f"{n(len(dups) - exact)} are near-duplicates: at least {percent(near.get('threshold', float('nan')))} "
            f"of their runs of {near.get('shingle', '?')} words (estimated Jaccard similarity) shared with an article "
            "of smaller id, which is kept. "
            + ("Duplicates were analysed with the rest (keep_duplicates: true)."
               if config.get("keep_duplicates") else "Duplicates were left out of the analysis.")))
    else:
        blocks.append(para(
            "No input repeated another article, exactly or as a near-duplicate (near-duplicates: at least "
            f"{percent(near.get('threshold', float('nan')))} of the runs of {near.get('shingle', '?')} words shared)."))
    reasons = manifest.loc[manifest["status"] == "rejected", "reason"].fillna("(no reason)").value_counts()
    if len(reasons):
        rows = sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))
        listed = [(str(r), n(c)) for r, c in rows[:REASONS_LISTED]]
        if len(rows) > REASONS_LISTED:
            rest = rows[REASONS_LISTED:]
            listed.append((f"{len(rest)} other reasons", n(sum(c for _, c in rest))))
        blocks.append(Table(("reason for rejection", "inputs"), tuple(listed), numeric=(1,),
                            caption="Inputs rejected, by reason (results/tables/manifest.parquet)."))

    ids = _analysed_ids(manifest, bool(config.get("keep_duplicates")))
    articles = run.table("articles", ["article_id", "outlet", "published", "authors", "contributors"])
    if articles is not None:
        articles = articles[articles["article_id"].isin(ids)]
        none = pd.Series([""] * len(articles), index=articles.index, dtype=str)
        outlet = articles["outlet"].fillna("").astype(str).str.strip() if "outlet" in articles else none
        dated = articles["published"].fillna("").astype(str) if "published" in articles else none
        dated = dated[dated.str.len() > 0]
        text = (f"The {plural(len(articles), 'analysed article')} {verb(len(articles), 'comes', 'come')} from "
                f"{plural(outlet[outlet != ''].nunique(), 'outlet')} ({n((outlet == '').sum())} without one); "
                f"{n(len(dated))} {verb(len(dated), 'carries', 'carry')} a publication date")
        if len(dated):
            text += f", on {dated.min()}." if dated.min() == dated.max() else f", from {dated.min()} to {dated.max()}."
        else:
            text += "."
        features = run.table("text_features", ["article_id", "n_sentences", "n_words"])
        if features is not None and len(features):
            sentences, words = features["n_sentences"].sum(), features["n_words"].sum()
            text += f" {verb(len(features), 'It holds', 'They hold')} {plural(sentences, 'sentence')} and " \
                    f"{plural(words, 'word')}."
        blocks.append(para(text))
    languages = _languages_text(run, ids, config)
    if languages:
        blocks.append(para(languages))
    return Section("Corpus", tuple(blocks))


def _languages_text(run: Run, ids: set[str], config: Mapping) -> str | None:
    """Which languages the analysed articles are in, how that was known, and what stages left out."""
    articles = run.table("articles", ["article_id", "language"])
    if articles is None or "language" not in articles:
        return None
    counts = articles.loc[articles["article_id"].isin(ids), "language"].fillna(UNDETERMINED).value_counts()
    if not len(counts):
        return None
    parts = [f"{n(c)} in {language_name(str(code))}" if code != UNDETERMINED else f"{n(c)} undetermined"
             for code, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    how = ("identified from its title and text by CLD3, Google's Compact Language Detector 3 (package cld3-py)"
           if config.get("language", "auto") == "auto" else f"given in the configuration (language: {config['language']})")
    text = f"Each article's language was {how}: {', '.join(parts)}."
    tone = run.table("article_sentiment", ["article_id", "skipped"])
    if tone is not None and "skipped" in tone:
        left = tone.loc[tone["article_id"].isin(ids) & (tone["skipped"].fillna("") != ""), "skipped"]
        if len(left):
            text += (f" Sentiment was scored only in the language of its models "
                     f"({language_name(str(config.get('sentiment', {}).get('language', 'en')))}); "
                     f"{plural(len(left), 'article')} in other languages {verb(len(left), 'was', 'were')} left out.")
    return text


def cleaning_section(run: Run) -> Section:
    blocks = [para(
        "Each input was decoded (UTF-8; UTF-8, UTF-16 or UTF-32 with a byte-order mark; an HTML page's declared "
        "charset; otherwise cp1252 or Latin-1), with mojibake repaired where the repair is unambiguous, and "
        "normalised to Unicode NFC with line breaks unified, invisible and control characters removed and runs of "
        "spaces collapsed. Cleaning works on whole paragraphs: paragraphs that are boilerplate (advertisement "
        "markers, copyright and comment-policy lines, newsletter pitches, photo captions, credit lines) were "
        "removed, and the outlet, date, byline and contributors that such lines carry were kept as metadata; "
        "sentences in the body that merely mention such words stay. Text the web page pasted into the story was "
        "removed too: politicians' hover cards (legal name and latest headlines) fused to their names, and "
        "related-story headlines (\"(RELATED: ...)\", lists under \"READ MORE:\", headlines in capitals). "
        "Subheadings were kept as section labels, not "
        "sentences. The clean text was split into sentences with character offsets by framescope's rule-based "
        "splitter (abbreviations, initials and quotations handled), and every later stage works on those sentences.")]
    manifest = run.table("manifest", ["status", "encoding", "notes"])
    read = manifest[manifest["status"] != "rejected"] if manifest is not None else None
    if read is not None and "encoding" in read and len(read):
        encodings = read["encoding"].fillna("(unknown)").astype(str).value_counts()
        listed = "; ".join(f"{e}: {n(c)}" for e, c in sorted(encodings.items(), key=lambda kv: (-kv[1], kv[0])))
        text = f"Inputs read, by the encoding that decoded them: {listed}."
        if "notes" in read:
            kinds: dict[str, int] = {}
            for notes in read["notes"]:
                for kind in sorted({str(note).split(" (")[0] for note in (list(notes) if notes is not None else [])}):
                    kinds[kind] = kinds.get(kind, 0) + 1
            if kinds:
                ranked = sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
                listed = [f"{k}: {n(c)}" for k, c in ranked[:REASONS_LISTED]]
                if len(ranked) > REASONS_LISTED:
                    rest = sum(c for _, c in ranked[REASONS_LISTED:])
                    listed.append(f"{len(ranked) - REASONS_LISTED} other notes: {n(rest)}")
                text += " Also noted (articles): " + "; ".join(listed) + "."
            else:
                text += " Nothing else had to be repaired."
        blocks.append(para(text))
    articles = run.table("articles", ["article_id", "authors", "contributors"])
    if articles is not None and len(articles) and "authors" in articles:
        manifest_ids = run.table("manifest", ["article_id", "status"])
        keep = set(manifest_ids.loc[manifest_ids["status"] == "accepted", "article_id"])
        kept = articles[articles["article_id"].isin(keep)]
        with_authors = sum(1 for a in kept["authors"] if a is not None and len(a))
        text = (f"Of the {plural(len(kept), 'accepted article')}, {n(with_authors)} "
                f"{verb(with_authors, 'names its', 'name their')} authors")
        if "contributors" in kept:
            with_contributors = sum(1 for a in kept["contributors"] if a is not None and len(a))
            text += f" and {n(with_contributors)} {verb(with_contributors, 'its', 'their')} contributors"
        blocks.append(para(text + "."))
    return Section("Cleaning", tuple(blocks))


# ---------------------------------------------------------------------------------------
# Actors and quotes


def quotes_section(run: Run, gold: Sequence[str], gold_scores: Mapping | None) -> Section:
    blocks = []
    actors = run.table("actors", ["actor", "actor_type", "n_mentions"])
    if actors is not None and len(actors):
        types = actors["actor_type"].fillna("(none)").value_counts()
        blocks.append(para(
            f"Actors: {n(actors['n_mentions'].sum())} mentions of {plural(len(actors), 'actor')} ("
            + ", ".join(f"{t} {n(c)}" for t, c in sorted(types.items(), key=lambda kv: (-kv[1], kv[0])))
            + "), one name per actor across the corpus (results/tables/actors.parquet)."))
    quotes = run.table("quotes", ["article_id", "speaker", "speaker_type", "kind"])
    if quotes is None:
        blocks.append(para("The run has no quotes table."))
    elif not len(quotes):
        blocks.append(para("No direct or reported speech was found."))
    else:
        kinds = quotes["kind"].fillna("(none)").value_counts() if "kind" in quotes else pd.Series(dtype=int)
        named = quotes["speaker"].notna()
        types = quotes.loc[named, "speaker_type"].fillna("(none)").value_counts()
        blocks.append(para(
            f"Quotes: {n(len(quotes))} in {plural(quotes['article_id'].nunique(), 'article')} ("
            + ", ".join(f"{k} {n(c)}" for k, c in sorted(kinds.items())) + f"); {n(named.sum())} "
            f"({percent(named.mean())}) attributed to {plural(quotes.loc[named, 'speaker'].nunique(), 'named speaker')}"
            " (" + ", ".join(f"{t} {n(c)}" for t, c in sorted(types.items(), key=lambda kv: (-kv[1], kv[0])))
            + ("; outlets and agencies quoted as sources are speakers of type source" if "source" in types else "")
            + ")."))
    if not gold:
        blocks.append(para("No gold set was configured (config key gold), so the attribution of quotes and actors "
                           "was not scored in this run; ", Code("framescope score-quotes"),
                           " scores it against hand-coded gold files."))
    else:
        s = gold_scores or {}
        rows = [(what, score(s[key]["precision"]), score(s[key]["recall"]), score(s[key]["f1"]), n(s[key]["n_gold"]))
                for key, what in (("quotes", "direct quotes"), ("speakers", "quotes with the right speaker"),
                                  ("indirect", "reported speech"), ("actors", "actors"), ("mentions", "mentions"))
                if key in s]
        blocks.append(para("The actor and quote finders were scored against "
                           f"{plural(len(gold), 'hand-coded gold file')} (config key gold; precision, recall and F1 "
                           "pooled over the files):"))
        blocks.append(Table(("item", "precision", "recall", "F1", "gold"), tuple(rows), numeric=(1, 2, 3, 4)))
        if s.get("speaker_accuracy") is not None:
            blocks.append(para(f"Speaker accuracy on the matched quotes: {score(s['speaker_accuracy'])}."))
    return Section("Actors, quotes and speakers", tuple(blocks))


# ---------------------------------------------------------------------------------------
# Prevalence, reliability, evaluation


def prevalence_section(run: Run, prov: dict) -> tuple[Section | None, dict]:
    table = run.table("frame_prevalence", ["group_type", "group", "frame", "method", "estimate", "note"])
    if table is None:
        return None, {}
    config = prov.get("config", {})
    p = config.get("prevalence", {})
    methods = [m for m in PREVALENCE if m in set(table["method"])]
    groups = table.drop_duplicates(["group_type", "group"])["group_type"].value_counts()
    where = ["the corpus"]
    if groups.get("outlet"):
        where.append(plural(groups["outlet"], "outlet"))
    for unit in ("month", "year"):
        if groups.get(unit):
            where.append(plural(groups[unit], unit))
    refs = {k: bibliography.references()[k] for k in ("forman2008quantifying", "bella2010quantification")}
    blocks = [para(
        f"Frame prevalence is each frame's share of sentences, estimated for {joined(where)} "
        f"({table['frame'].nunique()} frames; time unit setting: {p.get('time_unit', '?')}), four ways: "
        + "; ".join(f"{m}, {PREVALENCE[m]}" for m in methods) + ". The corrections",
        cite("forman2008quantifying", "bella2010quantification"),
        " use the error rates of the frames model's cross-validation (results/models/frames/metrics.json).")]
    if int(p.get("bootstrap", 0)):
        blocks.append(para(
            f"Intervals are {level(p['level'])} percentile intervals from a cluster bootstrap that resamples whole "
            f"articles within each group, {n(p['bootstrap'])} resamples (seed {p.get('seed', '?')}); the resamples "
            "also redraw the error rates, so the intervals of the corrected estimates include the uncertainty of the "
            "correction."))
    else:
        blocks.append(para("No bootstrap was run (prevalence.bootstrap: 0), so the estimates have no intervals."))
    corrected = table[table["method"].isin(["acc", "pacc"])]
    if len(corrected):
        note = corrected["note"].fillna("").astype(str) if "note" in corrected else pd.Series("", index=corrected.index)
        clipped = int(note.str.contains("clipped").sum())
        missing = int(corrected["estimate"].isna().sum())
        blocks.append(para(
            f"Of the {n(len(corrected))} corrected (acc, pacc) estimates, {n(clipped)} were clipped to [0, 1] and "
            f"{n(missing)} could not be made (see the table's note column)."))
    shown = config.get("figures", {}).get("prevalence_method")
    if shown:
        blocks.append(para("The figures show the ", Code(str(shown)), " estimates."))
    return Section("Frame prevalence", tuple(blocks)), refs


def reliability_section(run: Run) -> tuple[Section | None, dict]:
    blocks = []
    for path in sorted(run.reliability):
        rel = json.loads(Path(path).read_text(encoding="utf-8"))
        round_name = Path(path).parent.parent.name
        boot = rel.get("bootstrap", {})
        ci = rel.get("alpha_nominal_ci") or [None, None]
        head = (f"Coding round {round_name}: {plural(rel.get('n_coders', 0), 'coder')} coded "
                f"{plural(rel.get('n_units', 0), 'unit')} ({rel.get('coding', '')}). Krippendorff's alpha")
        text = f", nominal on each coder's set of frames per unit, was {score(rel.get('alpha_nominal'))}"
        if ci[0] is not None:
            at = f"{level(boot['ci'])} " if boot.get("ci") else ""
            text += f", {at}interval {score(ci[0])} to {score(ci[1])}"
            if boot.get("n_boot"):
                text += f" ({n(boot['n_boot'])} bootstrap resamples of units)"
        text += (f". Mean alpha over the {rel.get('n_frames_alpha_defined', 0)} frames with a defined alpha: "
                 f"{score(rel.get('alpha_per_frame_mean'))}; the coders disagreed on "
                 f"{plural(rel.get('n_disagreements', 0), 'unit')}.")
        blocks.append(para(head, cite("hayes2007answering"), text))
        per = rel.get("per_frame") or {}
        if per:
            rows = tuple((f, score(v.get("alpha")), f"{score((v.get('ci') or [None, None])[0])} to "
                          f"{score((v.get('ci') or [None, None])[1])}") for f, v in per.items())
            blocks.append(Table(("frame", "alpha", "interval"), rows, numeric=(1,),
                                caption=f"Krippendorff's alpha per frame, coding round {round_name}."))
    if not blocks:
        return None, {}
    return Section("Intercoder reliability", tuple(blocks)), {"hayes2007answering":
                                                                   bibliography.references()["hayes2007answering"]}


# ---------------------------------------------------------------------------------------
# Software and reproduction


def _flatten(config: Mapping, prefix: str = "") -> dict[str, object]:
    out = {}
    for key, value in config.items():
        if isinstance(value, Mapping):
            out.update(_flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def _nest(flat: Mapping[str, object]) -> dict:
    out: dict = {}
    for key, value in sorted(flat.items()):
        node = out
        *parents, last = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return out


def command(config: Mapping, default: Mapping | None) -> tuple[str, str | None]:
    """The snakemake command that reruns a run with this config over the default config file:
    ``--config k=v`` for changed top-level scalars, else ``--configfile study.yaml`` (and its text)."""
    import shlex

    base = "snakemake --cores all"
    if default is None:
        return base + " --configfile study.yaml", yaml.safe_dump(json.loads(json.dumps(config, default=str)),
                                                                  sort_keys=True, allow_unicode=True)
    ours = _flatten(json.loads(json.dumps(config, default=str)))
    theirs = _flatten(json.loads(json.dumps(default, default=str)))
    changed = {k: v for k, v in ours.items() if theirs.get(k, object()) != v}
    if not changed:
        return base, None
    if all("." not in k and isinstance(v, (str, int, float, bool)) for k, v in changed.items()):
        args = []
        for key, value in sorted(changed.items()):
            text = json.dumps(value) if isinstance(value, bool) else str(value)
            args.append(shlex.quote(f"{key}={text}"))
        return base + " --config " + " ".join(args), None
    return base + " --configfile study.yaml", yaml.safe_dump(_nest(changed), sort_keys=True, allow_unicode=True)


def software_section(prov: dict) -> tuple[Section, dict]:
    refs = {}
    rows = [("Python", str(prov.get("python", "?")))]
    for name, version in sorted(prov.get("packages", {}).items(), key=lambda kv: kv[0].lower()):
        ref = bibliography.for_package(name)
        if ref is not None:
            refs[ref.key] = ref
        rows.append((name, str(version)))
    blocks = [para("The workflow ran under Snakemake", cite("moelder2021snakemake"),
                   "; the text was processed with pandas", cite("mckinney2010data"),
                   ", the models built with scikit-learn", cite("pedregosa2011scikit"),
                   " and the figures drawn with matplotlib", cite("hunter2007matplotlib"),
                   ". The versions, as results/provenance.json records them:"),
              Table(("software", "version"), tuple(rows))]
    digest = prov.get("config_sha256")
    blocks.append(para("The run's config is recorded in results/provenance.json" + (", sha256 " if digest else "."),
                       *([Code(str(digest)), " (over its canonical JSON)."] if digest else []),
                       " The record also holds the sha256 of every input and of the code each step ran."))
    return Section("Software", tuple(blocks)), refs


def reproduce_section(prov: dict, default: Mapping | None) -> Section:
    git = prov.get("git")
    if not git:
        state = [para("The git commit of the code was not recorded in this run.")]
    elif git.get("commit"):
        note = {"clean": "", "uncommitted changes": " with uncommitted changes"}.get(git.get("state"),
                                                                                   f" ({git.get('state')})")
        state = [para("The code is framescope at git commit ", Code(str(git["commit"])), f"{note}.")]
    else:
        state = [para(f"The git commit of the code is not known: {git.get('state', 'not a git checkout')}.")]
    cmd, study = command(prov.get("config", {}), default)
    blocks = [*state, para("To reproduce the results, run, in the project with the environment installed from its "
                           "lock file:"), Verbatim(cmd)]
    if study is not None:
        blocks += [para("with ", Code("study.yaml"), " holding the settings that differ from config/config.yaml:"),
                   Verbatim(study)]
    blocks.append(para("The same inputs, config and lock give byte-identical results/; provenance.json's digests "
                       "tell whether they are the same."))
    return Section("Reproducing the run", tuple(blocks))


# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Methods:
    document: Document
    references: dict[str, bibliography.Reference]

    def markdown(self) -> str:
        used = cited_keys(self.document)
        return to_markdown(self.document, self.cite_text, {k: self.references[k].text() for k in used},
                           preamble=PREAMBLE)

    def latex(self) -> str:
        return to_latex(self.document, preamble=(*PREAMBLE, "Include it with \\input{methods}; cite keys are in "
                                                 "methods.bib (\\bibliography{methods})."))

    def bibtex(self) -> str:
        return bibliography.bibtex(self.references[k] for k in cited_keys(self.document))

    def cite_text(self, keys: Sequence[str]) -> str:
        return "; ".join(self.references[k].cite for k in keys)


def compose(results_dir, codebook=None, default_config=None, reliability: Sequence = (), gold: Sequence = (),
            gold_root=".", evaluation=None) -> Methods:
    """The methods section of the run in `results_dir`.

    `codebook` is the codebook file the run used, `default_config` the project's
    config/config.yaml (to write the command that reruns the run), `reliability` the coding
    rounds' reliability.json files, `gold` the hand-coded gold files to score quotes against
    (config key ``gold``; their article paths are relative to `gold_root`), `evaluation` the
    metrics.json of `framescope evaluate` when the run validated the frames model.
    """
    run = Run(Path(results_dir), Path(codebook) if codebook else None,
              Path(default_config) if default_config else None, tuple(Path(p) for p in reliability),
              Path(evaluation) if evaluation else None)
    prov = run.json("provenance.json")
    if prov is None:
        raise MethodsInputError(f"{run.path('provenance.json')} not found: the methods section reads the run's "
                                "provenance record")
    default = yaml.safe_load(run.default_config.read_text(encoding="utf-8")) if run.default_config else None
    gold_scores = None
    if gold:
        from framescope.actors.scoring import score_files

        gold_scores = score_files(list(gold), gold_root)["all"]
    refs: dict[str, bibliography.Reference] = {}
    sections = [corpus_section(run, prov), cleaning_section(run)]
    for part in (frames_section(run, prov), sentiment_section(run, prov)):
        sections.append(part[0])
        refs.update(part[1])
    sections.append(quotes_section(run, gold, gold_scores))
    for section, more in (prevalence_section(run, prov), reliability_section(run), evaluation_section(run),
                          software_section(prov)):
        if section is not None:
            sections.append(section)
            refs.update(more)
    sections.append(reproduce_section(prov, default))
    refs.update(bibliography.references())  # every key a section cites is bundled or added above
    return Methods(Document(TITLE, tuple(sections)), refs)


def write_methods(methods: Methods, md, tex, bib) -> None:
    write_text(md, methods.markdown())
    write_text(tex, methods.latex())
    write_text(bib, methods.bibtex())

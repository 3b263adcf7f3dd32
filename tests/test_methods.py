"""The methods section: every number read from the run's files, Markdown and LaTeX from one structure."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
import yaml

from framescope.analysis import bibliography
from framescope.analysis.markup import escape_latex
from framescope.analysis.methods import MethodsInputError, command, compose, write_methods
from framescope.base.io import read_table, write_json, write_table
from framescope.commands.provenance import config_digest, git_state
from framescope.frames.codebook import codebook_path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CONFIG = ROOT / "config" / "config.yaml"
FRAMES = ["economic", "morality", "other"]


def _provenance(config: dict) -> dict:
    return {
        "corpus": {"path": config["corpus"], "n_files": 3, "bytes": 4321, "sha256": "ab" * 32,
                   "digest_of": "sha256 over the sorted lines 'path<TAB>sha256<LF>' of the files"},
        "inputs": {},
        "config": config,
        "config_sha256": config_digest(config),
        "code": {"ingest": "0123456789abcdef"},
        "packages": {"framescope": "0.1.0", "pandas": "2.2.0", "scikit-learn": "1.5.0", "snakemake": "9.0.0",
                     "matplotlib": "3.9.0", "vaderSentiment": "3.3.2"},
        "python": "3.11.7",
        "git": {"commit": "c0ffee" * 6 + "c0ff", "state": "clean"},
    }


def _metrics_frames() -> dict:
    per = {f: {"precision": 0.5 + i / 10, "recall": 0.4 + i / 10, "f1": 0.45 + i / 10, "support": 10 + i,
               "tpr": 0.5, "fpr": 0.1} for i, f in enumerate(FRAMES)}
    return {"micro_f1": 0.6123, "macro_f1": 0.5877, "subset_accuracy": 0.41, "n_train": 120, "n_articles": 20,
            "label_cardinality": 1.25, "folds": 5, "cv": "StratifiedGroupKFold over articles", "random_state": 0,
            "frames": FRAMES, "per_label": per, "data": "bundled frames starter set", "codebook": "policy_frames"}


def _metrics_sentiment(target: bool = False) -> dict:
    m = {"accuracy": 0.8123, "macro_f1": 0.7941, "macro_f1_folds": [0.75, 0.81, 0.79], "macro_f1_sd": 0.0301,
         "folds": 3, "n_train": 90, "labels": ["negative", "neutral", "positive"],
         "model": "tfidf + vader -> logistic regression",
         "per_label": {lab: {"precision": 0.8, "recall": 0.7, "f1": 0.75, "support": 30}
                       for lab in ("negative", "neutral", "positive")}}
    if target:
        m.update(data="bundled target sentiment starter set", n_sentences=70,
                 baselines={"vader_sentence": {"macro_f1": 0.5611}, "tfidf_sentence": {"macro_f1": 0.6123}})
    else:
        m.update(data="bundled sentiment starter set", vader_baseline={"accuracy": 0.7148, "macro_f1": 0.7086})
    return m


@pytest.fixture
def run_dir(tmp_path) -> Path:
    """A small run-like results/ folder: the tables, metrics and provenance the methods section reads."""
    results = tmp_path / "results"
    config = yaml.safe_load(DEFAULT_CONFIG.read_text())
    config["corpus"] = "corpus"
    write_json(results / "provenance.json", _provenance(config))
    manifest = pd.DataFrame({
        "source": ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt", "f.txt", "g.txt", "h.txt"],
        "article_id": ["a", "b", "c", "d", "e", None, None, None],
        "status": ["accepted", "accepted", "accepted", "duplicate", "duplicate", "rejected", "rejected", "rejected"],
        "reason": [None, None, None, "same text as another article", "near-duplicate: about 91% of its word "
                   "shingles shared with another article", "empty file", "empty file", "not text (binary)"],
        "duplicate_of": [None, None, None, "a", "b", None, None, None],
        "similarity": [None, None, None, 1.0, 0.91, None, None, None],
        "encoding": ["utf-8", "cp1252", "utf-8", "utf-8", "utf-8", None, None, None],
        "notes": [[], ["mojibake repaired in the title (2 places: UTF-8 that had been read as cp1252)"], [], [], [],
                  [], [], []],
    })
    write_table(manifest, results / "tables" / "manifest.parquet", "manifest")
    articles = pd.DataFrame({
        "article_id": list("abcde"), "source": [f"{x}.txt" for x in "abcde"],
        "outlet": ["The Daily", "The Daily", None, "Wire", "Wire"],
        "published": ["2024-01-05", None, "2024-03-09", "2024-02-01", "2023-12-31"],
        "title": ["t"] * 5, "authors": [["A. Writer"], [], ["B"], [], []], "contributors": [[], [], ["C"], [], []],
        "url": [None] * 5, "language": ["en"] * 5, "text": ["x"] * 5, "sha256": ["0"] * 5, "n_words": [10] * 5,
        "metadata": ["{}"] * 5,
    })
    write_table(articles, results / "tables" / "articles.parquet", "articles")
    write_table(pd.DataFrame({"article_id": list("abc"), "n_sentences": [10, 20, 30], "n_words": [100, 200, 301],
                              "n_quotes": [1, 2, 0], "n_actors": [1, 1, 1], "quote_word_share": [0.1, 0.2, 0.0]}),
                results / "tables" / "text_features.parquet", "text_features")
    write_table(pd.DataFrame({"actor": ["Ann Lee", "City Council", "Paris"],
                              "actor_type": ["person", "organization", "place"], "group": [None] * 3,
                              "n_articles": [2, 1, 1], "n_mentions": [5, 2, 1], "variants": [["Lee"], [], []]}),
                results / "tables" / "actors.parquet", "actors")
    write_table(pd.DataFrame({
        "article_id": ["a", "a", "b", "b"], "quote_id": [0, 1, 0, 1], "sent_id": [0, 1, 0, 2], "start": [0] * 4,
        "end": [5] * 4, "text": ["q"] * 4, "speaker": ["Ann Lee", None, "Ann Lee", "Reuters"],
        "speaker_type": ["person", None, "person", "source"], "cue": ["said"] * 4,
        "kind": ["direct", "direct", "indirect", "direct"], "n_words": [1] * 4}),
        results / "tables" / "quotes.parquet", "quotes")
    write_table(pd.DataFrame({"article_id": ["a", "b"], "actor": ["Ann Lee"] * 2, "actor_type": ["person"] * 2,
                              "n_sentences": [1, 1], "tone_about": [0.2, None], "vader_about": [0.1, 0.0],
                              "n_quotes": [1, 1], "quote_tone": [0.0, 0.0]}),
                results / "tables" / "actor_sentiment.parquet", "actor_sentiment")
    rows = []
    for group_type, group in (("corpus", "all"), ("outlet", "The Daily"), ("outlet", "(no outlet)"),
                              ("month", "2024-01"), ("month", "2024-03")):
        for frame in FRAMES:
            for method in ("cc", "acc", "pcc", "pacc"):
                clipped = method == "acc" and frame == "other"
                rows.append({"group_type": group_type, "group": group, "frame": frame, "method": method,
                             "estimate": 0.0 if clipped else 0.2, "ci_low": 0.1, "ci_high": 0.3, "n_articles": 3,
                             "n_sentences": 60,
                             "note": "cc 0.01 is below the false-positive rate 0.1, so the estimate is clipped to 0"
                             if clipped else ""})
    write_table(pd.DataFrame(rows), results / "tables" / "frame_prevalence.parquet", "frame_prevalence")
    write_json(results / "models" / "frames" / "metrics.json", _metrics_frames())
    (results / "models" / "frames" / "model_card.md").write_text(
        "# Model card\n\n- Model: logistic regression per frame over TF-IDF (see `build_model`).\n")
    write_json(results / "models" / "sentiment" / "metrics.json", _metrics_sentiment())
    write_json(results / "models" / "target_sentiment" / "metrics.json", _metrics_sentiment(target=True))
    return results


def _methods(results: Path, **kwargs):
    return compose(results, codebook=codebook_path("policy_frames"), default_config=DEFAULT_CONFIG, **kwargs)


def _rewrite_config(results: Path, change) -> None:
    record = json.loads((results / "provenance.json").read_text())
    change(record["config"])
    record["config_sha256"] = config_digest(record["config"])
    write_json(results / "provenance.json", record)


def test_numbers_in_the_text_are_the_tables(run_dir):
    md = _methods(run_dir).markdown()
    manifest = read_table(run_dir / "tables" / "manifest.parquet")
    counts = manifest["status"].value_counts()
    assert (f"gave {len(manifest)} inputs: {counts['accepted']} accepted, {counts['duplicate']} duplicates and "
            f"{counts['rejected']} rejected") in md
    assert "1 repeat the clean text of another article exactly and 1 are near-duplicates" in md
    assert "| empty file | 2 |" in md and "| not text (binary) | 1 |" in md
    # analysed = accepted (keep_duplicates: false): a, b, c; outlets "The Daily" and none; two dated
    assert "The 3 analysed articles come from 1 outlet (1 without one); 2 carry a publication date, " \
           "from 2024-01-05 to 2024-03-09." in md
    assert "They hold 60 sentences and 601 words." in md
    assert "Each article's language was identified from its title and text by CLD3, Google's Compact Language " \
           "Detector 3 (package cld3-py): 3 in English (en)." in md
    assert "by the encoding that decoded them: utf-8: 4; cp1252: 1." in md  # the 5 inputs read
    assert "mojibake repaired in the title: 1" in md
    assert "Of the 3 accepted articles, 2 name their authors and 1 its contributors." in md
    assert "codebook `policy_frames` (Boydstun et al., 2014), which has 15 frames" in md
    assert "micro-F1 0.612, macro-F1 0.588, subset accuracy" in md and "gives no interval for these scores" in md
    assert "| Morality (3) | 0.600 | 0.500 | 0.550 | 11 |" in md
    assert "macro-F1 0.794 (folds 0.750 to 0.810, SD 0.030)" in md and "VADER alone on the same sentences: " \
           "accuracy 0.715" in md
    assert "Baseline, VADER on the whole sentence: macro-F1 0.561." in md
    assert "It gave the tone about 1 of the 2 actor-in-article pairs" in md
    assert "8 mentions of 3 actors (organization 1, person 1, place 1)" in md
    assert "Quotes: 4 in 2 articles (direct 3, indirect 1); 3 (75.0%) attributed to 2 named speakers " \
           "(person 2, source 1" in md
    assert "No gold set was configured" in md
    assert "estimated for the corpus, 2 outlets and 2 months (3 frames; time unit setting: auto)" in md
    assert "95% percentile intervals" in md and "1,000 resamples (seed 0)" in md
    assert "Of the 30 corrected (acc, pacc) estimates, 5 were clipped" in md
    record = json.loads((run_dir / "provenance.json").read_text())
    assert f"sha256 `{record['config_sha256']}`" in md
    assert "| pandas | 2.2.0 |" in md and "| Python | 3.11.7 |" in md
    assert f"git commit `{record['git']['commit']}`." in md
    assert "snakemake --cores all --config corpus=corpus\n" in md


def test_changing_an_input_changes_the_section(run_dir):
    before = _methods(run_dir).markdown()
    manifest = read_table(run_dir / "tables" / "manifest.parquet")
    extra = manifest.iloc[[-1]].assign(source="i.txt", reason="empty file")
    write_table(pd.concat([manifest, extra]), run_dir / "tables" / "manifest.parquet", "manifest")
    after = _methods(run_dir).markdown()
    assert "gave 9 inputs" in after and "and 4 rejected" in after and "| empty file | 3 |" in after
    assert "gave 8 inputs" in before and "and 3 rejected" in before

    _rewrite_config(run_dir, lambda c: c["prevalence"].update(bootstrap=250, level=0.9))
    changed = _methods(run_dir).markdown()
    assert "90% percentile intervals" in changed and "250 resamples" in changed
    assert "--configfile study.yaml" in changed and "bootstrap: 250" in changed
    _rewrite_config(run_dir, lambda c: c["prevalence"].update(bootstrap=0))
    assert "No bootstrap was run" in _methods(run_dir).markdown()

    metrics = json.loads((run_dir / "models" / "frames" / "metrics.json").read_text())
    metrics.update(macro_f1=0.7, macro_f1_ci=[0.65, 0.75], ci_level=0.95)
    write_json(run_dir / "models" / "frames" / "metrics.json", metrics)
    text = _methods(run_dir).markdown()
    assert "macro-F1 0.700 (95% interval 0.650 to 0.750)" in text


def test_a_run_without_its_manifest_or_provenance_is_a_clear_error(run_dir):
    (run_dir / "tables" / "manifest.parquet").unlink()
    with pytest.raises(MethodsInputError, match="manifest.parquet"):
        _methods(run_dir)
    (run_dir / "provenance.json").unlink()
    with pytest.raises(MethodsInputError, match="provenance.json"):
        _methods(run_dir)


def test_latex_escapes_its_special_characters(run_dir):
    assert escape_latex(r"& % $ # _ { } ~ ^ \ ") == (r"\& \% \$ \# \_ \{ \} \textasciitilde{} "
                                                      r"\textasciicircum{} \textbackslash{} ")
    manifest = read_table(run_dir / "tables" / "manifest.parquet")
    manifest.loc[manifest["source"] == "h.txt", "reason"] = r"50% of {x} & $y #1 ~a ^b c_d \e"
    write_table(manifest, run_dir / "tables" / "manifest.parquet", "manifest")
    methods = _methods(run_dir)
    tex = methods.latex()
    assert (r"50\% of \{x\} \& \$y \#1 \textasciitilde{}a \textasciicircum{}b c\_d \textbackslash{}e & 1 \\"
            in tex)
    assert r"\texttt{policy\_frames}~\cite{boydstun2014tracking}" in tex
    # outside commands, comments and verbatim, no special character is left bare
    body = re.sub(r"\\begin\{verbatim\}.*?\\end\{verbatim\}", "", tex, flags=re.S)
    body = "\n".join(line for line in body.splitlines() if not line.startswith("%"))
    body = re.sub(r"\\[a-zA-Z]+\{[^{}]*\}|\\[a-zA-Z]+|\\[&%$#_{}\\]|\\\\| & ", "", body)
    assert not re.search(r"[&%$#_^~]", body.replace("~", "")), body
    assert "| 50% of {x} & $y \\#1 ~a ^b c_d \\\\e | 1 |" in methods.markdown()


def test_markdown_and_latex_say_the_same(run_dir):
    methods = _methods(run_dir)
    md, tex = methods.markdown(), methods.latex()
    assert [s for s in re.findall(r"^## (.+)$", md, flags=re.M) if s != "References"] == \
        re.findall(r"^\\subsection\{(.+)\}$", tex, flags=re.M)
    for number in ("0.612", "0.588", "1,000", "2024-03-09", "601"):
        assert number in md and number in tex


def test_written_twice_the_files_are_byte_identical(run_dir, tmp_path):
    outs = []
    for i in range(2):
        folder = tmp_path / f"out{i}"
        write_methods(_methods(run_dir), folder / "methods.md", folder / "methods.tex", folder / "methods.bib")
        outs.append({p.name: p.read_bytes() for p in folder.iterdir()})
    assert outs[0] == outs[1] and set(outs[0]) == {"methods.md", "methods.tex", "methods.bib"}
    assert str(tmp_path) not in outs[0]["methods.md"].decode()


def test_the_bib_holds_every_key_the_text_cites_and_no_other(run_dir, tmp_path):
    methods = _methods(run_dir)
    write_methods(methods, tmp_path / "m.md", tmp_path / "m.tex", tmp_path / "m.bib")
    tex, bib, md = ((tmp_path / f"m.{ext}").read_text() for ext in ("tex", "bib", "md"))
    cited = {key for group in re.findall(r"\\cite\{([^}]*)\}", tex) for key in group.split(",")}
    entries = re.findall(r"^@\w+\{([^,]+),$", bib, flags=re.M)
    assert cited == set(entries) and len(entries) == len(set(entries)) and entries == sorted(entries)
    assert {"moelder2021snakemake", "pedregosa2011scikit", "mckinney2010data", "hunter2007matplotlib",
            "hutto2014vader", "boydstun2014tracking"} <= cited
    refs = bibliography.references()
    for key in cited:  # the Markdown cites the same works, and lists them
        assert refs[key].cite in md
    assert md.count("\n- ") >= len(cited)
    assert "doi = {10.12688/f1000research.29032.2}" in bib and "hayes2007answering" not in bib  # no coding round


def test_generic_frames_cite_semetko_and_valkenburg(run_dir):
    methods = compose(run_dir, codebook=codebook_path("generic_frames"), default_config=DEFAULT_CONFIG)
    assert "semetko2000framing" in methods.bibtex() and "(Semetko & Valkenburg, 2000)" in methods.markdown()


def test_newsmtsc_is_cited_when_target_sentiment_trains_on_it(run_dir):
    assert "NewsMTSC" not in _methods(run_dir).markdown()
    _rewrite_config(run_dir, lambda c: c["sentiment"].update(target_train="data/train.jsonl",
                                                               target_format="newsmtsc"))
    methods = _methods(run_dir)
    assert "in the format of NewsMTSC (Hamborg & Donnay, 2021)" in methods.markdown()
    assert "@inproceedings{hamborg2021newsmtsc," in methods.bibtex()


def test_reliability_of_a_coding_round_is_reported_when_there_is_one(run_dir, tmp_path):
    assert "Intercoder reliability" not in _methods(run_dir).markdown()
    rel = tmp_path / "coding" / "round1" / "reliability" / "reliability.json"
    write_json(rel, {"alpha_nominal": 0.71234, "alpha_nominal_ci": [0.65, 0.77], "alpha_per_frame_mean": 0.7,
                     "n_frames_alpha_defined": 3, "coding": "multi-label", "coders": ["ann", "bo"], "n_coders": 2,
                     "n_units": 200, "n_disagreements": 37, "bootstrap": {"n_boot": 2000, "ci": 0.95},
                     "per_frame": {"economic": {"alpha": 0.8, "ci": [0.7, 0.9]}}})
    md = _methods(run_dir, reliability=[rel]).markdown()
    assert "Coding round round1: 2 coders coded 200 units (multi-label)" in md
    assert "Krippendorff's alpha (Hayes & Krippendorff, 2007), nominal on each coder's set of frames per unit, was " \
           "0.712, 95% interval 0.650 to 0.770 (2,000 bootstrap resamples of units)" in md
    assert "the coders disagreed on 37 units" in md and "| economic | 0.800 | 0.700 to 0.900 |" in md


def test_gold_files_are_scored_when_configured(run_dir):
    gold = sorted(str(p) for p in (ROOT / "tests" / "gold").glob("*.json"))
    md = _methods(run_dir, gold=gold, gold_root=ROOT).markdown()
    assert f"scored against {len(gold)} hand-coded gold files" in md
    assert re.search(r"\| direct quotes \| \d\.\d{3} \| \d\.\d{3} \| \d\.\d{3} \| \d+ \|", md)


def test_the_command_names_what_differs_from_the_default_config():
    default = yaml.safe_load(DEFAULT_CONFIG.read_text())
    assert command(default, default) == ("snakemake --cores all", None)
    ours = copy.deepcopy(default)
    ours["corpus"] = "my corpus/news.jsonl"
    assert command(ours, default) == ("snakemake --cores all --config 'corpus=my corpus/news.jsonl'", None)
    ours["frames"]["train"] = "coded.csv"
    cmd, study = command(ours, default)
    assert cmd == "snakemake --cores all --configfile study.yaml"
    assert yaml.safe_load(study) == {"corpus": "my corpus/news.jsonl", "frames": {"train": "coded.csv"}}


def _git(repo, *args):
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_state_is_the_same_for_two_clean_clones_and_says_uncommitted_changes(tmp_path):
    assert git_state(tmp_path) == {"commit": None, "state": "not a git checkout"}
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    assert git_state(repo) == {"commit": None, "state": "no commit yet"}
    (repo / "Snakefile").write_text("rule all:\n")
    _git(repo, "add", "Snakefile")
    _git(repo, "commit", "-q", "-m", "first")
    state = git_state(repo)
    assert state["state"] == "clean" and re.fullmatch(r"[0-9a-f]{40}", state["commit"])
    _git(tmp_path, "clone", "-q", str(repo), str(tmp_path / "clone"))
    assert git_state(tmp_path / "clone") == state
    (repo / "notes.txt").write_text("untracked files do not count\n")
    assert git_state(repo) == state
    (repo / "Snakefile").write_text("rule all:\n    input: []\n")
    assert git_state(repo) == {"commit": state["commit"], "state": "uncommitted changes"}


def test_provenance_records_the_config_digest_and_git_state(tmp_path):
    from framescope.commands.provenance import build_provenance

    corpus = tmp_path / "a.txt"
    corpus.write_text("text\n")
    config = {"corpus": str(corpus), "prevalence": {"bootstrap": 10}}
    record = build_provenance(str(corpus), [corpus], {}, config, {}, git={"commit": None, "state": "x"})
    assert record["config_sha256"] == config_digest(record["config"]) != config_digest({"corpus": "other"})
    assert record["git"] == {"commit": None, "state": "x"}


@pytest.mark.workflow
def test_seed_run_writes_the_methods_section_with_the_manifests_counts(seed_run):
    results = seed_run / "results"
    md, tex, bib = ((results / f"methods.{ext}").read_text() for ext in ("md", "tex", "bib"))
    manifest = read_table(results / "tables" / "manifest.parquet")
    counts = manifest["status"].value_counts()
    line = (f"{len(manifest)} input{'' if len(manifest) == 1 else 's'}: {counts.get('accepted', 0)} accepted, "
            f"{counts.get('duplicate', 0)} duplicates and {counts.get('rejected', 0)} rejected")
    assert line in md and line in tex
    cited = {key for group in re.findall(r"\\cite\{([^}]*)\}", tex) for key in group.split(",")}
    assert cited == set(re.findall(r"^@\w+\{([^,]+),$", bib, flags=re.M))
    assert str(seed_run) not in md + tex + bib
    assert "Methods" in (results / "report" / "methods.html").read_text()
    record = json.loads((results / "provenance.json").read_text())
    assert record["git"] == {"commit": None, "state": "not a git checkout"}  # a copy, not a clone
    assert record["config_sha256"] in md


def test_citation_cff_names_the_package_version_and_license():
    import tomllib

    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert cff["cff-version"] == "1.2.0" and cff["title"] and cff["message"]
    assert str(cff["version"]) == project["version"] and cff["license"] == project["license"]["text"] == "MIT"
    assert cff["authors"] == [{"name": "framescope developers"}]

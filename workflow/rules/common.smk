# Helpers for the rules: config validation, the corpus and its shards, code digests, the
# codebook and training data, and the functions the rule files call. No rules here, and
# no functions in the rule files (`snakemake --lint` asks for the two apart).

import os
import sys
from pathlib import Path

# jsonschema imports rfc3987_syntax when it is installed (Jupyter's jsonschema extras bring
# it), and that compiles 38 grammars on import: 1.1 s of every snakemake call, a quarter of
# a no-op run at 100k articles. Our config schema checks no string formats, so jsonschema
# goes without it (it treats the module as absent).
sys.modules.setdefault("rfc3987_syntax", None)

# The project's own src/ first (its code, whichever framescope an environment has installed);
# then the jobs' PATH and PYTHONPATH, so that they run the same code (framescope.workflow.jobenv).
PROJECT_SRC = Path(workflow.basedir) / "src"
if (PROJECT_SRC / "framescope").is_dir():
    sys.path.insert(0, str(PROJECT_SRC))
else:
    PROJECT_SRC = None

from framescope.workflow.jobenv import set_job_environment

set_job_environment(PROJECT_SRC)

from snakemake.utils import validate

from framescope.workflow.scheduler import coalesce_scheduler_wakeups

# Snakemake's scheduler otherwise adds a once-a-second wake-up chain for every job that
# starts or ends: 10-11 s of CPU a minute at 100,000 articles (see the module).
coalesce_scheduler_wakeups()

from framescope.workflow.configcheck import config_problems
from framescope.corpus.sources import count_items, list_folder_sources, listing_text, read_listing, sources_by_shard
from framescope.base.provenance import code_digest
from framescope.base.sharding import auto_shards, shard_name

# Friendly messages first (key, value, what is allowed), then Snakemake's own check. The
# schema only checks: every default is in config/config.yaml, which is always read first.
_problems = config_problems(config, Path(workflow.current_basedir) / "../schemas/config.schema.yaml")
if _problems:
    raise WorkflowError("invalid config:\n  " + "\n  ".join(_problems))
validate(config, schema="../schemas/config.schema.yaml")

CORPUS = Path(config["corpus"])
if CORPUS.is_dir():
    # (source, article_id) for every file: the file name is the article id, so each
    # shard's job depends on exactly its own files.
    FOLDER_SOURCES = list_folder_sources(CORPUS)
    N_ITEMS = len(FOLDER_SOURCES)
elif CORPUS.is_file():
    FOLDER_SOURCES = None
    N_ITEMS = count_items(CORPUS)
else:
    raise WorkflowError(
        f"config key 'corpus': {CORPUS} does not exist (give a folder of articles or a "
        ".jsonl/.csv/.json/.parquet file, e.g. --config corpus=seeds)"
    )

N_SHARDS = auto_shards(N_ITEMS) if config["shards"] == "auto" else int(config["shards"])
SHARDS = [shard_name(i) for i in range(N_SHARDS)]


# A folder corpus: each shard's ingest job depends on one listing file naming the shard's
# sources (its own one-article files, and every corpus file in the folder, whose rows carry
# their own ids and so may land in any shard) with their sizes and modification times. The
# listing is rewritten only when that changes, so adding or editing one article reruns one
# shard. (With the article files themselves as inputs, Snakemake's own bookkeeping of
# 100,000 files took more CPU than ingesting them.)
SHARD_LISTINGS = Path(".snakemake/framescope/shards")


def _write_listing(shard, sources):
    text = listing_text(CORPUS, sources)
    path = SHARD_LISTINGS / f"{shard}.tsv"
    try:
        if path.read_text(encoding="ascii") == text:
            return str(path)
    except (OSError, UnicodeDecodeError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="ascii")
    os.replace(tmp, path)
    return str(path)


SHARD_FILES = (
    {
        shard_name(i): _write_listing(shard_name(i), files)
        for i, files in enumerate(sources_by_shard(FOLDER_SOURCES, N_SHARDS))
    }
    if FOLDER_SOURCES is not None
    else None
)


# A one-file corpus: split once into a listing per shard naming its records, rewritten only when
# they change (framescope.corpus.split), so that appending or editing one article reruns one shard.
# The file is read only when it (or the shard count, or the reading code) changed since the last split.
if FOLDER_SOURCES is None:
    from framescope.corpus.split import write_record_listings

    RECORD_FILES = write_record_listings(
        CORPUS, SHARDS, Path(".snakemake/framescope/records"), code_digest("framescope.corpus.split")
    )
else:
    RECORD_FILES = None


def ingest_input(wildcards):
    if SHARD_FILES is None:
        return [RECORD_FILES[wildcards.shard]]
    return [SHARD_FILES[wildcards.shard]]


def ingest_sources(wildcards):
    """The ingest job's option naming its shard's listing: of files (a folder) or of records (one file)."""
    if SHARD_FILES is None:
        return f"--records {RECORD_FILES[wildcards.shard]}"
    return f"--sources {SHARD_FILES[wildcards.shard]}"


# Digest of the framescope code each step runs (its module and all it imports), passed
# as a param: editing a stage's code reruns that stage and what follows, nothing before.
# step name (provenance.json's `code`) -> its module in framescope.commands
STEP_MODULES = {
    "ingest": "ingest",
    "features": "features",
    "train_sentiment": "train_sentiment",
    "sentiment": "sentiment",
    "train_frames": "train_frames",
    "frames": "frames",
    "collect": "collect",
    "names": "name_actors",
    "figures": "figures",
    "summary": "summary",
}
CODE = {step: code_digest(f"framescope.commands.{module}") for step, module in STEP_MODULES.items()}


def in_project(path):
    """A package file's path relative to the project when the package lives in it, else absolute.

    Relative, so that a moved project is not "changed".
    """
    path = Path(path).resolve()
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def codebook_file(name, key="frames.codebook"):
    """A codebook as a rule's input file: a bundled codebook by name, else the path as given.

    The package's resolver (framescope.frames.codebook.codebook_path), so the workflow and
    the `framescope` commands read the same file.
    """
    from framescope.frames.codebook import codebook_path, is_codebook_name

    try:
        path = codebook_path(name, key=key)
    except FileNotFoundError as err:
        raise WorkflowError(str(err))
    return in_project(path) if is_codebook_name(name) else str(path)


def frames_training_sets():
    """language -> {train, train_format, train_labels}: frames.train in frames.train_language,
    and the sets of frames.train_by_language (which replace it for the same language)."""
    frames = config["frames"]
    sets = {
        frames["train_language"]: {
            "train": frames["train"],
            "train_format": frames["train_format"],
            "train_labels": frames["train_labels"],
        }
    }
    sets.update(frames["train_by_language"])
    return sets


def check_codebook(name, train):
    """Fail before any job runs on a broken codebook, or on `starter` data that is not coded for it."""
    from framescope.frames.codebook import CodebookError, check_training_data, load_codebook

    try:
        check_training_data(load_codebook(codebook_file(name)), train)
    except CodebookError as err:
        raise WorkflowError(str(err))


for _entry in frames_training_sets().values():
    check_codebook(config["frames"]["codebook"], _entry["train"])


def bundled_data(name):
    """A data file bundled with the package (framescope/data/NAME), as in_project gives it."""
    import framescope

    return in_project(Path(framescope.__file__).resolve().parent / "data" / name)


def training_data(section):
    """One file that stands for a model's labelled data ('starter' = the bundled set): the
    data file, or for a folder (frames.train in semeval2023 / mfc) its labels file. For
    frames, the set of frames.train_language (the others' paths are in the config)."""
    if section != "frames":
        return training_files(section)[0]
    language = config["frames"]["train_language"]
    entry = frames_training_sets()[language]
    files = _set_files("frames", entry["train"], entry["train_format"], entry["train_labels"], "frames")
    return files[-1] if Path(entry["train"]).is_dir() else files[0]


def training_files(section):
    """Every file a model's training reads ('starter' = the bundled set): the data file, or a
    folder's files (so that editing one reruns the training), and for frames the labels
    file (frames.train_labels, or the one semeval2023 keeps beside its folder), for every
    language's set (frames.train_by_language)."""
    if section != "frames":
        return _set_files(section, config[section]["train"], None, None, f"{section}.train")
    files = []
    for language, entry in sorted(frames_training_sets().items()):
        key = f"frames.train_by_language.{language}" if language in config["frames"]["train_by_language"] else "frames"
        for path in _set_files("frames", entry["train"], entry["train_format"], entry["train_labels"], key):
            if path not in files:
                files.append(path)
    return files


def _set_files(section, train, train_format, labels, key):
    if train == "starter":
        return [bundled_data(f"{section}_starter.csv")]
    path = Path(train)
    if section == "frames" and path.is_dir():
        files = sorted(str(p) for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
    elif path.is_file():
        files = [train]
    else:
        raise WorkflowError(f"config key '{key}.train': {train} does not exist")
    if section == "frames":
        if labels:
            if not Path(labels).is_file():
                raise WorkflowError(f"config key '{key}.train_labels': {labels} does not exist")
            files.append(labels)
        elif train_format in ("semeval2023", "mfc") and path.is_dir():
            from framescope.frames.formats.semeval2023 import semeval_labels_file

            found = semeval_labels_file(path) if train_format == "semeval2023" else None
            if found is None:
                raise WorkflowError(
                    f"config key '{key}.train_labels': {train} is a folder of {train_format} "
                    "texts; name its labels file"
                )
            files.append(str(found))
    return files


def target_training_data():
    """The labelled targets train_target_sentiment depends on ('starter' = the bundled set)."""
    train = config["sentiment"]["target_train"]
    if train == "starter":
        return bundled_data("target_sentiment_starter.jsonl")
    if not Path(train).is_file():
        raise WorkflowError(f"config key 'sentiment.target_train': {train} does not exist")
    return train


# The provenance record keeps the config, the code digests and the package versions beside
# its inputs' digests; its rule passes them as params, so a change of any rewrites it.
import json

from framescope.base.provenance import package_versions
from framescope.commands.provenance import git_state


def coder_sheets(wildcards):
    """The coders' sheets of a coding round, one per coder in the config."""
    return [f"coding/{wildcards.round}/{coder}.csv" for coder in config["coding"]["coders"]]


def if_produced(path):
    """Input function: [path] when some rule of this workflow writes it, else [].

    For tables of stages that may be switched off or not yet in the workflow
    (frame_prevalence, voices): a figure uses them when they are made and says
    otherwise when not. Evaluated when the DAG is built, after every rule is known.
    """

    def inputs(wildcards):
        made = any(str(out) == path for rule in workflow.rules for out in rule.output)
        return [path] if made else []

    return inputs


def table_option(flag, key):
    """`--flag path` when the named input is present, else `--flag none`."""
    return lambda wildcards, input: f"{flag} {getattr(input, key)[0]}" if getattr(input, key) else f"{flag} none"


# The validation of the frames model on labelled data (workflow/rules/evaluate.smk).
def evaluation_inputs():
    """The labelled data the evaluation reads: files as given, folders as their files (so edits rerun it)."""
    ev = config["evaluate"]
    paths = []
    for key in ("train", "labels", "test", "test_labels"):
        value = ev.get(key)
        if not value:
            continue
        path = Path(value)
        if path.is_dir():
            paths += sorted(str(p) for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            paths.append(str(path))
        else:
            raise WorkflowError(f"config key 'evaluate.{key}': {value} does not exist")
    for data, labels in (("train", "labels"), ("test", "test_labels")):
        if ev["format"] == "semeval2023" and ev.get(data) and not ev.get(labels) and Path(ev[data]).is_dir():
            # the task's layout keeps the labels file beside the articles folder
            from framescope.frames.formats.semeval2023 import semeval_labels_file

            found = semeval_labels_file(Path(ev[data]))
            if found is not None:
                paths.append(str(found))
    if ev.get("codebook"):
        paths.append(codebook_file(ev["codebook"], key="evaluate.codebook"))
    return paths


def evaluation_args():
    import shlex

    ev = config["evaluate"]
    args = [f"--format {ev['format']}", f"--train {shlex.quote(str(ev['train']))}"]
    for key, flag in (("labels", "--labels"), ("test", "--test"), ("test_labels", "--test-labels")):
        if ev.get(key):
            args.append(f"{flag} {shlex.quote(str(ev[key]))}")
    if ev.get("codebook"):
        args.append(f"--codebook {shlex.quote(codebook_file(ev['codebook'], key='evaluate.codebook'))}")
    args.append(f"--folds {int(ev['folds'])} --seed {int(ev['seed'])}")
    return " ".join(args)


# Job order (`priority:` in the rules; results do not depend on it). With more shard jobs
# than cores, the last shards to finish decide how long the corpus-wide steps after them
# keep one core busy while the other waits. So the models are trained first, then every
# shard is ingested (topics, the longest corpus-wide job, can then start early); then the
# shard stages by how much corpus-wide work follows them: frames (collect, prevalence,
# figures), features, and sentiment last. Figures and reports fill in where a core is free.


def shard_paths(pattern):
    return [pattern.format(shard=s) for s in SHARDS]

# Helpers for the rules: config validation, the corpus and its shards, code digests.
# No rules here.

import os
import sys
from pathlib import Path

# jsonschema imports rfc3987_syntax when it is installed (Jupyter's jsonschema extras bring
# it), and that compiles 38 grammars on import: 1.1 s of every snakemake call, a quarter of
# a no-op run at 100k articles. Our config schema checks no string formats, so jsonschema
# goes without it (it treats the module as absent).
sys.modules.setdefault("rfc3987_syntax", None)

from snakemake.utils import validate

from framescope.workflow.scheduler import coalesce_scheduler_wakeups

# Snakemake's scheduler otherwise adds a once-a-second wake-up chain for every job that
# starts or ends: 10-11 s of CPU a minute at 100,000 articles (see the module).
coalesce_scheduler_wakeups()

from framescope.workflow.configcheck import config_problems
from framescope.corpus.ingest import count_items, list_folder_sources, listing_text, read_listing, sources_by_shard
from framescope.base.provenance import code_digest
from framescope.base.sharding import auto_shards, shard_name


# Friendly messages first (key, value, what is allowed), then Snakemake's own check,
# which also fills in the schema's defaults.
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


def corpus_files(inputs):
    """The corpus files behind a list of shard listings (or the one corpus file)."""
    if SHARD_FILES is None:
        return list(inputs)
    files = set()
    for listing in inputs:
        files.update(read_listing(listing))
    return [str(CORPUS / source) for source in sorted(files) if not source.endswith("/")]


def ingest_input(wildcards):
    if SHARD_FILES is None:
        return [str(CORPUS)]
    return [SHARD_FILES[wildcards.shard]]


# Digest of the framescope code each step runs (its module and all it imports), passed
# as a param: editing a stage's code reruns that stage and what follows, nothing before.
CODE = {
    step: code_digest(f"framescope.steps.{step}")
    for step in (
        "ingest", "features", "train_sentiment", "sentiment", "train_frames", "frames", "collect", "names",
        "figures", "summary",
    )
}


def codebook_path(name):
    """The codebook file a rule depends on: a path as given, else config/codebooks/NAME.yaml."""
    path = Path(name)
    if path.suffix in (".yaml", ".yml"):
        if not path.is_file():
            raise WorkflowError(f"config key 'frames.codebook': {path} does not exist")
        return str(path)
    path = Path("config/codebooks") / f"{name}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in Path("config/codebooks").glob("*.yaml"))
        raise WorkflowError(f"config key 'frames.codebook': unknown codebook {name!r}; known: {known}")
    return str(path)


def check_codebook(name, train):
    """Fail before any job runs on a broken codebook, or on `starter` data that is not coded for it."""
    from framescope.frames.codebook import CodebookError, check_training_data, load_codebook

    try:
        check_training_data(load_codebook(codebook_path(name)), train)
    except CodebookError as err:
        raise WorkflowError(str(err))


check_codebook(config["frames"]["codebook"], config["frames"]["train"])


def training_data(section):
    """The labelled data a training rule depends on ('starter' = the bundled set)."""
    train = config[section]["train"]
    if train == "starter":
        import framescope

        starter = Path(framescope.__file__).resolve().parent / "data" / f"{section}_starter.csv"
        # relative when the package lives in this project, so a moved project is not "changed"
        try:
            return str(starter.relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(starter)
    if not Path(train).is_file():
        raise WorkflowError(f"config key '{section}.train': {train} does not exist")
    return train


# Job order (`priority:` in the rules; results do not depend on it). With more shard jobs
# than cores, the last shards to finish decide how long the corpus-wide steps after them
# keep one core busy while the other waits. So the models are trained first, then every
# shard is ingested (topics, the longest corpus-wide job, can then start early); then the
# shard stages by how much corpus-wide work follows them: frames (collect, prevalence,
# figures), features, and sentiment last. Figures and reports fill in where a core is free.


def shard_paths(pattern):
    return [pattern.format(shard=s) for s in SHARDS]

"""The `framescope` command: one subcommand per workflow step, plus the research tools.

Rules in workflow/rules/ call these; a researcher can run any of them by hand.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time

try:
    import resource  # POSIX only: peak memory in the job's log line
except ImportError:  # pragma: no cover
    resource = None

# One BLAS/OpenMP thread per process: the workflow parallelises across shards, and
# spin-waiting BLAS threads cost several times the CPU on a small shared machine. The
# same for the tokenizer of the frames embeddings (Rust threads, one per core otherwise):
# a job uses the one CPU its rule declares.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "RAYON_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def _ingest(a):
    from framescope.commands import ingest

    ingest.run(a.corpus, a.shard, a.n_shards, a.out, language=a.language, shingle=a.shingle, earliest=a.earliest,
               latest=a.latest, sources=a.sources, records=a.records, cache=a.cache)


def _features(a):
    from framescope.commands import features

    features.run(a.ingest, a.out, actors=a.actors or None, cache=a.cache)


def _train_sentiment(a):
    from framescope.commands import train_sentiment

    train_sentiment.run(a.data, a.out, seed=a.seed)


def _train_frames(a):
    from framescope.commands import train_frames

    train_frames.run(a.data, a.codebook, a.out, seed=a.seed, train_format=a.format,
                     train_labels=None if a.labels in ("", "none") else a.labels, train_language=a.language,
                     train_by_language=json.loads(a.by_language), method=a.method, embeddings=a.embeddings)


def _sentiment(a):
    from framescope.commands import sentiment

    sentiment.run(a.ingest, a.features, a.model, a.out, target_model_path=a.target_model or None, cache=a.cache,
                  language=a.language)


def _frames(a):
    from framescope.commands import frames

    frames.run(a.ingest, a.model, a.out, cache=a.cache)


def _collect(a):
    from framescope.commands import collect

    if a.stage == "ingest":
        if a.threshold is None:
            raise SystemExit("framescope collect ingest: --threshold is required (config key near_duplicates.threshold)")
        collect.ingest(a.shards, a.out, threshold=a.threshold)
    else:
        if a.name_actors:
            from framescope.commands import name_actors

            name_actors.collect_stage(a.shards, a.tables, a.manifest, a.out, keep_duplicates=a.keep_duplicates)
        else:
            collect.stage(a.shards, a.tables, a.manifest, a.out, keep_duplicates=a.keep_duplicates)


def _required(a, option: str):
    value = getattr(a, option)
    if value is None:
        raise SystemExit(f"framescope figure {a.name}: --{option.replace('_', '-')} is required")
    return value


def _figure(a):
    from framescope.commands import figures

    kwargs = {}
    if a.name not in ("actors", "share_of_voice"):
        kwargs["codebook"] = a.codebook
    if a.name == "sentiment_arc":
        kwargs["articles"] = a.articles or None
        kwargs["max_articles"] = _required(a, "max_articles")
    if a.name in ("actors", "actor_frames", "share_of_voice", "frames_by_outlet"):
        kwargs["top"] = _required(a, "top")
    if a.name in ("frame_composition", "frames_by_outlet", "frames_over_time"):
        kwargs["prevalence"] = a.prevalence
        kwargs["method"] = a.method
    if a.name == "share_of_voice":
        kwargs["voices"] = a.voices
    if a.name == "model_evaluation":
        kwargs["models_dir"] = a.models
    figures.run(a.name, a.tables, a.out, **kwargs)


def _summary(a):
    import json

    from framescope.commands import summary

    if a.out:
        summary.run(a.results, a.out)
    if a.print:
        path = a.out or os.path.join(a.results, "summary.json")
        with open(path, encoding="utf-8") as f:
            print(summary.render(json.load(f), a.results))


#: The workflow steps' own subcommands, defined below without importing anything heavy.
_STEPS = frozenset(("ingest", "features", "train-sentiment", "train-frames", "sentiment", "frames", "collect",
                    "figure", "summary"))

#: The research tools' subcommands, each defined by its module's `add_parser`, in the order
#: `framescope --help` lists them. A new tool command needs its line here.
_TOOLS = {
    "sample": "framescope.commands.sample",
    "adjudicate": "framescope.commands.adjudicate",
    "reliability": "framescope.commands.reliability",
    "prevalence": "framescope.commands.prevalence",
    "topics": "framescope.commands.topics",
    "report-pages": "framescope.commands.report",
    "provenance": "framescope.commands.provenance",
    "methods": "framescope.commands.methods",
    "evaluate-sentiment": "framescope.commands.evaluate_sentiment",
    "train-target-sentiment": "framescope.commands.train_target_sentiment",
    "name-actors": "framescope.commands.name_actors",
    "evaluate": "framescope.commands.evaluate",
    "score-quotes": "framescope.commands.score_quotes",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; for one of the workflow's `_STEPS`, without the research tools.

    The tools' subcommands live in their modules, and importing those (scikit-learn among
    them) costs about a second, which every shard job would pay at start-up. For one of the
    `_TOOLS`, only the module that defines it is imported (``name-actors`` needs no
    scikit-learn); for anything else (``--help``, a typo),
    all of them, so that every command is listed.
    """
    p = argparse.ArgumentParser(prog="framescope", description=__doc__.splitlines()[0])
    p.add_argument("--quiet", action="store_true", help="log warnings only")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("ingest", help="read and clean one shard of a corpus")
    s.add_argument("--corpus", required=True, help="folder of files, or one .jsonl/.csv/.json/.parquet/.txt/.html file")
    s.add_argument("--shard", type=int, required=True)
    s.add_argument("--n-shards", type=int, required=True)
    s.add_argument("--sources", default=None,
                   help="a folder corpus: the shard's listing (written by the Snakefile) naming the files to read")
    s.add_argument("--records", default=None,
                   help="a one-file corpus: the shard's listing (written by the Snakefile) naming its records")
    s.add_argument("--language", required=True, help='"auto" (detect each article\'s language) or the articles\' ISO 639-1 code (config key language)')
    s.add_argument("--shingle", type=int, required=True,
                   help="words per shingle in the near-duplicate sketches (config key near_duplicates.shingle)")
    s.add_argument("--earliest", required=True,
                   help="earliest plausible publication date, YYYY-MM-DD (config key dates.earliest)")
    s.add_argument("--latest", required=True,
                   help="latest plausible publication date, YYYY-MM-DD; also places two-digit years "
                        "(config key dates.latest)")
    s.add_argument("--out", required=True, help="folder for articles/sentences/rejected/signatures.parquet")
    s.add_argument("--cache", default=None,
                   help="file keeping the near-duplicate signatures for the next run (same results, faster)")
    s.set_defaults(func=_ingest)

    s = sub.add_parser("features", help="actors, quotes and text features of one shard")
    s.add_argument("--ingest", required=True, help="the shard's ingest folder")
    s.add_argument("--actors", default="", help="optional actors.yaml naming the study's actors")
    s.add_argument("--out", required=True)
    s.add_argument("--cache", default=None,
                   help="file keeping each article's actors and quotes for the next run (same results, faster)")
    s.set_defaults(func=_features)

    s = sub.add_parser("train-sentiment", help="train the sentence sentiment model")
    s.add_argument("--data", required=True, help="'starter' or a CSV with text,label (config sentiment.train)")
    s.add_argument("--seed", type=int, required=True, help="config sentiment.seed")
    s.add_argument("--out", required=True)
    s.set_defaults(func=_train_sentiment)

    s = sub.add_parser("train-frames", help="train the sentence frames classifier")
    s.add_argument("--data", required=True,
                   help="'starter' or labelled data, a file or folder in --format (config frames.train)")
    s.add_argument("--format", required=True,
                   help="csv (text,frames), jsonl, semeval2023, mfc, gvfc, frermann2023 or frac (config frames.train_format)")
    s.add_argument("--labels", default="none",
                   help="labels file of semeval2023/mfc data, or none: semeval2023 finds it beside the folder "
                        "(config frames.train_labels)")
    s.add_argument("--language", required=True, help="the language of --data (config frames.train_language)")
    s.add_argument("--by-language", default="{}",
                   help="JSON: language -> {train, train_format, train_labels} (config frames.train_by_language)")
    s.add_argument("--method", required=True, choices=("auto", "per_language", "pooled", "pooled_adapted"),
                   help="how a model of several languages is made (config frames.method)")
    s.add_argument("--codebook", required=True, help="a bundled codebook's name or a codebook file (config frames.codebook)")
    s.add_argument("--embeddings", required=True, choices=("auto", "none", "wordllama", "minilm", "use"),
                   help="text vectors beside the TF-IDF features (config frames.embeddings)")
    s.add_argument("--seed", type=int, required=True, help="config frames.seed")
    s.add_argument("--out", required=True)
    s.set_defaults(func=_train_frames)

    s = sub.add_parser("sentiment", help="score the sentences, articles and actors of one shard")
    s.add_argument("--ingest", required=True)
    s.add_argument("--features", required=True)
    s.add_argument("--model", required=True)
    s.add_argument("--target-model", default="", help="target-dependent model for the tone about each actor")
    s.add_argument("--language", required=True,
                   help="the language the models were trained in; other articles are skipped (config sentiment.language)")
    s.add_argument("--out", required=True)
    s.add_argument("--cache", default=None,
                   help="file name stem keeping sentence and mention scores for the next run (same results, faster)")
    s.set_defaults(func=_sentiment)

    s = sub.add_parser("frames", help="classify the sentences of one shard into frames")
    s.add_argument("--ingest", required=True)
    s.add_argument("--model", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--cache", default=None,
                   help="file keeping each sentence's probabilities for the next run (same results, faster)")
    s.set_defaults(func=_frames)

    s = sub.add_parser("collect", help="put a stage's shard tables together into corpus tables")
    s.add_argument("stage", choices=["ingest", "features", "sentiment", "frames"])
    s.add_argument("--shards", nargs="*", default=[], help="the stage's shard folders")
    s.add_argument("--tables", nargs="*", default=[], help="table names to collect")
    s.add_argument("--manifest", help="the ingest manifest (to leave duplicates out)")
    s.add_argument("--keep-duplicates", action="store_true")
    s.add_argument("--name-actors", action="store_true",
                   help="features, sentiment: one name per actor across the corpus (as framescope name-actors)")
    s.add_argument("--threshold", type=float,
                   help="ingest: estimated Jaccard similarity of word shingles from which an article is a "
                        "near-duplicate (config key near_duplicates.threshold)")
    s.add_argument("--out", required=True)
    s.set_defaults(func=_collect)

    s = sub.add_parser("figure", help="draw one figure from the corpus tables")
    s.add_argument("name", choices=["frame_composition", "sentiment_arc", "actors", "actor_frames",
                                    "share_of_voice", "frames_by_outlet", "frames_over_time", "model_evaluation"])
    s.add_argument("--tables", required=True, help="results/tables")
    s.add_argument("--codebook", default=None)
    s.add_argument("--articles", nargs="*", default=[], help="sentiment_arc: article ids to draw")
    s.add_argument("--max-articles", type=int,
                   help="sentiment_arc: without --articles, the first N ids (config figures.arc_max)")
    s.add_argument("--top", type=int, help="actors, actor_frames, share_of_voice, frames_by_outlet: how many actors, "
                   "speakers or outlets to show (config figures.top_actors, figures.top_outlets)")
    s.add_argument("--prevalence", default=None,
                   help="frame_prevalence.parquet for corpus/outlet/time estimates (default: TABLES/ if there)")
    s.add_argument("--method", default=None, help="frame_prevalence method to show: cc, acc, pcc or pacc")
    s.add_argument("--voices", default=None, help="share_of_voice: voices.parquet (default: TABLES/ if there)")
    s.add_argument("--models", default="results/models", help="model_evaluation: folder of the models")
    s.add_argument("--out", required=True, help="folder for the figure files")
    s.set_defaults(func=_figure)

    s = sub.add_parser("summary", help="write or print the run summary")
    s.add_argument("--results", default="results")
    s.add_argument("--out", default=None, help="write summary.json here")
    s.add_argument("--print", action="store_true", help="print the summary")
    s.set_defaults(func=_summary)

    if command in _STEPS:
        return p
    modules = [_TOOLS[command]] if command in _TOOLS else dict.fromkeys(_TOOLS.values())
    for module in modules:
        try:
            mod = __import__(module, fromlist=["add_parser"])
        except ImportError:
            continue
        if hasattr(mod, "add_parser"):
            mod.add_parser(sub)
    return p


def main(argv=None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    command = next((w for w in words if not w.startswith("-")), None)
    args = build_parser(command).parse_args(argv)
    from framescope.base.logs import setup_logging

    setup_logging(verbose=not args.quiet)
    started = time.monotonic()
    try:
        args.func(args)
    except (FileNotFoundError, ValueError) as err:
        print(f"framescope {args.command}: error: {err}", file=sys.stderr)
        return 2
    # one line per job in its log: what it cost (benchmarks/run_benchmark.py reads these)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 if resource else float("nan")
    logging.getLogger("framescope").info("%s done: %.1f s wall, %.1f s CPU, peak memory %.0f MB", args.command,
                                         time.monotonic() - started, time.process_time(), peak_mb)
    return 0


def console() -> None:
    """The `framescope` command: :func:`main`, then leave without tearing the interpreter down.

    A step job ends holding its models, lexicons and tables: hundreds of thousands of small
    Python objects. Freeing them one by one at exit cost up to 1.5 s per job (measured on a
    sentiment shard of 1,560 articles, 27% of the job), for memory the operating system
    takes back at once anyway. Every output is written and closed before :func:`main`
    returns; the logs and standard streams are flushed here.
    """
    code = main()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())

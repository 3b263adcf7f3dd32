# The run summary (what came in, what was kept, where things are), the provenance record,
# the methods section written from the run's outputs, and the pages `snakemake --report`
# (make report) shows beside the figures: the corpus summary, the provenance, the methods
# section and the model cards, in one self-contained HTML file.


rule summary:
    input:
        "results/tables/manifest.parquet",
        "results/tables/articles.parquet",
        "results/tables/text_features.parquet",
        "results/tables/article_sentiment.parquet",
        "results/tables/article_frames.parquet",
        "results/tables/frames_coverage.parquet",
        "results/tables/frame_prevalence.parquet",
        "results/tables/topic_terms.parquet",
        "results/figures/frame_composition",
        "results/figures/sentiment_arc",
        "results/figures/actors",
        "results/figures/actor_frames",
        "results/figures/share_of_voice",
        "results/figures/frames_by_outlet",
        "results/figures/frames_over_time",
        "results/figures/model_evaluation",
        "results/models/sentiment/model_card.md",
        "results/models/frames/model_card.md",
    output:
        "results/summary.json",
    params:
        code=CODE["summary"],
    log:
        "logs/summary.log",
    benchmark:
        "logs/benchmarks/summary.tsv"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    conda:
        "../../environment.yml"
    shell:
        "python -m framescope summary --results results --out {output} 2> {log}"


rule provenance:
    input:
        corpus=[str(CORPUS)] if SHARD_FILES is None else sorted(SHARD_FILES.values()),
        codebook=codebook_file(config["frames"]["codebook"]),
        frames_train=training_data("frames"),
        sentiment_train=training_data("sentiment"),
        actors=[config["actors"]] if config["actors"] else [],
    output:
        "results/provenance.json",
    params:
        corpus=str(CORPUS),
        # what the record holds beyond its input files: rerun when any of it changes
        config=json.dumps(config, sort_keys=True, default=str),
        steps=json.dumps(CODE, sort_keys=True),
        packages=sorted(package_versions().items()),
        # the project's git commit and whether tracked files changed, when the run started
        git=json.dumps(git_state(workflow.basedir), sort_keys=True),
        # corpus files' digests by size and modification time: a rerun reads only new or changed files
        digest_cache=".snakemake/framescope/provenance/digests.tsv",
        code=code_digest("framescope.commands.provenance"),
    log:
        "logs/provenance.log",
    benchmark:
        "logs/benchmarks/provenance.tsv"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=30,
    conda:
        "../../environment.yml"
    shell:
        "python -m framescope provenance --corpus {params.corpus:q} --sources {input.corpus:q} "
        "--codebook {input.codebook:q} --frames-train {input.frames_train:q} "
        "--sentiment-train {input.sentiment_train:q} --actors {input.actors:q} --config {params.config:q} "
        "--code {params.steps:q} --git {params.git:q} --digest-cache {params.digest_cache} --out {output} 2> {log}"


# Every number of the methods section is read from these files: a change to any reruns it.
rule methods:
    input:
        "results/provenance.json",
        "results/tables/manifest.parquet",
        "results/tables/articles.parquet",
        "results/tables/text_features.parquet",
        "results/tables/actors.parquet",
        "results/tables/quotes.parquet",
        "results/tables/actor_sentiment.parquet",
        "results/tables/frame_prevalence.parquet",
        "results/models/frames/metrics.json",
        "results/models/frames/model_card.md",
        "results/models/sentiment/metrics.json",
        "results/models/sentiment/model_card.md",
        "results/models/target_sentiment/metrics.json",
        "results/models/target_sentiment/model_card.md",
        codebook=codebook_file(config["frames"]["codebook"]),
        default_config="config/config.yaml",
        evaluation=if_produced("results/evaluation/metrics.json"),
        reliability=expand(
            "coding/{round}/reliability/reliability.json",
            round=glob_wildcards("coding/{round}/reliability/reliability.json").round,
        ),
        gold=config["gold"],
    output:
        md="results/methods.md",
        tex="results/methods.tex",
        bib="results/methods.bib",
    params:
        evaluation=table_option("--evaluation", "evaluation"),
        code=code_digest("framescope.commands.methods"),
    log:
        "logs/methods.log",
    benchmark:
        "logs/benchmarks/methods.tsv"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    conda:
        "../../environment.yml"
    shell:
        "python -m framescope methods --results results --codebook {input.codebook:q} "
        "--default-config {input.default_config} {params.evaluation} --reliability {input.reliability:q} "
        "--gold {input.gold:q} --md {output.md} --tex {output.tex} --bib {output.bib} 2> {log}"


rule report_pages:
    input:
        "results/summary.json",
        "results/provenance.json",
        "results/tables/articles.parquet",
        "results/models/sentiment/model_card.md",
        "results/models/frames/model_card.md",
        "results/methods.md",
    output:
        corpus=report(
            "results/report/corpus.html",
            caption="../report/corpus.rst",
            category="Corpus",
            labels={"page": "corpus summary"},
        ),
        provenance=report(
            "results/report/provenance.html",
            caption="../report/provenance.rst",
            category="Provenance",
            labels={"page": "provenance"},
        ),
        methods=report(
            "results/report/methods.html",
            caption="../report/methods.rst",
            category="Methods",
            labels={"page": "methods section"},
        ),
        frames_card=report(
            "results/report/model_card_frames.html",
            caption="../report/model_card.rst",
            category="Models",
            subcategory="Model cards",
            labels={"model": "frames"},
        ),
        sentiment_card=report(
            "results/report/model_card_sentiment.html",
            caption="../report/model_card.rst",
            category="Models",
            subcategory="Model cards",
            labels={"model": "sentiment"},
        ),
    params:
        code=code_digest("framescope.commands.report"),
    log:
        "logs/report_pages.log",
    benchmark:
        "logs/benchmarks/report_pages.tsv"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    conda:
        "../../environment.yml"
    shell:
        "python -m framescope report-pages --results results --out results/report 2> {log}"

# Stage 4: the frames classifier (its own rule), then sentence frames and article shares per shard.


rule train_frames:
    input:
        data=training_files("frames"),
        codebook=codebook_file(config["frames"]["codebook"]),
    output:
        model="results/models/frames/model.pkl",
        digest="results/models/frames/model.pkl.sha256",
        metrics="results/models/frames/metrics.json",
        card=report(
            "results/models/frames/model_card.md",
            caption="../report/model_card.rst",
            category="Models",
            labels={"model": "frames"},
        ),
    params:
        data=config["frames"]["train"],
        format=config["frames"]["train_format"],
        labels=config["frames"]["train_labels"] or "none",
        embeddings=config["frames"]["embeddings"],
        language=config["frames"]["train_language"],
        by_language=json.dumps(config["frames"]["train_by_language"], sort_keys=True),
        method=config["frames"]["method"],
        seed=config["frames"]["seed"],
        code=CODE["train_frames"],
    log:
        "logs/train/frames.log",
    benchmark:
        "logs/benchmarks/train_frames.tsv"
    priority: 50
    threads: 1
    resources:
        mem_mb=4000,
        runtime=30,
    conda:
        "../../environment.yml"
    shell:
        "python -m framescope train-frames --data {params.data:q} --format {params.format} "
        "--labels {params.labels:q} --language {params.language} --by-language {params.by_language:q} "
        "--method {params.method} --codebook {input.codebook:q} --embeddings {params.embeddings} --seed {params.seed} "
        "--out results/models/frames 2> {log}"


# Each shard's sentence probabilities, kept for its next run: adding an article classifies
# its sentences only (framescope.base.memo; same results, and the files may be deleted).
FRAMES_CACHE = ".snakemake/framescope/frames"


rule frames:
    input:
        articles="results/ingest/{shard}/articles.parquet",
        sentences="results/ingest/{shard}/sentences.parquet",
        model="results/models/frames/model.pkl",
    output:
        "results/frames/{shard}/sentence_frames.parquet",
        "results/frames/{shard}/article_frames.parquet",
        "results/frames/{shard}/frames_coverage.parquet",
    params:
        cache=FRAMES_CACHE,
        code=CODE["frames"],
    log:
        "logs/frames/{shard}.log",
    benchmark:
        "logs/benchmarks/frames/{shard}.tsv"
    priority: 30
    threads: 1
    resources:
        mem_mb=2000,
        runtime=60,
    conda:
        "../../environment.yml"
    shell:
        "python -m framescope frames --ingest results/ingest/{wildcards.shard} --model {input.model} "
        "--cache {params.cache}/{wildcards.shard}.npz --out results/frames/{wildcards.shard} 2> {log}"


rule collect_frames:
    input:
        shard_paths("results/frames/{shard}/sentence_frames.parquet"),
        shard_paths("results/frames/{shard}/article_frames.parquet"),
        shard_paths("results/frames/{shard}/frames_coverage.parquet"),
        manifest="results/tables/manifest.parquet",
    output:
        "results/tables/sentence_frames.parquet",
        "results/tables/article_frames.parquet",
        "results/tables/frames_coverage.parquet",
    params:
        shards=shard_paths("results/frames/{shard}"),
        keep="--keep-duplicates" if config["keep_duplicates"] else "",
        code=CODE["collect"],
    log:
        "logs/collect/frames.log",
    benchmark:
        "logs/benchmarks/collect/frames.tsv"
    priority: 25
    threads: 1
    resources:
        mem_mb=4000,
        runtime=30,
    conda:
        "../../environment.yml"
    shell:
        "python -m framescope collect frames --shards {params.shards} "
        "--tables sentence_frames article_frames frames_coverage --manifest {input.manifest} {params.keep} "
        "--out results/tables 2> {log}"

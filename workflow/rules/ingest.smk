# Stage 1: ingest + clean, one job per shard, then the corpus tables and the manifest.


# Each shard's near-duplicate signatures, kept for its next run (framescope.base.memo; same results,
# and the files may be deleted).
INGEST_CACHE = ".snakemake/framescope/ingest"


rule ingest:
    input:
        ingest_input,
    output:
        articles="results/ingest/{shard}/articles.parquet",
        sentences="results/ingest/{shard}/sentences.parquet",
        rejected="results/ingest/{shard}/rejected.parquet",
        signatures="results/ingest/{shard}/signatures.parquet",
    params:
        corpus=str(CORPUS),
        n_shards=N_SHARDS,
        shard=lambda wc: int(wc.shard),
        shingle=config["near_duplicates"]["shingle"],
        # the job reads the files (a folder) or the lines (a JSON Lines file) its listing names:
        # listing the folder or parsing the whole file in every shard's job costs O(corpus) per shard
        sources=ingest_sources,
        language=config["language"],
        earliest=config["dates"]["earliest"],
        latest=config["dates"]["latest"],
        cache=INGEST_CACHE,
        code=CODE["ingest"],
    log:
        "logs/ingest/{shard}.log",
    benchmark:
        "logs/benchmarks/ingest/{shard}.tsv"
    priority: 40
    threads: 1
    resources:
        mem_mb=2000,
        runtime=60,
    conda:
        "../../environment.yml"
    shell:
        "python -m framescope ingest --corpus {params.corpus:q} --shard {params.shard} "
        "--n-shards {params.n_shards} {params.sources} --language {params.language} --shingle {params.shingle} "
        "--earliest {params.earliest} --latest {params.latest} --cache {params.cache}/{wildcards.shard}.npz --out results/ingest/{wildcards.shard} 2> {log}"


rule collect_ingest:
    input:
        shard_paths("results/ingest/{shard}/articles.parquet"),
        shard_paths("results/ingest/{shard}/sentences.parquet"),
        shard_paths("results/ingest/{shard}/rejected.parquet"),
        shard_paths("results/ingest/{shard}/signatures.parquet"),
    output:
        articles="results/tables/articles.parquet",
        sentences="results/tables/sentences.parquet",
        rejected="results/tables/rejected.parquet",
        manifest="results/tables/manifest.parquet",
    params:
        shards=shard_paths("results/ingest/{shard}"),
        threshold=config["near_duplicates"]["threshold"],
        code=CODE["collect"],
    log:
        "logs/collect/ingest.log",
    benchmark:
        "logs/benchmarks/collect/ingest.tsv"
    priority: 35
    threads: 1
    resources:
        mem_mb=4000,
        runtime=30,
    conda:
        "../../environment.yml"
    shell:
        "python -m framescope collect ingest --shards {params.shards} --threshold {params.threshold} "
        "--out results/tables 2> {log}"

# Stage 2: actors, quotes and text features, one job per shard.


rule features:
    input:
        articles="results/ingest/{shard}/articles.parquet",
        sentences="results/ingest/{shard}/sentences.parquet",
        actors=[config["actors"]] if config["actors"] else [],
    output:
        mentions="results/features/{shard}/mentions.parquet",
        quotes="results/features/{shard}/quotes.parquet",
        text_features="results/features/{shard}/text_features.parquet",
    params:
        actors=f"--actors {config['actors']}" if config["actors"] else "",
        code=CODE["features"],
    log:
        "logs/features/{shard}.log",
    benchmark:
        "logs/benchmarks/features/{shard}.tsv"
    resources:
        mem_mb=2000,
        runtime=60,
    shell:
        "framescope features --ingest results/ingest/{wildcards.shard} {params.actors} "
        "--out results/features/{wildcards.shard} 2> {log}"


rule collect_features:
    input:
        shard_paths("results/features/{shard}/mentions.parquet"),
        shard_paths("results/features/{shard}/quotes.parquet"),
        shard_paths("results/features/{shard}/text_features.parquet"),
        manifest="results/tables/manifest.parquet",
    output:
        "results/tables/mentions.parquet",
        "results/tables/quotes.parquet",
        "results/tables/text_features.parquet",
    params:
        shards=shard_paths("results/features/{shard}"),
        keep="--keep-duplicates" if config["keep_duplicates"] else "",
        code=CODE["collect"],
    log:
        "logs/collect/features.log",
    resources:
        mem_mb=4000,
        runtime=30,
    shell:
        "framescope collect features --shards {params.shards} "
        "--tables mentions quotes text_features --manifest {input.manifest} {params.keep} "
        "--out results/tables 2> {log}"

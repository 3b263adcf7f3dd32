# Stage 2: actors, quotes, share of voice and text features, one job per shard; then the
# corpus tables, with one name per actor across the corpus (framescope.commands.name_actors).


# What each article of a shard adds to its tables, kept for the shard's next run: adding an
# article reads that article only (framescope.base.memo; same results, and the files may be deleted).
FEATURES_CACHE = ".snakemake/framescope/features"


rule features:
    input:
        articles="results/ingest/{shard}/articles.parquet",
        sentences="results/ingest/{shard}/sentences.parquet",
        actors=[config["actors"]] if config["actors"] else [],
    output:
        mentions="results/features/{shard}/mentions.parquet",
        quotes="results/features/{shard}/quotes.parquet",
        text_features="results/features/{shard}/text_features.parquet",
        voices="results/features/{shard}/voices.parquet",
    params:
        actors=f"--actors {config['actors']}" if config["actors"] else "",
        cache=FEATURES_CACHE,
        code=CODE["features"],
    log:
        "logs/features/{shard}.log",
    benchmark:
        "logs/benchmarks/features/{shard}.tsv"
    priority: 20
    threads: 1
    resources:
        mem_mb=2000,
        runtime=60,
    conda:
        "../../environment.yml"
    shell:
        "python -m framescope features --ingest results/ingest/{wildcards.shard} {params.actors} "
        "--cache {params.cache}/{wildcards.shard}.pkl --out results/features/{wildcards.shard} 2> {log}"


rule collect_features:
    input:
        shard_paths("results/features/{shard}/mentions.parquet"),
        shard_paths("results/features/{shard}/quotes.parquet"),
        shard_paths("results/features/{shard}/text_features.parquet"),
        shard_paths("results/features/{shard}/voices.parquet"),
        manifest="results/tables/manifest.parquet",
    output:
        "results/tables/mentions.parquet",
        "results/tables/quotes.parquet",
        "results/tables/text_features.parquet",
        "results/tables/voices.parquet",
        "results/tables/actors.parquet",
    params:
        shards=shard_paths("results/features/{shard}"),
        keep="--keep-duplicates" if config["keep_duplicates"] else "",
        code=CODE["collect"],
        names_code=CODE["names"],
    log:
        "logs/collect/features.log",
    benchmark:
        "logs/benchmarks/collect/features.tsv"
    priority: 15
    threads: 1
    resources:
        mem_mb=4000,
        runtime=30,
    conda:
        "../../environment.yml"
    shell:
        "python -m framescope collect features --name-actors --shards {params.shards} "
        "--tables mentions quotes text_features voices --manifest {input.manifest} {params.keep} "
        "--out results/tables 2> {log}"

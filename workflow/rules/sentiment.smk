# Stage 3: the sentiment model (its own rule), then sentence, article and actor tone per shard.


rule train_sentiment:
    input:
        data=training_data("sentiment"),
    output:
        model="results/models/sentiment/model.pkl",
        digest="results/models/sentiment/model.pkl.sha256",
        metrics="results/models/sentiment/metrics.json",
        card=report(
            "results/models/sentiment/model_card.md",
            caption="../report/model_card.rst",
            category="Models",
            labels={"model": "sentiment"},
        ),
    params:
        data=config["sentiment"]["train"],
        seed=config["sentiment"]["seed"],
        code=CODE["train_sentiment"],
    log:
        "logs/train/sentiment.log",
    benchmark:
        "logs/benchmarks/train_sentiment.tsv"
    resources:
        mem_mb=2000,
        runtime=30,
    shell:
        "framescope train-sentiment --data {params.data:q} --seed {params.seed} "
        "--out results/models/sentiment 2> {log}"


rule sentiment:
    input:
        sentences="results/ingest/{shard}/sentences.parquet",
        mentions="results/features/{shard}/mentions.parquet",
        quotes="results/features/{shard}/quotes.parquet",
        model="results/models/sentiment/model.pkl",
    output:
        "results/sentiment/{shard}/sentence_sentiment.parquet",
        "results/sentiment/{shard}/article_sentiment.parquet",
        "results/sentiment/{shard}/actor_sentiment.parquet",
    params:
        code=CODE["sentiment"],
    log:
        "logs/sentiment/{shard}.log",
    benchmark:
        "logs/benchmarks/sentiment/{shard}.tsv"
    resources:
        mem_mb=2000,
        runtime=60,
    shell:
        "framescope sentiment --ingest results/ingest/{wildcards.shard} "
        "--features results/features/{wildcards.shard} --model {input.model} "
        "--out results/sentiment/{wildcards.shard} 2> {log}"


rule collect_sentiment:
    input:
        shard_paths("results/sentiment/{shard}/sentence_sentiment.parquet"),
        shard_paths("results/sentiment/{shard}/article_sentiment.parquet"),
        shard_paths("results/sentiment/{shard}/actor_sentiment.parquet"),
        manifest="results/tables/manifest.parquet",
    output:
        "results/tables/sentence_sentiment.parquet",
        "results/tables/article_sentiment.parquet",
        "results/tables/actor_sentiment.parquet",
    params:
        shards=shard_paths("results/sentiment/{shard}"),
        keep="--keep-duplicates" if config["keep_duplicates"] else "",
        code=CODE["collect"],
    log:
        "logs/collect/sentiment.log",
    resources:
        mem_mb=4000,
        runtime=30,
    shell:
        "framescope collect sentiment --shards {params.shards} "
        "--tables sentence_sentiment article_sentiment actor_sentiment "
        "--manifest {input.manifest} {params.keep} --out results/tables 2> {log}"

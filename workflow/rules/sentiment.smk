# Stage 3: the sentiment models (each its own rule), then sentence, article and actor tone per
# shard; the tone about an actor comes from the target-dependent model.


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
    priority: 50
    threads: 1
    resources:
        mem_mb=2000,
        runtime=30,
    conda:
        "../../environment.yml"
    shell:
        "python -m framescope train-sentiment --data {params.data:q} --seed {params.seed} "
        "--out results/models/sentiment 2> {log}"


rule train_target_sentiment:
    input:
        data=target_training_data(),
    output:
        model="results/models/target_sentiment/model.pkl",
        digest="results/models/target_sentiment/model.pkl.sha256",
        metrics="results/models/target_sentiment/metrics.json",
        card=report(
            "results/models/target_sentiment/model_card.md",
            caption="../report/model_card.rst",
            category="Models",
            labels={"model": "target sentiment"},
        ),
    params:
        data=config["sentiment"]["target_train"],
        format=config["sentiment"]["target_format"],
        embeddings=config["sentiment"]["target_embeddings"],
        seed=config["sentiment"]["seed"],
        code=code_digest("framescope.commands.train_target_sentiment"),
    log:
        "logs/train/target_sentiment.log",
    benchmark:
        "logs/benchmarks/train_target_sentiment.tsv"
    priority: 50
    threads: 1
    resources:
        mem_mb=2000,
        runtime=30,
    conda:
        "../../environment.yml"
    shell:
        "python -m framescope train-target-sentiment --data {params.data:q} --format {params.format} "
        "--seed {params.seed} --embeddings {params.embeddings} --out results/models/target_sentiment 2> {log}"


# Each shard's sentence and mention scores, kept for its next run: adding an article scores
# its sentences only (framescope.base.memo; same results, and the files may be deleted).
SENTIMENT_CACHE = ".snakemake/framescope/sentiment"


rule sentiment:
    input:
        articles="results/ingest/{shard}/articles.parquet",
        sentences="results/ingest/{shard}/sentences.parquet",
        mentions="results/features/{shard}/mentions.parquet",
        quotes="results/features/{shard}/quotes.parquet",
        model="results/models/sentiment/model.pkl",
        target_model="results/models/target_sentiment/model.pkl",
    output:
        "results/sentiment/{shard}/sentence_sentiment.parquet",
        "results/sentiment/{shard}/article_sentiment.parquet",
        "results/sentiment/{shard}/actor_sentiment.parquet",
    params:
        cache=SENTIMENT_CACHE,
        language=config["sentiment"]["language"],
        code=CODE["sentiment"],
    log:
        "logs/sentiment/{shard}.log",
    benchmark:
        "logs/benchmarks/sentiment/{shard}.tsv"
    priority: 10
    threads: 1
    resources:
        # 1.3 GB at 3,125 articles a shard, about 2 GB at the 5,657 `shards: auto` can give
        mem_mb=3000,
        runtime=60,
    conda:
        "../../environment.yml"
    shell:
        "python -m framescope sentiment --ingest results/ingest/{wildcards.shard} "
        "--features results/features/{wildcards.shard} --model {input.model} "
        "--target-model {input.target_model} --language {params.language} "
        "--cache {params.cache}/{wildcards.shard} "
        "--out results/sentiment/{wildcards.shard} 2> {log}"


rule collect_sentiment:
    input:
        shard_paths("results/sentiment/{shard}/sentence_sentiment.parquet"),
        shard_paths("results/sentiment/{shard}/article_sentiment.parquet"),
        shard_paths("results/sentiment/{shard}/actor_sentiment.parquet"),
        manifest="results/tables/manifest.parquet",
        mentions="results/tables/mentions.parquet",
    output:
        "results/tables/sentence_sentiment.parquet",
        "results/tables/article_sentiment.parquet",
        "results/tables/actor_sentiment.parquet",
    params:
        shards=shard_paths("results/sentiment/{shard}"),
        keep="--keep-duplicates" if config["keep_duplicates"] else "",
        code=CODE["collect"],
        names_code=CODE["names"],
    log:
        "logs/collect/sentiment.log",
    benchmark:
        "logs/benchmarks/collect/sentiment.tsv"
    priority: 5
    threads: 1
    resources:
        mem_mb=4000,
        runtime=30,
    conda:
        "../../environment.yml"
    shell:
        "python -m framescope collect sentiment --name-actors --shards {params.shards} "
        "--tables sentence_sentiment article_sentiment actor_sentiment "
        "--manifest {input.manifest} {params.keep} --out results/tables 2> {log}"

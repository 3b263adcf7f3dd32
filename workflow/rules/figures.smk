# Stage 5: figures from the corpus tables, each in its own folder with an about.json
# (drawn, or not drawn and why) and a CSV of the numbers it shows beside each image.
# PDF and SVG for the paper, 300-dpi PNG for the screen and the report.


PREVALENCE = "results/tables/frame_prevalence.parquet"
VOICES = "results/tables/voices.parquet"


rule figure_frame_composition:
    input:
        "results/tables/article_frames.parquet",
        "results/tables/frames_coverage.parquet",
        "results/tables/articles.parquet",
        codebook=codebook_file(config["frames"]["codebook"]),
        prevalence=if_produced(PREVALENCE),
    output:
        report(
            directory("results/figures/frame_composition"),
            patterns=["{name}.png"],
            caption="../report/frame_composition.rst",
            category="Figures",
            subcategory="Frames",
            labels={"figure": "frame composition"},
        ),
    params:
        prevalence=table_option("--prevalence", "prevalence"),
        method=config["figures"]["prevalence_method"],
        code=CODE["figures"],
    log:
        "logs/figures/frame_composition.log",
    benchmark:
        "logs/benchmarks/figures/frame_composition.tsv"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    conda:
        "../../environment.yml"
    shell:
        "python -m framescope figure frame_composition --tables results/tables --codebook {input.codebook:q} "
        "{params.prevalence} --method {params.method} --out {output} 2> {log}"


rule figure_sentiment_arc:
    input:
        "results/tables/sentences.parquet",
        "results/tables/sentence_sentiment.parquet",
        "results/tables/article_sentiment.parquet",
        "results/tables/sentence_frames.parquet",
        codebook=codebook_file(config["frames"]["codebook"]),
    output:
        report(
            directory("results/figures/sentiment_arc"),
            patterns=["{article}.png"],
            caption="../report/sentiment_arc.rst",
            category="Figures",
            subcategory="Sentiment arcs",
            labels={"article": "{article}"},
        ),
    params:
        articles=" ".join(sorted(config["figures"]["arc_articles"])),
        max_articles=config["figures"]["arc_max"],
        code=CODE["figures"],
    log:
        "logs/figures/sentiment_arc.log",
    benchmark:
        "logs/benchmarks/figures/sentiment_arc.tsv"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    conda:
        "../../environment.yml"
    shell:
        "python -m framescope figure sentiment_arc --tables results/tables --codebook {input.codebook:q} "
        "--articles {params.articles} --max-articles {params.max_articles} --out {output} 2> {log}"


rule figure_actors:
    input:
        "results/tables/actor_sentiment.parquet",
        "results/tables/article_sentiment.parquet",
        "results/tables/mentions.parquet",
        "results/tables/quotes.parquet",
    output:
        report(
            directory("results/figures/actors"),
            patterns=["{name}.png"],
            caption="../report/actors.rst",
            category="Figures",
            subcategory="Actors",
            labels={"figure": "actors"},
        ),
    params:
        top=config["figures"]["top_actors"],
        code=CODE["figures"],
    log:
        "logs/figures/actors.log",
    benchmark:
        "logs/benchmarks/figures/actors.tsv"
    threads: 1
    resources:
        mem_mb=2000,  # 0.7 GB measured at 100k articles
        runtime=10,
    conda:
        "../../environment.yml"
    shell:
        "python -m framescope figure actors --tables results/tables --top {params.top} --out {output} 2> {log}"


rule figure_actor_frames:
    input:
        "results/tables/mentions.parquet",
        "results/tables/sentence_frames.parquet",
        "results/tables/frames_coverage.parquet",
        codebook=codebook_file(config["frames"]["codebook"]),
    output:
        report(
            directory("results/figures/actor_frames"),
            patterns=["{name}.png"],
            caption="../report/actor_frames.rst",
            category="Figures",
            subcategory="Actors",
            labels={"figure": "actor x frame"},
        ),
    params:
        top=config["figures"]["top_actors"],
        code=CODE["figures"],
    log:
        "logs/figures/actor_frames.log",
    benchmark:
        "logs/benchmarks/figures/actor_frames.tsv"
    threads: 1
    resources:
        mem_mb=2000,  # 1.3 GB measured at 100k articles
        runtime=10,
    conda:
        "../../environment.yml"
    shell:
        "python -m framescope figure actor_frames --tables results/tables --codebook {input.codebook:q} "
        "--top {params.top} --out {output} 2> {log}"


rule figure_share_of_voice:
    input:
        "results/tables/quotes.parquet",
        voices=if_produced(VOICES),
    output:
        report(
            directory("results/figures/share_of_voice"),
            patterns=["{name}.png"],
            caption="../report/share_of_voice.rst",
            category="Figures",
            subcategory="Actors",
            labels={"figure": "share of voice"},
        ),
    params:
        voices=table_option("--voices", "voices"),
        top=config["figures"]["top_actors"],
        code=CODE["figures"],
    log:
        "logs/figures/share_of_voice.log",
    benchmark:
        "logs/benchmarks/figures/share_of_voice.tsv"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    conda:
        "../../environment.yml"
    shell:
        "python -m framescope figure share_of_voice --tables results/tables {params.voices} --top {params.top} "
        "--out {output} 2> {log}"


rule figure_frames_by_outlet:
    input:
        "results/tables/article_frames.parquet",
        "results/tables/frames_coverage.parquet",
        "results/tables/articles.parquet",
        codebook=codebook_file(config["frames"]["codebook"]),
        prevalence=if_produced(PREVALENCE),
    output:
        report(
            directory("results/figures/frames_by_outlet"),
            patterns=["{name}.png"],
            caption="../report/frames_by_outlet.rst",
            category="Figures",
            subcategory="Frames",
            labels={"figure": "frames by outlet"},
        ),
    params:
        prevalence=table_option("--prevalence", "prevalence"),
        method=config["figures"]["prevalence_method"],
        top=config["figures"]["top_outlets"],
        code=CODE["figures"],
    log:
        "logs/figures/frames_by_outlet.log",
    benchmark:
        "logs/benchmarks/figures/frames_by_outlet.tsv"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    conda:
        "../../environment.yml"
    shell:
        "python -m framescope figure frames_by_outlet --tables results/tables --codebook {input.codebook:q} "
        "{params.prevalence} --method {params.method} --top {params.top} --out {output} 2> {log}"


rule figure_frames_over_time:
    input:
        "results/tables/article_frames.parquet",
        "results/tables/frames_coverage.parquet",
        "results/tables/articles.parquet",
        codebook=codebook_file(config["frames"]["codebook"]),
        prevalence=if_produced(PREVALENCE),
    output:
        report(
            directory("results/figures/frames_over_time"),
            patterns=["{name}.png"],
            caption="../report/frames_over_time.rst",
            category="Figures",
            subcategory="Frames",
            labels={"figure": "frames over time"},
        ),
    params:
        prevalence=table_option("--prevalence", "prevalence"),
        method=config["figures"]["prevalence_method"],
        code=CODE["figures"],
    log:
        "logs/figures/frames_over_time.log",
    benchmark:
        "logs/benchmarks/figures/frames_over_time.tsv"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    conda:
        "../../environment.yml"
    shell:
        "python -m framescope figure frames_over_time --tables results/tables --codebook {input.codebook:q} "
        "{params.prevalence} --method {params.method} --out {output} 2> {log}"


rule figure_model_evaluation:
    input:
        "results/models/frames/metrics.json",
        "results/models/sentiment/metrics.json",
        codebook=codebook_file(config["frames"]["codebook"]),
    output:
        report(
            directory("results/figures/model_evaluation"),
            patterns=["{model}_{part}.png"],
            caption="../report/model_evaluation.rst",
            category="Models",
            subcategory="Evaluation",
            labels={"model": "{model}", "figure": "{part}"},
        ),
    params:
        code=CODE["figures"],
    log:
        "logs/figures/model_evaluation.log",
    benchmark:
        "logs/benchmarks/figures/model_evaluation.tsv"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    conda:
        "../../environment.yml"
    shell:
        "python -m framescope figure model_evaluation --tables results/tables --models results/models "
        "--codebook {input.codebook:q} --out {output} 2> {log}"

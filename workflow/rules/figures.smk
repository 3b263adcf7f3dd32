# Stage 5: figures from the corpus tables, each in its own folder with an about.json
# (drawn, or not drawn and why). PDF and SVG for the paper, 300-dpi PNG for the screen.


rule figure_frame_composition:
    input:
        "results/tables/article_frames.parquet",
        "results/tables/articles.parquet",
        codebook=codebook_path(config["frames"]["codebook"]),
    output:
        report(
            directory("results/figures/frame_composition"),
            patterns=["{name}.png"],
            caption="../report/frame_composition.rst",
            category="Figures",
            labels={"figure": "frame composition"},
        ),
    params:
        code=CODE["figures"],
    log:
        "logs/figures/frame_composition.log",
    resources:
        mem_mb=2000,
        runtime=10,
    shell:
        "framescope figure frame_composition --tables results/tables --codebook {input.codebook:q} "
        "--out {output} 2> {log}"


rule figure_sentiment_arc:
    input:
        "results/tables/sentences.parquet",
        "results/tables/sentence_sentiment.parquet",
        "results/tables/sentence_frames.parquet",
        codebook=codebook_path(config["frames"]["codebook"]),
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
    resources:
        mem_mb=2000,
        runtime=10,
    shell:
        "framescope figure sentiment_arc --tables results/tables --codebook {input.codebook:q} "
        "--articles {params.articles} --max-articles {params.max_articles} --out {output} 2> {log}"


rule figure_actors:
    input:
        "results/tables/actor_sentiment.parquet",
        "results/tables/mentions.parquet",
        "results/tables/quotes.parquet",
    output:
        report(
            directory("results/figures/actors"),
            patterns=["{name}.png"],
            caption="../report/actors.rst",
            category="Figures",
            labels={"figure": "actors"},
        ),
    params:
        top=config["figures"]["top_actors"],
        code=CODE["figures"],
    log:
        "logs/figures/actors.log",
    resources:
        mem_mb=2000,
        runtime=10,
    shell:
        "framescope figure actors --tables results/tables --top {params.top} --out {output} 2> {log}"

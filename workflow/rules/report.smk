# The run summary (what came in, what was kept, where things are). `snakemake --report`
# (make report) gathers the figures, captions and model cards into one HTML file.


rule summary:
    input:
        "results/tables/manifest.parquet",
        "results/tables/text_features.parquet",
        "results/tables/article_sentiment.parquet",
        "results/tables/article_frames.parquet",
        "results/figures/frame_composition",
        "results/figures/sentiment_arc",
        "results/figures/actors",
        "results/models/sentiment/model_card.md",
        "results/models/frames/model_card.md",
    output:
        "results/summary.json",
    params:
        code=CODE["summary"],
    log:
        "logs/summary.log",
    resources:
        mem_mb=1000,
        runtime=5,
    shell:
        "framescope summary --results results --out {output} 2> {log}"

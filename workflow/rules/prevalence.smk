# Corpus-level frame shares: by corpus, outlet and month/year, classify-and-count and its
# error-corrected variants, with cluster-bootstrap intervals (framescope.analysis.prevalence).


# Reads the per-article sums in article_frames, not the 30 times longer sentence_frames.
rule frame_prevalence:
    input:
        "results/tables/article_frames.parquet",
        "results/tables/articles.parquet",
        "results/tables/frames_coverage.parquet",
        metrics="results/models/frames/metrics.json",
    output:
        "results/tables/frame_prevalence.parquet",
    params:
        bootstrap=config["prevalence"]["bootstrap"],
        level=config["prevalence"]["level"],
        seed=config["prevalence"]["seed"],
        time_unit=config["prevalence"]["time_unit"],
        code=code_digest("framescope.commands.prevalence"),
    log:
        "logs/prevalence.log",
    benchmark:
        "logs/benchmarks/prevalence.tsv"
    priority: 25
    resources:
        mem_mb=4000,
        runtime=30,
    conda:
        "../../environment.yml"
    shell:
        "python -m framescope prevalence --tables results/tables --metrics {input.metrics} "
        "--bootstrap {params.bootstrap} --level {params.level} --seed {params.seed} "
        "--time-unit {params.time_unit} --out {output} 2> {log}"

# The coding loop: draw a sample to hand-code, measure intercoder reliability, resolve the
# codes into training data. Not part of `rule all`: ask for a round's target by name, e.g.
#   snakemake --cores 1 coding/round1/sample.csv                          (sheets for the coders)
#   snakemake --cores 1 coding/round1/reliability/reliability.json        (after they coded)
#   snakemake --cores 1 coding/round1/adjudicated/frames_train.csv        (training data)
# then set `frames.train: coding/round1/adjudicated/frames_train.csv` and run the workflow again.
# coding/ holds the researchers' own work: once a round's sample.csv exists, later changes
# to results/ do not redraw it (it is an `ancient` input downstream), and `framescope sample`
# refuses to overwrite sheets that were coded.

# one sheet per coder: coding/{round}/<coder>.csv
CODER_SHEETS = expand("coding/{{round}}/{coder}.csv", coder=config["coding"]["coders"])


rule coding_sample:
    input:
        "results/tables/articles.parquet",
        "results/tables/sentences.parquet",
        "results/tables/sentence_frames.parquet",
    output:
        "coding/{round}/sample.csv",
    params:
        n=config["coding"]["n"],
        strategy=config["coding"]["strategy"],
        level=config["coding"]["level"],
        by=",".join(config["coding"]["by"]),
        coders=",".join(config["coding"]["coders"]),
        seed=config["coding"]["seed"],
        codebook=config["frames"]["codebook"],
    log:
        "logs/coding/{round}/sample.log",
    benchmark:
        "logs/benchmarks/coding/{round}/sample.tsv"
    resources:
        mem_mb=2000,
        runtime=10,
    conda:
        "../../environment.yml"
    shell:
        "python -m framescope sample --results results --n {params.n} --strategy {params.strategy} "
        "--level {params.level} --by {params.by} --coders {params.coders} --seed {params.seed} "
        "--codebook {params.codebook:q} --out coding/{wildcards.round} 2> {log}"


rule coding_reliability:
    input:
        sheets=CODER_SHEETS,
        sample=ancient("coding/{round}/sample.csv"),
    output:
        json="coding/{round}/reliability/reliability.json",
        disagreements="coding/{round}/reliability/disagreements.csv",
    log:
        "logs/coding/{round}/reliability.log",
    benchmark:
        "logs/benchmarks/coding/{round}/reliability.tsv"
    resources:
        mem_mb=2000,
        runtime=10,
    conda:
        "../../environment.yml"
    shell:
        "python -m framescope reliability --sheets {input.sheets:q} --sample {input.sample} "
        "--out coding/{wildcards.round}/reliability 2> {log}"


rule coding_adjudicate:
    input:
        sheets=CODER_SHEETS,
        sample=ancient("coding/{round}/sample.csv"),
        # the coders write their resolutions into its `resolved` column
        resolved="coding/{round}/reliability/disagreements.csv",
    output:
        "coding/{round}/adjudicated/frames_train.csv",
    params:
        round=lambda wc: "".join(ch for ch in wc.round if ch.isdigit()) or "1",
    log:
        "logs/coding/{round}/adjudicate.log",
    benchmark:
        "logs/benchmarks/coding/{round}/adjudicate.tsv"
    resources:
        mem_mb=2000,
        runtime=10,
    conda:
        "../../environment.yml"
    shell:
        "python -m framescope adjudicate --sheets {input.sheets:q} --sample {input.sample} --resolved {input.resolved} "
        "--round {params.round} --out {output} 2> {log}"

# An exploratory NMF topic model of the articles (framescope.analysis.topics): top terms per topic
# and each article's topic shares, for the inductive look before a codebook is fixed.
# The fit on the sample and every article's word counts are kept in TOPICS_CACHE, so adding
# an article outside the sample refits nothing and counts one text (same results; the
# folder may be deleted at any time).

TOPICS_CACHE = ".snakemake/framescope/topics"


rule topics:
    input:
        "results/tables/articles.parquet",
        "results/tables/manifest.parquet",
    output:
        "results/tables/topic_terms.parquet",
        "results/tables/article_topics.parquet",
        about="results/topics/about.json",
    params:
        k=config["topics"]["k"],
        top_terms=config["topics"]["top_terms"],
        seed=config["topics"]["seed"],
        fit_sample=config["topics"]["fit_sample"],
        stop_words=sorted(config["topics"]["stop_words"]),
        keep="--keep-duplicates" if config["keep_duplicates"] else "",
        cache=TOPICS_CACHE,
        code=code_digest("framescope.commands.topics"),
    log:
        "logs/topics.log",
    benchmark:
        "logs/benchmarks/topics.tsv"
    priority: 35
    resources:
        mem_mb=4000,
        runtime=30,
    conda:
        "../../environment.yml"
    shell:
        "python -m framescope topics --tables results/tables --k {params.k} --top-terms {params.top_terms} "
        "--seed {params.seed} --fit-sample {params.fit_sample} --stop-words {params.stop_words:q} {params.keep} "
        "--cache {params.cache} --out results/tables --about {output.about} 2> {log}"

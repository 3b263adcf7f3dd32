# framescope: news articles -> clean text, actors, quotes, sentiment, frames, figures, report.
# Reading this file tells you the whole pipeline; each stage is one file in workflow/rules/.

from snakemake.utils import min_version

min_version("9.0")


configfile: "config/config.yaml"


report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"
include: "workflow/rules/ingest.smk"
include: "workflow/rules/features.smk"
include: "workflow/rules/sentiment.smk"
include: "workflow/rules/frames.smk"
include: "workflow/rules/prevalence.smk"
include: "workflow/rules/topics.smk"
include: "workflow/rules/figures.smk"
include: "workflow/rules/report.smk"
include: "workflow/rules/coding.smk"
include: "workflow/rules/evaluate.smk"


rule all:
    input:
        "results/summary.json",
        "results/report/corpus.html",
        "results/methods.md",
        EVALUATION,

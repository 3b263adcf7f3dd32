# Validation of the frames model on labelled data (framescope evaluate): cross-validation,
# or train on one set and score on another, the way each benchmark's paper scores it.
# Configured under `evaluate:`; with `format: null` there is no such target.

EVALUATION = (
    ["results/evaluation/metrics.json", "results/evaluation/model_card.md"]
    if config.get("evaluate", {}).get("format")
    else []
)


if EVALUATION:
    if not config["evaluate"].get("train"):
        raise WorkflowError("config key 'evaluate.train': give the labelled data to evaluate on (or set format: null)")

    rule evaluate_frames:
        input:
            evaluation_inputs(),
        output:
            metrics="results/evaluation/metrics.json",
            card=report(
                "results/evaluation/model_card.md",
                caption="../report/model_card.rst",
                category="Models",
                labels={"model": "frames, evaluated"},
            ),
        params:
            args=evaluation_args(),
            code=code_digest("framescope.commands.evaluate"),
        log:
            "logs/evaluate/frames.log",
        benchmark:
            "logs/benchmarks/evaluate_frames.tsv"
        resources:
            mem_mb=6000,
            runtime=60,
        conda:
            "../../environment.yml"
        shell:
            "python -m framescope evaluate {params.args} --out results/evaluation > {log} 2>&1"

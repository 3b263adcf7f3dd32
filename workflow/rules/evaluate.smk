# Validation of the frames model on labelled data (framescope evaluate): cross-validation,
# or train on one set and score on another, the way each benchmark's paper scores it.
# Configured under `evaluate:`; with `format: null` there is no such target.

import shlex


def evaluation_inputs():
    """The labelled data the evaluation reads: files as given, folders as their files (so edits rerun it)."""
    ev = config["evaluate"]
    paths = []
    for key in ("train", "labels", "test", "test_labels"):
        value = ev.get(key)
        if not value:
            continue
        path = Path(value)
        if path.is_dir():
            paths += sorted(str(p) for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            paths.append(str(path))
        else:
            raise WorkflowError(f"config key 'evaluate.{key}': {value} does not exist")
    for data, labels in (("train", "labels"), ("test", "test_labels")):
        if ev["format"] == "semeval2023" and ev.get(data) and not ev.get(labels) and Path(ev[data]).is_dir():
            # the task's layout keeps the labels file beside the articles folder
            from framescope.frames.formats import semeval_labels_file

            found = semeval_labels_file(Path(ev[data]))
            if found is not None:
                paths.append(str(found))
    if ev.get("codebook"):
        paths.append(codebook_path(ev["codebook"]))
    return paths


def evaluation_args():
    ev = config["evaluate"]
    args = [f"--format {ev['format']}", f"--train {shlex.quote(str(ev['train']))}"]
    for key, flag in (("labels", "--labels"), ("test", "--test"), ("test_labels", "--test-labels")):
        if ev.get(key):
            args.append(f"{flag} {shlex.quote(str(ev[key]))}")
    if ev.get("codebook"):
        args.append(f"--codebook {shlex.quote(codebook_path(ev['codebook']))}")
    args.append(f"--folds {int(ev['folds'])} --seed {int(ev['seed'])}")
    return " ".join(args)


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
            code=code_digest("framescope.frames.evaluate"),
        log:
            "logs/evaluate/frames.log",
        benchmark:
            "logs/benchmarks/evaluate_frames.tsv"
        resources:
            mem_mb=6000,
            runtime=60,
        shell:
            "framescope evaluate {params.args} --out results/evaluation > {log} 2>&1"

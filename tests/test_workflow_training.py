"""The workflow's frames model trained on labelled data in another format (here SemEval-2023's layout)."""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import copy_project, snakemake

pytestmark = pytest.mark.workflow


def _semeval_folder(root):
    """Two thirds of the starter articles in SemEval-2023 subtask 2 layout, frames named as SemEval names them."""
    from framescope.frames.codebook import load_codebook
    from framescope.frames.data import load_starter

    starter = load_starter()
    names = {f.id: f.alias("semeval2023")[0] for f in load_codebook("policy_frames").frames if f.alias("semeval2023")}
    folder = root / "train-articles-subtask-2"
    folder.mkdir(parents=True)
    articles = sorted(set(starter["article"]))
    lines = []
    for i, article in enumerate(articles[::3] + articles[1::3]):
        rows = starter[starter["article"] == article]
        (folder / f"article{1000 + i}.txt").write_text("Title\n\n" + " ".join(rows["text"]) + "\n", encoding="utf-8")
        frames = dict.fromkeys(names[f] for fs in rows["frames"] for f in fs if f in names)
        lines.append(f"{1000 + i}\t" + ",".join(frames))
    lines.append("oops\tEconomic")  # a malformed line: skipped and reported
    (root / "train-labels-subtask-2.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_frames_model_trains_on_a_semeval_folder_and_reruns_when_an_article_changes(tmp_path):
    project = copy_project(tmp_path / "framescope")
    folder = _semeval_folder(project / "labelled")
    config = yaml.safe_load((project / "config" / "config.yaml").read_text())
    config["frames"].update(train="labelled/train-articles-subtask-2", train_format="semeval2023")
    (project / "config" / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))

    snakemake(project, "--cores", "2", "results/models/frames/metrics.json")
    metrics = json.loads((project / "results" / "models" / "frames" / "metrics.json").read_text())
    training = metrics["training_data"]
    assert training["format"] == "semeval2023" and training["unit"] == "article"
    assert training["path"] == "labelled/train-articles-subtask-2"
    assert training["labels"] == "labelled/train-labels-subtask-2.txt"  # found beside the folder
    assert training["skipped_rows"]["n"] == 1 and training["skipped_rows"]["rows"][0]["line"] == training["n_texts"] + 1
    assert metrics["not_modelled"] == {"other": "no labelled texts in the training data"}
    card = (project / "results" / "models" / "frames" / "model_card.md").read_text()
    assert "Training data format: semeval2023" in card and "Malformed rows skipped: 1" in card

    # The rule's inputs are the folder's files and the labels file: editing one article reruns it.
    assert "Nothing to be done" in snakemake(project, "-n", "--cores", "1", "results/models/frames/metrics.json").stdout
    first = sorted(folder.iterdir())[0]
    first.write_text(first.read_text(encoding="utf-8") + "More words.\n", encoding="utf-8")
    assert "train_frames" in snakemake(project, "-n", "--cores", "1", "results/models/frames/metrics.json").stdout

    # A folder of mfc texts needs its labels file named.
    config["frames"].update(train_format="mfc")
    (project / "config" / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    proc = snakemake(project, "-n", "--cores", "1", check=False)
    assert proc.returncode != 0 and "frames.train_labels" in proc.stderr + proc.stdout

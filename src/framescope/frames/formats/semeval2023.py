"""The ``semeval2023`` format: SemEval-2023 Task 3 subtask 2 articles and their labels file."""

from __future__ import annotations

from pathlib import Path

from framescope.base.records import skip_row
from framescope.frames.formats.common import LabelledData, LabelledDataError, frame_data, source_description

# SemEval-2023 Task 3 subtask 2: the 14 frames of the Policy Frames Codebook minus "Other",
# spelt as in the task's label files.
SEMEVAL2023_FRAMES = (
    "Economic",
    "Capacity_and_resources",
    "Morality",
    "Fairness_and_equality",
    "Legality_Constitutionality_and_jurisprudence",
    "Policy_prescription_and_evaluation",
    "Crime_and_punishment",
    "Security_and_defense",
    "Health_and_safety",
    "Quality_of_life",
    "Cultural_identity",
    "Public_opinion",
    "Political",
    "External_regulation_and_reputation",
)


def semeval_labels_file(folder: Path) -> Path | None:
    """The labels file that the task's layout puts beside an articles folder, if there is one.

    ``train-articles-subtask-2/`` -> ``train-labels-subtask-2.txt`` in the same parent.
    """
    name = folder.name.replace("articles", "labels")
    for candidate in (folder.parent / f"{name}.txt", folder.parent / name):
        if candidate.is_file() and candidate != folder:
            return candidate
    return None


def read_semeval_labels(path, skipped: list[dict] | None = None) -> dict[str, list[str]]:
    """``<ID>\\t<Frame_a>,<Frame_b>`` lines -> {ID: [frames]}.

    A malformed line (no numeric ID, a frame name the task does not have, an ID listed
    a second time) is added to `skipped` with its line number; without `skipped` it is
    an error naming the line.
    """
    path = Path(path)
    known = {f.lower(): f for f in SEMEVAL2023_FRAMES}
    out: dict[str, list[str]] = {}

    def bad(line_no: int, reason: str) -> None:
        if skipped is None:
            raise LabelledDataError(f"{path}:{line_no}: {reason}")
        skip_row(skipped, path, line_no, reason)

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise LabelledDataError(f"{path}: cannot be read as UTF-8 text ({err})") from err
    for i, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        article_id, _, rest = line.rstrip("\r\n").partition("\t")
        article_id = article_id.strip()
        if not article_id or not article_id.isdigit():
            bad(i, f"expected '<ID>\\t<Frame>,<Frame>', got {line[:60]!r}")
            continue
        names = [v.strip() for v in rest.split(",") if v.strip()]
        unknown = [name for name in names if name.lower() not in known]
        if unknown:
            bad(i, f"unknown frame {unknown[0]!r}; SemEval-2023 subtask 2 frames are {list(SEMEVAL2023_FRAMES)}")
            continue
        if article_id in out:
            bad(i, f"article {article_id} is listed twice")
            continue
        out[article_id] = [known[name.lower()] for name in names]
    return out


def load_semeval2023(path, labels=None) -> LabelledData:
    """A folder of ``article<ID>.txt`` files and their labels file (found beside the folder if not given)."""
    folder = Path(path)
    if not folder.is_dir():
        raise LabelledDataError(f"{folder}: semeval2023 data is a folder of article<ID>.txt files")
    labels_path = Path(labels) if labels else semeval_labels_file(folder)
    if labels_path is None:
        raise LabelledDataError(
            f"{folder}: no labels file given and none beside it (looked for "
            f"{folder.parent / (folder.name.replace('articles', 'labels') + '.txt')}); pass --labels FILE"
        )
    skipped: list[dict] = []
    gold = read_semeval_labels(labels_path, skipped)
    # Articles whose labels line was skipped are left out for that reason.
    lines = labels_path.read_text(encoding="utf-8-sig").splitlines()
    skipped_ids: dict[str, int] = {}
    for entry in skipped:
        skipped_ids.setdefault(lines[entry["line"] - 1].partition("\t")[0].strip(), entry["line"])
    files = {}
    for p in sorted(folder.glob("article*.txt")):
        article_id = p.stem[len("article") :]
        if article_id.isdigit():
            files[article_id] = p
    if not files:
        raise LabelledDataError(f"{folder}: no article<ID>.txt files")
    rows, excluded = [], []
    for article_id in sorted(files, key=lambda a: (len(a), a)):
        text = files[article_id].read_text(encoding="utf-8", errors="replace").strip()
        if article_id not in gold:
            reason = (
                f"its line in {labels_path.name} (line {skipped_ids[article_id]}) was skipped"
                if article_id in skipped_ids
                else f"no line for {article_id} in {labels_path.name}"
            )
            excluded.append({"id": files[article_id].name, "reason": reason})
            continue
        if not text:
            excluded.append({"id": files[article_id].name, "reason": "empty file"})
            continue
        rows.append({"text": text, "labels": gold[article_id], "article_id": article_id, "outlet": "", "group": ""})
    for article_id in sorted(set(gold) - set(files)):
        excluded.append({"id": article_id, "reason": f"in {labels_path.name} but article{article_id}.txt is missing"})
    return LabelledData(
        format="semeval2023",
        data=frame_data(rows),
        frames=list(SEMEVAL2023_FRAMES),
        names={f: f.replace("_", " ") for f in SEMEVAL2023_FRAMES},
        multi_label=True,
        unit="article",
        excluded=excluded,
        source=source_description(folder, labels_path),
        skipped=skipped,
    )

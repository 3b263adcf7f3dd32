"""What the model-training steps share: reading a researcher's labelled sentiment CSV, the model card.

Each model is saved with its sha256, its cross-validated metrics and a model card.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from framescope.base.provenance import file_digest, package_versions


def load_labelled(data: str, kind: str, load_starter) -> tuple[pd.DataFrame, str]:
    """`starter` -> the bundled starter set; otherwise a CSV the researcher names."""
    if data == "starter":
        return load_starter(), f"bundled {kind} starter set"
    path = Path(data)
    if not path.is_file():
        raise FileNotFoundError(f"{kind} training data {path} does not exist (config: {kind}.train)")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    return _normalise(df, kind, path), f"{path.name} (sha256 {file_digest(path)[:16]})"


def _normalise(df: pd.DataFrame, kind: str, path: Path) -> pd.DataFrame:
    """A researcher's sentiment CSV (text,label) -> the columns the trainer takes, with errors that name the file.

    (The frames model reads its training data through `framescope.frames.data.load_training`.)
    """
    if "text" not in df.columns:
        raise ValueError(f"{path}: no 'text' column (columns: {list(df.columns)})")
    if "label" not in df.columns:
        raise ValueError(f"{path}: no 'label' column (negative/neutral/positive)")
    return df[["text", "label"]].assign(label=df["label"].str.strip().str.lower())


def model_card(title: str, data_desc: str, n: int, metrics: dict, extra: list[str], unit: str = "sentence") -> str:
    lines = [f"# Model card: {title}", "", f"- Training data: {data_desc}, {n} {unit}s."]
    lines += extra
    lines += ["", "## Cross-validated metrics", ""]
    for key in ("macro_f1", "micro_f1", "accuracy", "folds"):
        if key in metrics:
            value = metrics[key]
            lines.append(f"- {key}: {value:.3f}" if isinstance(value, float) else f"- {key}: {value}")
    per = metrics.get("per_label", {})
    if per:
        lines += ["", "| label | precision | recall | F1 | support |", "|---|---|---|---|---|"]
        for label in per:
            m = per[label]
            lines.append(f"| {label} | {m['precision']:.2f} | {m['recall']:.2f} | {m['f1']:.2f} | {m['support']} |")
    lines += ["", "## Software", ""]
    lines += [f"- {k} {v}" for k, v in package_versions().items()]
    lines += ["", "## Known limits", "",
              "- The starter sets are small, written by the framescope team, single-coded: the metrics say the "
              "pipeline learns, not how well it will do on your corpus. Validate on coded data of your own "
              "(`framescope reliability`, `framescope evaluate`).", ""]
    return "\n".join(lines)

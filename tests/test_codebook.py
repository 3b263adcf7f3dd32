"""The codebook files and their loader."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from framescope.codebook import CodebookError, load_codebook

ROOT = Path(__file__).resolve().parents[1]
PROJECT_COPY = ROOT / "config" / "codebooks" / "policy_frames.yaml"
BUNDLED_COPY = ROOT / "src" / "framescope" / "data" / "codebooks" / "policy_frames.yaml"

MFC_LABELS = [
    "Economic",
    "Capacity and resources",
    "Morality",
    "Fairness and equality",
    "Legality, constitutionality and jurisprudence",
    "Policy prescription and evaluation",
    "Crime and punishment",
    "Security and defense",
    "Health and safety",
    "Quality of life",
    "Cultural identity",
    "Public opinion",
    "Political",
    "External regulation and reputation",
    "Other",
]


def test_policy_frames_has_the_15_mfc_frames_in_code_order():
    codebook = load_codebook(str(PROJECT_COPY))
    assert codebook.name == "policy_frames"
    assert [f.code for f in codebook.frames] == list(range(1, 16))
    assert codebook.labels == MFC_LABELS
    assert len(set(codebook.ids)) == 15
    for frame in codebook.frames:
        assert frame.id.replace("_", "").isalnum() and frame.id == frame.id.lower()
        assert 40 <= len(frame.definition) <= 400, frame.id
    assert "Boydstun" in codebook.citation


def test_project_and_bundled_copies_are_identical():
    assert PROJECT_COPY.read_bytes() == BUNDLED_COPY.read_bytes()


def test_bare_name_prefers_project_copy_then_bundled(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bundled = load_codebook("policy_frames")
    assert len(bundled.frames) == 15

    data = yaml.safe_load(PROJECT_COPY.read_text())
    data["frames"] = data["frames"][:3]
    (tmp_path / "config" / "codebooks").mkdir(parents=True)
    (tmp_path / "config" / "codebooks" / "policy_frames.yaml").write_text(yaml.safe_dump(data))
    local = load_codebook("policy_frames")
    assert local.ids == ["economic", "capacity_resources", "morality"]


def test_unknown_name_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match=r"config/codebooks/no_such\.yaml.*policy_frames"):
        load_codebook("no_such")


def _write(tmp_path, frames, **top) -> Path:
    data = {"name": "tiny", "frames": frames, **top}
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


GOOD = [
    {"id": "alpha", "code": 1, "label": "Alpha", "definition": "The first frame."},
    {"id": "beta", "code": 2, "label": "Beta", "definition": "The second frame.", "indicators": ["b"]},
]


def test_a_small_valid_codebook_loads(tmp_path):
    codebook = load_codebook(str(_write(tmp_path, GOOD)))
    assert codebook.ids == ["alpha", "beta"]
    assert codebook.frame("beta").indicators == ("b",)


@pytest.mark.parametrize(
    ("frames", "top", "pattern"),
    [
        (
            GOOD + [{"id": "gamma", "code": 3, "label": "Gamma"}],
            {},
            r"tiny\.yaml: frames\[2\] \('gamma'\): missing key 'definition'",
        ),
        (
            GOOD + [{"id": "alpha", "code": 3, "label": "A2", "definition": "Again."}],
            {},
            r"tiny\.yaml: frames\[2\] \('alpha'\): duplicate id 'alpha' \(first used by frames\[0\]\)",
        ),
        (
            GOOD + [{"id": "gamma", "code": 2, "label": "G", "definition": "Dup code."}],
            {},
            r"frames\[2\] \('gamma'\): duplicate code 2",
        ),
        (
            [GOOD[0], {**GOOD[1], "defintion": "typo"}],
            {},
            r"tiny\.yaml: frames\[1\] \('beta'\): unknown key 'defintion'",
        ),
        ([{**GOOD[0], "id": "Alpha Frame"}], {}, r"frames\[0\].*key 'id' must be snake_case"),
        ([{**GOOD[0], "code": "one"}], {}, r"frames\[0\] \('alpha'\): key 'code' must be an integer"),
        ([{**GOOD[0], "definition": "  "}], {}, r"frames\[0\] \('alpha'\): missing key 'definition'"),
        (GOOD, {"version": 2}, r"tiny\.yaml: unknown top-level key 'version'"),
        ([], {}, r"tiny\.yaml: 'frames' must be a non-empty list"),
    ],
)
def test_validation_errors_name_file_index_and_key(tmp_path, frames, top, pattern):
    path = _write(tmp_path, frames, **top)
    with pytest.raises(CodebookError, match=pattern):
        load_codebook(str(path))


def test_invalid_yaml_names_the_file(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("name: x\nframes: [\n")
    with pytest.raises(CodebookError, match=r"broken\.yaml: not valid YAML"):
        load_codebook(str(path))

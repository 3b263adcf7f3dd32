"""The codebook files and their loader."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from framescope.frames.codebook import CodebookError, codebook_path, is_codebook_name, load_codebook

ROOT = Path(__file__).resolve().parents[1]
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
    codebook = load_codebook(str(BUNDLED_COPY))
    assert codebook.name == "policy_frames"
    assert [f.code for f in codebook.frames] == list(range(1, 16))
    assert codebook.labels == MFC_LABELS
    assert len(set(codebook.ids)) == 15
    for frame in codebook.frames:
        assert frame.id.replace("_", "").isalnum() and frame.id == frame.id.lower()
        assert 40 <= len(frame.definition) <= 400, frame.id
    assert "Boydstun" in codebook.citation


def test_the_package_holds_the_only_copy_of_each_codebook():
    assert not (ROOT / "config" / "codebooks").exists()
    assert codebook_path("policy_frames").resolve() == BUNDLED_COPY


def test_a_name_is_a_bundled_codebook_and_a_path_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = yaml.safe_load(BUNDLED_COPY.read_text())
    data["frames"] = data["frames"][:3]
    # a project folder of codebooks is not looked in: a name is always the bundled codebook
    (tmp_path / "config" / "codebooks").mkdir(parents=True)
    (tmp_path / "config" / "codebooks" / "policy_frames.yaml").write_text(yaml.safe_dump(data))
    assert len(load_codebook("policy_frames").frames) == 15
    local = load_codebook("config/codebooks/policy_frames.yaml")
    assert local.ids == ["economic", "capacity_resources", "morality"]
    assert is_codebook_name("policy_frames") and not is_codebook_name("mine.yaml")
    assert not is_codebook_name("books/mine")


def test_unknown_name_or_missing_file_names_the_config_key_and_the_known_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match=r"config key 'frames.codebook': unknown codebook 'no_such'; "
                                                r"known: \['generic_frames', 'policy_frames'\]"):
        load_codebook("no_such")
    with pytest.raises(FileNotFoundError, match=r"config key 'evaluate.codebook': codebook file mine\.yaml does not"):
        codebook_path("mine.yaml", key="evaluate.codebook")


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


# ---------------------------------------------------------------- generic frames, schemes, starter

from framescope.frames.codebook import (  # noqa: E402
    bundled_codebooks,
    check_training_data,
    map_labels,
    normalise_label,
    parse_codebook,
    starter_fits,
)

SEMEVAL_2023 = [
    "Economic", "Capacity_and_resources", "Morality", "Fairness_and_equality",
    "Legality_Constitutionality_and_jurisprudence", "Policy_prescription_and_evaluation", "Crime_and_punishment",
    "Security_and_defense", "Health_and_safety", "Quality_of_life", "Cultural_identity", "Public_opinion",
    "Political", "External_regulation_and_reputation",
]


def test_the_bundled_codebooks_are_policy_and_generic_frames():
    assert bundled_codebooks() == ["generic_frames", "policy_frames"]


def test_generic_frames_are_semetko_valkenburgs_five_with_their_20_questions():
    book = load_codebook("generic_frames")
    assert book.labels == ["Attribution of responsibility", "Human interest", "Conflict", "Morality",
                           "Economic consequences"]
    assert [len(f.questions) for f in book.frames] == [5, 5, 4, 3, 3]
    assert all(q.startswith(("Does ", "Is ")) and q.endswith("?") for f in book.frames for q in f.questions)
    assert all(40 <= len(f.definition) <= 400 and f.indicators for f in book.frames)
    assert "Semetko" in book.citation and "2000" in book.citation
    assert map_labels(["Resolution", "moral"], scheme="frermann2023", codebook=book) == ["responsibility", "morality"]


def test_semeval_2023_frames_map_one_to_one_onto_the_14_substantive_policy_frames():
    ids = map_labels(SEMEVAL_2023)
    assert ids == load_codebook("policy_frames").ids[:14]
    # spelling of case, spaces and punctuation does not matter
    assert map_labels(["crime and punishment", "LEGALITY, constitutionality and jurisprudence"]) == [
        "crime_punishment", "legality"]
    with pytest.raises(ValueError, match=r"label 'Other' \(item 1\) is not a 'semeval2023' label"):
        map_labels(["Economic", "Other"])
    assert map_labels(["Economic", "Other"], unknown="none") == ["economic", None]
    with pytest.raises(TypeError, match="not one string"):
        map_labels("Economic,Political")


def test_media_frames_corpus_codes_map_by_their_integer_part():
    book = load_codebook("policy_frames")
    assert book.map_labels([1, "5.0", 13.2, "15.1", " 7 "], scheme="code") == [
        "economic", "legality", "political", "other", "crime_punishment"]
    # 16 = irrelevant, 17-19 = tone: not frames
    with pytest.raises(ValueError, match=r"label '17.35' \(item 0\) is not a 'code' label"):
        book.map_labels(["17.35"], scheme="code")
    assert book.map_labels(["16.2", "x", True], scheme="code", unknown="none") == [None, None, None]
    assert book.map_labels(["Quality of life"], scheme="label") == ["quality_of_life"]
    with pytest.raises(ValueError, match="no label scheme 'gvfc'.*aliases"):
        book.map_labels(["x"], scheme="gvfc")
    assert normalise_label(" Fairness & Equality ") == "fairness_equality"


def test_the_starter_set_fits_policy_frames_only():
    policy = load_codebook("policy_frames")
    assert starter_fits(policy)
    check_training_data(policy, "starter")
    # an edited copy with the same frame ids still fits
    data = yaml.safe_load(BUNDLED_COPY.read_text())
    data["name"] = "my_policy_frames"
    data["frames"][0]["definition"] = "Money, narrowly: budgets and prices only."
    assert starter_fits(parse_codebook(data))
    generic = load_codebook("generic_frames")
    assert not starter_fits(generic)
    check_training_data(generic, "coded.csv")  # own data: fine
    with pytest.raises(CodebookError, match=r"'frames.train'.*coded for the policy_frames codebook, not for "
                                            r"'generic_frames'.*CSV.*responsibility"):
        check_training_data(generic, "starter")


@pytest.mark.parametrize(
    ("frame", "pattern"),
    [
        ({"indicators": "cost"}, r"tiny\.yaml: frames\[0\] \('alpha'\): key 'indicators' must be a list of strings"),
        ({"indicators": ["cost", 3]}, r"frames\[0\] \('alpha'\): key 'indicators': item 1 must be a non-empty string"),
        ({"questions": [""]}, r"frames\[0\] \('alpha'\): key 'questions': item 0 must be a non-empty string"),
        ({"aliases": ["Economic"]}, r"frames\[0\] \('alpha'\): key 'aliases' must be a mapping"),
        ({"aliases": {"code": "1"}}, r"frames\[0\] \('alpha'\): key 'aliases': scheme name 'code'"),
        ({"aliases": {"semeval2023": 5}}, r"frames\[0\] \('alpha'\): key 'aliases.semeval2023' must be a label"),
    ],
)
def test_optional_keys_are_checked_too(tmp_path, frame, pattern):
    path = _write(tmp_path, [{**GOOD[0], **frame}, GOOD[1]])
    with pytest.raises(CodebookError, match=pattern):
        load_codebook(str(path))


def test_an_alias_names_one_frame_only(tmp_path):
    frames = [{**GOOD[0], "aliases": {"other_scheme": "X"}}, {**GOOD[1], "aliases": {"other_scheme": ["y", "x"]}}]
    with pytest.raises(CodebookError, match=r"frames\[1\] \('beta'\): key 'aliases': other_scheme label 'x' is "
                                            r"already used by frames\[0\]"):
        load_codebook(str(_write(tmp_path, frames)))


def test_indicators_and_questions_are_optional(tmp_path):
    book = load_codebook(str(_write(tmp_path, [GOOD[0], {**GOOD[1], "questions": ["Is it B?"],
                                                          "aliases": {"mine": ["B", "bee"]}}])))
    assert book.frame("alpha").indicators == () and book.frame("alpha").questions == ()
    assert book.frame("beta").questions == ("Is it B?",)
    assert book.schemes == ["id", "label", "code", "mine"]
    assert book.map_labels(["bee", "b"], scheme="mine") == ["beta", "beta"]

"""Loaders for labelled framing data, each on a small fixture file written in that format."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from framescope.frames.codebook import load_codebook
from framescope.frames.formats import load, map_to_codebook
from framescope.frames.formats.common import LabelledDataError
from framescope.frames.formats.mfc import load_mfc, mfc_code
from framescope.frames.formats.semeval2023 import SEMEVAL2023_FRAMES
from framescope.frames.formats.tabular import split_labels

FIXTURES = Path(__file__).parent / "fixtures" / "labelled"


def rows(data):
    return {r.article_id: r for r in data.data.itertuples()}


def test_csv_multi_label_with_article_outlet_and_group():
    data = load("csv", FIXTURES / "frames.csv")
    assert data.multi_label and data.unit == "sentence"
    assert list(data.data.columns) == ["text", "labels", "article_id", "outlet", "group"]
    assert data.data["labels"].tolist() == [
        ["economic", "political"], ["capacity_resources"], ["legality"], [], ["fairness_equality"],
    ]
    assert data.frames == ["economic", "political", "capacity_resources", "legality", "fairness_equality"]
    assert data.data["outlet"].tolist()[:3] == ["Valley Courier", "Valley Courier", "Harbor Post"]
    assert data.data["group"].tolist()[-1] == "main"
    assert data.excluded == []
    assert "frames.csv (sha256 " in data.source


def test_jsonl_single_label_accepts_lists_and_records_empty_text():
    data = load("jsonl", FIXTURES / "single.jsonl")
    assert not data.multi_label
    assert data.data["labels"].tolist() == [["economic"], ["fairness_equality"], ["political"]]
    # line 3 is blank: the excluded row is on line 5
    assert data.excluded == [{"id": f"{FIXTURES / 'single.jsonl'}:5", "reason": "empty 'text'"}]
    assert data.skipped == []


def test_table_rows_that_are_malformed_are_skipped_with_their_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok", "label": "a"}\n{not json\n\n[1, 2]\n{"text": "fine", "label": "b"}\n', encoding="utf-8")
    data = load("jsonl", bad)
    assert data.data["text"].tolist() == ["ok", "fine"]
    assert [(e["file"], e["line"]) for e in data.skipped] == [("bad.jsonl", 2), ("bad.jsonl", 4)]
    assert data.skipped[0]["reason"].startswith("not valid JSON")
    assert data.skipped[1]["reason"] == "expected a JSON object, got list"
    # a CSV row with a field too many or too few; a quoted field may span lines
    rows = tmp_path / "rows.csv"
    rows.write_text('text,labels,article_id\n"one\ntwo",a,x1\nstray,a,x2,extra\nshort,a\nlast,b,x3\n', encoding="utf-8")
    data = load("csv", rows)
    assert data.data["text"].tolist() == ["one\ntwo", "last"]
    assert data.skipped == [
        {"file": "rows.csv", "line": 4, "reason": "4 fields, the header has 3"},
        {"file": "rows.csv", "line": 5, "reason": "2 fields, the header has 3"},
    ]


def test_only_an_unreadable_file_fails(tmp_path):
    latin = tmp_path / "latin.csv"
    latin.write_bytes("text,labels\nCaf\xe9 owners,a\n".encode("latin-1"))
    with pytest.raises(LabelledDataError, match=r"latin.csv: not UTF-8 text"):
        load("csv", latin)
    nothing = tmp_path / "nothing.jsonl"
    nothing.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(LabelledDataError, match=r"no usable labelled texts \(no readable rows, 1 malformed; line 1: not valid JSON"):
        load("jsonl", nothing)


def test_table_errors_name_the_file(tmp_path):
    nolabel = tmp_path / "nolabel.csv"
    nolabel.write_text("text,tone\nhello,1\n", encoding="utf-8")
    with pytest.raises(LabelledDataError, match="no label column"):
        load("csv", nolabel)
    with pytest.raises(LabelledDataError, match="unknown format 'xml'"):
        load("xml", nolabel)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load("csv", tmp_path / "missing.csv")


def test_split_labels_forms():
    assert split_labels("a; b ;") == ["a", "b"]
    assert split_labels('["a", "b"]') == ["a", "b"]
    assert split_labels(["a", " "]) == ["a"]
    assert split_labels(None) == [] and split_labels(float("nan")) == []


def test_semeval2023_folder_and_labels_file_found_beside_it():
    data = load("semeval2023", FIXTURES / "semeval" / "train-articles-subtask-2")
    assert data.multi_label and data.unit == "article"
    assert data.frames == list(SEMEVAL2023_FRAMES) and len(data.frames) == 14
    by_id = rows(data)
    assert set(by_id) == {"1001", "1002"}
    assert by_id["1001"].labels == ["Economic", "Security_and_defense", "Capacity_and_resources"]
    assert by_id["1001"].text.startswith("Harbor town weighs cost of new sea wall\n\nThe town council")
    reasons = {e["id"]: e["reason"] for e in data.excluded}
    assert reasons == {
        "article1003.txt": "no line for 1003 in train-labels-subtask-2.txt",
        "1004": "in train-labels-subtask-2.txt but article1004.txt is missing",
    }


def test_semeval2023_skips_malformed_label_lines(tmp_path):
    folder = tmp_path / "dev-articles-subtask-2"
    shutil.copytree(FIXTURES / "semeval" / "train-articles-subtask-2", folder)
    labels = tmp_path / "gold.txt"
    labels.write_text("1001\tEconomic\n1002\tVibes,Political\nabc\tEconomic\n1001\tPolitical\n", encoding="utf-8")
    data = load("semeval2023", folder, labels)
    assert rows(data)["1001"].labels == ["Economic"]  # the first of its two lines
    assert [(e["file"], e["line"]) for e in data.skipped] == [("gold.txt", 2), ("gold.txt", 3), ("gold.txt", 4)]
    assert data.skipped[0]["reason"].startswith("unknown frame 'Vibes'")
    assert data.skipped[2]["reason"] == "article 1001 is listed twice"
    reasons = {e["id"]: e["reason"] for e in data.excluded}
    assert reasons["article1002.txt"] == "its line in gold.txt (line 2) was skipped"
    with pytest.raises(LabelledDataError, match="pass --labels FILE"):
        load("semeval2023", folder)


def test_mfc_annotations_joined_to_supplied_texts():
    data = load("mfc", FIXTURES / "mfc" / "texts", FIXTURES / "mfc" / "annotations.json")
    assert not data.multi_label and data.unit == "article"
    by_id = rows(data)
    # 1001: both coders' x.2 codes say Economic; 1002: the primary_frame field (5.0);
    # 1005: one coder 13.2, one 7.2 -> tie broken by span support (13.0 marked twice).
    assert {k: v.labels for k, v in by_id.items()} == {
        "Immigration1.0-1001": ["economic"],
        "Immigration1.0-1002": ["legality"],
        "Immigration1.0-1005": ["political"],
    }
    assert by_id["Immigration1.0-1001"].text.startswith("Growers say")  # the IMM-1001 / PRIMARY header is gone
    assert by_id["Immigration1.0-1001"].outlet == "Lakeside Herald"
    reasons = {e["id"]: e["reason"] for e in data.excluded}
    assert reasons == {
        "Immigration1.0-1003": "coded irrelevant",
        "Immigration1.0-1004": "no primary-frame code (x.2) from any coder",
        "Immigration1.0-1006": "no text supplied for this article",
    }
    # The frame ids come from the policy_frames codebook, by code.
    assert data.frames == load_codebook("policy_frames").ids


def test_mfc_spans_target_and_texts_inside_the_json():
    spans = load_mfc(FIXTURES / "mfc" / "texts", FIXTURES / "mfc" / "annotations.json", target="spans")
    assert spans.multi_label
    assert rows(spans)["Immigration1.0-1001"].labels == ["economic", "crime_punishment"]
    inline = load("mfc", FIXTURES / "mfc" / "labeled.json")
    assert [r.labels for r in inline.data.itertuples()] == [["morality"], ["cultural_identity"]]
    assert inline.data["text"].iloc[0] == "Pastors in the county said the vote tested their conscience."
    assert mfc_code("5.2") == (5, 2) and mfc_code(15) == (15, 0) and mfc_code("") is None


def test_gvfc_primary_theme_and_none(tmp_path):
    data = load("gvfc", FIXTURES / "gvfc.csv")
    assert not data.multi_label and data.unit == "headline"
    assert data.data["labels"].tolist() == [["gun_control"], ["gun_rights"], ["mental_health"], ["economic"]]
    assert data.data["article_id"].tolist() == ["101", "102", "104", "105"]
    assert data.data["group"].tolist()[0] == "politics"  # the second theme, kept as extra information
    assert data.names["public_safety"] == "School or public space safety"
    assert {e["reason"] for e in data.excluded} == {"no theme (Q3 Theme1 empty or 99)", "empty news_title"}
    # The corpus is also distributed as a spreadsheet.
    xlsx = tmp_path / "gvfc.xlsx"
    pd.read_csv(FIXTURES / "gvfc.csv", dtype=str, keep_default_na=False).to_excel(xlsx, index=False)
    assert load("gvfc", xlsx).data["labels"].tolist() == data.data["labels"].tolist()
    bad = tmp_path / "bad.csv"
    bad.write_text("news_title,Q3 Theme1\nA headline,12\nAnother headline,2\n", encoding="utf-8")
    data = load("gvfc", bad)
    assert data.data["labels"].tolist() == [["gun_control"]]
    assert data.skipped == [{"file": "bad.csv", "line": 2, "reason": "Q3 Theme1 '12' is not a theme code (1-9, 99 = none)"}]


def test_frermann2023_five_binary_frames(tmp_path):
    data = load("frermann2023", FIXTURES / "frermann2023.tsv")
    assert data.multi_label and data.frames == ["resolution", "human_interest", "conflict", "morality", "economic"]
    assert data.data["labels"].tolist() == [["resolution", "human_interest"], ["conflict", "economic"], [], ["morality"]]
    assert data.data["outlet"].tolist()[1] == "Morning Ledger"



def test_frermann2023_row_with_a_stray_label_value_is_skipped(tmp_path):
    # As in the published TSV: one row carries a stray value in a label column.
    bad = tmp_path / "bad.tsv"
    bad.write_text(
        "ID\ttext\tRE\tHI\tCO\tMO\tEC\n"
        "x\tsome text\tTrue\tmaybe\tFalse\tFalse\tFalse\n"
        "y\tother text\tFalse\tTrue\tFalse\tFalse\tFalse\n"
        "z\ttoo few fields\tFalse\n",
        encoding="utf-8",
    )
    data = load("frermann2023", bad)
    assert data.data["article_id"].tolist() == ["y"]
    assert data.skipped == [
        {"file": "bad.tsv", "line": 2, "reason": "column HI is 'maybe'; expected True or False"},
        {"file": "bad.tsv", "line": 4, "reason": "3 fields, the header has 7"},
    ]


def test_frac_codes_map_to_policy_frames(tmp_path):
    data = load("frac", FIXTURES / "frac.csv")
    assert not data.multi_label and data.unit == "sentence"
    assert data.data["labels"].tolist() == [
        ["economic"], ["legality"], ["public_opinion"], ["other"], ["crime_punishment"],
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text("sentence,label\nThe tax rose.,1\nA stray line,economy-ish\n", encoding="utf-8")
    assert load("frac", bad).skipped[0]["line"] == 3


def test_mfc_records_without_id_or_text_are_skipped(tmp_path):
    texts = tmp_path / "texts.jsonl"
    texts.write_text('{"id": "Immigration1.0-1001", "text": "Growers say the law costs them."}\n{"text": "no id"}\n',
                     encoding="utf-8")
    data = load("mfc", texts, FIXTURES / "mfc" / "annotations.json")
    assert data.data["article_id"].tolist() == ["Immigration1.0-1001"]
    assert data.skipped == [{"file": "texts.jsonl", "line": 2, "reason": "no 'id' or no 'text'"}]


def test_map_to_codebook_by_name_and_code():
    book = load_codebook("policy_frames")
    semeval = map_to_codebook(load("semeval2023", FIXTURES / "semeval" / "train-articles-subtask-2"), book)
    assert rows(semeval)["1002"].labels == ["legality", "security_defense"]
    assert "other" not in semeval.frames and len(semeval.frames) == 14
    csv_data = load("csv", FIXTURES / "frames.csv")
    assert map_to_codebook(csv_data, book).data["labels"].tolist()[0] == ["economic", "political"]
    generic = load("frermann2023", FIXTURES / "frermann2023.tsv")
    with pytest.raises(LabelledDataError, match="label 'resolution' of the frermann2023 data matches no frame"):
        map_to_codebook(generic, book)
    # the generic-frames codebook names Frermann et al.'s frames under its `frermann2023` aliases
    mapped = map_to_codebook(generic, load_codebook("generic_frames"))
    assert mapped.data["labels"].tolist() == [
        ["responsibility", "human_interest"], ["conflict", "economic_consequences"], [], ["morality"],
    ]

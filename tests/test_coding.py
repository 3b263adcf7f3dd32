"""The coding loop: units, samples, coder sheets, validation on import, adjudicated training data."""

from __future__ import annotations

import argparse
import json

import numpy as np
import pandas as pd
import pytest
import yaml

from framescope.coding import adjudicate
from framescope.coding import reliability as rel
from framescope.coding import sample as sampling
from framescope.coding import sheets
from framescope.coding.sheets import CodingSheetError, SheetCodebook, SheetFrame
from framescope.commands import adjudicate as adjudicate_command
from framescope.commands import reliability as reliability_command
from framescope.commands import sample as sample_command

OUTLETS = ("Daily", "Herald", "Times")
BOOK = SheetCodebook("mini", [SheetFrame("economic", "Economic", "Money, costs and jobs."),
                              SheetFrame("legality", "Legality", "Courts, laws and rulings."),
                              SheetFrame("morality", "Morality", "Right and wrong.")])


def make_corpus(n_articles=12):
    """Articles with 3 paragraphs of 2-3 sentences; outlets Daily x6, Herald x3, Times x3."""
    articles, sentences = [], []
    for a in range(n_articles):
        aid = f"a{a:02d}"
        paras = [[f"Article {a} paragraph {p} sentence {s} on costs." for s in range(2 + (a + p) % 2)]
                 for p in range(3)]
        text = "\n\n".join(" ".join(p) for p in paras)
        pos, sid = 0, 0
        for pi, para in enumerate(paras):
            for s in para:
                start = text.index(s, pos)
                pos = start + len(s)
                sentences.append({"article_id": aid, "sent_id": sid, "paragraph": pi, "section": None,
                                  "start": start, "end": pos, "text": s})
                sid += 1
        articles.append({"article_id": aid, "source": f"{aid}.txt",
                         "outlet": OUTLETS[a % 3] if a < 9 else "Daily",
                         "published": f"2024-0{1 + a % 2}-15", "title": None, "authors": [], "contributors": [],
                         "url": None, "language": "en", "text": text, "sha256": "", "n_words": 0, "metadata": "{}"})
    return pd.DataFrame(articles), pd.DataFrame(sentences)


@pytest.fixture(scope="module")
def corpus():
    return make_corpus()


def sentence_frames(sentences, uncertain=()):
    """Confident probabilities (0.95 / 0.02) except p = 0.5 for the (article, sent) pairs in `uncertain`."""
    rows = []
    for r in sentences.itertuples():
        for f, p in (("economic", 0.95), ("legality", 0.02), ("morality", 0.02)):
            prob = 0.5 if (r.article_id, r.sent_id) in uncertain and f == "legality" else p
            rows.append({"article_id": r.article_id, "sent_id": r.sent_id, "frame": f, "probability": prob,
                         "predicted": prob >= 0.5})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------- units


def test_units_at_three_levels(corpus):
    articles, sentences = corpus
    s = sampling.coding_units(articles, sentences, "sentence")
    p = sampling.coding_units(articles, sentences, "paragraph")
    a = sampling.coding_units(articles, sentences, "article")
    assert len(s) == len(sentences) and len(p) == 12 * 3 and len(a) == 12
    assert s["unit_id"].iloc[0] == "a00/s0" and p["unit_id"].iloc[1] == "a00/p1" and a["unit_id"].iloc[0] == "a00"
    first = articles.set_index("article_id").loc["a00", "text"]
    assert p["text"].iloc[0] == first.split("\n\n")[0]  # the paragraph is the article's own text
    assert a["text"].iloc[0] == first
    assert (p["sent_first"] <= p["sent_last"]).all() and p["outlet"].iloc[0] == "Daily"


# ------------------------------------------------------------------- sampling


def test_random_sample_is_seeded_sorted_and_respects_exclude(corpus):
    units = sampling.coding_units(*corpus, "sentence")
    one = sampling.draw_sample(units, 20, seed=0)
    assert one.equals(sampling.draw_sample(units, 20, seed=0))
    assert set(one["unit_id"]) != set(sampling.draw_sample(units, 20, seed=1)["unit_id"])
    assert one["unit_id"].is_unique and len(one) == 20
    assert list(one.sort_values(["article_id", "position"]).index) == list(one.index)
    # A unit's draw does not depend on the other units: shuffling the input changes nothing.
    shuffled = units.sample(frac=1, random_state=5)
    assert sampling.draw_sample(shuffled, 20, seed=0)["unit_id"].tolist() == one["unit_id"].tolist()
    again = sampling.draw_sample(units, 20, seed=0, exclude=one["unit_id"])
    assert not set(again["unit_id"]) & set(one["unit_id"])
    with pytest.raises(ValueError, match="only 90 are available"):
        sampling.draw_sample(units, 91)


def test_stratified_allocation(corpus):
    units = sampling.coding_units(*corpus, "sentence")
    sizes = units["outlet"].value_counts()
    drawn = sampling.draw_sample(units, 18, "stratified", by=("outlet",), seed=3)
    counts = drawn["stratum"].value_counts()
    for outlet in OUTLETS:  # proportional, each within one of its exact share
        assert abs(counts[outlet] - 18 * sizes[outlet] / len(units)) < 1
    assert counts.sum() == 18
    equal = sampling.draw_sample(units, 9, "stratified", by=("outlet",), allocation="equal", seed=3)
    assert equal["stratum"].value_counts().to_dict() == {"Daily": 3, "Herald": 3, "Times": 3}
    by_month = sampling.draw_sample(units, 12, "stratified", by=("outlet", "month"), seed=3)
    assert set(by_month["stratum"]) <= {f"{o} | 2024-0{m}" for o in OUTLETS for m in (1, 2)}
    with pytest.raises(ValueError, match="cannot stratify by 'region'"):
        sampling.draw_sample(units, 5, "stratified", by=("region",))


def test_uncertainty_sampling_picks_what_the_model_is_unsure_about(corpus):
    articles, sentences = corpus
    unsure = {("a03", 1), ("a07", 4), ("a10", 0)}
    probs = sentence_frames(sentences, unsure)
    units = sampling.coding_units(articles, sentences, "sentence")
    drawn = sampling.draw_sample(units, 3, "uncertainty", probabilities=probs)
    assert drawn["unit_id"].tolist() == ["a03/s1", "a07/s4", "a10/s0"]
    assert (drawn["uncertainty"] == 1.0).all()
    # Paragraph level: the paragraphs holding those sentences, mean uncertainty over their sentences.
    paragraphs = sampling.coding_units(articles, sentences, "paragraph")
    drawn = sampling.draw_sample(paragraphs, 3, "uncertainty", probabilities=probs)
    expected = {f"{a}/p{sentences.set_index(['article_id', 'sent_id']).loc[(a, s), 'paragraph']}" for a, s in unsure}
    assert set(drawn["unit_id"]) == expected
    with pytest.raises(ValueError, match="needs the current model"):
        sampling.draw_sample(units, 3, "uncertainty")


def test_uncertainty_of_a_single_label_model_is_entropy():
    sf = pd.DataFrame({"article_id": ["a"] * 4, "sent_id": [0, 0, 1, 1], "frame": ["x", "y"] * 2,
                       "probability": [0.5, 0.5, 0.9, 0.1], "predicted": [True, False, True, False]})
    u = sampling.sentence_uncertainty(sf)
    assert u["uncertainty"].tolist() == pytest.approx([1.0, -(0.9 * np.log(0.9) + 0.1 * np.log(0.1)) / np.log(2)])


# --------------------------------------------------------------------- sheets


@pytest.fixture()
def round_dir(tmp_path, corpus):
    units = sampling.coding_units(*corpus, "sentence")
    sample = sampling.draw_sample(units, 6, seed=0)
    out = tmp_path / "round1"
    sheets.export_sheets(sample, BOOK, ["alice", "bob"], out)
    sample.to_csv(out / "sample.csv", index=False)
    return out, sheets.read_sample(out / "sample.csv")


def fill(path, codes: dict, edit=None):
    """Fill a blank sheet: codes = {row index: 'economic;legality' | '0' (none) | '' (blank)}."""
    sheet = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for i, labels in codes.items():
        if labels == "0":
            sheet.loc[i, "economic"] = "0"
            continue
        for f in filter(None, labels.split(";")):
            sheet.loc[i, f] = "1" if f != "legality" else "x"
    if edit:
        edit(sheet)
    sheet.to_csv(path, index=False)
    return path


ALICE = {0: "economic", 1: "economic;legality", 2: "0", 3: "legality", 4: "morality", 5: "economic"}
BOB = {0: "economic", 1: "economic", 2: "0", 3: "legality", 4: "economic", 5: "economic"}


def test_export_sheets_layout_and_no_clobbering(round_dir):
    out, sample = round_dir
    sheet = pd.read_csv(out / "alice.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(sheet.columns) == ["unit_id", "article_id", "text", "economic", "legality", "morality", "notes"]
    assert sheet["unit_id"].tolist() == sample["unit_id"].tolist()
    assert (out / "alice.csv").read_bytes() == (out / "bob.csv").read_bytes()
    book = pd.read_csv(out / "codebook.csv", encoding="utf-8-sig")
    assert book.to_dict("records")[0] == {"id": "economic", "label": "Economic", "definition": "Money, costs and jobs."}
    sheets.export_sheets(sample, BOOK, ["alice"], out)  # identical: fine
    fill(out / "alice.csv", {0: "economic"})
    with pytest.raises(CodingSheetError, match="alice.csv exists and differs"):
        sheets.export_sheets(sample, BOOK, ["alice"], out)
    with pytest.raises(ValueError, match="coder name"):
        sheets.export_sheets(sample, BOOK, ["al ice"], out)


def test_xlsx_without_openpyxl_says_what_to_install(round_dir):
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        out, sample = round_dir
        with pytest.raises(CodingSheetError, match="pip install openpyxl"):
            sheets.export_sheets(sample, BOOK, ["carol"], out, fmt="xlsx")
    else:
        pytest.skip("openpyxl is installed")


def test_import_sheets_long_table(round_dir):
    out, sample = round_dir
    paths = [fill(out / "alice.csv", ALICE), fill(out / "bob.csv", BOB)]
    coded = sheets.import_sheets(paths, BOOK, sample)
    assert list(coded.columns) == ["unit", "coder", "frame", "value"]
    assert len(coded) == 6 * 2 * 3
    sets = rel.label_sets(coded).set_index(["unit", "coder"])["labels"]
    u1 = sample["unit_id"][1]
    assert sets[(u1, "alice")] == "economic;legality" and sets[(u1, "bob")] == "economic"
    assert sets[(sample["unit_id"][2], "alice")] == ""


def test_import_errors_point_at_the_row(round_dir):
    out, sample = round_dir

    def spoil(sheet):
        sheet.columns = ["econ" if c == "economic" else c for c in sheet.columns]

    def change(sheet):
        sheet.loc[3, "text"] = "Something else entirely."
        sheet.loc[4, "morality"] = "maybe"

    fill(out / "alice.csv", {i: v for i, v in ALICE.items() if i != 1}, edit=change)
    fill(out / "bob.csv", {}, edit=spoil)
    with pytest.raises(CodingSheetError) as err:
        sheets.import_sheets([out / "alice.csv", out / "bob.csv"], BOOK, sample)
    msg = str(err.value)
    assert "alice.csv row 3: no frame coded (blank row)" in msg
    assert "alice.csv row 5: text changed from the sample" in msg
    assert "alice.csv row 6: column 'morality' has 'maybe'" in msg
    assert "bob.csv row 1: unknown frame column 'econ' (did you mean 'economic'?)" in msg
    assert "frame column(s) ['economic'] missing" in msg


def test_unknown_duplicate_and_blank_rows(round_dir):
    out, sample = round_dir

    def extra(sheet):
        sheet.loc[6] = ["zz/s1", "zz", "New.", "1", "", "", ""]
        sheet.loc[7] = sheet.loc[0]

    path = fill(out / "alice.csv", ALICE, edit=extra)
    with pytest.raises(CodingSheetError) as err:
        sheets.import_sheets([path], BOOK, sample)
    assert "row 8: unit 'zz/s1' is not in the sample" in str(err.value)
    assert f"row 9: unit '{sample['unit_id'][0]}' appears again (first at row 2)" in str(err.value)
    # Blank rows are "not coded" when allowed.
    path = fill(out / "bob.csv", {i: v for i, v in BOB.items() if i != 5})
    coded = sheets.import_sheets([path], BOOK, sample, allow_blank=True)
    assert coded["unit"].nunique() == 5


def test_without_sample_the_first_sheet_is_the_reference(round_dir):
    out, _ = round_dir
    fill(out / "alice.csv", ALICE)
    fill(out / "bob.csv", BOB, edit=lambda s: s.__setitem__("text", s["text"].where(s.index != 2, "Changed.")))
    with pytest.raises(CodingSheetError, match="bob.csv row 4: text changed from alice.csv"):
        sheets.import_sheets([out / "alice.csv", out / "bob.csv"], BOOK, None)


# ------------------------------------------------------------------ adjudicate


def _coded(sets_by_coder: dict) -> pd.DataFrame:
    rows = []
    for coder, sets in sets_by_coder.items():
        for unit, labels in sets.items():
            rows += [(unit, coder, f, int(f in labels.split(";"))) for f in ("e", "h", "m")]
    return pd.DataFrame(rows, columns=["unit", "coder", "frame", "value"])


def test_resolve_majority_ties_and_adjudication():
    coded = _coded({
        "a": {"u1": "e", "u2": "e", "u3": "e", "u4": "", "u5": "e;h"},
        "b": {"u1": "e", "u2": "h", "u3": "h", "u4": "", "u5": "e"},
        "c": {"u1": "e", "u2": "e", "u3": "m"},
    })
    resolved, unresolved = adjudicate.resolve(coded)
    got = dict(zip(resolved["unit"], zip(resolved["labels"], resolved["how"])))
    assert got["u1"] == ("e", "agreed")
    assert got["u2"] == ("e", "majority")  # 2 of 3
    assert got["u4"] == ("", "agreed")
    assert "u3" not in got and "u5" not in got  # all different; h tied 1 of 2
    assert unresolved["unit"].tolist() == ["u3", "u5"]
    assert unresolved.set_index("unit").loc["u5", "b"] == "e"
    resolved, unresolved = adjudicate.resolve(coded, {"u3": "m", "u5": "e;h"})
    assert dict(zip(resolved["unit"], resolved["how"]))["u5"] == "adjudicated" and unresolved.empty


def test_cli_round_trip_sample_reliability_adjudicate(tmp_path, corpus, capsys):
    from framescope.base.io import write_table

    articles, sentences = corpus
    tables = tmp_path / "results" / "tables"
    write_table(articles, tables / "articles.parquet", "articles")
    write_table(sentences, tables / "sentences.parquet", "sentences")
    write_table(sentence_frames(sentences, {("a01", 2)}), tables / "sentence_frames.parquet", "sentence_frames")
    book = tmp_path / "mini.yaml"
    book.write_text(yaml.safe_dump({"name": "mini", "frames": [
        {"id": f.id, "code": i, "label": f.label, "definition": f.definition} for i, f in enumerate(BOOK.frames, 1)]}),
        encoding="utf-8")

    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    sample_command.add_parser(sub)
    reliability_command.add_parser(sub)
    adjudicate_command.add_parser(sub)

    def run(*argv):
        args = parser.parse_args([str(a) for a in argv])
        return args.func(args)

    rnd = tmp_path / "coding" / "round1"
    run("sample", "--results", tmp_path / "results", "--n", 6, "--strategy", "uncertainty", "--level", "sentence",
        "--coders", "alice,bob", "--codebook", book, "--seed", 0, "--out", rnd)
    meta = json.loads((rnd / "sample.json").read_text())
    assert meta["strategy"] == "uncertainty" and meta["n"] == 6 and meta["codebook"] == "mini"
    assert "a01/s2" in pd.read_csv(rnd / "sample.csv")["unit_id"].tolist()
    first = {p.name: p.read_bytes() for p in sorted(rnd.iterdir())}
    run("sample", "--results", tmp_path / "results", "--n", 6, "--strategy", "uncertainty",
        "--coders", "alice,bob", "--codebook", book, "--out", rnd)
    assert {p.name: p.read_bytes() for p in sorted(rnd.iterdir())} == first  # a rerun is byte-identical

    fill(rnd / "alice.csv", ALICE)
    fill(rnd / "bob.csv", BOB)
    sheets = [rnd / "alice.csv", rnd / "bob.csv"]
    report = run("reliability", "--sheets", *sheets, "--n-boot", 100, "--out", rnd / "reliability")
    saved = json.loads((rnd / "reliability" / "reliability.json").read_text())
    assert saved["n_units"] == 6 and saved["n_coders"] == 2 and saved["n_disagreements"] == 2
    assert saved["alpha_nominal"] == report["alpha_nominal"]
    assert set(saved["per_frame"]) == {"economic", "legality", "morality"}
    assert saved["pairwise"][0]["percent_agreement"] == pytest.approx(4 / 6, abs=1e-6)
    dis = pd.read_csv(rnd / "reliability" / "disagreements.csv", dtype=str, keep_default_na=False,
                      encoding="utf-8-sig")
    assert list(dis.columns) == ["unit", "text", "alice", "bob", "resolved"]
    assert "alpha (nominal)" in capsys.readouterr().out

    # Unresolved at first; then resolved through the filled disagreements table.
    train_csv = rnd / "adjudicated" / "frames_train.csv"
    run("adjudicate", "--sheets", *sheets, "--out", train_csv)
    info = json.loads((rnd / "adjudicated" / "coding_round.json").read_text())
    assert info["n_units"] == 4 and info["n_unresolved"] == 2 and info["coders"] == ["alice", "bob"]
    assert info["codebook"] == "mini"
    still_open = pd.read_csv(rnd / "adjudicated" / "frames_train_unresolved.csv", dtype=str, keep_default_na=False)
    assert list(still_open.columns) == ["unit", "text", "alice", "bob", "resolved"]
    with pytest.raises(CodingSheetError, match="2 unit"):
        run("adjudicate", "--sheets", *sheets, "--strict", "--out", train_csv)
    dis["resolved"] = ["economic;legality", "none"]
    dis.to_csv(rnd / "resolved.csv", index=False)
    run("adjudicate", "--sheets", *sheets, "--resolved", rnd / "resolved.csv", "--round", 1, "--out", train_csv)
    train = pd.read_csv(train_csv, keep_default_na=False)
    assert list(train.columns) == ["text", "labels", "article_id", "unit_id"]
    assert len(train) == 6 and set(train["labels"]) == {"economic", "economic;legality", "legality", ""}
    assert train["unit_id"].tolist() == pd.read_csv(rnd / "sample.csv")["unit_id"].tolist()
    info = json.loads((rnd / "adjudicated" / "coding_round.json").read_text())
    assert info["n_units"] == 6 and info["n_unresolved"] == 0 and info["round"] == 1
    assert info["alpha_nominal"] == saved["alpha_nominal"] and info["strategy"] == "uncertainty"
    assert not train_csv.read_bytes().startswith(b"\xef\xbb\xbf")  # training data: plain UTF-8

    dis["resolved"] = ["econ", ""]
    dis.to_csv(rnd / "resolved.csv", index=False)
    with pytest.raises(CodingSheetError, match="resolved.csv row 2: unknown frame 'econ'"):
        run("adjudicate", "--sheets", *sheets, "--resolved", rnd / "resolved.csv", "--out", train_csv)


def test_real_codebook_loads_into_sheets(tmp_path, corpus):
    units = sampling.coding_units(*corpus, "article")
    sample = sampling.draw_sample(units, 2, seed=0)
    sheets.export_sheets(sample, "policy_frames", ["alice"], tmp_path)
    header = (tmp_path / "alice.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert header[3] == "economic" and header[-1] == "notes"
    assert sheets.read_codebook_csv(tmp_path / "codebook.csv").ids == header[3:-1]

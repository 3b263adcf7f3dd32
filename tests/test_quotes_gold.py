"""The quotes gold benchmark (benchmarks/quotes_gold.py): quotes stored as offsets, words rebuilt from the corpus.

The articles here are invented for the test.
"""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("quotes_gold", ROOT / "benchmarks" / "quotes_gold.py")
qg = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(qg)

TEXT_A = ('The mayor of Eastbrook opened the new bridge on Monday.\n\n'
          '"It is a fine day," Mayor Olga Brandt said. "It is a fine day," she said again, laughing.\n\n'
          'Critics called it a "bridge to nowhere" in the "Evening Post" column.')
TEXT_B = 'No quotes at all in this one, said nobody.'


def _lines(aid, rows):
    return "".join(json.dumps({"article_id": aid, **r}) + "\n" for r in rows)


@pytest.fixture
def coded(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": "artA", "text": TEXT_A}) + "\n" + json.dumps({"id": "artB", "text": TEXT_B})
                      + "\n" + json.dumps({"id": "artC", "text": "Not coded."}) + "\n", encoding="utf-8")
    src = tmp_path / "coded"
    src.mkdir()
    (src / "articles.tsv").write_text("id\toutlet\thalf\twords\nartA\tEastbrook Daily\tdev\t40\n"
                                      "artB\tWestbrook Times\tcheck\t8\nartC\tWestbrook Times\tdev\t2\n")
    olga = {"speaker": "Olga Brandt", "aliases": ["Mayor Olga Brandt", "Brandt"], "speaker_type": "person",
            "kind": "direct"}
    # coded out of text order on purpose: the title before the quotes
    (src / "artA.jsonl").write_text(_lines("artA", [
        {"quote": "Evening Post", "speaker": "", "aliases": [], "speaker_type": "", "kind": "title"},
        {"quote": "It is a fine day,", **olga},
        {"quote": "It is a fine day,", **olga},
        {"quote": "bridge to nowhere", "speaker": "UNNAMED", "aliases": ["Critics"], "speaker_type": "unnamed",
         "kind": "direct"},
    ]))
    (src / "artB.jsonl").write_text("")  # coded: no quotes; artC not coded yet
    return tmp_path, src, corpus


def test_offsets_take_each_occurrence_once():
    text = 'x "ab" y "ab" z'
    assert qg.quote_offsets(text, ["ab", "ab"]) == [(3, 5), (10, 12)]
    # out of order: the second "ab" comes back to the first free occurrence
    assert qg.quote_offsets(text, ["y", "ab", "x"]) == [(7, 8), (10, 12), (0, 1)]
    assert qg.quote_offsets(text, ["absent", ""]) == [None, None]


def test_import_keeps_offsets_not_words_and_rebuilds_them(coded):
    tmp, src, corpus = coded
    out = tmp / "gold"
    assert qg.do_import(src, corpus, gold_dir=out) == 0
    articles, rows = qg.read_gold(out)
    assert [(a["id"], a["outlet"], a["half"]) for a in articles] == [("artA", "Eastbrook Daily", "dev"),
                                                                    ("artB", "Westbrook Times", "check")]
    stored = (out / "gold.jsonl").read_text()
    assert "fine day" not in stored and "nowhere" not in stored and "Evening" not in stored
    assert [r["start"] for r in rows] == sorted(r["start"] for r in rows)
    spans = [(r["start"], r["end"]) for r in rows]
    assert len(set(spans)) == 4  # the repeated quote is two spans
    assert all(set(r) == {"article_id", "start", "end", "speaker", "aliases", "speaker_type", "kind"} for r in rows)
    gold = qg.ruler_gold(rows, {"artA": TEXT_A, "artB": TEXT_B})
    assert [g["quote"] for g in gold] == ["It is a fine day,", "It is a fine day,", "bridge to nowhere"]
    assert gold[0]["speaker"] == "Olga Brandt" and gold[0]["aliases"] == ["Mayor Olga Brandt", "Brandt"]
    # running it again gives the same files
    before = stored
    qg.do_import(src, corpus, gold_dir=out)
    assert (out / "gold.jsonl").read_text() == before


def test_import_reports_a_quote_not_in_the_text(coded):
    tmp, src, corpus = coded
    (src / "artB.jsonl").write_text(_lines("artB", [{"quote": "never written", "speaker": "X Y", "aliases": [],
                                                     "speaker_type": "person", "kind": "direct"}]))
    assert qg.do_import(src, corpus, gold_dir=tmp / "gold") == 1


def test_outlet_table_sums_counts_by_outlet():
    articles = [{"id": "a", "outlet": "O1", "half": "dev"}, {"id": "b", "outlet": "O1", "half": "check"},
                {"id": "c", "outlet": "O2", "half": "dev"}]
    rows = qg.outlet_table({"a": (4, 5, 4, 3), "b": (0, 1, 0, 0), "c": (2, 2, 2, 2)}, articles)
    o1, o2, total = rows
    assert (o1["outlet"], o1["articles"], o1["gold"], o1["tool"], o1["matched"]) == ("O1", 2, 4, 6, 4)
    assert o1["q_p"] == pytest.approx(4 / 6) and o1["q_r"] == 1.0 and o1["spk_acc"] == pytest.approx(0.75)
    assert o1["qs_f1"] == pytest.approx(2 * (3 / 6) * (3 / 4) / (3 / 6 + 3 / 4))
    assert o2["spk_acc"] == 1.0 and total["outlet"] == "all" and total["gold"] == 6
    assert "| **all** | 3 | 6 | 8 | 6 |" in qg.markdown(rows)


@pytest.mark.skipif(not qg.RULER.exists(), reason="the ruler in ../shared/tools is not here")
def test_score_runs_framescope_and_the_ruler(coded, capsys):
    tmp, src, corpus = coded
    out = tmp / "gold"
    qg.do_import(src, corpus, gold_dir=out)
    assert qg.do_score("all", corpus, details=False, write=False, gold_dir=out) == 0
    printed = capsys.readouterr().out
    assert "half=all: 2 articles, 3 gold direct quotes" in printed
    assert "| Eastbrook Daily | 1 | 3 |" in printed and "| Westbrook Times | 1 | 0 |" in printed


def test_score_without_shared_says_so(tmp_path, capsys):
    assert qg.do_score("dev", tmp_path / "no-corpus.jsonl", False, False, gold_dir=tmp_path,
                       ruler=tmp_path / "no-ruler.py") == 0
    assert "skipped" in capsys.readouterr().out

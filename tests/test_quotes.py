"""Unit tests for framescope.actors.quotes: who is quoted, saying what."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framescope.actors.mentions import find_mentions
from framescope.actors.quotes import find_indirect, find_quotes, find_speech

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_59bdb630432fb0d7.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "features"

KEYS = {"start", "end", "text", "speaker", "speaker_type", "speaker_surface", "speaker_reason", "cue", "kind", "n_words"}


def quotes_of(text):
    return find_quotes(text, find_mentions(text))


def speakers(text):
    return [(q["text"], q["speaker"]) for q in quotes_of(text)]


@pytest.fixture(scope="module")
def seed_text():
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_quotes(seed_text):
    return quotes_of(seed_text)


def quote_starting(quotes, prefix):
    return next(q for q in quotes if q["text"].startswith(prefix))


# -- the contract ---------------------------------------------------------------------


def test_offsets_keys_and_order(seed_text, seed_quotes):
    assert seed_quotes
    for q in seed_quotes:
        assert set(q) == KEYS
        assert seed_text[q["start"]:q["end"]] == q["text"]
        assert q["kind"] == "direct"
        assert q["n_words"] >= 1
    assert [q["start"] for q in seed_quotes] == sorted(q["start"] for q in seed_quotes)


def test_no_quotes_no_crash():
    assert find_quotes("", []) == []
    assert quotes_of("Ukraine’s president didn’t say anything, and that’s that.") == []


# -- seed facts ---------------------------------------------------------------------------


def test_seed_hegseth(seed_quotes):
    q = quote_starting(seed_quotes, "Chasing this illusory goal will only prolong the war and cause more suffering")
    assert q["speaker"] == "Pete Hegseth"
    assert q["speaker_type"] == "person"
    assert q["speaker_surface"] == "he"


def test_seed_peskov(seed_quotes):
    for prefix in ("The Russian president supported one of the main theses",
                   "The Russian president invited the U.S. president"):
        assert quote_starting(seed_quotes, prefix)["speaker"] == "Dmitry Peskov"
    assert quote_starting(seed_quotes, "The Russian president supported")["cue"] == "told reporters"


def test_seed_rutte(seed_quotes):
    for prefix in ("We have to make sure that he has no other option", "He needs to understand"):
        assert quote_starting(seed_quotes, prefix)["speaker"] == "Mark Rutte"


def test_seed_unnamed_speaker(seed_quotes):
    for prefix in ("If Europe is responsible", "And we have not been consulted"):
        q = quote_starting(seed_quotes, prefix)
        assert q["speaker"] is None
        assert q["speaker_surface"] == "one European official"


def test_seed_scare_quotes_get_the_speaker_of_their_sentence(seed_quotes):
    assert quote_starting(seed_quotes, "boots on the ground")["speaker"] == "Pete Hegseth"
    assert quote_starting(seed_quotes, "probably")["speaker"] == "Donald Trump"
    assert quote_starting(seed_quotes, "meaningful")["speaker"] == "Volodymyr Zelenskyy"
    assert quote_starting(seed_quotes, "lengthy and highly productive")["n_words"] == 4


def test_seed_trailing_comma_is_not_quoted(seed_quotes):
    q = quote_starting(seed_quotes, "Chasing this illusory goal")
    assert q["text"].endswith("suffering")


# -- marks ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    'Mr. Smith said, "It is done." He left.',
    "Mr. Smith said, “It is done.” He left.",
    "Mr. Smith said, «It is done.» He left.",
    "Mr. Smith said, „It is done.“ He left.",
    "Mr. Smith said, ``It is done.'' He left.",
])
def test_quote_mark_styles(text):
    qs = quotes_of(text)
    assert [q["text"] for q in qs] == ["It is done."]
    assert qs[0]["speaker"] == "Smith"


def test_apostrophes_are_not_quotes():
    text = "Kyiv’s allies don’t agree. Ukraine’s army, the soldiers’ families and ‘90s veterans waited."
    assert quotes_of(text) == []


def test_single_curly_quotes_in_a_headline():
    text = "‘We will not retreat’\n\nMs. Jane Roe said “we will not retreat” on Friday."
    qs = quotes_of(text)
    assert [q["text"] for q in qs] == ["We will not retreat", "we will not retreat"]
    assert [q["speaker"] for q in qs] == ["Jane Roe", "Jane Roe"]


def test_quote_within_a_quote_is_part_of_it():
    text = "“He told me ‘never again,’ and I believed him,” Mr. Doe said."
    qs = quotes_of(text)
    assert len(qs) == 1 and "‘never again,’" in qs[0]["text"]


def test_programme_titles_are_not_quotes():
    text = "Senator Amy Brook told “Fox News Sunday” that the bill was dead."
    assert quotes_of(text) == []


# -- attribution patterns ---------------------------------------------------------------------


def test_said_x_inversion_and_according_to():
    text = ("“Prices will fall,” said Finance Minister Olaf Berg. "
            "“The worst is over,” according to the central bank’s governor, Ines Kahl.")
    got = speakers(text)
    assert got[0] == ("Prices will fall", "Olaf Berg")
    qs = quotes_of(text)
    assert qs[0]["cue"] == "said"
    assert qs[1]["cue"] == "according to"


def test_relative_clause_between_speaker_and_verb():
    text = "“We are ready,” Gen. Paul Moss, who commands the northern army, said on Monday."
    assert speakers(text) == [("We are ready", "Paul Moss")]


def test_pronoun_respects_gender():
    text = ("Mr. Adam Reyes met Ms. Clara Dunn on Tuesday. Ms. Dunn later addressed the press.\n\n"
            "“The talks were useful,” she said.")
    assert speakers(text) == [("The talks were useful", "Clara Dunn")]


def test_outlets_are_sources():
    text = "“The talks went well,” Tass reported. “Nothing was agreed,” Reuters said."
    qs = quotes_of(text)
    assert [(q["speaker"], q["speaker_type"]) for q in qs] == [("Tass", "source"), ("Reuters", "source")]


def test_colon_introduced_paragraph():
    text = "In a statement, Acme Corp. spokeswoman Dana Wills said:\n\n“We regret the error.”"
    assert speakers(text) == [("We regret the error.", "Dana Wills")]


def test_they_is_left_unresolved():
    text = "Officials met in Geneva. “We made progress,” they said."
    q = quotes_of(text)[0]
    assert q["speaker"] is None and q["speaker_surface"] == "they"


# -- fixtures ------------------------------------------------------------------------------------


def test_fixture_wire_story():
    text = (FIXTURES / "wire_story.txt").read_text(encoding="utf-8")
    got = speakers(text)
    assert got[:10] == [
        ("We came very close, but close is not enough", "Anna de Vries"),
        ("The money has to be found somewhere.", "Anna de Vries"),
        ("open-ended commitments.", "Klaus Brandt"),
        ("We will listen to every capital", "Maria Lopez"),
        ("Nobody here wants a delay", "Maria Lopez"),
        ("But nobody wants to pay first either.", "Maria Lopez"),
        ("This is a question of solidarity", "Tomasz Nowak"),
        ("and solidarity is not a menu.", "Tomasz Nowak"),
        ("the first real test of our promises", "Anna de Vries"),
        ("It isn’t over", None),
    ]
    qs = quotes_of(text)
    assert qs[2]["cue"] == "told reporters"
    assert qs[9]["speaker_surface"] == "one diplomat"
    # the rest of the story (all of it is scored against tests/gold/wire_story.json)
    by_text = dict(got)
    assert by_text["We will announce it when it is ready"] == "Maria Lopez"  # "she said" after "Lopez declined"
    assert by_text["I expect an agreement by summer"] == "Klaus Brandt"  # "the German minister said"
    assert by_text["stop treating the border fund as a bargaining chip."] == "European Parliament"


def test_fixture_multi_paragraph_quote():
    text = (FIXTURES / "council_speech.txt").read_text(encoding="utf-8")
    qs = quotes_of(text)
    speech = qs[0]
    assert speech["text"].startswith("When I ran for this office")
    assert speech["text"].endswith("only the lucky can afford")
    assert speech["text"].count("\n\n") == 2  # one quote over three paragraphs
    assert speech["speaker"] == "Lena Okafor"
    assert [(q["text"], q["speaker"]) for q in qs[1:4]] == [
        ("wishful arithmetic.", "Victor Hale"),
        ("I support the goal", "Victor Hale"),
        ("I do not support a budget that assumes money we do not have.", "Victor Hale"),
    ]
    # The tenant's speech: attributed in its first paragraph, then two more paragraphs.
    tenant = next(q for q in qs if q["text"].startswith("The first year it was fifty dollars."))
    assert tenant["text"].endswith("I just want to see it in the rents.") and tenant["text"].count("\n\n") == 2
    assert tenant["speaker"] == "Samuel Adeyemi"
    assert "‘in line with the market.’" in tenant["text"]  # a quote inside the quote stays in it
    assert [q["speaker"] for q in qs if q["text"].startswith(("We will see", "and I hope"))] == ["Victor Hale"] * 2


def test_fixture_opinion_has_only_scare_quotes():
    text = (FIXTURES / "opinion_cheap_flights.txt").read_text(encoding="utf-8")
    qs = quotes_of(text)
    assert [q["text"] for q in qs] == ["democratising travel.", "flexibility.", "a tax on freedom."]
    assert all(q["speaker"] is None and q["n_words"] <= 4 for q in qs)
    assert qs[2]["speaker_surface"] == "Critics"
    assert find_indirect(text, find_mentions(text)) == []


# -- indirect speech -------------------------------------------------------------------------------


def test_seed_indirect(seed_text):
    ind = find_indirect(seed_text, find_mentions(seed_text))
    assert all(q["kind"] == "indirect" and seed_text[q["start"]:q["end"]] == q["text"] for q in ind)
    nato = next(q for q in ind if q["text"].startswith("NATO membership for Kyiv"))
    assert nato["speaker"] == "Pete Hegseth"
    assert nato["text"].endswith("realistic outcome of a negotiated settlement.”")
    tail = next(q for q in ind if q["text"].startswith("European and non-European military forces"))
    assert tail["speaker"] == "Pete Hegseth" and tail["cue"] == "said"
    ap = next(q for q in ind if q["speaker"] == "The Associated Press")
    assert ap["speaker_type"] == "source"


def test_speech_merges_both_kinds_in_text_order(seed_text):
    ms = find_mentions(seed_text)
    both = find_speech(seed_text, ms)
    assert {q["kind"] for q in both} == {"direct", "indirect"}
    assert len(both) == len(find_quotes(seed_text, ms)) + len(find_indirect(seed_text, ms))
    assert [q["start"] for q in both] == sorted(q["start"] for q in both)


# -- robustness ---------------------------------------------------------------------------------------

_PIECES = st.sampled_from([
    "Mr. Trump", " said", "“", "”", '"', "‘", "’", "«", "»", "„", "``", "''", ", ", ". ", "\n\n", "he ",
    "President Vladimir Putin", "NATO", "Ukraine’s", "according to", " told reporters", "U.S.", "—", ":",
    "Ms. Jane Doe", " the ", "Kremlin spokesman Dmitry Peskov", "they ", "adding", "x", "Çé", "5\"", "\r\n",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_never_crashes_and_offsets_hold(text):
    ms = find_mentions(text)
    for m in ms:
        assert text[m["start"]:m["end"]] == m["surface"]
    for q in find_speech(text, ms):
        assert 0 <= q["start"] <= q["end"] <= len(text)
        assert text[q["start"]:q["end"]] == q["text"]


# -- share of voice ----------------------------------------------------------------------------------


def test_voices_of_the_wire_story():
    from framescope.commands.features import UNNAMED, voices

    text = (FIXTURES / "wire_story.txt").read_text(encoding="utf-8")
    ms = find_mentions(text)
    rows = voices("w", find_speech(text, ms), {"Maria Lopez": "Commission"})
    by = {r["speaker"]: r for r in rows}
    assert [r["speaker"] for r in rows] == sorted(by)
    assert sum(r["share_words"] for r in rows) == pytest.approx(1.0)
    direct = [q for q in quotes_of(text)]
    assert sum(r["n_quotes"] for r in rows) == len(direct)
    lopez = by["Maria Lopez"]
    assert (lopez["n_quotes"], lopez["group"], lopez["speaker_type"]) == (4, "Commission", "person")
    assert lopez["n_words"] == sum(q["n_words"] for q in direct if q["speaker"] == "Maria Lopez")
    assert by[UNNAMED]["speaker_type"] is None and by[UNNAMED]["n_quotes"] == 2  # the diplomat, the Kremlin official
    reuters = by["Reuters"]  # heard only in reported speech ("According to Reuters, ...")
    assert (reuters["speaker_type"], reuters["n_quotes"], reuters["n_indirect"]) == ("source", 0, 1)


def test_voices_of_an_article_without_quotes():
    from framescope.commands.features import voices

    assert voices("x", [], {}) == []


def test_kept_article_rows_give_the_same_tables(seed_text, tmp_path):
    from framescope.base.memo import ObjectMemo
    from framescope.text.sentences import split_sentences
    from framescope.commands.features import extract

    paragraphs = [p for p in seed_text.split("\n") if len(p.split()) > 8]
    texts = {f"a{i}": "\n\n".join(paragraphs[i:] + paragraphs[:i]) for i in range(4)}

    def tables(ids, memo):
        articles = pd.DataFrame({"article_id": ids, "text": [texts[a] for a in ids]})
        sentences = pd.DataFrame([{"article_id": a, "sent_id": k, "start": s.start, "end": s.end}
                                  for a in ids for k, s in enumerate(split_sentences(texts[a]))])
        return extract(articles, sentences, memo=memo)

    def memo():
        return ObjectMemo(tmp_path / "0000.pkl", "code-a")

    first = memo()
    for got, want in zip(tables(["a0", "a1", "a2"], first), tables(["a0", "a1", "a2"], None)):
        pd.testing.assert_frame_equal(got, want)
    assert first.computed == 3
    # one article more, one edited: only they are read; the tables are those read afresh
    texts["a1"] += "\n\n\"We will see,\" the senator said."
    again = memo()
    for got, want in zip(tables(["a0", "a1", "a2", "a3"], again), tables(["a0", "a1", "a2", "a3"], None)):
        pd.testing.assert_frame_equal(got, want)
    assert (again.hits, again.computed) == (2, 2)

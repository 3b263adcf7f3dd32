"""Cleaning: normalisation, paragraphs, boilerplate out with its metadata kept, headings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from framescope.corpus.clean import (
    boilerplate_kind,
    clean_article,
    heading_like,
    normalise,
    person_name,
    repair_mojibake,
    split_paragraphs,
)
from framescope.text.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_59bdb630432fb0d7.txt"
FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed():
    return clean_article(SEED.read_text(encoding="utf-8"))


def test_seed_metadata(seed):
    assert seed.outlet == "The Washington Times"
    assert seed.published == "2025-02-12"
    assert seed.authors == ["Mike Glenn", "Mallory Wilson"]
    assert seed.contributors == ["David R. Sands", "Jeff Mordock"]
    assert seed.title is None


def test_seed_boilerplate_is_gone(seed):
    text = seed.text
    for gone in ("Advertisement", "Copyright", "comment policy", "can be reached", "contributed to this article", "The Washington Times - Wednesday"):
        assert gone not in text
    assert seed.removed.count("Advertisement") == 5
    assert len(seed.removed) == len(seed.removed_kinds)
    assert "Please read our comment policy before commenting." in seed.removed
    assert text.startswith("President Trump revealed Wednesday")
    assert text.endswith("let’s get it done.”")
    assert "\n\n\n" not in text and not text.startswith("\n")


def test_seed_subheads_are_sections_not_sentences(seed):
    paragraphs = seed.paragraphs
    assert [heading for _, heading in seed.sections] == ["Hegseth in Brussels", "‘Stark strategic realities’"]
    for index, heading in seed.sections:
        assert paragraphs[index] == heading
    assert seed.headings == {index for index, _ in seed.sections}
    # no other paragraph is a heading: every body paragraph ends like prose
    for index, paragraph in enumerate(paragraphs):
        if index not in seed.headings:
            assert paragraph[-1] in ".”\"", paragraph


def test_normalise():
    raw = "\ufeffLine\u200b one\r\nline\u00a0 two\rCafe\u0301\t end  \u2028next"
    assert normalise(raw) == "Line one\nline two\nCafé end\nnext"
    assert normalise("a\x00b\x07c") == "abc"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \n\t\u00a0\u2009\u3000\u202fab,.", max_size=40))
def test_normalise_spaces_as_the_plain_pattern(text):
    # the blank-run regex is written for speed; its matches are those of r"[^\S\n]{2,}|[^\S \n]"
    import re

    plain = re.compile(r"[^\S\n]{2,}|[^\S \n]")
    expected = "\n".join(line.strip() for line in plain.sub(" ", text).split("\n"))
    assert normalise(text) == expected


def test_blank_lines_separate_paragraphs():
    assert split_paragraphs("One.\n\n\n\nTwo.\n\nThree.") == ["One.", "Two.", "Three."]


def test_one_paragraph_per_line():
    cleaned = clean_article(fixture("one_per_line.txt"))
    assert len(cleaned.paragraphs) == 3
    assert cleaned.paragraphs[1] == "The channel had been closed since a cargo ship ran aground there on March 3."


def test_hard_wrapped_lines_are_joined():
    cleaned = clean_article(fixture("hard_wrapped.txt"))
    assert len(cleaned.paragraphs) == 3
    assert cleaned.paragraphs[0] == (
        "Trade ministers from the two countries met in Geneva on Monday and agreed to restart talks "
        "on farm tariffs that stalled two years ago, officials said."
    )
    assert "\n" not in cleaned.paragraphs[1]


def test_wire_story(tmp_path):
    cleaned = clean_article(fixture("wire_story.txt"))
    assert cleaned.authors == ["Jane Marlowe", "Oscar Delgado"]
    assert cleaned.dateline == "RIVERTON, Ore. (AP)"
    assert cleaned.text.startswith("The Riverton city council voted 5-2")
    for gone in ("(AP Photo", "Advertisement", "newsletter", "Follow us", "All rights reserved", "By JANE"):
        assert gone not in cleaned.text
    # body sentences that only mention the words boilerplate rules look for stay
    assert "enough time to sign up for the public hearings" in cleaned.text
    assert "A copyright dispute over the terminal's murals" in cleaned.text
    assert len(cleaned.paragraphs) == 4
    assert set(cleaned.removed_kinds) >= {"byline", "photo caption", "newsletter", "social", "copyright", "wire dateline"}


def test_reuters_credit_line():
    cleaned = clean_article(fixture("reuters_story.txt"))
    assert cleaned.authors == ["Ana Ribeiro"]
    assert cleaned.contributors == ["Tomas Berg"]  # editors are not credited
    assert cleaned.dateline == "LISBON (Reuters)"
    assert "Related:" not in cleaned.text and "Editing by" not in cleaned.text
    assert cleaned.text.startswith("Portugal's central bank")


@pytest.mark.parametrize(
    "line, kind",
    [
        ("Advertisement", "page furniture"),
        ("ADVERTISEMENT:", "page furniture"),
        ("Story continues below", "page furniture"),
        ("Copyright © 2024 The Daily Ledger, LLC. Click here for reprint permission.", "copyright"),
        ("© 2020 Northwind Media", "copyright"),
        ("All rights reserved.", "copyright"),
        ("Please read our comment policy before commenting.", "comment policy"),
        ("• Pat Quinn can be reached at pquinn@example.com.", "contact"),
        ("Write to Pat Quinn at pat.quinn@example.com and Lee Moss at lee.moss@example.com", "contact"),
        ("Ivy Chan and Omar Nasser contributed to this report.", "contributors"),
        ("Fox News' Ivy Chan and The Associated Press contributed to this report.", "contributors"),
        ("Associated Press writers Ivy Chan in Lagos, Nigeria, and Omar Nasser in Cairo contributed to this report.", "contributors"),
        ("By Ivy Chan and Omar Nasser", "byline"),
        ("Sign up for our newsletter", "newsletter"),
        ("Get the best stories delivered to your inbox. Subscribe to our newsletter.", "newsletter"),
        ("Follow us on Twitter", "social"),
        ("Follow @dailyledger", "social"),
        ("Read more: Council delays vote on bridge", "read more"),
        ("Related: Five things to know about the levy", "read more"),
        ("This story has been updated to add comment from the mayor.", "update note"),
        ("Click here to get the app", "click here"),
        ("Share this article", "share"),
        ("Reporting by Ana Ribeiro; Editing by Kim Alder", "wire credit"),
        ("(Photo by Sam Weller/Getty Images)", "photo caption"),
        ("(APPLAUSE)", "aside"),
        ("Protesters gather outside the courthouse on Monday. (Photo by Sam Weller/Getty Images)", "photo caption"),
        ("Crowds line the route of the parade. Sam Weller/Getty Images", "photo caption"),
        ("Image copyright Getty Images", "photo caption"),
        ("***", "separator"),
    ],
)
def test_boilerplate_lines(line, kind):
    assert boilerplate_kind(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "By Monday, the council had counted every ballot.",
        "By the time the vote came, most members had left.",
        "Copyright law gives authors rights over their work for decades.",
        "Thousands of people rushed to sign up for insurance before the deadline.",
        "Mr. Vance contributed $5,000 to the campaign last year.",
        "Rising costs contributed to the decision to close the terminal.",
        "The union said a deal can be reached at the next meeting.",
        "She said she would follow the rules and the advice of her lawyers.",
        "More than 300 people attended the hearing on Tuesday night.",
        "Related industries, from trucking to storage, also lost jobs this year.",
        "He said Getty Images had licensed the photo to the newspaper.",
        "Reporting by local outlets found that the count had been wrong.",
    ],
)
def test_body_sentences_are_not_boilerplate(line):
    assert boilerplate_kind(line) is None


def test_top_date_line_gives_published():
    cleaned = clean_article("Published: March 3, 2022\n\nThe levy passed on Tuesday by a wide margin, results showed.")
    assert cleaned.published == "2022-03-03"
    assert cleaned.text == "The levy passed on Tuesday by a wide margin, results showed."


def test_outlet_dateline_other_outlet():
    cleaned = clean_article("- Northwind Courier - Monday, June 7, 2021\n\nThe bridge reopened on Monday after two years of repairs.")
    assert (cleaned.outlet, cleaned.published) == ("Northwind Courier", "2021-06-07")


def test_title_from_first_line_when_none_given():
    cleaned = clean_article(fixture("titled.txt"))
    assert cleaned.title == "Library Levy Passes by a Wide Margin"
    assert cleaned.text.startswith("Voters in Pine County")
    assert cleaned.sections == []


def test_known_title_repeated_at_top_is_dropped():
    raw = fixture("titled.txt")
    cleaned = clean_article(raw, title="Library levy passes by a wide margin")
    assert cleaned.text.startswith("Voters in Pine County")
    assert cleaned.removed == ["Library Levy Passes by a Wide Margin"]


def test_short_body_lines_are_not_headings():
    cleaned = clean_article(fixture("short_lines.txt"))
    paragraphs = cleaned.paragraphs
    assert [heading for _, heading in cleaned.sections] == ["Next steps"]
    for kept in ("Why?", "• Lower height limits", "• More parking", "“No.”", "Thanks"):
        assert kept in paragraphs
        assert paragraphs.index(kept) not in cleaned.headings
    sentences = [cleaned.text[s.start : s.end] for s in split_sentences(cleaned.text)]
    assert "Why?" in sentences and "“No.”" in sentences


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Hegseth in Brussels", True),
        ("‘Stark strategic realities’", True),
        ("“A gun show that never ends”", True),
        ("What Comes Next for the Levy", True),
        ("The vote was close.", False),
        ("Why?", False),
        ("• Lower taxes", False),
        ("he said nothing more about it", False),
        ("Here is what he told the committee:", False),
        ("“It is over,” she said", False),
        ("A heading that is far too long to be a heading because it goes on and on and on", False),
    ],
)
def test_heading_like(line, expected):
    assert heading_like(line) is expected


def test_heading_needs_body_after_it():
    text = "The board met on Monday to discuss the budget for next year.\n\nNext Steps"
    cleaned = clean_article(text)
    assert cleaned.sections == []
    assert cleaned.paragraphs[-1] == "Next Steps"


def test_dates_in_the_text_are_kept_as_written_and_read():
    """The formats themselves are tested in test_dates.py; the cleaner keeps what it found, and where."""
    cleaned = clean_article("- Northwind Courier - Monday, June 7, 2021 3:05 PM\n\nThe bridge reopened on Monday.")
    assert (cleaned.published, cleaned.published_raw) == ("2021-06-07", "Monday, June 7, 2021 3:05 PM")
    cleaned = clean_article("By Jane Doe | Staff Writer\n\nThe bridge reopened on Monday after two years of repairs.")
    assert cleaned.authors == ["Jane Doe"] and (cleaned.published, cleaned.published_raw) == (None, None)
    cleaned = clean_article("By Jane Doe | Feb. 12, 2025\n\nThe bridge reopened on Monday after two years.")
    assert (cleaned.published, cleaned.published_raw) == ("2025-02-12", "Feb. 12, 2025")
    cleaned = clean_article("Published: February 30, 2025\n\nThe bridge reopened on Monday after two years.")
    assert (cleaned.published, cleaned.published_raw) == (None, "Published: February 30, 2025")


@pytest.mark.parametrize(
    "chunk, expected",
    [
        ("David R. Sands", "David R. Sands"),
        ("JANE MARLOWE", "Jane Marlowe"),
        ("Ana de la Cruz", "Ana de la Cruz"),
        ("Tom Howell Jr.", "Tom Howell Jr."),
        ("Associated Press", None),
        ("Fox News' Ivy Chan", None),
        ("the council", None),
        ("Madonna", None),
    ],
)
def test_person_name(chunk, expected):
    assert person_name(chunk) == expected


def test_clean_never_raises_on_odd_input():
    for raw in ("", "\n\n\n", "\x00\x01", "•", "By", "(", "\u202e\u200b", "A" * 5000, "“" * 50):
        cleaned = clean_article(raw)
        assert isinstance(cleaned.text, str)
        assert "\n\n\n" not in cleaned.text


@settings(max_examples=200, deadline=2000)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=600))
def test_clean_handles_any_text(raw):
    cleaned = clean_article(raw)
    assert "\n\n\n" not in cleaned.text
    assert all(p and p == p.strip() for p in cleaned.paragraphs)
    assert all(0 <= i < len(cleaned.paragraphs) for i in cleaned.headings)


@settings(max_examples=150, deadline=2000)
@given(
    st.lists(
        st.sampled_from(
            ["By ", "JANE ", "DOE", "WASHINGTON ", "(AP) — ", "Advertisement", "Copyright © 2020 ", "\n", "\n\n",
             "contributed to this report.", " and ", "Mr. ", "can be reached at x@y.z", "“", "”", "A" * 40, ". ",
             "Getty Images", "/", "(Photo: ", ")", "Reporting by ", "; Editing by ", "Follow us on Twitter", "ÉTÉ "]
        ),
        max_size=60,
    )
)
def test_clean_handles_boilerplate_soup_quickly(parts):
    cleaned = clean_article("".join(parts))
    assert "\n\n\n" not in cleaned.text


# --- other outlets' exports (fixtures written for these tests, in each outlet's layout) ---

OUTLETS = FIXTURES / "outlets"


@pytest.mark.parametrize(
    "name, title, expected, first, last, kinds",
    [
        ("cnn.txt", None, {"dateline": "Washington (CNN)"}, "The Lakeview County school board voted",
         "watch the autumn timetable closely.", {"highlights", "promo", "social", "wire dateline"}),
        ("bbc.txt", None, {}, "Flood barriers along the River Aske", "said council leader Priya Banerjee.",
         {"media embed", "photo caption"}),
        ("nyt.txt", None, {}, "The city’s transit authority said", "according to its budget office.", {"newsletter"}),
        ("usatoday.txt", None,
         {"authors": ["Martin Oduya", "Clara Fenwick"], "outlet": "USA TODAY", "contributors": ["Priya Natarajan"],
          "dateline": "WASHINGTON"},
         "The Senate passed a bill on Thursday", "who wrote the bill.", {"byline", "outlet line", "contributors"}),
        ("vox.txt", None, {}, "The new rule changes how hospitals", "fines of up to $300 a day.", {"appeal"}),
        ("abc.txt", None, {}, "A wildfire that started on Saturday", "is under investigation.", {"interest prompt"}),
        ("politico.txt", "White House and Senate reach deal on disaster aid", {},
         "The White House and Senate leaders agreed on Tuesday", "vote on the package next week.",
         {"photo caption", "title", "newsletter"}),
        ("ap_file_photo.txt", None, {"contributors": ["Lena Park", "Owen Birch"]},
         "Barrow said on Wednesday that he would not seek a third term", "was first elected in 2014.",
         {"photo caption", "page furniture", "separator", "contributors", "copyright"}),
    ],
)
def test_outlet_exports(name, title, expected, first, last, kinds):
    cleaned = clean_article((OUTLETS / name).read_text(encoding="utf-8"), title=title)
    assert cleaned.text.startswith(first)
    assert cleaned.text.endswith(last)
    assert kinds <= set(cleaned.removed_kinds), cleaned.removed_kinds
    for key, value in expected.items():
        assert getattr(cleaned, key) == value, key
    for junk in ("Story highlights", "Media playback", "Newsletter", "Support Vox", "Interested in", "| Jon Ellery",
                 "Check out", "FILE -", "USA TODAY", "contributed to this", "Contributing:", "Copyright", "Sign up"):
        assert junk not in cleaned.text, junk


def test_a_file_caption_alone_is_dropped_and_body_after_it_kept():
    caption = "FILE - In this May 2, 2019, file photo, a ferry docks in Riverton. (AP Photo/Sam Weller, File)"
    cleaned = clean_article(caption + "\n\nThe council met on Tuesday. It voted to close the dock.")
    assert cleaned.text == "The council met on Tuesday. It voted to close the dock."
    assert cleaned.removed == [caption]


def test_highlights_stop_at_the_first_sentence_with_a_stop():
    raw = "Story highlights A first point\n\nA second point\n\nThe body starts here. It goes on.\n\nShort line without stop\n\nMore body."
    cleaned = clean_article(raw)
    assert cleaned.removed_kinds == ["highlights", "highlights"]
    assert cleaned.paragraphs[0] == "The body starts here. It goes on."
    assert "Short line without stop" in cleaned.text


def test_known_headings_become_sections():
    raw = "The council met on Tuesday.\n\nA long fight\n\nMembers argued for hours about the dock."
    assert clean_article(raw).sections == []  # sentence case: not heading-like on its own
    assert clean_article(raw, headings=["A long fight"]).sections == [(1, "A long fight")]


@pytest.mark.parametrize(
    "mangled, repaired",
    [
        ("CafÃ© in MÃ¡laga", "Café in Málaga"),
        ("itâ€™s â€œfineâ€\x9d", "it’s “fine”"),
        ("Ã¢â‚¬â„¢", "’"),  # mangled twice
        ("æ—¥æœ¬", "日本"),
        ("Â£5 and 20Â°C", "£5 and 20°C"),
    ],
)
def test_mojibake_repaired(mangled, repaired):
    assert repair_mojibake(mangled) == (repaired, repair_mojibake(mangled)[1])
    assert repair_mojibake(mangled)[1] > 0


@pytest.mark.parametrize(
    "text",
    ["Café “quoted” naïve", "AVIÉ“ in capitals", "Ã alone", "ÂÃ", "Straße, Œuvre, €5", "Москва", "日本語"],
)
def test_correct_text_is_not_repaired(text):
    assert repair_mojibake(text) == (text, 0)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_mojibake_repair_is_safe_on_any_text(text):
    repaired, places = repair_mojibake(text)
    assert (places == 0) == (repaired == text)
    assert len(repaired) <= len(text)
    if text.isascii():
        assert places == 0


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0xA0, max_codepoint=0x17F)
               | st.characters(min_codepoint=0x2000, max_codepoint=0x20CF, blacklist_categories=("Cn", "Cc", "Cf")),
               min_size=1, max_size=40))
def test_mojibake_of_latin_text_is_undone(text):
    assume(repair_mojibake(text)[1] == 0)  # text that is itself mojibake-like ("Â\xa0") is ambiguous
    mangled = "".join(bytes([b]).decode("cp1252", errors="replace").replace("\ufffd", chr(b)) for b in text.encode("utf-8"))
    assert repair_mojibake(mangled)[0] == text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=500))
def test_clean_and_split_never_raise_on_any_unicode_and_offsets_hold(raw):
    cleaned = clean_article(raw)
    assert "\ud800" not in cleaned.text and all(not 0xD800 <= ord(c) <= 0xDFFF for c in cleaned.text)
    cleaned.text.encode("utf-8")  # writable
    for s in split_sentences(cleaned.text):
        assert cleaned.text[s.start : s.end] and cleaned.text[s.start : s.end] == cleaned.text[s.start : s.end].strip()

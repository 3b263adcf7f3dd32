"""Hover bios and related-story headlines pasted into article text go before sentences are found.

The articles here are invented for the tests.
"""

from __future__ import annotations

from framescope.corpus.clean import clean_article
from framescope.corpus.pasted import capitals_headline, strip_hover_bios, strip_related_asides

BODY = "The council met for three hours on Tuesday and voted on the new levy for the roads."


def test_hover_bio_goes_and_the_name_stays():
    text, removed = strip_hover_bios(
        "“It will pass,” Sen. Jane Q. Doe Jane Quincy DoeSenate passes roads bill | Doe backs levy "
        "Another headline here MORE (D-Ore.) said on Monday."
    )
    assert text == "“It will pass,” Sen. Jane Q. Doe (D-Ore.) said on Monday."
    assert removed == ["Jane Quincy DoeSenate passes roads bill | Doe backs levy Another headline here MORE"]


def test_hover_bio_shapes():
    cases = {
        # a nickname in brackets; a card that is only "MORE"; a possessive after MORE
        "Sen. Rob Poe Robert (Rob) Lee PoeMORE (R-Ohio) and Ann Smith Ann Lee Smith2020 race tightens MORE’s aide.":
            "Sen. Rob Poe (R-Ohio) and Ann Smith’s aide.",
        # a particle in the name
        "the firing of Ann de Vries Ann Marie de VriesCity Hall shake-up MORE in May.": "the firing of Ann de Vries in May.",
        # a space before the card: the whole name comes again
        "Speaker Jim Doe Jim Davis Doe Retirees say no to plan MORE (R-Wis.) said.": "Speaker Jim Doe (R-Wis.) said.",
    }
    for raw, clean in cases.items():
        assert strip_hover_bios(raw)[0] == clean


def test_text_that_only_looks_like_a_bio_stays():
    for text in (
        "MORE than ever, Doe Doe said, the city needs roads.",  # no legal name, no card
        "Rob Poe said Robert was late. MORE tomorrow.",  # "Rob" is not "Robert"
        "NO MORE DEALS, the sign said.",
        "Jane Doe met Jane Doe Smith at the hall; more later.",
    ):
        assert strip_hover_bios(text) == (text, [])


def test_related_asides_and_capitals_headlines():
    text, removed = strip_related_asides(f"{BODY} (RELATED: Mayor Says Roads Will Be Fixed By Spring)")
    assert text == BODY and removed == ["(RELATED: Mayor Says Roads Will Be Fixed By Spring)"]
    assert capitals_headline("MAYOR SAYS THE ROADS WILL BE FIXED BY SPRING")
    assert capitals_headline("FLOODED ROADS: WHAT TO KNOW")
    assert not capitals_headline("NEXT STEPS, LIKELY HEADACHES")  # a section heading
    assert not capitals_headline("JANE DOE, HOST:")  # a transcript's speaker
    assert not capitals_headline("THE COUNCIL VOTED ON THE LEVY FOR THE ROADS.")  # a sentence
    assert not capitals_headline("The mayor says the roads will be fixed by spring")


def test_clean_article_drops_pasted_furniture():
    raw = "\n\n".join([
        "Roads levy passes",
        f"“It will pass,” Sen. Jane Doe Jane Quincy DoeSenate passes roads bill MORE (D-Ore.) said. {BODY}",
        "MAYOR SAYS THE ROADS WILL BE FIXED BY SPRING, AND MORE",
        f"{BODY} (RELATED: Mayor Says Roads Will Be Fixed)",
        "READ MORE:",
        "Why the Levy Passed",
        "Advertisement",
        "Five Roads the Council Will Fix First",
        f"Work starts in May. {BODY}",
        "NEXT STEPS FOR THE CITY",
        BODY,
    ])
    cleaned = clean_article(raw)
    assert cleaned.paragraphs == [
        f"“It will pass,” Sen. Jane Doe (D-Ore.) said. {BODY}",
        BODY,
        f"Work starts in May. {BODY}",
        "NEXT STEPS FOR THE CITY",  # a short capitals line is a section heading
        BODY,
    ]
    kinds = cleaned.removed_kinds
    assert kinds.count("hover bio") == 1 and kinds.count("related headline") == 4
    assert (3, "NEXT STEPS FOR THE CITY") in cleaned.sections

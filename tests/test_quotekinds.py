"""Quote kinds (titles and terms are not speech) and the one quote count behind the figures.

The articles here are invented for the tests.
"""

from __future__ import annotations

import pandas as pd
import pytest

from framescope.actors.mentions import find_mentions
from framescope.actors.quotekinds import DIRECT, TERM, TITLE, UNNAMED, count_quotes, is_quote, quote_kind
from framescope.actors.quotes import find_quotes, find_speech
from framescope.analysis.figure_tables import UNATTRIBUTED, speaker_quotes, voice_shares
from framescope.commands.features import voices
from framescope.figures.actors import actors_overview


def kinds(text: str) -> dict[str, str]:
    return {q["text"]: q["kind"] for q in find_quotes(text, find_mentions(text))}


def test_speech_stays_direct():
    text = (
        "“We will finish the bridge by spring,” Mayor Jane Okafor said on Tuesday.\n\n"
        "Okafor called the old crossing “a danger to every family in town” and said the council "
        "had been “far too patient.”\n\n"
        "Council member Tom Reyes said the plan was “unworkable”."
    )
    found = kinds(text)
    assert found["We will finish the bridge by spring"] == DIRECT
    assert found["a danger to every family in town"] == DIRECT
    assert found["unworkable"] == DIRECT  # one word, but someone says it


def test_titles_and_terms_are_not_speech():
    text = (
        "The city's budget office published a report on Monday.\n\n"
        "A new group, “The Riverside Budget Alliance,” announced plans to oppose the levy.\n\n"
        "The county has six “senior” engineers, and critics fear a so-called “paper shield” for the agency.\n\n"
        "The guide, “How the Levy Works,” ran to twelve pages."
    )
    found = kinds(text)
    assert found["The Riverside Budget Alliance"] == TITLE
    assert found["senior"] == TERM
    assert found["paper shield"] == TERM
    assert found["How the Levy Works"] == TITLE


def test_a_title_or_term_has_no_speaker():
    text = "The road, known as “the long mile,” climbs for an hour."
    (q,) = find_quotes(text, find_mentions(text))
    assert q["kind"] == TERM and q["speaker"] is None and q["cue"] is None


@pytest.mark.parametrize("span, before, speaker, cue, kind", [
    ("Yes, probably", "the answer is ", None, None, DIRECT),  # not title case
    ("Stop The Count!", "the crowd chanted ", None, None, DIRECT),  # an exclamation is said
    ("NO MORE DEALS", "he wrote ", None, None, DIRECT),  # capitals: shouted, not a title
    ("Night Desk", "appeared on ", "Jane Okafor", "said", TITLE),  # a named speaker, but "on" a show
    ("Night Desk", "told ", "Jane Okafor", "said", DIRECT),  # title case alone with a speaker: speech
    ("hoax", "called it a ", "Jane Okafor", "called", DIRECT),
])
def test_quote_kind_signals(span, before, speaker, cue, kind):
    text = before + "“" + span + "” later."
    start = len(before) + 1
    assert quote_kind(text, {"start": start, "end": start + len(span), "speaker": speaker, "cue": cue}) == kind


def test_count_quotes_counts_direct_quotes_only():
    counts = count_quotes(["A", None, "A", "B", "A"], ["direct", "direct", "indirect", "title", "direct"], [3, 4, 10, 2, 5])
    assert counts == {"A": [2, 8], UNNAMED: [1, 4]}
    assert is_quote("direct") and not any(map(is_quote, ["indirect", "title", "term", None]))


STORY = (
    "“The levy will pass,” Mayor Jane Okafor said. “We have the votes.”\n\n"
    "Okafor said the council would meet on Friday. Tom Reyes said the plan was rushed.\n\n"
    "“It is a mistake,” Reyes said. A spokesman said the figures were “under review.”\n\n"
    "The plan, known as “Fair Roads First,” was drafted last year."
)


def test_actors_figure_and_share_of_voice_count_quotes_alike(tmp_path):
    mentions = find_mentions(STORY)
    speech = find_speech(STORY, mentions)
    assert {q["kind"] for q in speech} >= {"direct", "indirect", "term"}
    quotes = pd.DataFrame(speech).assign(article_id="s1")
    shares = voice_shares(pd.DataFrame(voices("s1", speech, {})))
    from_quotes = speaker_quotes(quotes).set_index("speaker")
    from_voices = shares.set_index("speaker")
    for speaker in from_quotes.index:
        assert from_quotes.loc[speaker, "n_quotes"] == from_voices.loc[speaker, "n_quotes"]
        assert from_quotes.loc[speaker, "n_words"] == from_voices.loc[speaker, "n_words"]
    assert from_quotes.loc["Jane Okafor", "n_quotes"] == 2  # her reported speech is not a quote
    assert UNATTRIBUTED == UNNAMED and UNNAMED in from_voices.index  # the spokesman

    m = pd.DataFrame(mentions)[["actor", "actor_type"]]
    paths = actors_overview(pd.DataFrame(), m, quotes, tmp_path / "actors")
    drawn = pd.read_csv(paths[-1]).set_index("actor")
    assert drawn.loc["Jane Okafor", "quotes"] == from_voices.loc["Jane Okafor", "n_quotes"]
    assert "Direct quotes" in paths[1].read_text()


@pytest.mark.parametrize("text, span, kind", [
    ('Anna Kowal said any "Phase 1" agreement would be narrow.', "Phase 1", TITLE),
    ("The claim won the paper’s 2017 “Lie of the Year.”", "Lie of the Year.", TITLE),
    ('The council passed a plan for a "community safety" model of policing.', "community safety", TERM),
    ('The photo by Anna Kowal shows a "diamond ring" shape in the sky.', "diamond ring", TERM),
    ('The board had harsh words for him: he is a “uniquely awful” figure.', "uniquely awful", DIRECT),
    ('Anna Kowal said the firm would conduct a "major review" of its rules.', "major review", DIRECT),
])
def test_a_label_before_a_noun_is_a_name_not_speech(text, span, kind):
    assert kinds(text)[span] == kind


@pytest.mark.parametrize("text, span, kind", [
    ('The mayor has long fought the "open checkbook" that lets contractors bill twice.', "open checkbook", TERM),
    ('The court named a retired judge as a "keeper of the record" for the case.', "keeper of the record", TERM),
    ('Critics sneer at the "coastal elite."', "coastal elite.", TERM),
    ('Neighbours said the man was "deeply confused."', "deeply confused.", DIRECT),
    ('The mayor said the city needs a "real plan" on housing.', "real plan", DIRECT),
    ('He is remembered for the promise that "we will rebuild" the pier.', "we will rebuild", DIRECT),
])
def test_an_unattributed_phrase_after_a_determiner_is_a_term(text, span, kind):
    assert kinds(text)[span] == kind


@pytest.mark.parametrize("text, span, kind", [
    ('Workers earning more could be considered "middle management."', "middle management.", TERM),
    ('Pundits often describe the sale of the port to the fund as "asset stripping."', "asset stripping.", TERM),
    ('Anna Kowal described the sale as "a betrayal of the town."', "a betrayal of the town.", DIRECT),
])
def test_a_span_after_a_verb_of_classing_is_a_term(text, span, kind):
    assert kinds(text)[span] == kind


@pytest.mark.parametrize("text, span, kind", [
    ('You would never know it from "kinetic events," "service members" and "overseas work."',
     "service members", TERM),
    ('Marchers chanted "we will not leave," and "no justice."', "we will not leave", DIRECT),
])
def test_a_short_phrase_in_a_list_of_quoted_phrases_is_a_term(text, span, kind):
    assert kinds(text)[span] == kind

"""Language identification of articles (examples written for the purpose)."""

from framescope.text.language import UNDETERMINED, detect_language

TEXTS = {
    "en": "The city council voted on Tuesday to expand the bus network, saying that commuters had waited "
          "long enough for a service that reaches the new housing estates on the edge of town.",
    "de": "Der Stadtrat hat am Dienstag beschlossen, das Busnetz auszubauen, weil die Pendler lange genug "
          "auf eine Verbindung zu den neuen Wohnsiedlungen am Stadtrand gewartet haben.",
    "fr": "Le conseil municipal a voté mardi l'extension du réseau de bus, estimant que les usagers avaient "
          "assez attendu un service qui desserve les nouveaux quartiers en bordure de la ville.",
    "it": "Il consiglio comunale ha votato martedì l'ampliamento della rete degli autobus, sostenendo che i "
          "pendolari avevano aspettato abbastanza un servizio che raggiunga i nuovi quartieri.",
    "pl": "Rada miasta zagłosowała we wtorek za rozbudową sieci autobusowej, twierdząc, że mieszkańcy "
          "wystarczająco długo czekali na połączenie z nowymi osiedlami na obrzeżach miasta.",
    "ru": "Городской совет во вторник проголосовал за расширение автобусной сети, заявив, что жители "
          "достаточно долго ждали маршрута до новых жилых кварталов на окраине города.",
}


def test_each_of_the_six_languages_is_recognised_with_confidence():
    for code, text in TEXTS.items():
        found = detect_language(text)
        assert (found.code, found.note) == (code, None), (code, found)
        assert 0.9 <= found.confidence <= 1


def test_too_little_text_is_undetermined_with_a_note():
    for text in ("", "   ", "AP — 12/02"):
        found = detect_language(text)
        assert found.code == UNDETERMINED and found.confidence == 0 and "undetermined" in found.note


def test_a_text_in_two_languages_is_noted_as_mixed():
    # an English report quoting a German statement at length (blocks of about 600 characters)
    english, german = "\n".join([TEXTS["en"]] * 4), "\n".join([TEXTS["de"]] * 4)
    found = detect_language("\n".join((english, german, english)))
    assert found.code == "en" and found.note.startswith("mixed language") and "de" in found.note


def test_the_same_text_gives_the_same_answer():
    assert detect_language(TEXTS["pl"]) == detect_language(TEXTS["pl"])


def test_one_short_foreign_quote_does_not_make_an_article_mixed():
    article = "\n".join([TEXTS["en"]] * 12 + [TEXTS["fr"]] + [TEXTS["en"]] * 12)
    assert detect_language(article) == (detect_language(article).code, detect_language(article).confidence, None)
    assert detect_language(article).code == "en"


# --- routing: ingest records each article's language, stages skip what they were not made for


def _items(texts: dict[str, str]):
    from framescope.corpus.read import Item

    return [Item(source=f"{i}.txt", article_id=i, record={"text": t, "title": None}, reason=None,
                 encoding="utf-8")
            for i, t in texts.items()]


def test_ingest_detects_each_articles_language_and_notes_what_it_cannot_tell():
    from framescope.corpus.ingest import ingest_items

    texts = {**{f"a-{code}": f"{text}\n\n{text}" for code, text in TEXTS.items()}, "a-short": "Ja. Nein."}
    articles, _, _ = ingest_items(_items(texts), language="auto")
    got = dict(zip(articles["article_id"], articles["language"]))
    assert got == {**{f"a-{code}": code for code in TEXTS}, "a-short": UNDETERMINED}
    confidence = dict(zip(articles["article_id"], articles["language_confidence"]))
    assert all(confidence[f"a-{code}"] > 0.9 for code in TEXTS) and confidence["a-short"] == 0
    notes = dict(zip(articles["article_id"], articles["notes"]))
    assert any("undetermined" in n for n in notes["a-short"]) and not any(notes["a-de"])


def test_a_language_given_in_the_config_is_given_to_every_article():
    from framescope.corpus.ingest import ingest_items

    articles, _, _ = ingest_items(_items({"x": TEXTS["de"]}), language="en")
    assert articles["language"].tolist() == ["en"] and articles["language_confidence"].isna().all()


def test_skip_reasons_name_the_stage_the_language_and_what_the_stage_was_made_for():
    from framescope.base.languages import skip_reason, skip_reasons

    assert skip_reason("en", ["en"], "sentiment") == ""
    assert skip_reason("de", ["en"], "sentiment") == "sentiment: article in German (de); made for English (en)"
    assert "undetermined" in skip_reason(UNDETERMINED, ["en", "fr"], "frames")
    assert skip_reason("xx", ["en"], "s") == "s: article in xx; made for English (en)"
    assert skip_reasons(["en", "ru", "en"], ["en"], "s") == ["", "s: article in Russian (ru); made for English (en)", ""]


def test_skipped_articles_keep_a_row_with_the_reason_and_no_scores():
    import numpy as np
    import pandas as pd

    from framescope.sentiment.model import article_sentiment, with_skipped

    scores = pd.DataFrame({"article_id": ["a", "a"], "sent_id": [0, 1], "vader_compound": [0.5, -0.5],
                           "model_label": ["positive", "neutral"], "p_negative": [0.1, 0.2],
                           "p_neutral": [0.2, 0.6], "p_positive": [0.7, 0.2], "tone": [0.6, 0.0]})
    table = with_skipped(article_sentiment(scores), {"b": "sentiment: article in German (de); made for English (en)"})
    assert table["article_id"].tolist() == ["a", "b"]
    assert table["skipped"].tolist() == ["", "sentiment: article in German (de); made for English (en)"]
    assert table.loc[1, "n_sentences"] == 0 and np.isnan(table.loc[1, "tone_mean"])
    assert with_skipped(article_sentiment(scores.iloc[:0]), {"b": "why"})["skipped"].tolist() == ["why"]


def test_the_summary_counts_skipped_articles_by_table_and_reason(tmp_path):
    import pandas as pd

    from framescope.commands.summary import skipped_articles

    pd.DataFrame({"article_id": ["a", "b", "c"], "skipped": ["", "why", "why"]}).to_parquet(tmp_path / "t.parquet")
    pd.DataFrame({"article_id": ["a"]}).to_parquet(tmp_path / "u.parquet")
    assert skipped_articles(tmp_path) == {"t": {"why": 2}}

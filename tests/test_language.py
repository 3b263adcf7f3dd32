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

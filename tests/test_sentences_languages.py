"""Sentence splitting outside English: abbreviations, ordinals, quote marks and dialogue dashes per language."""

from __future__ import annotations

import pytest

from framescope.text.sentences import rules_for, split_sentences


def texts(text: str, language: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text, language)]


@pytest.mark.parametrize(
    "language, text, expected",
    [
        # French: titles, "p. ex.", spaced guillemets and spaced punctuation
        ("fr", "M. Dupré a rencontré Mme Laval hier. Le maire était absent.",
         ["M. Dupré a rencontré Mme Laval hier.", "Le maire était absent."]),
        ("fr", "Certaines villes, p. ex. Lyon, ont réagi. D'autres non.",
         ["Certaines villes, p. ex. Lyon, ont réagi.", "D'autres non."]),
        ("fr", "Il a dit\u00a0: «\u00a0C'est fini.\u00a0» Puis il est parti. Pourquoi\u00a0? Personne ne sait.",
         ["Il a dit\u00a0: «\u00a0C'est fini.\u00a0»", "Puis il est parti.", "Pourquoi\u00a0?", "Personne ne sait."]),
        ("fr", "La séance est levée. «\u00a0Nous reviendrons\u00a0», promet le maire.",
         ["La séance est levée.", "«\u00a0Nous reviendrons\u00a0», promet le maire."]),
        # German: "z. B.", "Dr.", "Nr.", "bzw.", ordinals, „ “ quotes
        ("de", "Viele Städte, z. B. Köln bzw. Bonn, sparen. Dr. Weber widerspricht.",
         ["Viele Städte, z. B. Köln bzw. Bonn, sparen.", "Dr. Weber widerspricht."]),
        ("de", "Die Wahl findet am 3. Oktober statt. Das Gesetz Nr. 12 gilt ab dem 1. Januar.",
         ["Die Wahl findet am 3. Oktober statt.", "Das Gesetz Nr. 12 gilt ab dem 1. Januar."]),
        ("de", "Er sagte: „Wir sind bereit.“ Dann ging er. Im 20. Jahrhundert war das anders.",
         ["Er sagte: „Wir sind bereit.“", "Dann ging er.", "Im 20. Jahrhundert war das anders."]),
        ("de", "Der Verein wurde Dritter. Er kam auf Platz 3. Die Fans jubelten.",
         ["Der Verein wurde Dritter.", "Er kam auf Platz 3.", "Die Fans jubelten."]),
        # Italian
        ("it", "Il Sig. Bianchi e la Dott.ssa Neri sono arrivati. Poi è iniziata la seduta.",
         ["Il Sig. Bianchi e la Dott.ssa Neri sono arrivati.", "Poi è iniziata la seduta."]),
        ("it", "Servono fondi, strade, scuole ecc. Il governo tace.",
         ["Servono fondi, strade, scuole ecc.", "Il governo tace."]),
        # Polish
        ("pl", "Przyjechali m.in. prof. Nowak i dr Zielińska. Spotkanie trwało godzinę.",
         ["Przyjechali m.in. prof. Nowak i dr Zielińska.", "Spotkanie trwało godzinę."]),
        ("pl", "Chodzi np. o tzw. Zielony Ład. W 2020 r. Polska go poparła.",
         ["Chodzi np. o tzw. Zielony Ład.", "W 2020 r. Polska go poparła."]),
        ("pl", "Zakończyło się w 2019 r. Wtedy nikt nie protestował.",
         ["Zakończyło się w 2019 r.", "Wtedy nikt nie protestował."]),
        # Russian: "т. е.", "г.", "им.", initials, dialogue dash
        ("ru", "Встреча прошла в Москве, т. е. в столице. Об этом сообщил В. В. Иванов.",
         ["Встреча прошла в Москве, т. е. в столице.", "Об этом сообщил В. В. Иванов."]),
        ("ru", "Театр им. Пушкина открылся в 1950 г. в центре города. Зал был полон.",
         ["Театр им. Пушкина открылся в 1950 г. в центре города.", "Зал был полон."]),
        ("ru", "— Мы не уйдём, — сказал он. — Это наш город.",
         ["— Мы не уйдём, — сказал он.", "— Это наш город."]),
        ("ru", "Указ подписал В.В. Путин. Он вступит в силу завтра.",
         ["Указ подписал В.В. Путин.", "Он вступит в силу завтра."]),
        ("pl", "Pełnomocnik ds. Zdrowia i minister ds. Unii Europejskiej. Ceny wzrosły o 5 proc. W tym roku więcej.",
         ["Pełnomocnik ds. Zdrowia i minister ds. Unii Europejskiej.", "Ceny wzrosły o 5 proc.",
          "W tym roku więcej."]),
        ("ru", "Были яблоки, груши и т. д. Потом всё кончилось.",
         ["Были яблоки, груши и т. д.", "Потом всё кончилось."]),
    ],
)
def test_language_rules(language, text, expected):
    assert texts(text, language) == expected


def test_english_is_the_default_and_none_is_english():
    text = "Mr. Hale met Dr. Ruiz. He left."
    assert split_sentences(text) == split_sentences(text, "en") == split_sentences(text, None)


def test_language_without_rules_gets_generic_ones():
    assert rules_for("es").strong == frozenset() and not rules_for("es").english
    assert rules_for("und") == rules_for("und")
    # no abbreviation lists: a period ends a sentence, initials stay with their name
    assert texts("La reunión terminó. J. Pérez se fue.", "es") == ["La reunión terminó.", "J. Pérez se fue."]
    assert texts("Hola. Adiós.", "Not a code!") == ["Hola.", "Adiós."]


def test_offsets_are_spans_of_the_text():
    text = "«\u00a0Oui\u00a0», dit-il. — Non. Il part.\n\nZ. B. heute."
    for language in ("fr", "de", "it", "pl", "ru", "xx"):
        previous = 0
        for s in split_sentences(text, language):
            piece = text[s.start : s.end]
            assert piece == piece.strip() and s.start >= previous
            previous = s.end


def test_a_paragraph_ending_in_a_german_quote_is_body_text_not_a_heading():
    from framescope.corpus.clean import clean_article

    raw = ("Streit um Haushalt\n\nFinanzminister Christian Lindner erklärte: „Die Schuldenbremse gilt.“\n\n"
           "„Daran ändert sich nichts“, sagte er vor Journalisten in Berlin am späten Abend.")
    assert clean_article(raw).sections == []

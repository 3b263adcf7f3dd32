"""Quotes and speakers in French, German, Italian, Polish and Russian (framescope.actors.speakers).

Every example is a short news-like text written for this test.
"""

from __future__ import annotations

import pytest

from framescope.actors.conventions import SPEECH_LANGUAGES, speech_skip_reason
from framescope.actors.mentions import find_mentions
from framescope.actors.quotes import find_quotes, find_speech
from framescope.actors.speakers import find_quotes_in

KEYS = {"start", "end", "text", "speaker", "speaker_type", "speaker_surface", "cue", "kind", "n_words"}


def found(text, language):
    return [(q["text"], q["speaker"]) for q in find_quotes_in(text, language)]


CASES = {
    "fr": [
        # speaker after, inverted, with office and place taken off
        ("« Nous ne céderons pas », a déclaré le ministre de l'Intérieur Gérald Darmanin lundi à Paris.",
         [("Nous ne céderons pas", "Gérald Darmanin")]),
        # speaker before, colon, non-breaking spaces inside the guillemets
        ("Emmanuel Macron a affirmé\u00a0: «\u00a0La France restera aux côtés de l'Ukraine.\u00a0»",
         [("La France restera aux côtés de l'Ukraine.", "Emmanuel Macron")]),
        # inversion with a pronoun: the last person named
        ("La maire de Lille, Martine Aubry, était présente. « C'est une erreur », a-t-elle ajouté.",
         [("C'est une erreur", "Martine Aubry")]),
        ("Le président Emmanuel Macron a reçu Olaf Scholz. « Nous avançons », dit-il.",
         [("Nous avançons", "Olaf Scholz")]),
        # according to
        ("Selon le porte-parole du Kremlin, Dmitri Peskov, « rien n'est décidé ».",
         [("rien n'est décidé", "Dmitri Peskov")]),
        ("« Les négociations reprendront mardi », selon l'AFP.",
         [("Les négociations reprendront mardi", "AFP")]),
        # dialogue dash
        ("— Nous reviendrons, a promis Jean Dupont.\n\n— La ville nous attend, a-t-il ajouté.",
         [("Nous reviendrons", "Jean Dupont"), ("La ville nous attend", "Jean Dupont")]),
        # an unnamed speaker
        ("« Le dossier est clos », a indiqué un porte-parole du ministère.", [("Le dossier est clos", None)]),
    ],
    "de": [
        ("„Wir schaffen das“, sagte Merkel am Montag in Berlin.", [("Wir schaffen das", "Merkel")]),
        ("Dazu sagte Bundeskanzler Olaf Scholz: „Wir stehen fest an der Seite der Ukraine.“",
         [("Wir stehen fest an der Seite der Ukraine.", "Olaf Scholz")]),
        ("Innenministerin Nancy Faeser erklärte: „Die Lage ist ernst.“", [("Die Lage ist ernst.", "Nancy Faeser")]),
        ("„Das ist inakzeptabel“, so CDU-Chef Friedrich Merz.", [("Das ist inakzeptabel", "Friedrich Merz")]),
        ("Laut Regierungssprecher Steffen Hebestreit „gibt es keine Pläne“.",
         [("gibt es keine Pläne", "Steffen Hebestreit")]),
        # » « reversed guillemets, and a pronoun after the verb
        ("Annalena Baerbock reiste nach Kiew. »Wir bleiben an Ihrer Seite«, sagte sie dort.",
         [("Wir bleiben an Ihrer Seite", "Annalena Baerbock")]),
        # an unnamed speaker: a spokesman of a ministry
        ("„Die Gespräche laufen“, sagte ein Sprecher des Auswärtigen Amtes.", [("Die Gespräche laufen", None)]),
    ],
    "it": [
        ("«Non ci fermeremo», ha detto il premier Giorgia Meloni.", [("Non ci fermeremo", "Giorgia Meloni")]),
        ("Il ministro Matteo Salvini ha dichiarato: «Il ponte si farà».", [("Il ponte si farà", "Matteo Salvini")]),
        ("Secondo Sergio Mattarella, «la Costituzione va rispettata».",
         [("la Costituzione va rispettata", "Sergio Mattarella")]),
        # a verb without a subject: the last person named
        ("Elly Schlein ha parlato a Bologna. «È il momento di cambiare», ha aggiunto.",
         [("È il momento di cambiare", "Elly Schlein")]),
        ("“Siamo pronti al dialogo”, ha spiegato Antonio Tajani ai giornalisti.",
         [("Siamo pronti al dialogo", "Antonio Tajani")]),
        ("— Non lasceremo nessuno indietro, — ha detto Mario Draghi.",
         [("Non lasceremo nessuno indietro", "Mario Draghi")]),
    ],
    "pl": [
        ("„Nie ustąpimy” – powiedział premier Donald Tusk.", [("Nie ustąpimy", "Donald Tusk")]),
        ("Prezydent Andrzej Duda stwierdził: „To jest dzień historyczny”.",
         [("To jest dzień historyczny", "Andrzej Duda")]),
        ("Według Tuska „rząd działa sprawnie”. Donald Tusk przemawiał w Sejmie.",
         [("rząd działa sprawnie", "Donald Tusk")]),
        # the verb's ending says a woman speaks: the last woman named, not the last man
        ("Anna Nowak rozmawiała z Janem Kowalskim. „Jestem zadowolona” – powiedziała.",
         [("Jestem zadowolona", "Anna Nowak")]),
        ("– Sytuacja jest poważna – oświadczył rzecznik rządu Piotr Müller.",
         [("Sytuacja jest poważna", "Piotr Müller")]),
        ("„Nie ma zagrożenia” – podała PAP.", [("Nie ma zagrożenia", "PAP")]),
    ],
    "ru": [
        ("«Мы не отступим», — заявил президент России Владимир Путин.", [("Мы не отступим", "Владимир Путин")]),
        ("Министр иностранных дел России Сергей Лавров сказал: «Переговоры возможны».",
         [("Переговоры возможны", "Сергей Лавров")]),
        # "according to" with the name in the genitive: one speaker, named as the subject names him
        ("Владимир Путин выступил в Кремле. По словам Путина, «ситуация под контролем».",
         [("ситуация под контролем", "Владимир Путин")]),
        # dialogue dashes: two stretches of speech, one speaker
        ("— Мы не уйдём, — сказал Сергей Шойгу. — Это наш город.",
         [("Мы не уйдём", "Сергей Шойгу"), ("Это наш город.", "Сергей Шойгу")]),
        # feminine verb: the last woman named
        ("Мария Захарова ответила Джону Кирби. «Это ложь», — сказала она.", [("Это ложь", "Мария Захарова")]),
        ("«Удары продолжаются», — сообщило ТАСС.", [("Удары продолжаются", "ТАСС")]),
        ("«Решение принято», — передаёт ТАСС.", [("Решение принято", "ТАСС")]),
        ("«Мы готовы», — заявил представитель Кремля.", [("Мы готовы", None)]),
    ],
}


@pytest.mark.parametrize("language, text, expected",
                         [(lang, t, e) for lang, cases in CASES.items() for t, e in cases])
def test_quotes_and_speakers(language, text, expected):
    assert found(text, language) == expected


@pytest.mark.parametrize("language, text, expected", [
    ("fr", "Le Premier ministre Michel Barnier a pris la parole : « Nous tiendrons nos engagements.\n\n"
           "« Le budget sera présenté la semaine prochaine. »\n\nLa séance a été levée.",
     [("Nous tiendrons nos engagements.\n\n« Le budget sera présenté la semaine prochaine.", "Michel Barnier")]),
    ("de", "„Wir sind bereit“, sagte Robert Habeck.\n\n„Aber wir brauchen mehr Zeit.“",
     [("Wir sind bereit", "Robert Habeck"), ("Aber wir brauchen mehr Zeit.", "Robert Habeck")]),
    ("it", "«La riforma è pronta», ha detto Carlo Nordio. «La presenteremo a marzo.»",
     [("La riforma è pronta", "Carlo Nordio"), ("La presenteremo a marzo.", "Carlo Nordio")]),
    ("pl", "„Nie zgadzamy się” – powiedział Jarosław Kaczyński.\n\n„Będziemy głosować przeciw”.",
     [("Nie zgadzamy się", "Jarosław Kaczyński"), ("Będziemy głosować przeciw", "Jarosław Kaczyński")]),
    ("ru", "«Экономика растёт», — заявил Михаил Мишустин.\n\n«Инфляция замедлилась».",
     [("Экономика растёт", "Михаил Мишустин"), ("Инфляция замедлилась", "Михаил Мишустин")]),
])
def test_paragraphs_continue_the_speaker(language, text, expected):
    assert found(text, language) == expected


def test_rows_have_the_english_keys_and_offsets():
    text = "« Nous avançons », a déclaré Élisabeth Borne. Puis : « Rien n'est joué. »"
    for q in find_quotes_in(text, "fr"):
        assert set(q) == KEYS and q["kind"] == "direct"
        assert text[q["start"]:q["end"]] == q["text"]
    assert find_quotes_in(text, "fr")[0]["cue"] == "a déclaré"


def test_quote_finder_takes_the_language():
    text = "„Wir schaffen das“, sagte Merkel."
    german = find_speech(text, [], language="de")
    assert [(q["text"], q["speaker"]) for q in german] == [("Wir schaffen das", "Merkel")]
    assert find_quotes(text, [], language="de") == german
    # a language without rules: nothing, and a reason
    assert find_speech("«Hola», dijo María.", [], language="es") == []
    assert speech_skip_reason("es") == "quotes: no quote rules for language 'es'"
    assert speech_skip_reason("und") == "quotes: language undetermined"
    assert all(speech_skip_reason(lang) == "" for lang in ("en", *SPEECH_LANGUAGES))


def test_english_is_the_default():
    text = '"We will win," said Mr. Hale, the mayor.'
    mentions = find_mentions(text)
    assert find_speech(text, mentions) == find_speech(text, mentions, language="en")


def test_dashes_that_are_not_speech():
    # a list bullet and a dash as punctuation are not quotes
    text = "Les mesures :\n\n— baisse des impôts\n\nLa Russie — premier fournisseur — a réagi."
    assert found(text, "fr") == [("baisse des impôts", None)]
    assert found("– wzrost cen o 5 proc.\n\n– spadek bezrobocia", "pl") == []


def test_features_stage_reads_each_article_in_its_language():
    import pandas as pd

    from framescope.commands.features import extract
    from framescope.text.sentences import split_sentences

    texts = {"de1": "„Wir schaffen das“, sagte Angela Merkel.",
             "es1": "«Ganaremos», dijo María López.",
             "en1": '"We will win," said Mr. Hale.'}
    languages = {"de1": "de", "es1": "es", "en1": "en"}
    ids = sorted(texts)
    articles = pd.DataFrame({"article_id": ids, "text": [texts[a] for a in ids],
                             "language": [languages[a] for a in ids]})
    sentences = pd.DataFrame([{"article_id": a, "sent_id": k, "start": s.start, "end": s.end}
                              for a in ids for k, s in enumerate(split_sentences(texts[a], languages[a]))])
    _, quotes, features, _ = extract(articles, sentences)
    assert dict(zip(quotes["article_id"], quotes["speaker"])) == {"de1": "Angela Merkel", "en1": "Hale"}
    skipped = dict(zip(features["article_id"], features["skipped"]))
    assert skipped == {"de1": "", "en1": "", "es1": "quotes: no quote rules for language 'es'"}


@pytest.mark.parametrize("language, text, expected", [
    ("fr", "Le ministre Bruno Le Maire a déclaré :\n\n« La croissance sera au rendez-vous. »",
     [("La croissance sera au rendez-vous.", "Bruno Le Maire")]),
    ("de", "Das sagt die Vorsitzende Janine Wissler:\n\n„Wir bleiben dabei.“\n\n„Und zwar geschlossen.“",
     [("Wir bleiben dabei.", "Janine Wissler"), ("Und zwar geschlossen.", "Janine Wissler")]),
    ("ru", "Глава МИД Сергей Лавров заявил:\n\n«Мы открыты для диалога».",
     [("Мы открыты для диалога", "Сергей Лавров")]),
])
def test_a_colon_at_the_end_of_a_paragraph_introduces_the_next(language, text, expected):
    assert found(text, language) == expected


def test_reflexive_verbs():
    assert found("« Rien ne change », se désole Claire Martin.", "fr") == [("Rien ne change", "Claire Martin")]


@pytest.mark.parametrize("language, text, expected", [
    # a pronoun in "according to"
    ("ru", "Сергей Шойгу провёл совещание. По его словам, «задачи выполнены».",
     [("задачи выполнены", "Сергей Шойгу")]),
    ("pl", "Beata Szydło zabrała głos. Według niej „to był błąd”.", [("to był błąd", "Beata Szydło")]),
    # words of manner between the quote and the verb
    ("ru", "«Это провал», — с сарказмом написал Евгений Петров.", [("Это провал", "Евгений Петров")]),
    # the subject before the verb, not the object after it
    ("ru", "Генерал Иван Петров призвал НАТО отказаться от «политики эскалации».",
     [("политики эскалации", "Иван Петров")]),
])
def test_more_patterns(language, text, expected):
    assert found(text, language) == expected


def test_honorifics_and_initials_do_not_end_a_name():
    text = "« Nous devons agir », déclare M. Pompeo. « Nous le ferons », ajoute-t-il ensuite."
    assert found(text, "fr") == [("Nous devons agir", "Pompeo"), ("Nous le ferons", "Pompeo")]


def test_a_pronoun_points_to_a_person_rather_than_an_institution_named_like_one():
    text = ("Le ministre Jean Castex a rencontré le Conseil Constitutionnel. "
            "« Nous respecterons la décision », a-t-il déclaré.")
    assert found(text, "fr") == [("Nous respecterons la décision", "Jean Castex")]


@pytest.mark.parametrize("language, text, expected", [
    ("ru", "«Переговоров не будет», — сообщил журналистам Дмитрий Песков.",
     [("Переговоров не будет", "Дмитрий Песков")]),
    ("pl", "„To skandal” – skomentował na Twitterze Michał Nowicki.", [("To skandal", "Michał Nowicki")]),
    # a name in Cyrillic does not run on into a Latin one
    ("ru", "«Санкции не работают», — пишет колумнист Fox News Дуглас Мюррей.",
     [("Санкции не работают", "Дуглас Мюррей")]),
])
def test_phrases_between_verb_and_speaker(language, text, expected):
    assert found(text, language) == expected


def test_a_verb_without_subject_points_to_a_person_not_an_institution():
    text = ("Posłanka Katarzyna Kotula odwiedziła Oddział Ginekologii szpitala.\n\n"
            "– Nikt nie odpowiedział na nasze pytania – mówiła na konferencji prasowej posłanka Katarzyna Kotula.\n\n"
            "„To jest skandal” – dodała.")
    assert found(text, "pl") == [("Nikt nie odpowiedział na nasze pytania", "Katarzyna Kotula"),
                                 ("To jest skandal", "Katarzyna Kotula")]


@pytest.mark.parametrize("language, text, expected", [
    ("ru", "В понедельник Путин заявил: «Мы готовы к переговорам».", [("Мы готовы к переговорам", "Путин")]),
    ("pl", "Posłanka Anna Zalewska zabrała głos. O projekcie w Sejmie mówiła, że „jest zły”.",
     [("jest zły", "Anna Zalewska")]),
])
def test_the_object_of_a_preposition_is_not_the_subject(language, text, expected):
    assert found(text, language) == expected


def test_a_capital_that_only_starts_a_sentence_is_no_name():
    text = "Greta sama uruchomiła akcję w obronie klimatu. Autorka pisze: „Nie ma czasu”."
    assert found(text, "pl") == [("Nie ma czasu", None)]
    # German: a first word that is not a known first name is dropped from a name at a sentence's start
    assert found("Robert Habeck schrieb ein Buch. Sowohl Habeck sagte: „Das reicht nicht.“", "de") == [
        ("Das reicht nicht.", "Robert Habeck")]


def test_french_inversion_with_an_adverb():
    text = "Le député Éric Coquerel a protesté. « Le logo ne peut pas servir ainsi », avait-il également affirmé."
    assert found(text, "fr") == [("Le logo ne peut pas servir ainsi", "Éric Coquerel")]

"""Case-note sentence splitting: abbreviations, bullets, SOEP lines, quotes, wrapped lines."""

from nlp.language import blank_pipeline, sentence_texts

PIPELINE = blank_pipeline()


def split(text: str) -> list[str]:
    return sentence_texts(PIPELINE, [text])[0]


def test_abbreviations_do_not_end_sentences():
    sentences = split(
        "Gesprek met mw. Yilmaz en dhr. J. de Vries i.o.m. de GI. Afgesproken n.a.v. het verslag dat "
        "pv ca. 3 min. mag bellen."
    )
    assert sentences == [
        "Gesprek met mw. Yilmaz en dhr. J. de Vries i.o.m. de GI.",
        "Afgesproken n.a.v. het verslag dat pv ca. 3 min. mag bellen.",
    ]


def test_abbreviation_at_sentence_end_before_capital_ends_sentence():
    assert split("Het telefoontje duurde 3 min. Daarna ging hij slapen.") == [
        "Het telefoontje duurde 3 min.",
        "Daarna ging hij slapen.",
    ]


def test_bullets_headers_and_soep_lines_are_sentences():
    text = (
        "Huisbezoek 14-3 om 14.00 uur\nS: Moeder vertelt dat hij slecht slaapt.\nO: Noah (4) zat op schoot.\n"
        "Afspraken:\n- eet goed\n- slaapt door\n• school bellen"
    )
    assert split(text) == [
        "Huisbezoek 14-3 om 14.00 uur",
        "S: Moeder vertelt dat hij slecht slaapt.",
        "O: Noah (4) zat op schoot.",
        "Afspraken:",
        "- eet goed",
        "- slaapt door",
        "• school bellen",
    ]


def test_quoted_speech_stays_in_its_sentence():
    assert split('Hij riep "ik wil naar huis!" en rende weg. "Nee!" Daarna sliep hij.') == [
        'Hij riep "ik wil naar huis!" en rende weg.',
        '"Nee!"',
        "Daarna sliep hij.",
    ]
    assert split('Mw. lacht en zegt "zo groot?", en Elif straalt.') == [
        'Mw. lacht en zegt "zo groot?", en Elif straalt.'
    ]


def test_wrapped_long_line_is_joined_but_short_lines_are_not():
    wrapped = (
        "Pleegmoeder vertelt dat Sem de afgelopen weken veel beter slaapt en dat hij\nniet meer zo vaak wakker wordt."
    )
    assert len(split(wrapped)) == 1
    assert split("gesprek met moeder\nmoeder vertelt over school") == [
        "gesprek met moeder",
        "moeder vertelt over school",
    ]


def test_missing_capital_after_period_still_splits():
    assert split("ivm ziekte verzet. daarna belde ze terug.") == ["ivm ziekte verzet.", "daarna belde ze terug."]

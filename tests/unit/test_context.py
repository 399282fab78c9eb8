"""Negation, change, persistence and hedge scopes in Dutch case-note sentences."""

import pytest

from nlp.context import CHANGE, CONTEXT_SPANS_KEY, HEDGE, NEGATION, PERSISTENCE


def scopes(base_pipeline, text: str) -> list[tuple[str, str]]:
    doc = base_pipeline(text)
    return [(span.label_, span.text) for span in doc.spans[CONTEXT_SPANS_KEY]]


def test_denied_problem_marks_negation_and_change(base_pipeline):
    found = scopes(base_pipeline, "Er zijn geen driftbuien meer.")
    assert (NEGATION, "geen driftbuien meer") in found
    assert any(label == CHANGE for label, _ in found)


def test_niet_reaches_back_to_the_verb_and_stops_at_maar(base_pipeline):
    found = scopes(base_pipeline, "Noah slaapt nog steeds niet door, maar eet wel goed.")
    negations = [text for label, text in found if label == NEGATION]
    assert negations and "slaapt" in negations[0] and "eet" not in negations[0]
    assert any(label == PERSISTENCE for label, _ in found)


@pytest.mark.parametrize("text", ["Moeder lijkt erg gespannen.", "Mogelijk speelt angst een rol."])
def test_hedges_are_marked(base_pipeline, text):
    assert any(label == HEDGE for label, _ in scopes(base_pipeline, text))


def test_plain_sentence_has_no_context(base_pipeline):
    assert scopes(base_pipeline, "Sem speelde met de treinbaan op de grond.") == []

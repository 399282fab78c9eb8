"""The shared feature function: lemmas, negation marks, masked names, subject cues."""

from nlp.features import doc_features
from nlp.tagger import Lexicon


def features(base_pipeline, text: str) -> tuple[str, str]:
    doc = base_pipeline(text)
    return doc_features(doc, Lexicon(base_pipeline), whole=True)[0][2]


def test_lemmas_and_negated_lemmas(base_pipeline):
    words, cues = features(base_pipeline, "Hij sliep niet door en huilde veel.")
    tokens = words
    assert "slapen" in tokens and "neg_slapen" in tokens
    assert "huilen" in tokens and "neg_huilen" not in tokens
    assert "ctx_negatie" in cues


def test_names_and_numbers_are_masked(base_pipeline):
    words, cues = features(base_pipeline, "Noah (4) zocht troost bij Fatima.")
    tokens = words
    assert "_naam_" in tokens and "_num_" in tokens
    assert "noah" not in tokens and "fatima" not in tokens
    assert "start_kind" in cues


def test_parent_subject_and_reported_speech(base_pipeline):
    _, cues = features(base_pipeline, "Pleegmoeder vertelt dat Sem beter slaapt.")
    assert {"start_ouder", "verslag", "verslag_kind"} <= set(cues)
    _, cues = features(base_pipeline, "Vader reageert niet als zij huilt.")
    assert "start_ouder" in cues and "verslag" not in cues


def test_same_text_same_features(base_pipeline):
    text = "mw. geeft aan dat ze geen grenzen durft te stellen"
    assert features(base_pipeline, text) == features(base_pipeline, text)

"""Reproducible generation of corpus sentences from cue templates."""

from training.generate import fill, frame, generate, generate_none, label_of_cue

TEMPLATES = {
    "B1-kind:eet-slaapproblemen": [
        "{kind} wordt 's nachts huilend wakker en {hij} wil dan niet terug in {zijn} bed",
        "{Ouder} vertelt dat {kind} bijna niets eet",
    ],
    "B3+ouder:frustratie": [
        "{Ouder} bleef rustig naast {kind} zitten toen de toren omviel en liet {hem} het zelf opnieuw proberen"
    ],
}


def test_same_seed_same_sentences_and_other_seed_differs():
    first = list(generate(TEMPLATES, 5, seed=3, exclude=set()))
    again = list(generate(TEMPLATES, 5, seed=3, exclude=set()))
    other = list(generate(TEMPLATES, 5, seed=4, exclude=set()))
    assert first == again
    assert [e.text for e in first] != [e.text for e in other]


def test_generated_examples_carry_label_subject_and_cue():
    for example in generate(TEMPLATES, 3, seed=1, exclude=set()):
        label, subject = label_of_cue(example.cue)
        assert (example.label, example.subject) == (label, subject)
        assert "{" not in example.text and "}" not in example.text
        assert example.origin.startswith("generated:")


def test_excluded_texts_are_not_generated():
    made = {e.text.lower() for e in generate(TEMPLATES, 4, seed=2, exclude=set())}
    again = {e.text.lower() for e in generate(TEMPLATES, 4, seed=2, exclude=made)}
    assert not made & again


def test_fill_agrees_pronouns_with_the_child():
    text = fill("{kind} zocht {ouder} op en {hij} pakte {zijn} knuffel", ("Aya", "v"), ("pleegvader", "zijn"))
    assert text == "Aya zocht pleegvader op en zij pakte haar knuffel"


def test_frame_ends_like_a_note_sentence():
    import random

    rng = random.Random(0)
    for _ in range(50):
        sentence = frame("Noah slaapt inmiddels door", rng)
        assert sentence.endswith(".") or sentence.startswith("- ")


def test_none_sentences_are_none():
    examples = list(generate_none(30, seed=5, exclude=set()))
    assert len(examples) == 30
    assert all(e.label == "none" and e.subject is None for e in examples)

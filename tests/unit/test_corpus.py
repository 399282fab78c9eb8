"""The shipped corpus and development set: valid, large enough, and kept apart."""

import json
from collections import Counter
from pathlib import Path

import pytest

from nlp.knowledge import load_knowledge
from nlp.scheme import LABELS, NONE
from training.corpus import CorpusError, read_examples, read_notes
from training.train import development_examples, load_config, training_examples

ROOT = Path(__file__).resolve().parents[2]


def test_training_corpus_meets_the_class_minimums():
    examples = training_examples(load_config())
    counts = Counter(e.label for e in examples)
    assert counts[NONE] >= 3000
    for label in LABELS:
        if label != NONE:
            assert counts[label] >= 300, label
            subjects = Counter(e.subject for e in examples if e.label == label)
            assert subjects["kind"] > 0 and subjects["ouder"] > 0, label


def test_every_tagged_training_example_names_a_known_cue():
    cue_ids = set(load_knowledge().cue_ids())
    for example in training_examples(load_config()):
        if example.label != NONE:
            assert example.cue in cue_ids, example.cue
            assert example.cue.startswith(f"{example.label}{example.subject}:")


def test_development_set_is_large_and_shares_no_sentence_with_training():
    config = load_config()
    notes = [n for p in config["data"]["development"] for n in read_notes(ROOT / p)]
    assert len(notes) >= 30
    dev = development_examples(config)
    assert len(dev) >= 400
    train_texts = {" ".join(e.text.lower().split()) for e in training_examples(config)}
    # Headers such as "Afspraken:" or "S:" occur in every note; anything longer must not.
    overlap = [e.text for e in dev if len(e.text.split()) >= 4 and " ".join(e.text.lower().split()) in train_texts]
    assert overlap == [], f"development sentences also in training: {overlap}"


def test_generated_corpus_file_is_reproducible():
    from training.scoring import generated_examples

    config = load_config()
    stored = read_examples(ROOT / config["data"]["generated"])
    assert [(e.text, e.label, e.subject, e.cue) for e in stored] == [
        (e.text, e.label, e.subject, e.cue) for e in generated_examples(config)
    ]


def test_malformed_training_file_is_refused_with_its_line(tmp_path):
    path = tmp_path / "team.jsonl"
    path.write_text(
        json.dumps({"text": "Sem slaapt door.", "label": "B1+", "subject": "kind"})
        + "\n"
        + json.dumps({"text": "Sem huilt.", "label": "B9-", "subject": "kind"})
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(CorpusError, match=r"team.jsonl:2: unknown label"):
        read_examples(path)


def test_malformed_notes_file_is_refused_with_its_line(tmp_path):
    path = tmp_path / "notes.jsonl"
    good = {"id": "n1", "sentences": [{"text": "Sem zocht troost bij pm.", "label": "B2+", "subject": "kind"}]}
    path.write_text(json.dumps(good) + "\n" + json.dumps({"sentences": "kapot"}) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"notes.jsonl:2: a note needs an 'id'"):
        read_notes(path)
    path.write_text(json.dumps({"id": "n2", "sentences": [{"label": "none"}]}) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"notes.jsonl:1 sentence 0: needs a 'text'"):
        read_notes(path)

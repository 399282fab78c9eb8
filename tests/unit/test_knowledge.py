"""The knowledge base points at the exact source passages it quotes."""

from nlp.knowledge import fold_whitespace, load_knowledge
from nlp.scheme import BLOCKS, LABELS, NONE, SUBJECTS
from training.knowledge_offsets import iter_passages, locate


def test_every_passage_offset_points_at_its_quote():
    import json

    from nlp.knowledge import KNOWLEDGE_PATH, SOURCE_DIR

    knowledge = json.loads(KNOWLEDGE_PATH.read_text(encoding="utf-8"))
    checked = 0
    for passage in iter_passages(knowledge):
        text = (SOURCE_DIR / passage["file"]).read_text(encoding="utf-8")
        assert fold_whitespace(text[passage["start"] : passage["end"]]) == passage["quote"], passage
        checked += 1
    assert checked > 150


def test_every_label_and_subject_has_an_entry_with_cues():
    kb = load_knowledge()
    for label in LABELS:
        if label == NONE:
            continue
        for subject in SUBJECTS:
            entry = kb.entry(label, subject)
            assert entry.cues, (label, subject)
            assert entry.title.startswith(f"Bouwsteen {label[1]} · ")
            assert subject in entry.title
    assert set(kb.attitudes) == set(BLOCKS)
    assert {c.id for c in kb.conditions} == {"sensitief-reageren", "continuiteit", "mentaliseren"}


def test_cue_ids_are_unique_and_name_their_entry():
    kb = load_knowledge()
    ids = kb.cue_ids()
    assert len(ids) == len(set(ids))
    for (label, subject), entry in kb.entries.items():
        assert all(c.id.startswith(f"{label}{subject}:") for c in entry.cues)


def test_paragraph_contains_passage_and_more():
    kb = load_knowledge()
    cue = kb.cue("B1-kind:eet-slaapproblemen")
    paragraph = kb.paragraph(cue.passage)
    assert cue.passage.quote in paragraph
    assert len(paragraph) > len(cue.passage.quote)


def test_locate_tolerates_line_breaks_and_rejects_absent_quotes():
    text = "Het kind klampt zich \n\nvast aan  de ouder."
    start, end = locate("klampt zich vast aan de ouder.", text)
    assert text[start:end].startswith("klampt") and text[start:end].endswith("ouder.")
    try:
        locate("slaapt de hele nacht door", text)
    except ValueError as error:
        assert "not found" in str(error)
    else:
        raise AssertionError("a missing quote must raise")


def test_shipped_sources_are_the_seeds_unchanged():
    from pathlib import Path

    from nlp.knowledge import SOURCE_DIR

    seeds = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    if not seeds.exists():
        import pytest

        pytest.skip("shared/seeds not beside the checkout")
    for seed in seeds.glob("*.txt"):
        assert (SOURCE_DIR / seed.name).read_bytes() == seed.read_bytes()

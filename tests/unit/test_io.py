"""Reading notes: encodings, binary files, empty and oversized input, languages."""

import json

import pytest

from nlp.io import MAX_NOTE_BYTES, InputError, NoteText, decode, iter_notes, looks_dutch, read_bytes_note

NOTE = "Pleegmoeder vertelt dat Daan sinds de zomer beter slaapt en minder snel boos wordt."


def test_utf8_bom_cp1252_and_utf16_decode_to_the_same_text():
    text = "Moeder was gespannen; Zoë huilde bij het afscheid."
    for data in (text.encode("utf-8"), text.encode("utf-8-sig"), text.encode("cp1252"), text.encode("utf-16")):
        assert decode(data, "n") == text


def test_binary_and_empty_and_huge_inputs_are_refused_with_a_reason():
    with pytest.raises(InputError, match="binary"):
        read_bytes_note(b"%PDF-1.4\x00\x01\x02binary", "scan.pdf")
    with pytest.raises(InputError, match="empty"):
        read_bytes_note(b"  \n\t\n", "leeg.txt")
    huge = (NOTE + "\n").encode() * (5_000_000 // len(NOTE))
    with pytest.raises(InputError, match="MB"):
        read_bytes_note(huge, "groot.txt")
    assert len(huge) > MAX_NOTE_BYTES


def test_error_messages_never_quote_the_note():
    with pytest.raises(InputError) as error:
        read_bytes_note(b"\x00" + NOTE.encode(), "geheim.txt")
    assert "Daan" not in str(error.value)


def test_line_endings_are_normalised():
    assert read_bytes_note(b"regel een\r\nregel twee\r", "n").text == "regel een\nregel twee\n"


def test_folder_jsonl_and_missing_paths_yield_notes_and_errors(tmp_path):
    (tmp_path / "a.txt").write_text(NOTE, encoding="utf-8")
    (tmp_path / "kapot.txt").write_bytes(b"\x00\x01\x02")
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        json.dumps({"id": "n1", "text": NOTE}) + "\n{kapot\n" + json.dumps({"id": "n2", "text": ""}) + "\n",
        encoding="utf-8",
    )
    items = list(iter_notes([str(tmp_path), str(tmp_path / "bestaat-niet.txt")]))
    notes = [i for i in items if isinstance(i, NoteText)]
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert sorted(n.id for n in notes) == [str(tmp_path / "a.txt"), "n1"]
    assert any("binary" in e for e in errors)
    assert any("batch.jsonl:2" in e and "JSON" in e for e in errors)
    assert any("empty" in e for e in errors)
    assert any("no such file" in e for e in errors)


def test_dutch_detection():
    assert looks_dutch(NOTE + " Hij speelt graag buiten met de kinderen van de buren en komt op tijd thuis.")
    assert not looks_dutch(
        "The foster mother reports that the child sleeps better and is less often angry "
        "since the summer holidays, and school is going well."
    )

"""Which files an audit reads, and the notes inside tables of notes."""

from __future__ import annotations

import json

import pytest

from nlp.casefiles import collect_files, read_case_file
from nlp.io import InputError

NOTE_A = "Moeder vertelt dat Daan (3) sinds de verhuizing weer bij haar in bed slaapt."
NOTE_B = "Afspraak met school verzet naar 14 april; vader brengt het rapport mee."


def test_collect_files_walks_folders_keeps_audit_types_and_skips_hidden(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "1.txt").write_text(NOTE_A, encoding="utf-8")
    (tmp_path / "a" / "2.docx").write_bytes(b"")
    (tmp_path / "a" / "foto.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / ".resume").mkdir()
    (tmp_path / ".resume" / "x.jsonl").write_text("{}", encoding="utf-8")
    (tmp_path / "b.csv").write_text("id,text\n", encoding="utf-8")
    files, missing = collect_files([tmp_path, tmp_path / "a" / "1.txt", tmp_path / "weg"])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["a/1.txt", "a/2.docx", "b.csv"]
    assert missing == [f"{tmp_path / 'weg'}: no such file or folder"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_rows_become_notes_with_their_ids_and_bad_rows_are_reported_by_line(delimiter):
    quoted = f'"{NOTE_A}"'
    lines = [
        delimiter.join(["id", "datum", "Tekst"]),
        delimiter.join(["d-01", "2026-03-02", quoted]),
        delimiter.join(["d-02", "2026-03-09", '"   "']),
        delimiter.join(["d-03", "2026-03-16", f'"{NOTE_B}"']),
    ]
    case = read_case_file(("\n".join(lines) + "\n").encode("cp1252"), "map/notities.csv")
    assert [(n.id, n.text) for n in case.notes] == [
        ("map/notities.csv#d-01", NOTE_A),
        ("map/notities.csv#d-03", NOTE_B),
    ]
    assert case.problems == ["map/notities.csv:3: empty, nothing to tag"]


def test_jsonl_rows_and_a_table_without_text_column():
    lines = [json.dumps({"id": "o-1", "text": NOTE_A}), "niet json", json.dumps({"id": "o-2"})]
    case = read_case_file("\n".join(lines).encode(), "overdracht.jsonl")
    assert [n.id for n in case.notes] == ["overdracht.jsonl#o-1"]
    assert len(case.problems) == 2 and all(NOTE_A not in p for p in case.problems)
    with pytest.raises(InputError) as error:
        read_case_file(b"id;datum\n1;2026-01-01\n", "zonder-tekst.csv")
    assert error.value.reason == "bad_record"
    with pytest.raises(InputError) as error:
        read_case_file(b"", "leeg.jsonl")
    assert error.value.reason == "empty"

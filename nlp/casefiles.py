"""Case files for an audit: which files to read, and the notes in each.

A case file is a document with one note (.txt, .md, .docx, .pdf) or a table of notes
(.csv with a header, .jsonl with ``{"id", "text"}`` lines). Reading never raises for a
single bad row: the row is reported by number, never quoted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from nlp.io import InputError, NoteText, check_text, csv_table, decode, jsonl_notes, read_document

NOTE_SUFFIXES = frozenset({".txt", ".md", ".text", ".docx", ".pdf"})
TABLE_SUFFIXES = frozenset({".csv", ".jsonl"})
AUDIT_SUFFIXES = NOTE_SUFFIXES | TABLE_SUFFIXES
MAX_TABLE_BYTES = 200_000_000
ID_COLUMNS = ("id", "note_id", "notitie_id", "nr")
TEXT_COLUMNS = ("text", "tekst", "verslag", "notitie", "note")


@dataclass(frozen=True)
class CaseFile:
    """The notes read from one file, and the rows that could not be used."""

    path: str
    notes: list[NoteText]
    problems: list[str] = field(default_factory=list)


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Files to audit under the given files and folders (recursively), sorted and unique.

    Returns
    -------
    tuple
        The files, and one message per path that does not exist.
    """
    found: dict[Path, None] = {}
    missing = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in AUDIT_SUFFIXES and not _hidden(child, path):
                    found[child] = None
        elif path.is_file():
            found[path] = None
        else:
            missing.append(f"{path}: no such file or folder")
    return list(found), missing


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _table_rows(data: bytes, name: str) -> tuple[list[NoteText], list[str]]:
    reader, columns = csv_table(decode(data, name))
    text_column = next((columns[c] for c in TEXT_COLUMNS if c in columns), None)
    if text_column is None:
        raise InputError(f"{name}: no text column (one of {', '.join(TEXT_COLUMNS)})", "bad_record")
    id_column = next((columns[c] for c in ID_COLUMNS if c in columns), None)
    notes, problems = [], []
    for number, row in enumerate(reader, start=2):
        where = f"{name}:{number}"
        value = row.get(text_column)
        try:
            note_text = check_text(value or "", where)
        except InputError as error:
            problems.append(str(error))
            continue
        note_id = (row.get(id_column) or "").strip() if id_column else ""
        notes.append(NoteText(f"{name}#{note_id or number}", note_text))
    return notes, problems


def _jsonl_rows(data: bytes, name: str) -> tuple[list[NoteText], list[str]]:
    notes, problems = [], []
    for item in jsonl_notes(decode(data, name), name):
        if isinstance(item, InputError):
            problems.append(str(item))
        else:
            # a line without an id already carries "name:line"; keep ids unique per file
            note_id = item.id.rsplit(":", 1)[1] if item.id.startswith(f"{name}:") else item.id
            notes.append(NoteText(f"{name}#{note_id}", item.text))
    return notes, problems


def read_case_file(data: bytes, name: str) -> CaseFile:
    """The notes in one case file.

    Parameters
    ----------
    data
        The file's bytes.
    name
        The file's name as reports show it (its suffix picks the reader). Notes from a
        table get the id ``name#row-id``.

    Raises
    ------
    InputError
        When the file as a whole cannot be read or holds no usable note.
    """
    suffix = Path(name).suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        note = read_document(data, name)
        return CaseFile(name, [note])
    if len(data) > MAX_TABLE_BYTES:
        raise InputError(f"{name}: {len(data) / 1e6:.0f} MB is more than a table of notes may be", "too_large")
    notes, problems = _table_rows(data, name) if suffix == ".csv" else _jsonl_rows(data, name)
    if not notes:
        raise InputError(f"{name}: no usable note in {len(problems)} row(s)", "empty" if not problems else "bad_record")
    return CaseFile(name, notes, problems)

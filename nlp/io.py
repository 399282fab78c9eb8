"""Read notes from files and streams: decoding, limits and clear refusals.

Every reader returns :class:`NoteText` items or raises :class:`InputError` with a
one-line reason that never quotes the note's content.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

MAX_NOTE_BYTES = 2_000_000
REASONS = frozenset(
    {
        "missing",  # the path does not exist
        "empty",  # nothing but white space
        "binary",  # not text at all
        "encoding",  # text in an encoding we do not read
        "too_large",  # over the size a note may have
        "bad_record",  # a line of a batch file that is not a usable record
        "unsupported",  # a file type we do not read
        "encrypted",  # a password-protected document
        "no_text",  # a document without a text layer, e.g. a scanned PDF
        "corrupt",  # a damaged document
        "unreadable",  # anything else the operating system refuses
    }
)
TEXT_SUFFIXES = frozenset({".txt", ".md", ".text", ""})
FOLDER_SUFFIXES = TEXT_SUFFIXES | {".docx", ".pdf", ".jsonl"}
_ENCODINGS = ("utf-8-sig", "cp1252")
# Function words of one language only (shared ones such as "in" and "is" left out).
_DUTCH_WORDS = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "van",
        "dat",
        "niet",
        "op",
        "te",
        "met",
        "zijn",
        "hij",
        "zij",
        "ze",
        "voor",
        "er",
        "aan",
        "ook",
        "als",
        "bij",
        "om",
        "maar",
        "dan",
        "nog",
        "wel",
        "naar",
        "heeft",
        "wordt",
        "door",
        "kan",
        "haar",
        "hem",
        "geen",
        "moeder",
        "vader",
        "kind",
    ]
)
_OTHER_WORDS = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "that",
        "it",
        "for",
        "with",
        "he",
        "she",
        "his",
        "her",
        "are",
        "be",
        "this",
        "on",
        "not",
        "you",
        "they",
        "from",
        "have",
        "der",
        "die",
        "das",
        "und",
        "nicht",
        "ist",
        "mit",
        "sie",
        "ein",
        "eine",
        "les",
        "des",
        "et",
        "est",
        "une",
        "pour",
        "dans",
        "que",
    ]
)
_WORD = re.compile(r"[^\W\d_]+")


class InputError(ValueError):
    """Input that cannot be tagged; the message is one line and quotes no note text.

    Parameters
    ----------
    message
        The one-line English message for the CLI and logs.
    reason
        A stable code (one of :data:`REASONS`) that views translate into their own words.
    """

    def __init__(self, message: str, reason: str = "unreadable") -> None:
        super().__init__(message)
        self.reason = reason if reason in REASONS else "unreadable"


@dataclass(frozen=True)
class NoteText:
    """One note to tag: an id (path or record id) and its text."""

    id: str
    text: str


def decode(data: bytes, name: str) -> str:
    """Decode note bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252.

    Raises
    ------
    InputError
        For binary data, or text that no supported encoding reads.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{name}: not readable as UTF-16 text", "encoding") from None
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary file, not text", "binary")
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
        if controls > max(8, len(text[:8192]) // 100):
            raise InputError(f"{name}: binary file, not text", "binary")
        return text
    raise InputError(f"{name}: unknown text encoding (expected UTF-8 or Windows-1252)", "encoding")


def check_text(text: str, name: str) -> str:
    """Normalise line ends and refuse empty or oversized text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{name}: empty, nothing to tag", "empty")
    if len(text.encode("utf-8")) > MAX_NOTE_BYTES:
        mb = len(text.encode("utf-8")) / 1e6
        raise InputError(
            f"{name}: {mb:.1f} MB is more than the {MAX_NOTE_BYTES / 1e6:.0f} MB a note may be; split it", "too_large"
        )
    return text


def looks_dutch(text: str) -> bool:
    """Whether a text reads as Dutch (short texts are given the benefit of the doubt)."""
    words = _WORD.findall(text.lower()[:20000])
    if len(words) < 12:
        return True
    dutch = sum(w in _DUTCH_WORDS for w in words)
    other = sum(w in _OTHER_WORDS for w in words)
    return dutch > other and dutch / len(words) >= 0.05


def read_bytes_note(data: bytes, name: str) -> NoteText:
    """A note from raw bytes."""
    if len(data) > MAX_NOTE_BYTES * 4:
        raise InputError(f"{name}: {len(data) / 1e6:.1f} MB is more than a note may be", "too_large")
    return NoteText(name, check_text(decode(data, name), name))


def read_document(data: bytes, name: str) -> NoteText:
    """A note from a file's bytes, by its suffix: Word, PDF, or else plain text.

    Parameters
    ----------
    data
        The file's bytes.
    name
        The file's name; its suffix picks the reader.

    Raises
    ------
    InputError
        When no text can be taken from the file.
    """
    suffix = Path(name).suffix.lower()
    if suffix in {".docx", ".pdf"}:
        from nlp.documents import docx_text, pdf_text  # optional readers, loaded on demand

        text = docx_text(data, name) if suffix == ".docx" else pdf_text(data, name)
        return NoteText(name, check_text(text, name))
    return read_bytes_note(data, name)


def json_lines(text: str, name: str) -> Iterator[tuple[str, dict[str, Any] | str]]:
    """Each non-empty line of a JSONL text as ``(where, record)``.

    ``where`` is ``name:line``; a line that is not a JSON object comes as ``(where, reason)``
    with a reason that never quotes the line.
    """
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield where, f"not valid JSON ({error.msg})"
            continue
        yield (where, record) if isinstance(record, dict) else (where, "not a JSON object")


def jsonl_notes(text: str, name: str) -> Iterator[NoteText | InputError]:
    """Notes from JSONL text of ``{"id": …, "text": …}`` lines; a bad line yields an error.

    A line without an id gets ``name:line`` as its id.
    """
    for where, record in json_lines(text, name):
        if isinstance(record, str):
            yield InputError(f"{where}: {record}", "bad_record")
            continue
        if not isinstance(record.get("text"), str):
            yield InputError(f"{where}: needs a 'text' string", "bad_record")
            continue
        note_id = str(record.get("id", where))
        try:
            yield NoteText(note_id, check_text(record["text"], where))
        except InputError as error:
            yield error


def read_jsonl_notes(path: Path) -> Iterator[NoteText | InputError]:
    """Notes from a JSONL file (see :func:`jsonl_notes`)."""
    yield from jsonl_notes(decode(path.read_bytes(), str(path)), str(path))


def csv_table(text: str) -> tuple[csv.DictReader, dict[str, str]]:
    """A CSV reader for text with a header (``,`` ``;`` or tab, sniffed) and its columns by lower-case name."""
    try:
        dialect = csv.Sniffer().sniff(text[:20000], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    return reader, {(c or "").strip().lower(): c for c in reader.fieldnames or []}


def iter_notes(paths: list[str]) -> Iterator[NoteText | InputError]:
    """Notes from paths: files, folders (recursively), ``.jsonl`` batches or ``-`` for stdin.

    A path that cannot be read yields an :class:`InputError` instead of a note, so one
    bad file never stops a batch.
    """
    for raw in paths:
        if raw == "-":
            try:
                yield read_bytes_note(sys.stdin.buffer.read(), "stdin")
            except InputError as error:
                yield error
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FOLDER_SUFFIXES)
            if not files:
                yield InputError(f"{path}: folder has no .txt, .md, .docx, .pdf or .jsonl files", "missing")
            yield from iter_notes([str(p) for p in files])
            continue
        if not path.exists():
            yield InputError(f"{path}: no such file", "missing")
            continue
        try:
            if path.suffix.lower() == ".jsonl":
                yield from read_jsonl_notes(path)
            else:
                yield read_document(path.read_bytes(), str(path))
        except InputError as error:
            yield error
        except OSError as error:
            yield InputError(f"{path}: cannot read ({error.strerror})")


@contextmanager
def atomic_file(path: Path) -> Iterator[TextIO]:
    """Write a UTF-8 text file atomically: readers see the old file or the whole new one.

    The text goes to a hidden temporary file beside ``path``, which replaces ``path`` only
    when writing finished; after a failure the temporary file is removed and ``path`` is
    untouched.
    """
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("w", encoding="utf-8") as handle:
            yield handle
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_text_atomic(path: Path, text: str) -> None:
    """Replace a UTF-8 text file atomically (see :func:`atomic_file`)."""
    with atomic_file(path) as handle:
        handle.write(text)

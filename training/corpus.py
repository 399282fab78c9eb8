"""Read and validate labelled examples and development notes."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlp.io import json_lines
from nlp.scheme import LABELS, NONE, SUBJECTS


class CorpusError(ValueError):
    """A labelled-data file is malformed; the message names the file and line."""


@dataclass(frozen=True)
class Example:
    """One labelled sentence."""

    text: str
    label: str
    subject: str | None
    cue: str | None = None
    origin: str = ""
    note: str | None = None
    alt: str | None = None  # an equally defensible second label (labels.md rule 4)


@dataclass(frozen=True)
class Note:
    """A development note: its text and its labelled sentences with character offsets."""

    id: str
    text: str
    sentences: tuple[tuple[int, int, Example], ...]


def _check(label: object, subject: object, where: str) -> None:
    if label not in LABELS:
        raise CorpusError(f"{where}: unknown label {label!r}")
    if label == NONE and subject not in (None, ""):
        raise CorpusError(f"{where}: label none must have no subject, got {subject!r}")
    if label != NONE and subject not in SUBJECTS:
        raise CorpusError(f"{where}: subject must be 'kind' or 'ouder', got {subject!r}")


def _records(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """The JSON records of a JSONL file, raising :class:`CorpusError` at the first bad line."""
    for where, record in json_lines(Path(path).read_text(encoding="utf-8"), str(path)):
        if isinstance(record, str):
            raise CorpusError(f"{where}: {record}")
        yield where, record


def read_examples(path: Path) -> list[Example]:
    """Read a JSONL file of ``{"text", "label", "subject", "cue"}`` records.

    Raises
    ------
    CorpusError
        On the first malformed line, naming file and line number (never the text).
    """
    examples = []
    for where, record in _records(path):
        if not isinstance(record.get("text"), str) or not record["text"].strip():
            raise CorpusError(f"{where}: needs a non-empty 'text'")
        subject = record.get("subject") or None
        _check(record.get("label"), subject, where)
        examples.append(
            Example(
                record["text"].strip(),
                record["label"],
                subject,
                record.get("cue"),
                record.get("origin") or str(path.name),
            )
        )
    return examples


def read_examples_dir(directory: Path) -> list[Example]:
    """Read every ``*.jsonl`` file in a folder, in name order."""
    return [example for path in sorted(Path(directory).glob("*.jsonl")) for example in read_examples(path)]


def read_notes(path: Path) -> list[Note]:
    """Read labelled notes (one JSON note per line with its ``id`` and ``sentences``)."""
    notes = []
    for where, record in _records(path):
        if not isinstance(record.get("id"), str) or not isinstance(record.get("sentences"), list):
            raise CorpusError(f"{where}: a note needs an 'id' and a list of 'sentences'")
        text = ""
        sentences = []
        for index, sentence in enumerate(record["sentences"]):
            if not isinstance(sentence, dict) or not isinstance(sentence.get("text"), str):
                raise CorpusError(f"{where} sentence {index}: needs a 'text'")
            subject = sentence.get("subject") or None
            _check(sentence.get("label"), subject, f"{where} sentence {index}")
            start = len(text)
            text += sentence["text"]
            alt = sentence.get("alt") if sentence.get("alt") in LABELS else None
            example = Example(
                sentence["text"],
                sentence["label"],
                subject,
                sentence.get("cue"),
                origin=path.name,
                note=record["id"],
                alt=alt,
            )
            sentences.append((start, len(text), example))
            text += sentence.get("sep", " ")
        notes.append(Note(record["id"], text, tuple(sentences)))
    return notes


def read_notes_dir(directory: Path) -> list[Note]:
    """Read every ``*.jsonl`` notes file in a folder, in name order."""
    return [note for path in sorted(Path(directory).glob("*.jsonl")) for note in read_notes(path)]


def note_examples(notes: Iterable[Note]) -> list[Example]:
    """All labelled sentences of some notes, in order."""
    return [example for note in notes for _, _, example in note.sentences]


def data_hash(examples: Iterable[Example]) -> str:
    """sha256 over the examples' text, label and subject, in order."""
    digest = hashlib.sha256()
    for example in examples:
        digest.update(f"{example.text}\t{example.label}\t{example.subject or ''}\n".encode())
    return digest.hexdigest()


def write_examples(path: Path, examples: Iterable[Example]) -> int:
    """Write examples as JSONL; return how many."""
    count = 0
    with Path(path).open("w", encoding="utf-8") as handle:
        for example in examples:
            record = {
                "text": example.text,
                "label": example.label,
                "subject": example.subject,
                "cue": example.cue,
                "origin": example.origin,
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count

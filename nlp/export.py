"""Downloads of a tagged note: tags as CSV/JSON, reviewed sentences as labelled data.

CSV cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, tab or carriage return) are neutralised with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TAG_COLUMNS = (
    "nr",
    "start",
    "end",
    "text",
    "label",
    "block",
    "pole",
    "subject",
    "score",
    "source_file",
    "source_start",
    "source_end",
    "source_title",
    "corrected",
)
LABELLED_COLUMNS = ("text", "label", "subject", "note")


def safe_cell(value: Any) -> Any:
    """A CSV cell that no spreadsheet runs as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """Rows as CSV with a header, every cell formula-safe."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: safe_cell("" if row.get(k) is None else row.get(k)) for k in columns})
    return buffer.getvalue()


def flat_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """A sentence record for a table: its ``source`` spread over ``source_file``, ``source_start``,
    ``source_end`` and ``source_title`` (empty for a sentence without a block)."""
    source = record.get("source") or {}
    return {
        **{k: v for k, v in record.items() if k != "source"},
        "source_file": source.get("file"),
        "source_start": source.get("start"),
        "source_end": source.get("end"),
        "source_title": source.get("title"),
    }


def tags_csv(records: Iterable[Mapping[str, Any]]) -> str:
    """All sentences of a note with their (corrected) tags, as CSV."""
    return csv_text(TAG_COLUMNS, ({**flat_record(r), "corrected": "ja" if r.get("corrected") else ""} for r in records))


def tags_json(note_id: str, records: Iterable[Mapping[str, Any]], model: Mapping[str, Any]) -> str:
    """All sentences of a note with their (corrected) tags, as one JSON document."""
    keep = ("nr", "start", "end", "text", "label", "block", "pole", "subject", "score", "source", "corrected")
    document = {"note": note_id, "model": dict(model), "sentences": [{k: r.get(k) for k in keep} for r in records]}
    return json.dumps(document, ensure_ascii=False, indent=2)


def labelled_rows(
    records: Iterable[Mapping[str, Any]], note_id: str, include_unreviewed: bool = False
) -> list[dict[str, Any]]:
    """Sentences as labelled data (``text, label, subject, note``), as retraining reads them.

    Parameters
    ----------
    records
        Numbered records, corrections applied.
    note_id
        The note the sentences come from (keeps a note's sentences together when splitting).
    include_unreviewed
        Also include sentences the reviewer left as the model tagged them.
    """
    return [
        {"text": r["text"], "label": r["label"], "subject": r["subject"], "note": note_id}
        for r in records
        if include_unreviewed or r.get("corrected")
    ]


def labelled_jsonl(rows: Iterable[Mapping[str, Any]]) -> str:
    """Labelled rows as JSON lines."""
    return "".join(json.dumps({k: row[k] for k in LABELLED_COLUMNS}, ensure_ascii=False) + "\n" for row in rows)


def labelled_csv(rows: Iterable[Mapping[str, Any]]) -> str:
    """Labelled rows as CSV (formula-safe)."""
    return csv_text(LABELLED_COLUMNS, rows)

"""Turn tagged docs into flat records: the one output schema of CLI, app and audit."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from nlp.tagger import SPANS_KEY

FIELDS = ("note", "start", "end", "text", "label", "block", "pole", "subject", "score", "source")


def doc_records(doc: Doc, note_id: str) -> list[dict[str, Any]]:
    """One record per sentence of a tagged doc, in order.

    Returns
    -------
    list of dict
        ``{"note", "start", "end", "text", "label", "block", "pole", "subject", "score",
        "source": {"file", "start", "end", "title"} | None}`` with character offsets into
        the note.
    """
    records = []
    for span in doc.spans[SPANS_KEY]:
        source = span._.source
        records.append({
            "note": note_id,
            "start": span.start_char,
            "end": span.end_char,
            "text": span.text,
            "label": span.label_,
            "block": span._.block,
            "pole": span._.pole,
            "subject": span._.subject,
            "score": span._.score,
            "source": None if source is None else {
                "file": source["file"], "start": source["start"], "end": source["end"], "title": source["title"],
            },
        })
    return records

"""Turn tagged docs into flat records: the one output schema of CLI, app and audit."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from nlp.language import doc_text
from nlp.scheme import LABELS, parse_label
from nlp.tagger import EXT_DOC_RESULTS, TagResult

_TAGS = {label: parse_label(label) for label in LABELS}


def doc_records(doc: Doc, note_id: str, text: str | None = None) -> list[dict[str, Any]]:
    """One record per sentence of a tagged doc, in order.

    Parameters
    ----------
    doc
        A doc tagged by the Bouwsteen pipeline.
    note_id
        The id the records carry (a path or a record id).
    text
        The note text the doc was made from, when the caller has it (saves rebuilding it).

    Returns
    -------
    list of dict
        ``{"note", "start", "end", "text", "label", "block", "pole", "subject", "score",
        "source": {"file", "start", "end", "title"} | None}`` with character offsets into
        the note.
    """
    text = doc_text(doc) if text is None else text
    results: dict[tuple[int, int], TagResult] = doc._.get(EXT_DOC_RESULTS)
    return [_record(result, note_id, text) for result in results.values()]  # in sentence order, as the spans


def _record(result: TagResult, note_id: str, text: str) -> dict[str, Any]:
    source = result.source
    tag = _TAGS[result.label]
    return {
        "note": note_id,
        "start": (start := result.start_char),
        "end": (end := result.end_char),
        "text": text[start:end],
        "label": result.label,
        "block": tag.block,
        "pole": tag.pole,
        "subject": result.subject,
        "score": result.score,
        "source": None
        if source is None
        else {"file": source["file"], "start": source["start"], "end": source["end"], "title": source["title"]},
    }

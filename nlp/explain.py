"""Why a sentence carries its tag: the source passage, its paragraph and the parent attitude."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nlp.knowledge import KnowledgeBase, Passage, fold_whitespace
from nlp.scheme import NONE, PARENT_NAMES, title


@dataclass(frozen=True)
class Explanation:
    """Everything a professional needs to check one tag.

    Attributes
    ----------
    title
        Dutch name with subject, e.g. ``Bouwsteen 2 · Wantrouwen · kind``.
    score
        The model's confidence (1.0 for a reviewer's correction).
    corrected
        Whether a reviewer set this tag.
    cue
        The behaviour cue of the knowledge base the passage belongs to, if known.
    passage
        The source passage (file and character offsets into ``data/source``).
    quote
        The passage's text, whitespace folded.
    paragraph
        The paragraph around the passage, whitespace folded.
    attitude
        Dutch name of the parent attitude for this block (helpful · harmful).
    attitude_goal
        The goal of the block in the parent-attitude text (``003``).
    attitude_items
        What helps, from the same text.
    attitude_file
        The file the attitude passages come from.
    """

    title: str
    score: float
    corrected: bool
    cue: str | None
    passage: Passage
    quote: str
    paragraph: str
    attitude: str
    attitude_goal: str
    attitude_items: tuple[str, ...]
    attitude_file: str


def explain(record: dict[str, Any], knowledge: KnowledgeBase) -> Explanation | None:
    """Explain one record's tag; ``None`` for a sentence without a block.

    Parameters
    ----------
    record
        A record of :func:`nlp.records.doc_records` (or a corrected one).
    knowledge
        The knowledge base the record's source comes from.
    """
    if record["label"] == NONE or record["source"] is None:
        return None
    source = record["source"]
    text = knowledge.source_text(source["file"])
    passage = Passage(source["file"], source["start"], source["end"], text[source["start"] : source["end"]])
    entry = knowledge.entry(record["label"], record["subject"])
    cue = next(
        (c.name for c in entry.cues if (c.passage.file, c.passage.start) == (passage.file, passage.start)),
        None,
    )
    block = record["block"]
    attitude = knowledge.attitudes[block]
    helpful, harmful = PARENT_NAMES[block]
    return Explanation(
        title=title(record["label"], record["subject"]),
        score=float(record["score"]),
        corrected=bool(record.get("corrected")),
        cue=cue,
        passage=passage,
        quote=fold_whitespace(passage.quote),
        paragraph=knowledge.paragraph(passage),
        attitude=f"{helpful} (helpt) · {harmful} (belemmert)",
        attitude_goal=fold_whitespace(attitude.goal.quote),
        attitude_items=tuple(fold_whitespace(p.quote) for p in attitude.items),
        attitude_file=attitude.goal.file,
    )

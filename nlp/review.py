"""What a reviewer sees of a tagged note: threshold, filters, corrections and counts.

The views (app, audit report) work on the flat records of :func:`nlp.records.doc_records`.
Functions here never change a record in place: they return new ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from nlp.knowledge import KnowledgeBase
from nlp.scheme import BLOCKS, LABELS, NONE, POLES, SUBJECTS, parse_label, title

Record = dict[str, Any]


@dataclass(frozen=True)
class ViewSettings:
    """Which tags a view shows.

    Parameters
    ----------
    threshold
        Tags the model scored below this are shown as untagged (corrections always show).
    blocks, poles, subjects
        Only tags of these blocks, poles and subjects are shown.
    """

    threshold: float = 0.0
    blocks: frozenset[int] = field(default_factory=lambda: frozenset(BLOCKS))
    poles: frozenset[str] = field(default_factory=lambda: frozenset(POLES))
    subjects: frozenset[str] = field(default_factory=lambda: frozenset(SUBJECTS))

    def shows(self, record: Record) -> bool:
        """Whether a record's tag is shown under these settings."""
        if record["label"] == NONE:
            return False
        if not record.get("corrected") and record["score"] < self.threshold:
            return False
        return record["block"] in self.blocks and record["pole"] in self.poles and record["subject"] in self.subjects


@dataclass(frozen=True)
class Correction:
    """A reviewer's tag for one sentence.

    Raises
    ------
    ValueError
        For a label outside the scheme, or a subject that does not fit the label.
    """

    label: str
    subject: str | None = None

    def __post_init__(self) -> None:
        if self.label not in LABELS:
            raise ValueError(f"unknown label {self.label!r}")
        if self.label == NONE and self.subject is not None:
            raise ValueError("a sentence without a block has no subject")
        if self.label != NONE and self.subject not in SUBJECTS:
            raise ValueError(f"subject must be one of {', '.join(SUBJECTS)}")


def source_for(knowledge: KnowledgeBase, label: str, subject: str) -> dict[str, Any]:
    """The first source passage of a label and subject, as a record's ``source``."""
    entry = knowledge.entry(label, subject)
    passage = entry.cues[0].passage
    return {"file": passage.file, "start": passage.start, "end": passage.end, "title": entry.title}


def numbered(records: Sequence[Record]) -> list[Record]:
    """Copies of the records with ``nr`` (1-based sentence number) and the model's own tag kept."""
    return [
        {**record, "nr": i, "corrected": False, "model_label": record["label"], "model_subject": record["subject"]}
        for i, record in enumerate(records, start=1)
    ]


def apply_corrections(
    records: Sequence[Record], corrections: Mapping[int, Correction], knowledge: KnowledgeBase
) -> list[Record]:
    """Records with the reviewer's corrections applied.

    Parameters
    ----------
    records
        Numbered records (see :func:`numbered`).
    corrections
        Correction per sentence number.
    knowledge
        Gives the source passage of a corrected tag.

    Returns
    -------
    list of dict
        A corrected record has the new label, block, pole and subject, score 1.0,
        ``corrected`` true and ``model_label``/``model_subject`` still holding the model's tag.
    """
    out = []
    for record in records:
        correction = corrections.get(record["nr"])
        if correction is None:
            out.append(dict(record))
            continue
        tag = parse_label(correction.label)
        source = None if correction.subject is None else source_for(knowledge, correction.label, correction.subject)
        out.append(
            {
                **record,
                "label": correction.label,
                "block": tag.block,
                "pole": tag.pole,
                "subject": correction.subject,
                "score": 1.0,
                "source": source,
                "corrected": True,
            }
        )
    return out


def block_counts(records: Iterable[Record], settings: ViewSettings) -> dict[int, dict[str, int]]:
    """Shown tags per block, as ``{block: {"kind+": n, "kind-": n, "ouder+": n, "ouder-": n}}``."""
    counts = {block: {f"{s}{p}": 0 for s in SUBJECTS for p in POLES} for block in BLOCKS}
    for record in records:
        if settings.shows(record):
            counts[record["block"]][f"{record['subject']}{record['pole']}"] += 1
    return counts


def shown_of_block(records: Iterable[Record], settings: ViewSettings, block: int) -> list[Record]:
    """The shown records that carry one block."""
    return [r for r in records if settings.shows(r) and r["block"] == block]


def tag_rows(records: Iterable[Record], settings: ViewSettings) -> list[dict[str, Any]]:
    """One row per shown tag, with Dutch column names, for a sortable table."""
    return [
        {
            "Nr": r["nr"],
            "Label": r["label"],
            "Bouwsteen": title(r["label"]),
            "Wie": r["subject"],
            "Score": round(r["score"], 2),
            "Gecorrigeerd": "ja" if r.get("corrected") else "",
            "Zin": r["text"],
            "Bron": r["source"]["file"] if r["source"] else "",
        }
        for r in records
        if settings.shows(r)
    ]


def changed(records: Iterable[Record]) -> list[Record]:
    """The records whose tag a reviewer changed."""
    return [
        r
        for r in records
        if r.get("corrected") and (r["label"], r["subject"]) != (r["model_label"], r["model_subject"])
    ]

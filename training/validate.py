"""Check a team's labelled sentences before training: a report by line number, never quoting text.

Errors stop training: a label outside the scheme, a tagged sentence without a subject, a line
that is not a record. Warnings do not: empty rows (left out), duplicates (kept once), the same
text with conflicting labels (all left out until resolved), classes with fewer than
:data:`MIN_PER_CLASS` examples, strong imbalance, and text that does not look Dutch.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from nlp.io import looks_dutch
from nlp.scheme import LABELS, NONE
from training.corpus import Example
from training.imports import Row

MIN_PER_CLASS = 10
IMBALANCE_RATIO = 20.0
MAX_LISTED = 5  # duplicate warnings listed one by one before they are counted


@dataclass
class Report:
    """The outcome of validation: problems by line, and the examples fit for training."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    rows: int = 0
    left_out: int = 0

    @property
    def ok(self) -> bool:
        """Whether training may start."""
        return not self.errors and bool(self.examples)

    def lines(self) -> list[str]:
        """The report as printable lines."""
        out = [f"{self.rows} rows read, {len(self.examples)} usable, {self.left_out} left out"]
        out += [f"ERROR   {e}" for e in self.errors]
        out += [f"warning {w}" for w in self.warnings]
        out.append("per class: " + ", ".join(f"{k} {v}" for k, v in self.counts.items()))
        return out


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def validate(rows: Sequence[Row], bad_lines: Sequence[tuple[str, str]] = ()) -> Report:
    """Validate imported rows.

    Parameters
    ----------
    rows
        Rows as :func:`training.imports.read_labelled_file` gives them.
    bad_lines
        ``(where, reason)`` for lines that were not rows at all.

    Returns
    -------
    Report
        Errors, warnings, the clean examples (deduplicated, conflicts left out) and counts.
    """
    report = Report(rows=len(rows) + len(bad_lines))
    report.errors += [f"{where}: {reason}" for where, reason in bad_lines]
    usable: list[Row] = []
    for row in rows:
        if not row.text:
            report.warnings.append(f"{row.where}: empty text, left out")
            continue
        if row.label is None:
            shown = row.raw_label[:40] if row.raw_label else "(none given)"
            report.errors.append(f"{row.where}: unknown label {shown!r}; expected one of {', '.join(LABELS)}")
            continue
        if row.label != NONE and row.subject is None:
            given = f" {row.raw_subject[:20]!r}" if row.raw_subject else ""
            report.errors.append(f"{row.where}: label {row.label} needs a subject kind or ouder{given}")
            continue
        usable.append(row)

    by_text: dict[str, list[Row]] = defaultdict(list)
    for row in usable:
        by_text[_key(row.text)].append(row)
    kept: list[Row] = []
    duplicates: list[str] = []
    for group in by_text.values():
        tags = {(r.label, r.subject if r.label != NONE else None) for r in group}
        if len(tags) > 1:
            shown = ", ".join(sorted(f"{label} {subject}" if subject else label for label, subject in tags))
            report.warnings.append(
                f"{', '.join(r.where for r in group)}: the same text with conflicting labels ({shown}); "
                "left out until resolved"
            )
            continue
        if len(group) > 1:
            duplicates.append(f"{', '.join(r.where for r in group[1:])}: duplicate of {group[0].where}, kept once")
        kept.append(group[0])
    report.warnings += duplicates[:MAX_LISTED]
    if len(duplicates) > MAX_LISTED:
        report.warnings.append(f"… and {len(duplicates) - MAX_LISTED} more duplicates, each kept once")
    order = {id(r): i for i, r in enumerate(rows)}
    kept.sort(key=lambda r: order[id(r)])

    not_dutch = [r.where for r in kept if len(r.text.split()) >= 12 and not looks_dutch(r.text)]
    if not_dutch:
        report.warnings.append(f"{', '.join(not_dutch[:10])}{' …' if len(not_dutch) > 10 else ''}: does not look Dutch")

    report.examples = [
        Example(r.text, r.label, r.subject if r.label != NONE else None, origin="team", note=r.note) for r in kept
    ]
    counts = Counter(e.label for e in report.examples)
    report.counts = {label: counts.get(label, 0) for label in LABELS}
    few = [f"{label} ({n})" for label, n in report.counts.items() if n < MIN_PER_CLASS]
    if few:
        report.warnings.append(f"classes with fewer than {MIN_PER_CLASS} examples: {', '.join(few)}")
    present = [n for n in report.counts.values() if n]
    if present and max(present) / min(present) > IMBALANCE_RATIO:
        report.warnings.append(
            f"strong imbalance: the largest class has {max(present)} examples, the smallest {min(present)}"
        )
    report.left_out = report.rows - len(report.examples)
    return report

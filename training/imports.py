"""Read a team's labelled sentences from the formats annotation work produces.

Formats: this project's JSONL (``text, label, subject, note``, also the page's corrections),
CSV/TSV (``text,label[,subject][,note]``; UTF-8, UTF-8 with BOM or cp1252; ``,`` ``;`` or tab),
doccano JSONL exports (text classification) and Label Studio JSON exports (choices).

Labels go through one explicit mapping, :data:`LABEL_ALIASES`; anything else is an error.
Rows come back with where they were found (``file:line``) so reports never quote the text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlp.io import InputError, csv_table, decode, json_lines
from nlp.scheme import BLOCK_NAMES, BLOCKS, NONE

POSITIVE_WORDS = ("+", "positief", "pos", "plus", "gezond")
NEGATIVE_WORDS = ("-", "negatief", "neg", "min", "probleem")


def _label_aliases() -> dict[str, str]:
    aliases = {alias: NONE for alias in ("none", "geen", "geen bouwsteen", "nvt", "n.v.t.", "leeg")}
    for block in BLOCKS:
        healthy, problem = BLOCK_NAMES[block]
        for pole, words, name in (("+", POSITIVE_WORDS, healthy), ("-", NEGATIVE_WORDS, problem)):
            code = f"B{block}{pole}"
            name = name.lower()
            for form in (code.lower(), f"{block}{pole}", f"b{block} {pole}", f"{block} {pole}", name):
                aliases[form] = code
            aliases[f"b{block}{pole} {name}"] = code
            aliases[f"bouwsteen {block} {name}"] = code
            for word in words:
                aliases[f"bouwsteen {block} {word}"] = code
                aliases[f"bouwsteen{block}{word}"] = code
                aliases[f"b{block} {word}"] = code
    return aliases


# The one mapping from the spellings teams use to the scheme's codes (keys are normalised:
# lower case, single spaces, a real minus written as "-").
LABEL_ALIASES: dict[str, str] = _label_aliases()
SUBJECT_ALIASES: dict[str, str] = {
    **dict.fromkeys(("kind", "jeugdige", "jongere", "jgd", "child"), "kind"),
    **dict.fromkeys(("ouder", "ouders", "moeder", "vader", "pleegouder", "pleegouders", "parent"), "ouder"),
}


def _normal(value: str) -> str:
    value = value.replace("\u2212", "-").replace("\u2013", "-").strip().lower()
    value = re.sub(r"\s+", " ", value)
    return re.sub(r"\s*·\s*", " ", value)


def normalise_label(raw: Any) -> tuple[str | None, str | None]:
    """A raw label (and a subject if it carries one, e.g. ``B3- kind``) mapped onto the scheme.

    Returns
    -------
    tuple
        ``(label, subject)``; ``label`` is ``None`` when the raw label is unknown.
    """
    if raw is None:
        return None, None
    value = _normal(str(raw))
    if value in LABEL_ALIASES:
        return LABEL_ALIASES[value], None
    for separator in ("|", " ", ",", "/"):
        head, _, tail = value.rpartition(separator)
        if head and tail in SUBJECT_ALIASES and _normal(head) in LABEL_ALIASES:
            return LABEL_ALIASES[_normal(head)], SUBJECT_ALIASES[tail]
    return None, None


def normalise_subject(raw: Any) -> str | None:
    """``kind``/``ouder`` from a team's spelling; ``None`` for empty or unknown."""
    if raw is None:
        return None
    return SUBJECT_ALIASES.get(_normal(str(raw)))


@dataclass(frozen=True)
class Row:
    """One imported sentence, before validation.

    ``label`` is the scheme code or ``None`` when the raw label was not understood
    (``raw_label`` keeps it for the report); ``subject`` is ``None`` when absent.
    """

    where: str
    text: str
    label: str | None
    subject: str | None
    note: str | None
    raw_label: str
    raw_subject: str | None


def _row(where: str, text: Any, label: Any, subject: Any, note: Any) -> Row:
    code, embedded = normalise_label(label)
    raw_subject = None if subject in (None, "") else str(subject)
    subject_code = embedded or normalise_subject(subject)
    return Row(
        where,
        "" if text is None else str(text).strip(),
        code,
        subject_code,
        None if note in (None, "") else str(note),
        "" if label is None else str(label),
        raw_subject,
    )


def _from_jsonl(text: str, name: str) -> tuple[list[Row], list[tuple[str, str]]]:
    rows, bad = [], []
    for where, record in json_lines(text, name):
        if isinstance(record, str):
            bad.append((where, record))
            continue
        body = record.get("text", record.get("data"))
        label = record.get("label", record.get("labels"))
        subject = record.get("subject")
        if isinstance(label, list):  # doccano: a list of labels, maybe with the subject among them
            labels = [item[-1] if isinstance(item, list) else item for item in label]
            codes = [lab for lab in labels if normalise_label(lab)[0] is not None]
            subjects = [lab for lab in labels if normalise_subject(lab) is not None and lab not in codes]
            label = codes[0] if len(codes) == 1 else (" + ".join(map(str, labels)) if labels else None)
            subject = subject or (subjects[0] if subjects else None)
        rows.append(_row(where, body, label, subject, record.get("note", record.get("id"))))
    return rows, bad


def _from_label_studio(data: Any, name: str) -> tuple[list[Row], list[tuple[str, str]]]:
    rows, bad = [], []
    if not isinstance(data, list):
        return [], [(name, "a Label Studio export is a JSON list of tasks")]
    for number, task in enumerate(data, start=1):
        where = f"{name}:task {number}"
        if not isinstance(task, dict):
            bad.append((where, "not a task object"))
            continue
        body = (task.get("data") or {}).get("text")
        annotations = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
        if not annotations:
            bad.append((where, "no annotation"))
            continue
        choices = [
            choice
            for result in annotations[0].get("result") or []
            for choice in (result.get("value") or {}).get("choices") or []
        ]
        labels = [c for c in choices if normalise_label(c)[0] is not None]
        subjects = [c for c in choices if normalise_subject(c) is not None and c not in labels]
        label = labels[0] if len(labels) == 1 else (" + ".join(choices) if choices else None)
        note = (task.get("data") or {}).get("note")
        rows.append(_row(where, body, label, subjects[0] if subjects else None, note))
    return rows, bad


def _from_csv(text: str, name: str) -> tuple[list[Row], list[tuple[str, str]]]:
    reader, columns = csv_table(text)
    if "text" not in columns and "tekst" not in columns:
        return [], [(name, "the header needs a 'text' column")]
    if "label" not in columns:
        return [], [(name, "the header needs a 'label' column")]
    text_column = columns.get("text") or columns["tekst"]
    rows = []
    for number, record in enumerate(reader, start=2):
        value = record.get(text_column) or ""
        if value.startswith("'") and value[1:2] in ("=", "+", "-", "@"):
            value = value[1:]  # undo the formula guard of this project's own CSV downloads
        rows.append(
            _row(
                f"{name}:{number}",
                value,
                record.get(columns["label"]),
                record.get(columns.get("subject", "")) if "subject" in columns else None,
                record.get(columns.get("note", "")) if "note" in columns else None,
            )
        )
    return rows, []


def read_labelled_bytes(data: bytes, name: str) -> tuple[list[Row], list[tuple[str, str]]]:
    """Rows from one labelled file's bytes (its name's suffix picks the format).

    Returns
    -------
    tuple
        The rows, and ``(where, reason)`` for lines that are not rows at all.

    Raises
    ------
    InputError
        When the bytes cannot be decoded or the format is unknown.
    """
    text = decode(data, name).replace("\r\n", "\n")
    suffix = Path(name).suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        return _from_csv(text, name)
    if suffix == ".json":
        try:
            return _from_label_studio(json.loads(text), name)
        except json.JSONDecodeError as error:
            return [], [(name, f"not valid JSON ({error.msg})")]
    if suffix == ".jsonl":
        return _from_jsonl(text, name)
    raise InputError(f"{name}: unknown labelled-data format (use .jsonl, .json, .csv or .tsv)", "unsupported")


def read_labelled_file(path: Path) -> tuple[list[Row], list[tuple[str, str]]]:
    """Rows from one labelled file (see :func:`read_labelled_bytes`).

    Raises
    ------
    InputError
        When the file cannot be read, decoded or its format is unknown.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})", "missing") from None
    return read_labelled_bytes(data, str(path))

"""The audit's outputs: tags.jsonl, files.csv, summary.json, report.html (and XLSX for the page).

The HTML report is one self-contained page (inline styles, no scripts, no external
assets). Evidence sentences link to an appendix holding the source passages they cite.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

from nlp.audit import COUNT_KEYS, FileResult
from nlp.export import csv_text, safe_cell
from nlp.highlight import MINUS, _ink, _tint, pyramid_html
from nlp.io import InputError, atomic_file, write_text_atomic
from nlp.knowledge import KnowledgeBase, fold_whitespace
from nlp.messages import INPUT_MESSAGES_NL
from nlp.scheme import BLOCK_COLOURS, BLOCK_NAMES, BLOCKS, NONE, POLES, SUBJECTS

Pseudonymizer = Callable[[str], str]
MAX_EVIDENCE_PER_FILE = 60
PSEUDONYMIZED_NL = " Namen, datums, plaatsen en andere gegevens in de zinnen zijn vervangen."
FILE_COLUMNS = (
    "path",
    "status",
    "reason",
    "notes",
    "sentences",
    "tagged",
    *COUNT_KEYS,
    "blocks_not_documented",
    "rows_left_out",
)


def file_rows(results: Sequence[FileResult]) -> list[dict[str, Any]]:
    """One row per file: status, sentence counts, counts per block × pole × subject, missing blocks."""
    rows = []
    for result in results:
        row: dict[str, Any] = {
            "path": result.path,
            "status": result.status,
            "reason": result.reason or "",
            "notes": result.notes,
            "sentences": result.sentences,
            "tagged": result.tagged,
            **result.counts,
            "blocks_not_documented": " ".join(map(str, result.blocks_missing())) if result.status == "tagged" else "",
            "rows_left_out": len(result.problems),
        }
        rows.append(row)
    return rows


def block_totals(results: Sequence[FileResult]) -> dict[int, dict[str, int]]:
    """Tagged sentences of the whole set per block, as ``{block: {"kind+": n, …}}``."""
    totals = {b: {f"{s}{p}": 0 for s in SUBJECTS for p in POLES} for b in BLOCKS}
    for result in results:
        for key, n in result.counts.items():
            label, subject = key.split("|")
            totals[int(label[1])][f"{subject}{label[2]}"] += n
    return totals


def summarize(results: Sequence[FileResult], model: dict[str, Any], pseudonymized: bool) -> dict[str, Any]:
    """The whole audit in numbers (``summary.json``)."""
    tagged_files = [r for r in results if r.status == "tagged"]
    totals = block_totals(results)
    return {
        "model": model,
        "pseudonymized": pseudonymized,
        "files": {"total": len(results), "tagged": len(tagged_files), "skipped": len(results) - len(tagged_files)},
        "notes": sum(r.notes for r in results),
        "sentences": sum(r.sentences for r in results),
        "tagged_sentences": sum(r.tagged for r in results),
        "counts": {k: sum(r.counts[k] for r in results) for k in COUNT_KEYS},
        "blocks": {str(b): totals[b] for b in BLOCKS},
        "blocks_not_documented": [b for b in BLOCKS if not sum(totals[b].values())],
        "files_without_block": {str(b): sum(b in r.blocks_missing() for r in tagged_files) for b in BLOCKS},
        "skipped": [
            {"path": r.path, "reason": r.reason, "message": r.message} for r in results if r.status != "tagged"
        ],
        "rows_left_out": [p for r in results for p in r.problems],
    }


def _pseudonymized_records(results: Sequence[FileResult], pseudonymize: Pseudonymizer | None) -> list[dict[str, Any]]:
    records = [record for result in results for record in result.records]
    if pseudonymize is None:
        return records
    return [{**record, "text": pseudonymize(record["text"])} for record in records]


def _heat_cell(counts: dict[str, int], block: int, peak: int) -> str:
    plus = sum(v for k, v in counts.items() if k.startswith(f"B{block}+"))
    minus = sum(v for k, v in counts.items() if k.startswith(f"B{block}-"))
    total = plus + minus
    if not total:
        return '<td class="missing" title="niet gedocumenteerd">—</td>'
    colour = BLOCK_COLOURS[block]
    fill = _tint(colour, 0.2 + 0.8 * total / max(peak, 1))
    ink = _ink(fill)
    return f'<td style="background:{fill};color:{ink}">+{plus} {MINUS}{minus}</td>'


def _source_anchor(source: dict[str, Any]) -> str:
    return f"src-{source['file'].split('_')[0]}-{source['start']}-{source['end']}"


def report_html(
    results: Sequence[FileResult],
    summary: dict[str, Any],
    knowledge: KnowledgeBase,
    pseudonymize: Pseudonymizer | None = None,
) -> str:
    """The self-contained HTML report."""
    model = summary["model"]
    parts = [
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Bouwsteen · dossier-audit</title>',
        "<style>body{font-family:system-ui,sans-serif;max-width:72rem;margin:1.5rem auto;color:#111;padding:0 1rem}"
        "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:3px 6px;font-size:0.85rem;"
        "text-align:left;vertical-align:top}td.missing{background:#f4f4f4;color:#888;text-align:center}"
        "th.rot{white-space:nowrap}.ev{margin:2px 0;font-size:0.9rem}.tag{display:inline-block;border-radius:3px;"
        "padding:0 4px;font-weight:700;font-size:0.75rem;margin-right:4px}.neg{border:2px dashed}"
        "blockquote{border-left:4px solid #888;margin:4px 0;padding:2px 10px}"
        "@media print{body{max-width:none;margin:0}section{break-inside:avoid-page}}"
        "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}</style></head><body>",
        "<h1>Bouwsteen · dossier-audit</h1>",
        f"<p>Model <b>{escape(str(model.get('name')))}</b> van {escape(str(model.get('created', ''))[:10])} · "
        f"trainingsdata sha256 <code>{escape(str(model.get('training_data_sha256', ''))[:16])}</code> · "
        f"model-id <code>{escape(str(model.get('model_id', ''))[:16])}</code></p>",
        f"<p>{summary['files']['total']} bestanden ({summary['files']['skipped']} overgeslagen), "
        f"{summary['notes']} verslagen, {summary['sentences']} zinnen, "
        f"waarvan {summary['tagged_sentences']} met een bouwsteen."
        + (PSEUDONYMIZED_NL if summary["pseudonymized"] else "")
        + "</p>",
    ]
    missing = summary["blocks_not_documented"]
    if missing:
        names = ", ".join(f"{b} ({'/'.join(BLOCK_NAMES[b])})" for b in missing)
        parts.append(f"<p><b>In de hele set niet gedocumenteerd:</b> bouwsteen {escape(names)}.</p>")
    parts.append("<h2>Bouwstenen in de hele set</h2>")
    parts.append(pyramid_html({int(b): v for b, v in summary["blocks"].items()}))

    tagged = [r for r in results if r.status == "tagged"]
    counts = {r.path: r.counts for r in tagged}
    peak = max(
        (sum(v for k, v in c.items() if k.startswith(f"B{b}")) for c in counts.values() for b in BLOCKS), default=1
    )
    parts.append(
        "<h2>Bestanden × bouwstenen</h2><p>Per cel: zinnen aan de gezonde (+) en de probleemkant (−); "
        "— = niet gedocumenteerd.</p><table><tr><th>Bestand</th>"
    )
    parts.extend(f'<th class="rot">{b} · {escape(BLOCK_NAMES[b][0])}</th>' for b in BLOCKS)
    parts.append("</tr>")
    for number, result in enumerate(results):
        if result.status != "tagged":
            continue
        parts.append(f'<tr><td><a href="#f-{number}">{escape(result.path)}</a></td>')
        parts.extend(_heat_cell(counts[result.path], b, peak) for b in BLOCKS)
        parts.append("</tr>")
    parts.append("</table>")

    skipped = [r for r in results if r.status != "tagged"]
    if skipped:
        parts.append("<h2>Overgeslagen bestanden</h2><ul>")
        parts.extend(
            f"<li>{escape(r.path)}: {escape(INPUT_MESSAGES_NL.get(r.reason or '', INPUT_MESSAGES_NL['unreadable']))}"
            "</li>"
            for r in skipped
        )
        parts.append("</ul>")

    parts.append("<h2>Per bestand</h2>")
    cited: dict[str, dict[str, Any]] = {}
    for number, result in enumerate(results):
        if result.status != "tagged":
            continue
        evidence = [r for r in result.records if r["label"] != NONE]
        missing_here = result.blocks_missing()
        parts.append(
            f'<section id="f-{number}"><h3>{escape(result.path)}</h3>'
            f"<p>{result.notes} verslag(en), {result.sentences} zinnen, {len(evidence)} met een bouwsteen"
            + (f"; niet gedocumenteerd: bouwsteen {', '.join(map(str, missing_here))}" if missing_here else "")
            + (f"; {len(result.problems)} rij(en) overgeslagen" if result.problems else "")
            + ".</p>"
        )
        for record in evidence[:MAX_EVIDENCE_PER_FILE]:
            colour = BLOCK_COLOURS[record["block"]]
            negative = record["pole"] == "-"
            style = (
                f"border-color:{colour};background:#fff;color:#111"
                if negative
                else f"background:{colour};color:{_ink(colour)}"
            )
            label = record["label"].replace("-", MINUS)
            text = pseudonymize(record["text"]) if pseudonymize else record["text"]
            anchor = _source_anchor(record["source"])
            cited[anchor] = record["source"]
            parts.append(
                f'<p class="ev"><span class="tag{" neg" if negative else ""}" style="{style}">{label} '
                f"{escape(record['subject'])}</span>{escape(text)} "
                f'<a href="#{anchor}" title="{escape(record["source"]["title"])}">[bron]</a> '
                f"<small>{record['score']:.2f}</small></p>"
            )
        if len(evidence) > MAX_EVIDENCE_PER_FILE:
            parts.append(f"<p><i>… en nog {len(evidence) - MAX_EVIDENCE_PER_FILE} zinnen in tags.jsonl.</i></p>")
        parts.append("</section>")

    parts.append("<h2>Bronpassages</h2>")
    for anchor, source in sorted(cited.items()):
        quote = fold_whitespace(knowledge.source_text(source["file"])[source["start"] : source["end"]])
        parts.append(
            f'<div id="{anchor}"><b>{escape(source["title"])}</b> · {escape(source["file"])}, tekens '
            f"{source['start']}–{source['end']}<blockquote>{escape(quote)}</blockquote></div>"
        )
    parts.append("</body></html>")
    return "".join(parts)


def audit_xlsx(results: Sequence[FileResult], pseudonymize: Pseudonymizer | None = None) -> bytes:
    """The audit as a workbook: a sheet of files and a sheet of tagged sentences (formula-safe)."""
    from openpyxl import Workbook

    workbook = Workbook()
    files = workbook.active
    files.title = "Bestanden"
    files.append(list(FILE_COLUMNS))
    for row in file_rows(results):
        files.append([safe_cell(row[c]) for c in FILE_COLUMNS])
    sentences = workbook.create_sheet("Zinnen")
    columns = ("note", "start", "end", "label", "subject", "score", "text", "source_title")
    sentences.append(list(columns))
    for record in _pseudonymized_records(results, pseudonymize):
        if record["label"] == NONE:
            continue
        values = {**record, "source_title": record["source"]["title"] if record["source"] else ""}
        sentences.append([safe_cell(values[c]) for c in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_tags(path: Path, results: Sequence[FileResult], pseudonymize: Pseudonymizer | None) -> None:
    """Stream every sentence record to ``tags.jsonl``, file by file (atomic)."""
    with atomic_file(path) as out:
        for result in results:
            if pseudonymize is None:
                out.write(result.records_jsonl)
                continue
            for record in result.records:
                record["text"] = pseudonymize(record["text"])
                out.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_report(
    out_dir: Path,
    results: Sequence[FileResult],
    model: dict[str, Any],
    knowledge: KnowledgeBase,
    pseudonymize: Pseudonymizer | None = None,
) -> dict[str, Any]:
    """Write ``tags.jsonl``, ``files.csv``, ``summary.json`` and ``report.html``; return the summary."""
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = summarize(results, model, pseudonymize is not None)
    summary["created"] = datetime.now(UTC).isoformat(timespec="seconds")
    _write_tags(out_dir / "tags.jsonl", results, pseudonymize)
    write_text_atomic(out_dir / "files.csv", csv_text(FILE_COLUMNS, file_rows(results)))
    write_text_atomic(out_dir / "summary.json", json.dumps(summary, ensure_ascii=False, indent=2))
    write_text_atomic(out_dir / "report.html", report_html(results, summary, knowledge, pseudonymize))
    return summary


class NothingToAudit(InputError):
    """No path holds a file to audit; ``missing`` has one message per path that does not exist."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__("no files to audit (.txt, .md, .docx, .pdf, .csv or .jsonl)", "missing")
        self.missing = missing


def unique_names(files: Sequence[Path], roots: Sequence[Path]) -> list[str]:
    """Report names for files: relative to their folder, the full path where two would clash."""
    from nlp.audit import display_name

    names = [display_name(f, roots) for f in files]
    clashes = {n for n in names if names.count(n) > 1}
    return [f.as_posix() if n in clashes else n for f, n in zip(files, names, strict=True)]


def audit_to_folder(
    paths: Sequence[str],
    out_dir: Path,
    *,
    workers: int = 1,
    model_dir: Path | None = None,
    pseudonymize: Callable[[], Pseudonymizer] | None = None,
    on_progress: Callable[[Any], None] | None = None,
) -> tuple[dict[str, Any], Any, list[str]]:
    """Audit files and folders into a report folder (resuming what it already holds).

    ``pseudonymize`` is a factory of the pseudonymiser, called only after tagging, so worker
    processes never carry its tables.

    Returns
    -------
    tuple
        The summary, the :class:`nlp.audit.AuditRun`, and messages for paths that do not exist.

    Raises
    ------
    nlp.model.ModelError
        When the model folder is missing or fails verification.
    NothingToAudit
        When no path holds a file to audit; nothing is written then.
    """
    from nlp.audit import ResumeStore, audit_files, model_id
    from nlp.casefiles import collect_files
    from nlp.knowledge import load_knowledge
    from nlp.model import verify
    from nlp.registry import active_model_dir

    directory = Path(model_dir) if model_dir is not None else active_model_dir()
    meta = verify(directory)
    model = {
        "name": meta.get("name"),
        "created": meta.get("created"),
        "training_data_sha256": meta.get("training_data_sha256"),
        "model_id": model_id(directory),
    }
    files, missing = collect_files(paths)
    if not files:
        raise NothingToAudit(missing)
    names = unique_names(files, [Path(p) for p in paths])
    store = ResumeStore(out_dir, model["model_id"])
    run = audit_files(files, names, model_dir=model_dir, workers=workers, store=store, on_progress=on_progress)
    # built only now: forked workers must not inherit its lookup tables (about a gigabyte)
    pseudo = pseudonymize() if pseudonymize is not None else None
    summary = write_report(out_dir, run.results, model, load_knowledge(), pseudo)
    return summary, run, missing

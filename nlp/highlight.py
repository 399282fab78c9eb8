"""HTML of a tagged note: highlighted sentences, legend, block pyramid and a printable page.

Every piece of note text goes through :func:`html.escape`; styles are inline so the
fragments survive HTML sanitisers and print the same as they show (colours kept when
printing). Pole is shown by fill *and* outline *and* a ``+``/``−`` mark, never by colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from nlp.review import ViewSettings
from nlp.scheme import BLOCK_COLOURS, BLOCK_NAMES, BLOCKS, SUBJECTS, title

MINUS = "\u2212"
_PRINT = "-webkit-print-color-adjust:exact;print-color-adjust:exact;"


def _ink(colour: str) -> str:
    """Black or white, whichever reads better on a colour (WCAG relative luminance)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000" if luminance > 0.18 else "#fff"


def _tint(colour: str, amount: float) -> str:
    """The colour mixed with white (``amount`` of the colour)."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(255 - (255 - c) * amount) for c in channels]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def pole_mark(pole: str | None) -> str:
    """``+`` or a real minus sign."""
    return "+" if pole == "+" else MINUS


def tag_style(block: int, pole: str) -> str:
    """Inline style of a highlighted sentence: solid fill for ``+``, hatched and dashed for ``-``."""
    colour = BLOCK_COLOURS[block]
    if pole == "+":
        fill = f"background:{_tint(colour, 0.35)};border:2px solid {colour};"
    else:
        light = _tint(colour, 0.35)
        fill = f"background:repeating-linear-gradient(135deg,{light} 0 5px,#fff 5px 9px);border:2px dashed {colour};"
    return (
        f"{fill}border-radius:4px;padding:1px 3px;margin:0 1px;line-height:2.1;"
        f"box-decoration-break:clone;-webkit-box-decoration-break:clone;color:#111;{_PRINT}"
    )


def badge(record: Mapping[str, Any], show_score: bool) -> str:
    """The small label in front of a highlighted sentence: number, code, subject (and score)."""
    colour = BLOCK_COLOURS[record["block"]]
    text = f"{record['nr']} · B{record['block']}{pole_mark(record['pole'])} {record['subject']}"
    if show_score:
        text += f" · {record['score']:.2f}"
    if record.get("corrected"):
        text += " ✎"
    return (
        f'<span class="bs-badge" style="background:{colour};color:{_ink(colour)};font-size:0.72em;'
        f'font-weight:700;border-radius:3px;padding:0 4px;margin-right:4px;white-space:nowrap;{_PRINT}">'
        f"{escape(text)}</span>"
    )


def note_html(text: str, records: Sequence[Mapping[str, Any]], settings: ViewSettings, show_scores: bool) -> str:
    """The note with its shown tags highlighted; untagged text left plain.

    Parameters
    ----------
    text
        The note, exactly as tagged (records' offsets point into it).
    records
        Numbered records of the note, in order.
    settings
        Threshold and filters deciding which tags are shown.
    show_scores
        Whether badges carry the model's confidence.
    """
    parts = ['<div class="bs-note" style="white-space:pre-wrap;font-size:1rem;line-height:2.1;">']
    position = 0
    for record in records:
        start, end = record["start"], record["end"]
        parts.append(escape(text[position:start]))
        sentence = escape(text[start:end])
        if settings.shows(record):
            tip = escape(f"{title(record['label'], record['subject'])} · score {record['score']:.2f}", quote=True)
            parts.append(
                f'<span class="bs-tag bs-b{record["block"]}{"p" if record["pole"] == "+" else "n"}" '
                f'data-nr="{record["nr"]}" title="{tip}" style="{tag_style(record["block"], record["pole"])}">'
                f"{badge(record, show_scores)}{sentence}</span>"
            )
        else:
            parts.append(f'<span class="bs-plain" data-nr="{record["nr"]}">{sentence}</span>')
        position = end
    parts.append(escape(text[position:]))
    parts.append("</div>")
    return "".join(parts)


def legend_html() -> str:
    """The legend: per block a solid ``+`` sample and a hatched ``−`` sample."""
    items = []
    for block in BLOCKS:
        healthy, problem = BLOCK_NAMES[block]
        items.append(
            '<span style="display:inline-block;margin:2px 10px 2px 0;white-space:nowrap;">'
            f'<span style="{tag_style(block, "+")}">B{block}+ {escape(healthy)}</span> '
            f'<span style="{tag_style(block, "-")}">B{block}{MINUS} {escape(problem)}</span></span>'
        )
    return (
        '<div class="bs-legend" style="font-size:0.85rem;">'
        + "".join(items)
        + '<div style="margin-top:4px;color:#444;">Gevuld = gezonde kant (+) · gearceerd en gestippeld = '
        "probleemkant (−) · zinnen zonder bouwsteen blijven wit.</div></div>"
    )


def pyramid_html(counts: Mapping[int, Mapping[str, int]]) -> str:
    """The five-block pyramid (Basisveiligheid at the bottom) with ``+``/``−`` counts per subject.

    Parameters
    ----------
    counts
        ``{block: {"kind+": n, "kind-": n, "ouder+": n, "ouder-": n}}``, as
        :func:`nlp.review.block_counts` gives.
    """
    layers = []
    for block in reversed(BLOCKS):
        colour = BLOCK_COLOURS[block]
        healthy, problem = BLOCK_NAMES[block]
        width = 52 + (5 - block) * 12
        numbers = " · ".join(
            f"{subject}: +{counts[block][f'{subject}+']} {MINUS}{counts[block][f'{subject}-']}" for subject in SUBJECTS
        )
        total = sum(counts[block].values())
        fill = _tint(colour, 0.55) if total else "#f3f3f3"
        layers.append(
            f'<div class="bs-layer" data-block="{block}" style="width:{width}%;margin:3px auto;padding:6px 8px;'
            f"background:{fill};border:2px solid {colour};border-radius:4px;text-align:center;"
            f'font-size:0.85rem;color:#111;{_PRINT}">'
            f"<b>{block} · {escape(healthy)} / {escape(problem)}</b><br>{escape(numbers)}</div>"
        )
    return '<div class="bs-pyramid">' + "".join(layers) + "</div>"


def printable_page(
    note_id: str,
    text: str,
    records: Sequence[Mapping[str, Any]],
    settings: ViewSettings,
    counts: Mapping[int, Mapping[str, int]],
    model_line: str,
) -> str:
    """A self-contained HTML page of the tagged note, made for the browser's print to PDF."""
    rows = "".join(
        "<tr>"
        f"<td>{r['nr']}</td><td>{escape(title(r['label'], r['subject']))}</td><td>{r['score']:.2f}</td>"
        f"<td>{escape(r['text'])}</td><td>{escape(r['source']['file']) if r['source'] else ''}</td>"
        "</tr>"
        for r in records
        if settings.shows(r)
    )
    return (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
        f"<title>Bouwsteen · {escape(note_id)}</title>"
        "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#111}"
        "table{border-collapse:collapse;width:100%;font-size:0.85rem}td,th{border:1px solid #999;padding:3px 5px;"
        "vertical-align:top;text-align:left}h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.5rem}"
        "@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}}</style>"
        "</head><body>"
        f"<h1>Bouwsteen · {escape(note_id)}</h1><p>{escape(model_line)}</p>"
        f"<h2>Legenda</h2>{legend_html()}"
        f"<h2>Verslag</h2>{note_html(text, records, settings, show_scores=True)}"
        f"<h2>Bouwstenen in dit verslag</h2>{pyramid_html(counts)}"
        "<h2>Labels</h2><table><tr><th>Nr</th><th>Bouwsteen</th><th>Score</th><th>Zin</th><th>Bron</th></tr>"
        f"{rows}</table></body></html>"
    )

"""Threshold, filters, corrections and counts over a note's records; their HTML and downloads."""

from __future__ import annotations

import csv
import io
import json

import pytest

from nlp.explain import explain
from nlp.export import labelled_csv, labelled_jsonl, labelled_rows, safe_cell, tags_csv, tags_json
from nlp.highlight import legend_html, note_html, printable_page, pyramid_html
from nlp.knowledge import fold_whitespace, load_knowledge
from nlp.review import Correction, ViewSettings, apply_corrections, block_counts, changed, numbered, tag_rows

NOTE = (
    "Gesprek met moeder op 12-9.\n"
    "Lisa (7) durft nu alleen naar de bakker te lopen en vertelt daar trots over.\n"
    "Moeder reageert kortaf als Lisa iets wil laten zien.\n"
    "- =SOM(A1) staat in het schrift van Lisa <script>alert(1)</script>"
)


def sentence(text: str, part: str, label: str, subject: str | None, score: float, source=None) -> dict:
    start = text.index(part)
    block = None if label == "none" else int(label[1])
    pole = None if label == "none" else label[2]
    return {
        "note": "n1",
        "start": start,
        "end": start + len(part),
        "text": part,
        "label": label,
        "block": block,
        "pole": pole,
        "subject": subject,
        "score": score,
        "source": source,
    }


@pytest.fixture(scope="module")
def knowledge():
    return load_knowledge()


@pytest.fixture
def records(knowledge):
    from nlp.review import source_for

    lines = NOTE.split("\n")
    return numbered(
        [
            sentence(NOTE, lines[0], "none", None, 0.97),
            sentence(NOTE, lines[1], "B4+", "kind", 0.81, source_for(knowledge, "B4+", "kind")),
            sentence(NOTE, lines[2], "B3-", "ouder", 0.42, source_for(knowledge, "B3-", "ouder")),
            sentence(NOTE, lines[3], "none", None, 0.9),
        ]
    )


def test_threshold_and_filters_decide_what_is_shown(records):
    assert [r["nr"] for r in records if ViewSettings().shows(r)] == [2, 3]
    assert [r["nr"] for r in records if ViewSettings(threshold=0.5).shows(r)] == [2]
    assert [r["nr"] for r in records if ViewSettings(blocks=frozenset({3})).shows(r)] == [3]
    assert [r["nr"] for r in records if ViewSettings(poles=frozenset({"-"})).shows(r)] == [3]
    assert [r["nr"] for r in records if ViewSettings(subjects=frozenset({"kind"})).shows(r)] == [2]


def test_corrections_change_tag_keep_the_model_tag_and_show_below_threshold(records, knowledge):
    corrected = apply_corrections(
        records, {3: Correction("B3-", "ouder"), 1: Correction("B1+", "kind"), 2: Correction("none")}, knowledge
    )
    assert records[1]["label"] == "B4+"  # the input is not changed in place
    assert [(r["label"], r["subject"]) for r in corrected] == [
        ("B1+", "kind"),
        ("none", None),
        ("B3-", "ouder"),
        ("none", None),
    ]
    assert corrected[0]["source"]["title"] == "Bouwsteen 1 · Basisveiligheid · kind"
    assert corrected[1]["model_label"] == "B4+" and corrected[1]["source"] is None
    settings = ViewSettings(threshold=0.9)
    assert [r["nr"] for r in corrected if settings.shows(r)] == [1, 3]
    assert [r["nr"] for r in changed(corrected)] == [1, 2]  # nr 3 was only confirmed


@pytest.mark.parametrize(("label", "subject"), [("B6+", "kind"), ("B2-", None), ("none", "kind"), ("B2+", "oma")])
def test_a_correction_outside_the_scheme_is_refused(label, subject):
    with pytest.raises(ValueError):
        Correction(label, subject)


def test_counts_and_table_follow_the_shown_tags(records):
    counts = block_counts(records, ViewSettings())
    assert counts[4] == {"kind+": 1, "kind-": 0, "ouder+": 0, "ouder-": 0}
    assert counts[3]["ouder-"] == 1 and sum(counts[1].values()) == 0
    rows = tag_rows(records, ViewSettings(threshold=0.5))
    assert [(r["Nr"], r["Bouwsteen"], r["Wie"]) for r in rows] == [(2, "Bouwsteen 4 · Zelfstandigheid", "kind")]


def test_note_html_escapes_the_note_and_marks_pole_without_colour_alone(records):
    html = note_html(NOTE, records, ViewSettings(), show_scores=True)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count('class="bs-tag') == 2
    assert "border:2px solid" in html and "border:2px dashed" in html  # + solid, − hatched/dashed
    assert "2 · B4+ kind · 0.81" in html and "3 · B3\u2212 ouder · 0.42" in html
    assert html.count('class="bs-plain"') == 2
    hidden = note_html(NOTE, records, ViewSettings(threshold=0.5), show_scores=False)
    assert hidden.count('class="bs-tag') == 1 and "0.81" not in hidden.split("title=")[0]


def test_pyramid_has_basisveiligheid_at_the_bottom_and_counts_per_subject(records):
    html = pyramid_html(block_counts(records, ViewSettings()))
    order = [html.index(f'data-block="{b}"') for b in (5, 4, 3, 2, 1)]
    assert order == sorted(order)
    assert "kind: +1 \u22120 · ouder: +0 \u22120" in html  # block 4
    assert "kind: +0 \u22120 · ouder: +0 \u22121" in html  # block 3
    assert all(f"B{b}+" in legend_html() and f"B{b}\u2212" in legend_html() for b in range(1, 6))


def test_explanation_quotes_the_source_passage_and_the_parent_attitude(records, knowledge):
    explanation = explain(records[2], knowledge)
    source = records[2]["source"]
    raw = knowledge.source_text(source["file"])[source["start"] : source["end"]]
    assert explanation.quote == fold_whitespace(raw)
    assert explanation.title == "Bouwsteen 3 · Onzekerheid · ouder"
    assert explanation.cue is not None
    assert explanation.quote in explanation.paragraph
    assert explanation.attitude.startswith("Steunen en meeleven")
    assert explanation.attitude_file.startswith("003_") and len(explanation.attitude_items) >= 3
    assert explain(records[0], knowledge) is None


def test_csv_cells_cannot_run_as_formulas(records):
    assert safe_cell("=SOM(A1)") == "'=SOM(A1)" and safe_cell("@x") == "'@x" and safe_cell("Lisa") == "Lisa"
    rows = list(csv.DictReader(io.StringIO(tags_csv(records))))
    assert rows[3]["text"].startswith("'- =SOM")
    assert [r["label"] for r in rows] == ["none", "B4+", "B3-", "none"]


def test_labelled_data_holds_reviewed_sentences_in_the_retraining_format(records, knowledge):
    corrected = apply_corrections(records, {3: Correction("B5-", "ouder")}, knowledge)
    rows = labelled_rows(corrected, "huisbezoek-12-9")
    lines = [json.loads(line) for line in labelled_jsonl(rows).splitlines()]
    assert lines == [
        {
            "text": "Moeder reageert kortaf als Lisa iets wil laten zien.",
            "label": "B5-",
            "subject": "ouder",
            "note": "huisbezoek-12-9",
        }
    ]
    everything = labelled_rows(corrected, "huisbezoek-12-9", include_unreviewed=True)
    assert [r["label"] for r in everything] == ["none", "B4+", "B5-", "none"]
    assert list(csv.DictReader(io.StringIO(labelled_csv(everything))))[1]["subject"] == "kind"


def test_json_export_and_printable_page(records):
    document = json.loads(tags_json("n1", records, {"name": "default"}))
    assert document["note"] == "n1" and len(document["sentences"]) == 4
    assert document["sentences"][1]["source"]["file"].startswith("00")
    counts = block_counts(records, ViewSettings())
    page = printable_page("n1 <b>", NOTE, records, ViewSettings(), counts, "Model default")
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page
    assert "<b>" not in page.split("<body>")[1].split("</h1>")[0]
    assert "&lt;script&gt;" in page and "<script>" not in page

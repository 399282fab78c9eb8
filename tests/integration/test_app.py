"""The Streamlit page, driven headless with AppTest: paste, threshold, filter, correct, export, bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from nlp.records import doc_records

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
NOTE = (ROOT / "data" / "examples" / "voorbeeld.txt").read_text(encoding="utf-8")


@pytest.fixture
def page(default_model_dir) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    return at


def paste(at: AppTest, text: str) -> AppTest:
    at.text_area(key="note_text").input(text).run()
    assert not at.exception
    return at


def note_html(at: AppTest) -> str:
    return next(h.proto.body for h in at.get("html") if 'class="bs-note"' in h.proto.body)


def tagged_numbers(at: AppTest) -> list[int]:
    return [int(n) for n in re.findall(r'class="bs-tag[^"]*" data-nr="(\d+)"', note_html(at))]


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def test_pasted_note_is_highlighted_as_the_pipeline_tags_it(page, pipeline):
    paste(page, NOTE)
    records = doc_records(pipeline(NOTE), "x", NOTE)
    expected = [i for i, r in enumerate(records, start=1) if r["label"] != "none"]
    assert expected and tagged_numbers(page) == expected
    assert f"{len(records)} zinnen, waarvan {len(expected)} met een bouwsteen gemarkeerd" in captions(page)
    # the explanation panel quotes the source passage of the first tag
    first = records[expected[0] - 1]
    assert f"Bron: {first['source']['file']}, tekens {first['source']['start']}–{first['source']['end']}" in captions(
        page
    )


def test_threshold_filters_and_score_toggle(page, pipeline):
    paste(page, NOTE)
    records = doc_records(pipeline(NOTE), "x", NOTE)
    all_tags = tagged_numbers(page)
    page.slider[0].set_value(1.0).run()
    assert tagged_numbers(page) == []
    assert any("Geen gemarkeerde zinnen" in i.value for i in page.info)
    page.slider[0].set_value(0.0).run()
    blocks = sorted({r["block"] for r in records if r["label"] != "none"})
    keep = blocks[0]
    page.multiselect[0].set_value([keep]).run()
    assert tagged_numbers(page) == [n for n in all_tags if records[n - 1]["block"] == keep]
    page.multiselect[0].set_value([1, 2, 3, 4, 5]).run()
    assert "· 0." not in note_html(page).split("bs-badge")[1][:400]
    page.toggle[0].set_value(True).run()
    assert re.search(r"B\d[+\u2212] (kind|ouder) · [01]\.\d\d", note_html(page))


def test_a_correction_changes_the_highlight_summary_and_download(page):
    paste(page, NOTE)
    before = tagged_numbers(page)
    assert 1 not in before  # "Verslag huisbezoek …, aanwezig: …" is logistics
    page.selectbox(key="correct_choice").set_value(1).run()
    label_box = next(s for s in page.selectbox if s.label == "Nieuw label")
    label_box.set_value("B1+").run()
    page.radio(key="correct_subject").set_value("ouder").run()
    next(b for b in page.button if b.label == "Correctie opslaan").click().run()
    assert not page.exception
    assert tagged_numbers(page) == sorted([1, *before])
    assert "1 correctie(s)" in captions(page)
    assert "1: none → B1+ · Basisveiligheid ouder" in captions(page)
    downloads = {d.proto.label for d in page.get("download_button")}
    assert {"Correcties (JSONL)", "Correcties (CSV)", "Labels (CSV)", "Labels (JSON)"} <= downloads
    # undo restores the model's tags
    next(b for b in page.button if b.label == "Herstel").click().run()
    assert tagged_numbers(page) == before


def test_mark_as_none_from_the_explanation(page):
    paste(page, NOTE)
    before = tagged_numbers(page)
    chosen = page.selectbox(key="explain_choice").value
    page.button(key="mark_none").click().run()
    assert tagged_numbers(page) == [n for n in before if n != chosen]


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("   \n  ", "info", "Plak een verslag"),
        ("x" * 5_000_000, "error", "te groot"),
        (
            "The foster mother says that Jesse sleeps better since the holidays and he is "
            "playing with the train set while we talk about school and the next visit.",
            "warning",
            "niet in het Nederlands",
        ),
    ],
)
def test_bad_input_gets_a_dutch_message_and_no_traceback(page, text, kind, expected):
    paste(page, text)
    messages = [m.value for m in getattr(page, kind)]
    assert any(expected in m for m in messages), messages
    assert not page.exception


def test_note_text_is_rendered_escaped(page):
    paste(page, "Moeder schrijft <script>alert('x')</script> in het schriftje.\nDaan speelt <b>vet</b> buiten.")
    html = note_html(page)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>vet</b>" not in html and "&lt;b&gt;vet&lt;/b&gt;" in html

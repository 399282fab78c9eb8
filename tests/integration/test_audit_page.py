"""The "Dossier-audit" page and uploads on the "Verslag" page, driven with AppTest."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
DOSSIER = ROOT / "data" / "examples" / "dossier"


@pytest.fixture
def page(default_model_dir) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    return at


def dossier_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(DOSSIER.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(DOSSIER).as_posix())
    return buffer.getvalue()


def test_audit_page_reports_a_zipped_dossier_with_skips_and_downloads(page):
    page.switch_page("app_pages/dossier_audit.py").run()
    assert any("Kies een of meer bestanden" in i.value for i in page.info)
    page.file_uploader(key="audit_uploads").set_value(("dossier.zip", dossier_zip(), "application/zip")).run()
    assert not page.exception
    metrics = {m.label: m.value for m in page.metric}
    assert metrics["Bestanden"] == "11" and metrics["Overgeslagen"] == "2"
    assert int(metrics["Met een bouwsteen"]) > 0
    report = next(h.proto.body for h in page.get("html") if "Bestanden × bouwstenen" in h.proto.body)
    assert "dossier.zip/gezin-c/notities.csv" in report and "De PDF bevat geen tekstlaag" in report
    downloads = {d.proto.label for d in page.get("download_button")}
    assert downloads == {"Rapport (HTML)", "Bestanden (CSV)", "Rapport (XLSX)"}


def test_audit_page_lists_refused_uploads(page):
    page.switch_page("app_pages/dossier_audit.py").run()
    note = (DOSSIER / "gezin-a" / "2026-03-02_huisbezoek.txt").read_bytes()
    page.file_uploader(key="audit_uploads").set_value(
        [("huisbezoek.txt", note, "text/plain"), ("bom.zip", _bomb(), "application/zip")]
    ).run()
    assert any("bom.zip" in w.value and "te groot" in w.value for w in page.warning)
    assert {m.label: m.value for m in page.metric}["Bestanden"] == "1"


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", b"a" * 30_000_000)
    return buffer.getvalue()


def test_verslag_page_reads_an_uploaded_word_file_and_refuses_a_scan(page):
    import docx

    document = docx.Document()
    document.add_paragraph("Verslag gesprek 3 juni, aanwezig: vader en Sem (9).")
    document.add_paragraph("Vader vertelt dat Sem weer met plezier naar school gaat en zelf zijn huiswerk plant.")
    buffer = io.BytesIO()
    document.save(buffer)
    uploader = page.file_uploader[0]
    uploader.set_value(("gesprek.docx", buffer.getvalue(), "application/octet-stream")).run()
    assert not page.exception and not page.error
    assert any("2 zinnen" in c.value for c in page.caption)
    scan = (DOSSIER / "gezin-b" / "2026-04-15_scan-zonder-tekst.pdf").read_bytes()
    page.file_uploader[0].set_value(("scan.pdf", scan, "application/pdf")).run()
    assert any("geen tekstlaag" in e.value for e in page.error)

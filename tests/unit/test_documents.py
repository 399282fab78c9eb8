"""Reading Word and PDF documents: text out, clear refusals for what has none."""

from __future__ import annotations

import io
import zipfile

import pytest

from nlp.documents import MAX_DOCUMENT_BYTES, docx_text, pdf_text
from nlp.io import InputError, read_document

PARAGRAPHS = [
    "Verslag huisbezoek 3 maart, aanwezig: moeder, Sem (4) en ondergetekende.",
    "Sem zocht bij het binnenkomen meteen de schoot van moeder op en liet zich troosten.",
    "Moeder vertelt dat hij sinds de verhuizing weer 's nachts wakker wordt.",
]


def make_docx(paragraphs: list[str], table: list[str] = ()) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=1, cols=len(table))
        for cell, text in zip(grid.rows[0].cells, table, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds the lines (Latin-1, Helvetica)."""
    content = (
        "BT /F1 11 Tf 50 780 Td 14 TL "
        + " ".join("(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '" for line in lines)
        + " ET"
    )
    stream = content.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def blank_pdf(encrypt: str | None = None) -> bytes:
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    if encrypt:
        writer.encrypt(encrypt)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_and_table_cells_come_out_in_order():
    text = docx_text(make_docx(PARAGRAPHS, table=["Afspraak: 10 maart", "Sem slaapt weer in eigen bed."]), "v.docx")
    parts = text.split("\n\n")
    assert parts[:3] == PARAGRAPHS
    assert parts[3:] == ["Afspraak: 10 maart", "Sem slaapt weer in eigen bed."]


def test_read_document_picks_the_reader_by_suffix_and_checks_the_text():
    note = read_document(make_docx(PARAGRAPHS), "map/verslag.DOCX")
    assert note.id == "map/verslag.DOCX"
    assert "schoot van moeder" in note.text
    with pytest.raises(InputError) as error:
        read_document(make_docx(["   "]), "leeg.docx")
    assert error.value.reason == "empty"


def test_pdf_text_layer_is_read():
    text = pdf_text(make_pdf(PARAGRAPHS[:2]), "verslag.pdf")
    assert "Sem zocht bij het binnenkomen" in text
    assert "aanwezig: moeder" in text


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (blank_pdf(), "scan.pdf", "no_text"),
        (blank_pdf(encrypt="geheim"), "beveiligd.pdf", "encrypted"),
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog", "kapot.pdf", "corrupt"),
        (b"PK\x03\x04 not really a zip", "kapot.docx", "corrupt"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "oud.docx", "encrypted"),
        (b"x" * (MAX_DOCUMENT_BYTES + 1), "groot.pdf", "too_large"),
    ],
)
def test_documents_without_usable_text_are_refused_with_a_reason(data, name, reason):
    with pytest.raises(InputError) as error:
        read_document(data, name)
    assert error.value.reason == reason
    assert "\n" not in str(error.value)


def test_a_zip_bomb_docx_is_refused_before_unpacking():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\x00" * 250_000_000)
    with pytest.raises(InputError) as error:
        docx_text(buffer.getvalue(), "bom.docx")
    assert error.value.reason == "too_large"

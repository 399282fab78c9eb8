"""Text out of office documents: Word (.docx) and PDF with a text layer.

Both readers take the file's bytes, never touch the disk and raise
:class:`nlp.io.InputError` with a reason code for a damaged, encrypted, oversized or
text-less document. Their libraries are imported on first use, so tagging plain text
never pays for them.
"""

from __future__ import annotations

import io
import logging
import zipfile

from nlp.io import InputError

DOCUMENT_SUFFIXES = frozenset({".docx", ".pdf"})
MAX_DOCUMENT_BYTES = 25_000_000
# A .docx is a zip: refuse archives that would unpack to more than this (zip bombs).
MAX_UNPACKED_BYTES = 200_000_000
MAX_PDF_PAGES = 2_000
# A PDF page with fewer letters than this has no usable text layer (a scan).
MIN_LETTERS_PER_PAGE = 20
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _check_size(data: bytes, name: str) -> None:
    if len(data) > MAX_DOCUMENT_BYTES:
        raise InputError(
            f"{name}: {len(data) / 1e6:.1f} MB is more than the {MAX_DOCUMENT_BYTES / 1e6:.0f} MB a document may be",
            "too_large",
        )


def docx_text(data: bytes, name: str) -> str:
    """The text of a Word document: paragraphs and table cells, in document order.

    Parameters
    ----------
    data
        The bytes of a ``.docx`` file.
    name
        The file's name, for messages.

    Returns
    -------
    str
        Paragraphs separated by blank lines.

    Raises
    ------
    InputError
        For an encrypted or old-style (.doc) file, a damaged archive or a zip bomb.
    """
    _check_size(data, name)
    if data.startswith(_OLE_MAGIC):
        raise InputError(f"{name}: encrypted or old-style Word file; save it as .docx without a password", "encrypted")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise InputError(f"{name}: not a readable .docx file", "corrupt") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(f"{name}: unpacks to {unpacked / 1e6:.0f} MB, refused", "too_large")
    import docx  # python-docx; imported here because plain-text tagging never needs it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile):
        raise InputError(f"{name}: not a readable .docx file", "corrupt") from None
    parts: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            parts.append("".join(node.text or "" for node in child.iter() if node.tag.endswith("}t")))
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tc"):
                    parts.append("".join(node.text or "" for node in row.iter() if node.tag.endswith("}t")))
    return "\n\n".join(part for part in parts if part.strip())


def pdf_text(data: bytes, name: str) -> str:
    """The text layer of a PDF, page by page.

    Parameters
    ----------
    data
        The bytes of a ``.pdf`` file.
    name
        The file's name, for messages.

    Returns
    -------
    str
        The pages' text separated by blank lines.

    Raises
    ------
    InputError
        For a damaged or password-protected PDF, or one without a text layer (a scan).
    """
    _check_size(data, name)
    import pypdf  # imported here because plain-text tagging never needs it
    from pypdf.errors import PyPdfError

    # pypdf reports damaged structures through logging; keep that out of the logs.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{name}: the PDF is protected with a password", "encrypted")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise InputError(f"{name}: more than {MAX_PDF_PAGES} pages", "too_large")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError, NotImplementedError):
        raise InputError(f"{name}: not a readable PDF", "corrupt") from None
    letters = sum(ch.isalpha() for page in pages for ch in page)
    if letters < MIN_LETTERS_PER_PAGE * max(1, len(pages)) // 2:
        raise InputError(f"{name}: the PDF has no text layer (a scan?); run OCR on it first", "no_text")
    return "\n\n".join(page.strip() for page in pages if page.strip())

"""Uploaded case files for the audit page: loose files and .zip archives, within bounds.

Archives are opened in memory. A member is refused (and listed with its reason) when it is
a nested archive, an unsupported type or too large; the whole upload is cut off at
:data:`MAX_FILES` files or :data:`MAX_TOTAL_BYTES` unpacked, and an archive whose members
unpack far beyond their packed size (a zip bomb) is refused before anything is read.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import PurePosixPath

from nlp.casefiles import AUDIT_SUFFIXES
from nlp.documents import MAX_DOCUMENT_BYTES

MAX_FILES = 500
MAX_TOTAL_BYTES = 200_000_000
MAX_RATIO = 150  # unpacked / packed size of one member beyond which it is treated as a bomb


def expand_uploads(uploads: Iterable[tuple[str, bytes]]) -> tuple[list[tuple[str, bytes]], list[tuple[str, str]]]:
    """The case files inside a set of uploads.

    Parameters
    ----------
    uploads
        ``(file name, bytes)`` per uploaded file; ``.zip`` files are unpacked.

    Returns
    -------
    tuple
        The files as ``(name, bytes)`` (a zip member is named ``archive.zip/path``), and
        ``(name, reason code)`` for everything left out.
    """
    files: list[tuple[str, bytes]] = []
    refused: list[tuple[str, str]] = []
    total = 0

    def add(name: str, data: bytes) -> None:
        nonlocal total
        if len(files) >= MAX_FILES or total + len(data) > MAX_TOTAL_BYTES:
            refused.append((name, "too_large"))
            return
        files.append((name, data))
        total += len(data)

    for name, data in uploads:
        suffix = PurePosixPath(name).suffix.lower()
        if suffix == ".zip":
            _unpack(name, data, add, refused)
        elif suffix in AUDIT_SUFFIXES:
            add(name, data)
        else:
            refused.append((name, "unsupported"))
    return files, refused


def _unpack(name: str, data: bytes, add, refused: list[tuple[str, str]]) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        refused.append((name, "corrupt"))
        return
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        unpacked = sum(m.file_size for m in members)
        packed = max(1, sum(m.compress_size for m in members))
        if unpacked > MAX_TOTAL_BYTES or unpacked / packed > MAX_RATIO:
            refused.append((name, "too_large"))
            return
        for member in members:
            inner = f"{name}/{member.filename}"
            path = PurePosixPath(member.filename)
            if any(part.startswith(".") or part == "__MACOSX" for part in path.parts):
                continue
            suffix = path.suffix.lower()
            if suffix not in AUDIT_SUFFIXES:
                refused.append((inner, "unsupported"))
            elif member.file_size > MAX_DOCUMENT_BYTES or member.file_size / max(1, member.compress_size) > MAX_RATIO:
                refused.append((inner, "too_large"))
            elif member.flag_bits & 0x1:
                refused.append((inner, "encrypted"))
            else:
                try:
                    add(inner, archive.read(member))
                except (zipfile.BadZipFile, OSError, RuntimeError):
                    refused.append((inner, "corrupt"))

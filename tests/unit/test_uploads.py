"""Uploads for the audit page: loose files, zips, and the bounds that keep them safe."""

from __future__ import annotations

import io
import zipfile

from nlp import uploads
from nlp.uploads import expand_uploads

NOTE = b"Pleegmoeder vertelt dat Sara (8) sinds de zomer zelf haar tas inpakt voor school."


def make_zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_members_are_named_under_the_archive_and_odd_members_listed():
    archive = make_zip(
        {
            "dossier/a.txt": NOTE,
            "dossier/b.md": NOTE,
            "dossier/foto.jpg": b"\xff\xd8",
            "dossier/binnen.zip": make_zip({"c.txt": NOTE}),
            "__MACOSX/dossier/._a.txt": b"\x00",
            "dossier/.verborgen.txt": NOTE,
        }
    )
    files, refused = expand_uploads([("dossier.zip", archive), ("los.txt", NOTE), ("virus.exe", b"MZ")])
    assert [name for name, _ in files] == ["dossier.zip/dossier/a.txt", "dossier.zip/dossier/b.md", "los.txt"]
    assert all(data == NOTE for _, data in files)
    assert dict(refused) == {
        "dossier.zip/dossier/foto.jpg": "unsupported",
        "dossier.zip/dossier/binnen.zip": "unsupported",
        "virus.exe": "unsupported",
    }


def test_zip_bomb_and_broken_zip_are_refused_without_unpacking():
    bomb = make_zip({"a.txt": b"a" * 30_000_000})
    assert len(bomb) < 100_000
    files, refused = expand_uploads([("bom.zip", bomb), ("kapot.zip", b"PK\x03\x04 kapot")])
    assert files == []
    assert refused == [("bom.zip", "too_large"), ("kapot.zip", "corrupt")]


def test_file_count_and_total_size_are_bounded(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_FILES", 3)
    many = [(f"n{i}.txt", NOTE) for i in range(5)]
    files, refused = expand_uploads(many)
    assert [n for n, _ in files] == ["n0.txt", "n1.txt", "n2.txt"]
    assert refused == [("n3.txt", "too_large"), ("n4.txt", "too_large")]
    monkeypatch.setattr(uploads, "MAX_FILES", 500)
    monkeypatch.setattr(uploads, "MAX_TOTAL_BYTES", len(NOTE) * 2)
    files, refused = expand_uploads(many[:3])
    assert len(files) == 2 and refused == [("n2.txt", "too_large")]

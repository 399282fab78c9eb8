"""`bouwsteen audit` over a fictional case file: outputs, skips, workers, resume, Dask, XLSX, pseudonyms."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlp.cli import app

ROOT = Path(__file__).resolve().parents[2]
DOSSIER = ROOT / "data" / "examples" / "dossier"
runner = CliRunner()


@pytest.fixture
def dossier(tmp_path, default_model_dir) -> Path:
    folder = tmp_path / "dossier"
    shutil.copytree(DOSSIER, folder)
    (folder / "gezin-a" / "kapot.docx").write_bytes(b"PK\x03\x04 dit is geen docx")
    (folder / "gezin-c" / "=SOM(1+1).txt").write_text(
        "- Moeder vertelt dat Noor weer rustig slaapt sinds ze een nachtlampje heeft.\n", encoding="utf-8"
    )
    return folder


def audit(*args: str):
    result = runner.invoke(app, ["audit", *args])
    assert result.exit_code == 0, result.output
    return result


def read(out: Path, name: str) -> str:
    return (out / name).read_text(encoding="utf-8")


def test_audit_writes_every_output_and_skips_bad_files_with_a_reason(dossier, tmp_path):
    out = tmp_path / "rapport"
    result = audit(str(dossier), "--out", str(out))
    assert "skipped gezin-a/kapot.docx" in result.output
    rows = {r["path"]: r for r in csv.DictReader(io.StringIO(read(out, "files.csv")))}
    assert rows["gezin-a/kapot.docx"]["status"] == "skipped" and rows["gezin-a/kapot.docx"]["reason"] == "corrupt"
    assert rows["gezin-a/2026-05-01_leeg.txt"]["reason"] == "empty"
    assert rows["gezin-b/2026-04-15_scan-zonder-tekst.pdf"]["reason"] == "no_text"
    assert rows["gezin-c/notities.csv"]["notes"] == "6"

    records = [json.loads(line) for line in read(out, "tags.jsonl").splitlines()]
    keys = {"note", "start", "end", "text", "label", "block", "pole", "subject", "score", "source"}
    assert records and all(set(r) == keys for r in records)
    # per file, the counts agree with the sentence records
    huisbezoek = [r for r in records if r["note"] == "gezin-a/2026-03-02_huisbezoek.txt"]
    row = rows["gezin-a/2026-03-02_huisbezoek.txt"]
    assert int(row["sentences"]) == len(huisbezoek)
    assert int(row["tagged"]) == sum(r["label"] != "none" for r in huisbezoek)
    present = {r["block"] for r in huisbezoek if r["block"]}
    assert row["blocks_not_documented"] == " ".join(str(b) for b in range(1, 6) if b not in present)
    # the same sentences and tags as `bouwsteen tag` gives for that file
    tagged = runner.invoke(app, ["tag", str(dossier / "gezin-a" / "2026-03-02_huisbezoek.txt"), "--format", "jsonl"])
    assert [json.loads(line)["label"] for line in tagged.stdout.splitlines()] == [r["label"] for r in huisbezoek]

    summary = json.loads(read(out, "summary.json"))
    assert summary["files"] == {"total": 13, "tagged": 10, "skipped": 3}
    assert summary["sentences"] == len(records)
    assert len(summary["model"]["model_id"]) == 64

    html = read(out, "report.html")
    assert not re.search(r"https?://|<script|<link|src=", html.replace("=HYPERLINK", ""))
    anchors = set(re.findall(r'href="#(src-[^"]+)"', html))
    assert anchors and anchors <= set(re.findall(r'id="(src-[^"]+)"', html))
    assert "De PDF bevat geen tekstlaag" in html and "gezin-b/2026-03-19_mentorgesprek.md" in html


def test_two_workers_give_exactly_the_result_of_one_and_reruns_resume(dossier, tmp_path):
    one, two = tmp_path / "een", tmp_path / "twee"
    audit(str(dossier), "--out", str(one), "--workers", "1")
    result = audit(str(dossier), "--out", str(two), "--workers", "2")
    assert "peak memory per worker" in result.output
    for name in ("tags.jsonl", "files.csv"):
        assert read(one, name) == read(two, name)

    again = audit(str(dossier), "--out", str(one))
    assert "10 file(s) tagged (10 resumed)" in again.output
    note = dossier / "gezin-a" / "2026-04-20_telefonisch.txt"
    note.write_text(note.read_text(encoding="utf-8") + "\nVader belde terug; hij komt volgende week mee.\n", "utf-8")
    changed = audit(str(dossier), "--out", str(one))
    assert "10 file(s) tagged (9 resumed)" in changed.output
    fresh = tmp_path / "vers"
    audit(str(dossier), "--out", str(fresh))
    assert read(one, "tags.jsonl") == read(fresh, "tags.jsonl")


def test_xlsx_cells_cannot_run_formulas(dossier):
    from openpyxl import load_workbook

    from nlp.audit import audit_files
    from nlp.audit_report import audit_xlsx
    from nlp.casefiles import collect_files

    files, _ = collect_files([dossier / "gezin-c"])
    run = audit_files(files, [f.name for f in files])
    workbook = load_workbook(io.BytesIO(audit_xlsx(run.results)))
    cells = [c for row in workbook["Zinnen"].iter_rows(min_row=2, values_only=True) for c in row]
    cells += [c for row in workbook["Bestanden"].iter_rows(min_row=2, values_only=True) for c in row]
    assert "'=SOM(1+1).txt" in cells
    assert any(str(c).startswith("'- Moeder vertelt") for c in cells)
    assert not any(str(c).startswith(("=", "-", "+", "@")) for c in cells)


def test_dask_local_cluster_gives_the_single_process_result(pipeline):
    dask_bag = pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    from nlp.distributed import tag_bag
    from nlp.records import doc_records

    notes = [json.loads(line) for line in (DOSSIER / "gezin-c" / "overdracht.jsonl").read_text("utf-8").splitlines()]
    notes += [
        {"id": f"v{i}", "text": (ROOT / "data" / "examples" / "voorbeeld.txt").read_text("utf-8")} for i in range(5)
    ]
    expected = [r for n in notes for r in doc_records(pipeline(n["text"]), n["id"], n["text"])]
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
    ):
        got = tag_bag(dask_bag.from_sequence(notes, npartitions=4)).compute()
    assert got == expected


@pytest.mark.slow
def test_pseudonymized_report_replaces_names_and_places(dossier, tmp_path):
    pytest.importorskip("deduce")
    out = tmp_path / "gedeeld"
    audit(str(dossier / "gezin-a"), "--out", str(out), "--pseudonymize")
    plain = tmp_path / "plain"
    audit(str(dossier / "gezin-a"), "--out", str(plain))
    names = set(re.findall(r"\b(?:Noor|Sandra|Ruud|Amersfoort)\b", read(plain, "report.html")))
    assert names, "the example notes should mention a name or place"
    html = read(out, "report.html")
    assert not any(name in html for name in names)
    assert "[PERSOON-" in html or "[LOCATIE-" in html
    assert json.loads(read(out, "summary.json"))["pseudonymized"] is True


def test_nothing_to_audit_fails_before_writing_a_report(tmp_path):
    (tmp_path / "leeg").mkdir()
    (tmp_path / "leeg" / "foto.jpg").write_bytes(b"\xff\xd8\xff")
    result = runner.invoke(app, ["audit", str(tmp_path / "leeg"), str(tmp_path / "weg"), "--out", str(tmp_path / "r")])
    assert result.exit_code == 1
    assert "no such file or folder" in result.output and "no files to audit" in result.output
    assert not (tmp_path / "r").exists()

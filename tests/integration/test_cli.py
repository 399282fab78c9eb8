"""The bouwsteen CLI contract: formats, batches, stdin, and bad input."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlp.cli import app

NOTE_PATH = Path(__file__).resolve().parents[2] / "data" / "examples" / "voorbeeld.txt"
NOTE = NOTE_PATH.read_text(encoding="utf-8")
runner = CliRunner()


@pytest.fixture(autouse=True)
def _model(default_model_dir):
    return default_model_dir


def test_jsonl_records_follow_the_schema_and_offsets_point_into_the_note():
    result = runner.invoke(app, ["tag", str(NOTE_PATH), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 9
    for record in records:
        assert set(record) == {"note", "start", "end", "text", "label", "block", "pole", "subject", "score", "source"}
        assert NOTE[record["start"] : record["end"]] == record["text"]
        assert record["note"] == str(NOTE_PATH)
        if record["label"] != "none":
            assert set(record["source"]) == {"file", "start", "end", "title"}
    assert [r["start"] for r in records] == sorted(r["start"] for r in records)


def test_stdin_jsonl_batch_tsv_and_text(tmp_path):
    batch = tmp_path / "notes.jsonl"
    batch.write_text("\n".join(json.dumps({"id": f"n{i}", "text": NOTE}) for i in range(3)) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["tag", str(batch), "--format", "jsonl"])
    assert {json.loads(line)["note"] for line in result.stdout.splitlines()} == {"n0", "n1", "n2"}
    result = runner.invoke(app, ["tag", "-", "--format", "tsv"], input=NOTE)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("note\tstart\tend\tlabel") and len(lines) == 10
    result = runner.invoke(app, ["tag", str(NOTE_PATH)])
    assert "Bouwsteen" in result.stdout and "↳" in result.stdout


def test_bad_file_in_batch_is_reported_and_skipped(tmp_path):
    good = tmp_path / "goed.txt"
    good.write_text(NOTE, encoding="utf-8")
    (tmp_path / "scan.txt").write_bytes(b"\x89PNG\x00\x00\x01binary")
    result = runner.invoke(app, ["tag", str(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 0
    assert "scan.txt: binary file" in result.stderr
    assert {json.loads(line)["note"] for line in result.stdout.splitlines()} == {str(good)}


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"\x00\x01\x02\x03", "binary"), (("Moeder belt. " * 500_000).encode(), "MB")],
)
def test_nothing_taggable_exits_non_zero_with_one_line(tmp_path, content, message):
    path = tmp_path / "note.txt"
    path.write_bytes(content)
    result = runner.invoke(app, ["tag", str(path)])
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""


def test_missing_file_and_missing_model(tmp_path):
    result = runner.invoke(app, ["tag", str(tmp_path / "weg.txt")])
    assert result.exit_code == 1 and "no such file" in result.stderr
    result = runner.invoke(app, ["tag", str(NOTE_PATH), "--model", str(tmp_path)])
    assert result.exit_code == 2 and "no model" in result.stderr


def test_windows_encoded_note_is_tagged(tmp_path):
    path = tmp_path / "cp1252.txt"
    path.write_bytes("Zoë zocht na het afscheid troost bij pleegmoeder en liet zich knuffelen.".encode("cp1252"))
    result = runner.invoke(app, ["tag", str(path), "--format", "jsonl"])
    assert result.exit_code == 0
    assert json.loads(result.stdout.splitlines()[0])["text"].startswith("Zoë")


def test_non_dutch_note_gets_a_warning(tmp_path):
    path = tmp_path / "en.txt"
    path.write_text(
        "The foster mother says the boy sleeps better and is less angry since the holidays, "
        "and he is doing well at school with his friends.",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["tag", str(path)])
    assert result.exit_code == 0 and "does not look like Dutch" in result.stderr

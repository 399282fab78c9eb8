"""The learning commands report a bad config or corpus in one line, without a traceback."""

import json

from typer.testing import CliRunner

from training.cli import app

runner = CliRunner()


def test_missing_and_malformed_config(tmp_path):
    result = runner.invoke(app, ["train", "--config", str(tmp_path / "weg.toml")])
    assert result.exit_code == 1 and "no such config file" in result.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text("[data\nhandwritten = 1\n", encoding="utf-8")
    for command in (["train", "--config", str(bad)], ["generate", "--config", str(bad)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 1, command
        assert "stopped" in result.stderr and "Traceback" not in result.stderr + result.stdout


def test_bad_corpus_line_stops_training_with_its_place(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "team.jsonl").write_text(json.dumps({"text": "Sem huilt.", "label": "B7+", "subject": "kind"}) + "\n")
    config = tmp_path / "config.toml"
    config.write_text(
        f'seed = 1\n[data]\nhandwritten = "{corpus}"\ngenerated = "{tmp_path / "none.jsonl"}"\n', encoding="utf-8"
    )
    result = runner.invoke(app, ["train", "--config", str(config), "--output", str(tmp_path / "model")])
    assert result.exit_code == 1
    assert "team.jsonl:1: unknown label 'B7+'" in result.stderr
    assert not (tmp_path / "model").exists()


def test_evaluate_refuses_unreadable_labelled_file(tmp_path, default_model_dir):
    data = tmp_path / "labels.jsonl"
    data.write_text("{kapot\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "--data", str(data)])
    assert result.exit_code == 1 and "labels.jsonl:1: not valid JSON" in result.stderr

"""Retraining end to end on the fictional team data set: import, train, compare, promote, roll back."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import nlp
from nlp.model import DEFAULT_MODEL_DIR, ModelError
from nlp.registry import active_model_dir, read_log, read_registry, write_registry
from training.cli import app

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
TEAM = ROOT / "data" / "examples" / "team" / "de-boei.jsonl"
runner = CliRunner()


@pytest.fixture
def registry(tmp_path, monkeypatch, default_model_dir) -> Path:
    directory = tmp_path / "registry"
    monkeypatch.setenv("BOUWSTEEN_REGISTRY", str(directory))
    return directory


def run(*args: str, code: int = 0):
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result


def test_import_refuses_bad_rows_and_logs_no_text(registry, tmp_path):
    bad = tmp_path / "fout.csv"
    bad.write_text("text;label\nJgd. sliep slecht na het bezoek.;Hechting\n;B3-\n", encoding="utf-8")
    result = run("import", str(bad), code=1)
    assert f"{bad}:2: unknown label 'Hechting'" in result.output
    assert "Jgd. sliep slecht" not in result.output
    result = run("import", str(TEAM))
    assert "sentences imported to" in result.output
    [event] = read_log()
    assert event["event"] == "import" and event["sentences"] > 300 and event["files"] == ["de-boei.jsonl"]
    log_text = (registry / "audit.log").read_text(encoding="utf-8")
    first_sentence = json.loads(TEAM.read_text(encoding="utf-8").splitlines()[0])["text"]
    assert first_sentence not in log_text


def test_train_compare_promote_rollback_and_integrity(registry):
    # alone, this small set has too few parent sentences for some classes: a clear refusal
    refused = run("train", "--data", str(TEAM), "--mode", "only-own", code=1)
    assert "too few examples to train on for" in refused.output and "combine" in refused.output
    assert read_registry()["models"] == {}

    result = run("train", "--data", str(TEAM), "--mode", "combine")
    assert "== team held-out split" in result.output and "== shipped development set" in result.output
    assert "sentence(s) changed tag" in result.output
    entries = read_registry()["models"]
    [model_id] = entries
    meta = json.loads((registry / model_id / "meta.json").read_text(encoding="utf-8"))
    assert meta["mode"] == "combine" and meta["parent"] == "default"
    assert len(meta["team_data_sha256"]) == 64 and set(meta["class_counts"]) <= {
        "B1+", "B1-", "B2+", "B2-", "B3+", "B3-", "B4+", "B4-", "B5+", "B5-", "none",
    }  # fmt: skip
    assert model_id in run("models", "list").output
    assert active_model_dir() == DEFAULT_MODEL_DIR

    # a forced promotion needs a reason, and the reason is logged
    refused = run("models", "promote", model_id, "--force", code=1)
    assert "--reason" in refused.output
    promoted = runner.invoke(app, ["models", "promote", model_id])
    if promoted.exit_code != 0:
        assert "not promoted" in promoted.output
        run("models", "promote", model_id, "--force", "--reason", "pilot op groep De Boei")
        assert read_log()[-1]["reason"] == "pilot op groep De Boei"
    assert active_model_dir() == registry / model_id
    assert nlp.load().meta["bouwsteen"]["name"] == model_id

    run("models", "rollback")
    assert active_model_dir() == DEFAULT_MODEL_DIR
    assert [e["event"] for e in read_log()][-2:] == ["promote", "rollback"]
    run("models", "rollback", code=1)

    # an altered or unregistered model folder is never loaded
    meta_path = registry / model_id / "meta.json"
    meta_path.write_text(meta_path.read_text(encoding="utf-8").replace('"combine"', '"only-own"'), encoding="utf-8")
    with pytest.raises(ModelError, match="registry's sha256"):
        nlp.load(registry / model_id)
    (registry / "zwerver").mkdir()
    with pytest.raises(ModelError, match="not in the model registry"):
        nlp.load(registry / "zwerver")


def test_a_crash_while_writing_the_registry_keeps_the_active_model(registry, monkeypatch):
    write_registry({"active": "default", "models": {}, "history": []})
    before = (registry / "registry.json").read_text(encoding="utf-8")

    def crash(*args, **kwargs):
        raise OSError("disk full")

    with monkeypatch.context() as patched, pytest.raises(OSError):
        patched.setattr(os, "replace", crash)
        write_registry({"active": "iets-anders", "models": {}, "history": []})
    assert (registry / "registry.json").read_text(encoding="utf-8") == before
    assert active_model_dir() == DEFAULT_MODEL_DIR


def test_promotion_checks_refuse_a_worse_or_failing_candidate(registry, monkeypatch):
    from training import registry as reg

    write_registry({"active": "default", "models": {"kandidaat": {"meta_sha256": "x"}}, "history": []})
    monkeypatch.setattr(reg, "model_dir_of", lambda model_id: DEFAULT_MODEL_DIR)
    monkeypatch.setattr(reg, "meta_sha256", lambda directory: "x")
    scores = {"default": 0.70, "kandidaat": 0.66}
    monkeypatch.setattr(reg, "dev_macro_f1", lambda model_id: scores[model_id])
    monkeypatch.setattr(reg, "failed_regression_cases", lambda model_id, path: ["R003"])
    with pytest.raises(reg.PromotionRefused) as refused:
        reg.promote("kandidaat")
    message = str(refused.value)
    assert "0.660 is below the active model's 0.700" in message and "R003" in message
    assert read_registry()["active"] == "default"
    entry = reg.promote("kandidaat", force=True, reason="proef, besproken in teamoverleg")
    assert entry["forced"] and entry["checks_failed"] and read_registry()["active"] == "kandidaat"

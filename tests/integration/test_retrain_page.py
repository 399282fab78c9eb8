"""The "Hertrainen" page with AppTest: validation report, training a candidate, promotion, rollback."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from nlp.registry import read_log, read_registry

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
TEAM = ROOT / "data" / "examples" / "team"


@pytest.fixture
def page(tmp_path, monkeypatch, default_model_dir) -> AppTest:
    monkeypatch.setenv("BOUWSTEEN_REGISTRY", str(tmp_path / "registry"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    at.switch_page("app_pages/hertrainen.py").run()
    assert not at.exception
    return at


def test_errors_block_training_and_a_clean_set_trains_promotes_and_rolls_back(page):
    spreadsheet = (TEAM / "de-boei-spreadsheet.csv").read_bytes()
    page.file_uploader(key="team_files").set_value(("team.csv", spreadsheet, "text/csv")).run()
    assert any("team.csv:98: unknown label 'Hechting'" in e.value for e in page.error)
    assert not [b for b in page.button if b.label == "Kandidaat trainen"]

    data = (TEAM / "de-boei.jsonl").read_bytes()
    page.file_uploader(key="team_files").set_value(("de-boei.jsonl", data, "application/json")).run()
    assert not page.error
    next(b for b in page.button if b.label == "Kandidaat trainen").click().run()
    assert not page.exception
    [model_id] = read_registry()["models"]
    assert any(f"kandidaat {model_id}" in s.value for s in page.subheader)
    assert any("team held-out split" in m.value for m in page.markdown)

    page.selectbox(key="promote_choice").set_value(model_id).run()
    next(b for b in page.button if b.label == "Promoveren").click().run()
    promoted = read_registry()["active"] == model_id
    if not promoted:  # the checks may refuse; a forced promotion with a reason always works
        assert any("Niet gepromoveerd" in e.value for e in page.error)
        page.checkbox(key="promote_force").check().run()
        page.text_input(key="promote_reason").input("proef op groep De Boei").run()
        next(b for b in page.button if b.label == "Promoveren").click().run()
    assert read_registry()["active"] == model_id
    next(b for b in page.button if b.label == "Terugdraaien").click().run()
    assert read_registry()["active"] == "default"
    assert [e["event"] for e in read_log()][-2:] == ["promote", "rollback"]

"""The page's privacy settings and Dutch messages."""

from __future__ import annotations

import tomllib
from pathlib import Path

from nlp.cli import app_command
from nlp.io import REASONS, InputError
from nlp.messages import INPUT_MESSAGES_NL, input_message_nl

ROOT = Path(__file__).resolve().parents[2]


def test_streamlit_config_binds_to_localhost_without_telemetry_or_tracebacks():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["showErrorDetails"] == "none"
    assert 0 < config["server"]["maxUploadSize"] <= 25
    assert config["server"]["enableXsrfProtection"] is True


def test_app_command_repeats_the_privacy_settings_on_the_command_line():
    command = app_command(8600, headless=True)
    assert command[1:4] == ["-m", "streamlit", "run"] and command[4].endswith("app.py")
    assert "--server.address=127.0.0.1" in command
    assert "--browser.gatherUsageStats=false" in command
    assert "--server.port=8600" in command


def test_every_input_problem_has_a_dutch_message_that_quotes_nothing():
    assert set(INPUT_MESSAGES_NL) == REASONS
    error = InputError("geheim.txt: binary file, not text", "binary")
    message = input_message_nl(error)
    assert "geen tekst" in message and "geheim" not in message
    assert input_message_nl(InputError("x", "no_text")).startswith("De PDF bevat geen tekstlaag")
    assert InputError("x", "nonsense").reason == "unreadable"

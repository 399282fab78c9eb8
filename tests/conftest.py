"""Shared fixtures: the shipped default model is built once if a fresh clone lacks it."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def _isolated_registry(tmp_path_factory) -> Path:
    """Tests never see (or change) this machine's model registry: the default model is active."""
    import os

    directory = tmp_path_factory.mktemp("registry")
    os.environ["BOUWSTEEN_REGISTRY"] = str(directory)
    return directory


@pytest.fixture(scope="session")
def default_model_dir() -> Path:
    """The default model folder, trained from ``data/`` when it is missing or outdated."""
    from nlp.model import DEFAULT_MODEL_DIR, ModelError, verify

    try:
        verify(DEFAULT_MODEL_DIR)
    except ModelError:
        from training.train import train

        train()
    return DEFAULT_MODEL_DIR


@pytest.fixture(scope="session")
def pipeline(default_model_dir: Path):
    """The loaded default pipeline."""
    import nlp

    return nlp.load(default_model_dir)


@pytest.fixture(scope="session")
def base_pipeline():
    """The untrained case-note pipeline (tokenizer, sentences, lemmas, context)."""
    from nlp.model import build_pipeline

    pipeline = build_pipeline()
    pipeline.remove_pipe("bouwsteen_tagger")
    return pipeline

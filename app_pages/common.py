"""What the pages share: the model, loaded once per process."""

from __future__ import annotations

from typing import Any

import streamlit as st

from nlp.model import freeze_heap, load
from nlp.registry import active_model_dir


@st.cache_resource(show_spinner="Model laden…", max_entries=2)
def _pipeline_at(model_dir: str) -> Any:
    pipeline = load(model_dir)
    pipeline("Moeder vertelt dat het goed gaat.")
    freeze_heap()
    return pipeline


def tagging_pipeline() -> Any:
    """The active model, loaded once per process (again after a promotion) and warmed up."""
    return _pipeline_at(str(active_model_dir()))

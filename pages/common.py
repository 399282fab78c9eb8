"""What the pages share: the model, loaded once per process."""

from __future__ import annotations

from typing import Any

import streamlit as st

from nlp.model import load


@st.cache_resource(show_spinner="Model laden…")
def tagging_pipeline() -> Any:
    """The shipped default model, loaded once per process and warmed up on a fictional line."""
    pipeline = load()
    pipeline("Moeder vertelt dat het goed gaat.")
    return pipeline

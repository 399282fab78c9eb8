"""Pseudonymise evidence snippets with ``deduce`` (names, dates, places, BSN, other identifiers).

deduce builds its lookup tables on first use (about a minute and a half) and caches them.
The cache goes to the user's cache folder, never into the installed package, and is only
built when pseudonymisation is asked for.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path


def cache_dir() -> Path:
    """Where deduce's lookup cache lives: ``$BOUWSTEEN_CACHE`` or ``$XDG_CACHE_HOME/bouwsteen``."""
    explicit = os.environ.get("BOUWSTEEN_CACHE")
    if explicit:
        return Path(explicit) / "deduce"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "bouwsteen" / "deduce"


@lru_cache(maxsize=1)
def _deduce():
    import logging

    from deduce import Deduce

    logging.getLogger().setLevel(max(logging.getLogger().level, logging.WARNING))
    directory = cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    return Deduce(cache_path=directory)


def pseudonymizer() -> Callable[[str], str]:
    """A function replacing identifiers in a text by tags such as ``[PERSOON-1]``.

    Raises
    ------
    RuntimeError
        When the ``deduce`` package is not installed.
    """
    try:
        engine = _deduce()
    except ImportError as error:
        raise RuntimeError("pseudonymisation needs the 'deduce' package: pip install deduce") from error

    def apply(text: str) -> str:
        return engine.deidentify(text).deidentified_text

    return apply

"""Locate knowledge-base quotes in the shipped source texts and (re)write their offsets."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from nlp.knowledge import KNOWLEDGE_PATH, SOURCE_DIR, fold_whitespace


def locate(quote: str, text: str) -> tuple[int, int]:
    """Find ``quote`` in ``text``, tolerating line breaks and runs of spaces.

    Parameters
    ----------
    quote
        The passage as it reads with whitespace folded to single spaces.
    text
        The raw source text.

    Returns
    -------
    tuple of int
        Start and end character offsets of the first match.

    Raises
    ------
    ValueError
        If the quote does not occur in the text.
    """
    pattern = r"\s+".join(re.escape(token) for token in quote.split())
    match = re.search(pattern, text)
    if match is None:
        raise ValueError(f"quote not found in source: {quote[:60]!r}")
    return match.start(), match.end()


def _fill(passage: dict[str, Any], sources: dict[str, str]) -> None:
    start, end = locate(passage["quote"], sources[passage["file"]])
    passage["start"], passage["end"] = start, end
    passage["quote"] = fold_whitespace(sources[passage["file"]][start:end])


def iter_passages(knowledge: dict[str, Any]):
    """Yield every passage dict of a knowledge-base document."""
    for entry in knowledge["entries"]:
        for cue in entry["cues"]:
            yield cue["passage"]
    for attitude in knowledge["attitudes"].values():
        yield attitude["goal"]
        yield from attitude["items"]
    for condition in knowledge["conditions"]:
        yield condition["passage"]


def refresh_offsets(path: Path = KNOWLEDGE_PATH, source_dir: Path = SOURCE_DIR) -> int:
    """Recompute every passage's offsets in the knowledge file; return how many."""
    knowledge = json.loads(path.read_text(encoding="utf-8"))
    sources = {p.name: p.read_text(encoding="utf-8") for p in source_dir.glob("*.txt")}
    count = 0
    for passage in iter_passages(knowledge):
        _fill(passage, sources)
        count += 1
    path.write_text(json.dumps(knowledge, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return count


if __name__ == "__main__":
    print(f"{refresh_offsets()} passages located")

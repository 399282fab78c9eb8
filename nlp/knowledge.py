"""The knowledge base: titles, behaviour cues and source passages per block, pole and subject."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SOURCE_DIR = DATA_DIR / "source"
KNOWLEDGE_PATH = DATA_DIR / "knowledge" / "knowledge.json"


def fold_whitespace(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Passage:
    """A span of one shipped source text."""

    file: str
    start: int
    end: int
    quote: str

    def as_dict(self) -> dict[str, Any]:
        """The passage as plain JSON-ready data."""
        return {"file": self.file, "start": self.start, "end": self.end, "quote": self.quote}


@dataclass(frozen=True)
class Cue:
    """One behaviour cue of an entry, with the passage it comes from."""

    id: str
    name: str
    passage: Passage


@dataclass(frozen=True)
class Entry:
    """Everything the source texts say about one block × pole × subject."""

    label: str
    block: int
    pole: str
    subject: str
    title: str
    cues: tuple[Cue, ...]


@dataclass(frozen=True)
class Attitude:
    """The parent attitude that helps for one block (source ``003_*``)."""

    block: int
    goal: Passage
    items: tuple[Passage, ...]


@dataclass(frozen=True)
class Condition:
    """One of the three conditions for secure attachment (source ``004_*``)."""

    id: str
    title: str
    passage: Passage
    blocks: tuple[int, ...]


def _passage(data: dict[str, Any]) -> Passage:
    return Passage(data["file"], int(data["start"]), int(data["end"]), data["quote"])


@dataclass(frozen=True)
class KnowledgeBase:
    """The reviewed knowledge base loaded from ``data/knowledge/knowledge.json``."""

    entries: dict[tuple[str, str], Entry]
    attitudes: dict[int, Attitude]
    conditions: tuple[Condition, ...]
    source_dir: Path

    def entry(self, label: str, subject: str) -> Entry:
        """The entry for a label code and subject, e.g. ``("B3-", "kind")``."""
        return self.entries[(label, subject)]

    def cue(self, cue_id: str) -> Cue:
        """Look up a cue by its id, e.g. ``B1-kind:eet-slaapproblemen``."""
        for entry in self.entries.values():
            for cue in entry.cues:
                if cue.id == cue_id:
                    return cue
        raise KeyError(cue_id)

    def cue_ids(self) -> list[str]:
        """All cue ids in a stable order."""
        return [cue.id for entry in self.entries.values() for cue in entry.cues]

    def source_text(self, file: str) -> str:
        """The full text of a shipped source file."""
        path = (self.source_dir / file).resolve()
        if path.parent != self.source_dir.resolve():
            raise ValueError(f"not a source file: {file!r}")
        return path.read_text(encoding="utf-8")

    def paragraph(self, passage: Passage) -> str:
        """The surrounding paragraph of a passage (bounded by blank lines), whitespace-folded."""
        text = self.source_text(passage.file)
        before = text.rfind("\n \n", 0, passage.start)
        after = text.find("\n \n", passage.end)
        start = 0 if before < 0 else before
        end = len(text) if after < 0 else after
        return fold_whitespace(text[start:end])


def parse_knowledge(data: dict[str, Any], source_dir: Path = SOURCE_DIR) -> KnowledgeBase:
    """Build a :class:`KnowledgeBase` from its JSON document."""
    entries = {}
    for item in data["entries"]:
        cues = tuple(Cue(c["id"], c["name"], _passage(c["passage"])) for c in item["cues"])
        entries[(item["label"], item["subject"])] = Entry(
            item["label"], item["block"], item["pole"], item["subject"], item["title"], cues
        )
    attitudes = {
        int(b): Attitude(int(b), _passage(a["goal"]), tuple(_passage(p) for p in a["items"]))
        for b, a in data["attitudes"].items()
    }
    conditions = tuple(
        Condition(c["id"], c["title"], _passage(c["passage"]), tuple(c["blocks"])) for c in data["conditions"]
    )
    return KnowledgeBase(entries, attitudes, conditions, source_dir)


@lru_cache(maxsize=4)
def load_knowledge(path: Path = KNOWLEDGE_PATH, source_dir: Path = SOURCE_DIR) -> KnowledgeBase:
    """Load the knowledge base (cached per path)."""
    return parse_knowledge(json.loads(path.read_text(encoding="utf-8")), source_dir)

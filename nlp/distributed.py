"""Tagging beyond one machine with Dask: partitions of notes, the model loaded once per worker.

>>> import dask.bag as db
>>> from distributed import Client
>>> client = Client("tcp://scheduler:8786")  # doctest: +SKIP
>>> notes = db.read_text("notes-*.jsonl").map(json.loads)  # doctest: +SKIP
>>> records = tag_bag(notes).compute()  # doctest: +SKIP

Every worker needs this package and the model folder at the same path (or pass
``model_dir`` pointing at shared storage). Results come back in the order of the bag.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=2)
def worker_pipeline(model_dir: str | None = None) -> Any:
    """The pipeline of this worker process, loaded on first use and kept."""
    from nlp.model import load

    return load(model_dir)


def tag_partition(notes: Iterable[dict[str, Any]], model_dir: str | None = None) -> list[dict[str, Any]]:
    """Tag one partition of ``{"id", "text"}`` notes; return their sentence records in order.

    A note without usable text gives no records (the same rule as ``bouwsteen tag``: it is
    skipped, never fatal).
    """
    from nlp.io import InputError, check_text
    from nlp.records import doc_records

    pipeline = worker_pipeline(model_dir)
    good = []
    for note in notes:
        note_id = str(note.get("id", ""))
        try:
            good.append((note_id, check_text(note.get("text") or "", note_id)))
        except InputError:
            continue
    records: list[dict[str, Any]] = []
    for (note_id, text), doc in zip(good, pipeline.pipe([t for _, t in good]), strict=True):
        records.extend(doc_records(doc, note_id, text))
    return records


def tag_bag(notes: Any, model_dir: str | None = None) -> Any:
    """A Dask bag of sentence records from a bag of ``{"id", "text"}`` notes, partition by partition."""
    return notes.map_partitions(tag_partition, model_dir)


def tag_dataframe(frame: Any, model_dir: str | None = None, id_column: str = "id", text_column: str = "text") -> Any:
    """A Dask bag of sentence records from a Dask dataframe with an id and a text column."""
    bag = frame[[id_column, text_column]].to_bag(format="dict")
    if (id_column, text_column) != ("id", "text"):
        bag = bag.map(lambda row: {"id": row[id_column], "text": row[text_column]})
    return tag_bag(bag, model_dir)

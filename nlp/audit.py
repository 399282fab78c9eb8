"""Audit case files: tag every note of many files, in parallel, resumable.

The unit of work is a file. :func:`audit_files` returns one :class:`FileResult` per file in
the order given, whatever the number of worker processes, so ``--workers 2`` gives exactly
the result of ``--workers 1``. A file that cannot be read becomes a skipped result with a
reason; the run never stops for one file.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, cast

from nlp.casefiles import read_case_file
from nlp.io import InputError, write_text_atomic
from nlp.scheme import BLOCKS, NONE, POLES, SUBJECTS

RESUME_DIR = ".resume"
CHUNK_FILES = 32  # files per task: enough notes per classifier call, small enough to balance workers
COUNT_KEYS = tuple(f"B{b}{p}|{s}" for b in BLOCKS for p in POLES for s in SUBJECTS)


@dataclass
class FileResult:
    """What an audit found in one file.

    The sentence records are kept as compact JSON lines (cheap to send between processes and
    to hold for thousands of files); :attr:`records` decodes them on demand.

    Attributes
    ----------
    path
        The file's name as the report shows it.
    sha256
        Hash of the file's bytes (empty when it could not be read).
    status
        ``tagged`` or ``skipped``.
    reason, message
        For a skipped file: the reason code and the one-line message.
    problems
        Rows of a table that were left out, by line number.
    notes
        Number of notes tagged.
    sentences, tagged
        Number of sentences, and of sentences with a block.
    counts
        Tagged sentences per ``B<block><pole>|<subject>``.
    records_jsonl
        The sentence records, one JSON object per line.
    """

    path: str
    sha256: str
    status: str
    reason: str | None = None
    message: str | None = None
    problems: list[str] = field(default_factory=list)
    notes: int = 0
    sentences: int = 0
    tagged: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNT_KEYS, 0))
    records_jsonl: str = ""

    @classmethod
    def from_records(
        cls, path: str, sha256: str, records: list[dict[str, Any]], notes: int, problems: list[str]
    ) -> FileResult:
        """A tagged file's result from its sentence records."""
        counts = dict.fromkeys(COUNT_KEYS, 0)
        for record in records:
            if record["label"] != NONE:
                counts[f"{record['label']}|{record['subject']}"] += 1
        return cls(
            path,
            sha256,
            "tagged",
            problems=problems,
            notes=notes,
            sentences=len(records),
            tagged=sum(counts.values()),
            counts=counts,
            records_jsonl="".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
        )

    @property
    def records(self) -> list[dict[str, Any]]:
        """The sentence records, as :func:`nlp.records.doc_records` gives them."""
        return [json.loads(line) for line in self.records_jsonl.splitlines()]

    def blocks_missing(self) -> list[int]:
        """Blocks with no tagged sentence in this file."""
        return [b for b in BLOCKS if not any(n for k, n in self.counts.items() if k.startswith(f"B{b}"))]


def model_id(model_dir: Path | None = None) -> str:
    """Fingerprint of a model folder: the sha256 of its metadata, which lists every file's hash."""
    from nlp.registry import active_model_dir, meta_sha256

    return meta_sha256(Path(model_dir) if model_dir is not None else active_model_dir())


def display_name(path: Path, roots: Sequence[Path]) -> str:
    """A file's name relative to the folder it was found under (else as given), with ``/``."""
    for root in roots:
        if root.is_dir():
            try:
                return path.relative_to(root).as_posix()
            except ValueError:
                continue
    return path.as_posix()


def audit_batch(items: Sequence[tuple[str, bytes]], pipeline: Any) -> list[FileResult]:
    """Tag the notes of several files in one pass; a file without usable notes is skipped.

    Parameters
    ----------
    items
        ``(name, bytes)`` per file.
    pipeline
        The loaded Bouwsteen pipeline.

    Returns
    -------
    list of FileResult
        One per file, in order.
    """
    from nlp.records import doc_records

    results: list[FileResult | None] = []
    readable = []  # (position in results, digest, case file) of the files with notes
    for name, data in items:
        digest = hashlib.sha256(data).hexdigest()
        try:
            readable.append((len(results), digest, read_case_file(data, name)))
            results.append(None)  # filled below
        except InputError as error:
            results.append(FileResult(name, digest, "skipped", error.reason, str(error)))
    # one classifier call per batch of notes, across files
    docs = iter(pipeline.pipe([note.text for _, _, case in readable for note in case.notes], batch_size=64))
    for slot, digest, casefile in readable:
        records: list[dict[str, Any]] = []
        for note in casefile.notes:
            records.extend(doc_records(next(docs), note.id, note.text))
        results[slot] = FileResult.from_records(casefile.path, digest, records, len(casefile.notes), casefile.problems)
    return cast("list[FileResult]", results)  # every slot is filled now


def _read(path: Path, name: str) -> tuple[bytes | None, FileResult | None]:
    try:
        return path.read_bytes(), None
    except OSError as error:
        return None, FileResult(name, "", "skipped", "unreadable", f"{name}: cannot read ({error.strerror})")


class ResumeStore:
    """Results already made for this model, kept in the report folder so a rerun resumes.

    A result is found again only for the same model, file name and file bytes.
    """

    def __init__(self, out_dir: Path, model: str) -> None:
        self.directory = Path(out_dir) / RESUME_DIR
        self.model = model

    def _key(self, name: str, digest: str) -> Path:
        key = hashlib.sha256(f"{self.model}\0{name}\0{digest}".encode()).hexdigest()
        return self.directory / f"{key}.json"

    def get(self, name: str, path: Path) -> FileResult | None:
        """The stored result for a file whose bytes have not changed, if any."""
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return None
        stored = self._key(name, digest)
        if not stored.exists():
            return None
        try:
            return FileResult(**json.loads(stored.read_text(encoding="utf-8")))
        except (ValueError, TypeError):
            return None  # a damaged entry is simply done again

    def put(self, result: FileResult) -> None:
        """Store a tagged result atomically."""
        if result.status != "tagged":
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        write_text_atomic(self._key(result.path, result.sha256), json.dumps(asdict(result), ensure_ascii=False))


# --- worker processes -------------------------------------------------------------------

_WORKER_PIPELINE: Any = None


def _init_worker(model_dir: str | None) -> None:
    global _WORKER_PIPELINE
    from nlp.model import freeze_heap, load

    _WORKER_PIPELINE = load(model_dir)
    freeze_heap()


def _audit_chunk(chunk: list[tuple[str, str]], pipeline: Any = None) -> tuple[list[FileResult], int, int]:
    pipeline = _WORKER_PIPELINE if pipeline is None else pipeline
    readable: list[tuple[str, bytes]] = []
    slots: list[FileResult | None] = []
    for path, name in chunk:
        data, failed = _read(Path(path), name)
        slots.append(failed)
        if data is not None:
            readable.append((name, data))
    tagged = iter(audit_batch(readable, pipeline))
    results = [slot if slot is not None else next(tagged) for slot in slots]
    return results, os.getpid(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


@dataclass
class Progress:
    """Where an audit is: files done, sentences, elapsed seconds."""

    files_done: int
    files_total: int
    sentences: int
    seconds: float

    @property
    def rate(self) -> float:
        """Sentences per second so far."""
        return self.sentences / self.seconds if self.seconds > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left at the rate so far."""
        if not self.files_done:
            return None
        return self.seconds / self.files_done * (self.files_total - self.files_done)


@dataclass
class AuditRun:
    """The results of an audit, with how it went."""

    results: list[FileResult]
    resumed: int
    seconds: float
    worker_peak_mb: dict[int, float]


def _chunks(items: list[tuple[str, str]], size: int) -> Iterator[list[tuple[str, str]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def audit_files(
    files: Sequence[Path],
    names: Sequence[str],
    *,
    model_dir: Path | None = None,
    workers: int = 1,
    store: ResumeStore | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    chunk_files: int = CHUNK_FILES,
    pipeline: Any = None,
) -> AuditRun:
    """Tag every file, in order, in ``workers`` processes (or in this process with ``pipeline``).

    Parameters
    ----------
    files
        The files to read.
    names
        The name each file gets in the report (same order).
    model_dir
        The model folder (the active model when ``None``).
    workers
        Worker processes; each loads the model once. This process only hands out files and
        collects results, so its memory is not a worker's.
    store
        Where earlier results are found and new ones kept (resume); ``None`` keeps nothing.
    on_progress
        Called after each chunk of files.
    chunk_files
        Files per task.
    pipeline
        An already loaded pipeline: tag in this process with it instead of starting workers.

    Returns
    -------
    AuditRun
        Results in the order of ``files``.
    """
    started = time.perf_counter()
    results: list[FileResult | None] = [None] * len(files)
    todo: list[int] = []
    for i, (path, name) in enumerate(zip(files, names, strict=True)):
        found = store.get(name, path) if store is not None else None
        if found is not None:
            results[i] = found
        else:
            todo.append(i)
    resumed = len(files) - len(todo)
    sentences = sum(r.sentences for r in results if r is not None)
    done = resumed
    peaks: dict[int, float] = {}

    def report() -> None:
        if on_progress is not None:
            on_progress(Progress(done, len(files), sentences, time.perf_counter() - started))

    report()
    work = [(str(files[i]), names[i]) for i in todo]
    positions = list(_chunks(todo, chunk_files))
    if pipeline is not None or not work:
        # in this process, with the caller's pipeline (the web page): no start-up at all
        outputs: Iterator[tuple[list[FileResult], int, int]] = (
            _audit_chunk(chunk, pipeline) for chunk in _chunks(work, chunk_files)
        )
        pool = None
    else:
        import multiprocessing

        # fork (where the platform has it) lets workers reuse this process's imports: a worker
        # is ready in a quarter of a second instead of two. Workers never print or log.
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(method)
        model_arg = None if model_dir is None else str(model_dir)
        pool = context.Pool(max(1, workers), initializer=_init_worker, initargs=(model_arg,))
        outputs = pool.imap(_audit_chunk, _chunks(work, chunk_files))
    try:
        for index, (chunk_results, pid, peak_kb) in zip(positions, outputs, strict=True):
            peaks[pid] = max(peaks.get(pid, 0.0), peak_kb / 1024)
            for i, result in zip(index, chunk_results, strict=True):
                results[i] = result
                if store is not None:
                    store.put(result)
                sentences += result.sentences
            done += len(chunk_results)
            report()
    except BaseException:
        if pool is not None:
            pool.terminate()  # Ctrl+C or an error: stop the workers now; stored results stay
        raise
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    return AuditRun([r for r in results if r is not None], resumed, time.perf_counter() - started, peaks)

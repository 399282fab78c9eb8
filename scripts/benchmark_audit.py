"""Audit throughput with 1 and 2 worker processes on 10,000 generated notes (5M+ words).

The notes are made reproducibly (seed 7) from sentences of the training notes in
data/corpus/notes and written as .txt files to a temporary folder. Each run audits the whole
folder into a fresh report folder (no resume) and reports notes/s, sentences/s, wall time
(model loading and worker start-up included) and the peak resident memory of each worker.

    python scripts/benchmark_audit.py [--notes 10000] [--words 520]
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.audit import audit_files  # noqa: E402
from nlp.casefiles import collect_files  # noqa: E402


def corpus_sentences() -> list[str]:
    """Sentences of the training notes (training data: fine for a speed test)."""
    sentences = []
    for path in sorted((ROOT / "data" / "corpus" / "notes").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                sentences.extend(s["text"] for s in json.loads(line)["sentences"])
    return sentences


def write_notes(folder: Path, count: int, words: int, seed: int = 7) -> int:
    """Write ``count`` notes of at least ``words`` words; return the total number of words."""
    rng = random.Random(seed)
    pool = corpus_sentences()
    total = 0
    for i in range(count):
        lines, n = [], 0
        while n < words:
            sentence = rng.choice(pool)
            lines.append(sentence)
            n += len(sentence.split())
        total += n
        sub = folder / f"map{i % 50:02d}"
        sub.mkdir(exist_ok=True)
        (sub / f"verslag_{i:05d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return total


def main() -> None:
    """Print audit figures for 1 and 2 workers."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=520)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "notes"
        folder.mkdir()
        words = write_notes(folder, args.notes, args.words)
        files, _ = collect_files([folder])
        names = [f.relative_to(folder).as_posix() for f in files]
        print(f"{len(files):,} notes, {words:,} words")
        walls = {}
        for workers in args.workers:
            started = time.perf_counter()
            run = audit_files(files, names, workers=workers)
            wall = time.perf_counter() - started
            walls[workers] = wall
            sentences = sum(r.sentences for r in run.results)
            peaks = ", ".join(f"{mb:.0f} MB" for mb in sorted(run.worker_peak_mb.values()))
            count = len(run.results)
            del run
            gc.collect()
            print(
                f"workers={workers}: {wall:6.1f} s  {count / wall:7.1f} notes/s  "
                f"{sentences / wall:8.0f} sentences/s  peak memory per worker: {peaks}"
            )
        if 1 in walls:
            for workers, wall in walls.items():
                if workers != 1:
                    print(f"speed-up with {workers} workers: {walls[1] / wall:.2f}x")


if __name__ == "__main__":
    main()

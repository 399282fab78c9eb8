"""Benchmark `bouwsteen tag`: throughput against bare spaCy, warm latency, cold start.

Prints figures; asserts nothing (machines are noisy). Run: ``python scripts/benchmark_tag.py``.
Notes are assembled from corpus sentences (speed does not depend on what they say).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_notes(count: int, words: int, seed: int) -> list[str]:
    """``count`` notes of about ``words`` words, from corpus sentences, with line breaks and bullets."""
    from training.train import load_config, training_examples

    sentences = [e.text for e in training_examples(load_config())]
    rng = random.Random(seed)
    notes = []
    for _ in range(count):
        parts, n = [], 0
        while n < words:
            sentence = rng.choice(sentences)
            parts.append(sentence + rng.choice([" ", " ", " ", "\n"]))
            n += len(sentence.split())
        notes.append("".join(parts).strip())
    return notes


def bare_run(bare, notes: list[str]) -> tuple[float, int]:
    """Seconds and sentences for ``spacy.blank("nl")`` + ``sentencizer`` over the notes."""
    start = time.perf_counter()
    count = sum(len(list(doc.sents)) for doc in bare.pipe(notes, batch_size=64))
    return time.perf_counter() - start, count


def tag_run(pipeline, notes: list[str]) -> tuple[float, int]:
    """Seconds and sentences for the full tagger, records serialised as `bouwsteen tag --format jsonl` does."""
    from nlp.cli import OutputFormat, format_record, tag_stream
    from nlp.io import NoteText

    sink = io.StringIO()
    items = [NoteText(f"n{i}", text) for i, text in enumerate(notes)]
    start = time.perf_counter()
    count = 0
    for _, records in tag_stream(pipeline, items):
        count += len(records)
        sink.write("".join(format_record(r, OutputFormat.jsonl) + "\n" for r in records))
    return time.perf_counter() - start, count


def warm_latency(pipeline, note: str, runs: int = 50) -> float:
    """Median milliseconds to tag one note and build its records, after warm-up."""
    from nlp.records import doc_records

    for _ in range(5):
        doc_records(pipeline(note), "n")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        doc_records(pipeline(note), "n")
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def cold_start(note: str, runs: int = 3) -> float:
    """Median seconds for a fresh `bouwsteen tag` process on one note."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as handle:
        handle.write(note)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "training.cli", "tag", handle.name, "--format", "jsonl"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - start)
    Path(handle.name).unlink()
    return statistics.median(times)


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notes", type=int, default=5000)
    parser.add_argument("--words", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=3, help="runs of each; the fastest counts (noisy machines)")
    args = parser.parse_args()

    import spacy

    import nlp

    notes = make_notes(args.notes, args.words, args.seed)
    from nlp.model import freeze_heap

    pipeline = nlp.load()
    freeze_heap()  # as `bouwsteen tag` does after loading
    bare = spacy.blank("nl")
    bare.add_pipe("sentencizer")
    tag_run(pipeline, notes[:50])  # warm-up
    bare_runs, tag_runs = [], []
    for _ in range(args.repeats):  # interleaved, so both see the same machine load
        bare_runs.append(bare_run(bare, notes))
        tag_runs.append(tag_run(pipeline, notes))
    bare_time, bare_sentences = min(bare_runs)
    tag_time, tag_sentences = min(tag_runs)
    figures = {
        "notes": len(notes),
        "words_per_note": args.words,
        "bare_seconds": round(bare_time, 3),
        "tag_seconds": round(tag_time, 3),
        "bare_sentences": bare_sentences,
        "tagged_sentences": tag_sentences,
        "bare_sentences_per_s": round(bare_sentences / bare_time),
        "tag_sentences_per_s": round(tag_sentences / tag_time),
        # the same batch of notes: bare time / tag time (1/3 means three times the cost)
        "speed_ratio_tag_to_bare": round(bare_time / tag_time, 3),
        "warm_latency_ms_300_words": round(warm_latency(pipeline, notes[0]), 2),
        "cold_start_s_one_note": round(cold_start(notes[0]), 2),
    }
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()

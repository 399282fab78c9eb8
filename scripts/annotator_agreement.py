"""Agreement between two annotations of the same notes, in the metrics the model is scored with.

Run: ``python scripts/annotator_agreement.py`` (development labels against the blind second
annotation in ``data/dev/agreement/``). It shows how far the labels themselves allow a model to go.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from training.corpus import read_notes  # noqa: E402
from training.evaluate import format_report, tag_metrics  # noqa: E402


def main() -> None:
    """Print the agreement report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--reference", nargs="+", type=Path, default=[ROOT / "data/dev/notes_a.jsonl", ROOT / "data/dev/notes_b.jsonl"]
    )
    parser.add_argument("--other", type=Path, default=ROOT / "data/dev/agreement/second_annotator.jsonl")
    args = parser.parse_args()
    reference = {note.id: note for path in args.reference for note in read_notes(path)}
    gold, other, alternatives = [], [], []
    for note in read_notes(args.other):
        ref = reference[note.id]
        for (_, _, a), (_, _, b) in zip(ref.sentences, note.sentences, strict=True):
            if a.text != b.text:
                raise SystemExit(f"{note.id}: the two annotations do not cover the same sentences")
            gold.append((a.label, a.subject))
            other.append((b.label, b.subject))
            alternatives.append(a.alt)
    print(format_report(tag_metrics(gold, other, alternatives), f"{args.other.name} against the reference"))


if __name__ == "__main__":
    main()

"""Score a model on labelled files and write the generated corpus: the CLI's importable halves."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nlp.model import load, tagger_of
from training.corpus import Example, note_examples, read_examples, read_examples_dir, read_notes, write_examples
from training.evaluate import tag_metrics
from training.generate import generate, generate_none, read_templates
from training.train import DEFAULT_CONFIG, featurize, load_config, resolve


def read_labelled(path: Path) -> list[Example]:
    """Labelled sentences from a notes file (``sentences`` per line) or a sentences file."""
    first = next((line for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()), "")
    try:
        is_notes = "sentences" in json.loads(first)
    except (json.JSONDecodeError, TypeError):
        is_notes = False
    return note_examples(read_notes(path)) if is_notes else read_examples(path)


def predict_examples(pipeline: Any, examples: Sequence[Example]) -> list[tuple[str, str | None, float]]:
    """The model's (label, subject, score) for each example sentence taken on its own."""
    tagger = tagger_of(pipeline)
    features = featurize(pipeline, [e.text for e in examples])
    return tagger.classifier.predict_tags(features, tagger.tag_threshold)


def evaluate_examples(pipeline: Any, examples: Sequence[Example]) -> dict[str, Any]:
    """Metrics of a loaded pipeline on labelled sentences."""
    predicted = predict_examples(pipeline, examples)
    return tag_metrics(
        [(e.label, e.subject) for e in examples],
        [(label, subject) for label, subject, _ in predicted],
        [e.alt for e in examples],
    )


def evaluate_files(paths: Sequence[Path] | None, model: Path | None) -> dict[str, Any]:
    """Metrics of a model on labelled files (default: the development set in the config)."""
    if not paths:
        paths = [resolve(p) for p in load_config()["data"]["development"]]
    examples = [e for path in paths for e in read_labelled(Path(path))]
    return evaluate_examples(load(model), examples)


def generated_examples(config: dict[str, Any]) -> list[Example]:
    """The generated corpus for a config: cue templates plus administrative none sentences."""
    data, settings = config["data"], config["generate"]
    handwritten = read_examples_dir(resolve(data["handwritten"]))
    exclude = {e.text.lower() for e in handwritten}
    templates = read_templates(resolve(data["templates"]))
    seed = int(config["seed"])
    examples = list(generate(templates, int(settings["per_cue"]), seed, exclude))
    exclude |= {e.text.lower() for e in examples}
    examples += generate_none(int(settings["none"]), seed, exclude)
    return examples


def write_generated(config_path: Path = DEFAULT_CONFIG) -> tuple[Path, int]:
    """Write the generated corpus to the path in the config; return (path, count)."""
    config = load_config(resolve(config_path))
    path = resolve(config["data"]["generated"])
    return path, write_examples(path, generated_examples(config))

"""Fit a Bouwsteen model from the config file: a chain of small pure steps."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spacy
from scipy import sparse
from spacy.language import Language

from nlp.classifier import BouwsteenClassifier, CueRanker, joint_label
from nlp.knowledge import load_knowledge
from nlp.model import TAGGER_FACTORY, build_pipeline, save_model, tagger_of
from nlp.scheme import NONE
from training.corpus import (
    Example,
    data_hash,
    note_examples,
    read_examples,
    read_examples_dir,
    read_notes,
    read_notes_dir,
)
from training.evaluate import tag_metrics

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = ROOT / "training" / "config.toml"
Progress = Callable[[str], None]


@dataclass(frozen=True)
class TrainResult:
    """What a training run produced."""

    model_dir: Path
    threshold: float
    metrics: dict[str, Any] | None
    n_train: int


def load_config(path: Path = DEFAULT_CONFIG) -> dict[str, Any]:
    """Read the TOML config; relative paths are taken from the repository root."""
    with Path(path).open("rb") as handle:
        return tomllib.load(handle)


def resolve(path: str | Path) -> Path:
    """A config path relative to the repository root."""
    path = Path(path)
    return path if path.is_absolute() else ROOT / path


def weighted_examples(config: dict[str, Any]) -> tuple[list[Example], list[float]]:
    """Training examples and their weights: hand-written sentences, whole notes, generated sentences.

    Sentences from whole notes read most like the notes the model will tag, so the config
    can weigh them above isolated and generated sentences.
    """
    data, weights = config["data"], config.get("weights", {})
    parts = [("handwritten", read_examples_dir(resolve(data["handwritten"])))]
    if data.get("notes"):
        parts.append(("notes", note_examples(read_notes_dir(resolve(data["notes"])))))
    generated = resolve(data["generated"])
    if generated.exists():
        parts.append(("generated", read_examples(generated)))
    examples = [e for _, part in parts for e in part]
    return examples, [float(weights.get(name, 1.0)) for name, part in parts for _ in part]


def training_examples(config: dict[str, Any]) -> list[Example]:
    """Hand-written sentences, labelled training notes and generated sentences, in a fixed order."""
    return weighted_examples(config)[0]


def development_examples(config: dict[str, Any]) -> list[Example]:
    """The labelled sentences of the development notes."""
    return note_examples(note for path in config["data"]["development"] for note in read_notes(resolve(path)))


def featurize(pipeline: Language, texts: Sequence[str], batch_size: int = 256) -> sparse.csr_matrix:
    """Feature rows of the texts, each taken as one sentence (the tagger's own feature extractor)."""
    extractor = tagger_of(pipeline).features  # built once per pipeline, with its token cache
    with pipeline.select_pipes(disable=[TAGGER_FACTORY]):
        docs = pipeline.pipe(texts, batch_size=batch_size)
        parts = [extractor.rows(batch, whole=True).matrix for batch in spacy.util.minibatch(docs, batch_size)]
    return sparse.vstack(parts, format="csr") if parts else extractor.rows([], whole=True).matrix


def fit_classifier(
    features: sparse.csr_matrix,
    examples: Sequence[Example],
    params: dict[str, Any],
    seed: int,
    weights: Sequence[float] | None = None,
) -> BouwsteenClassifier:
    """Fit the sentence classifier on joint label × subject classes (rows weighted when given)."""
    y = [joint_label(e.label, e.subject) for e in examples]
    smallest = min(Counter(y).values())
    if smallest < 2:
        rare = sorted(label for label, n in Counter(y).items() if n < 2)
        raise ValueError(f"too few examples to train on for {', '.join(rare)} (at least 2 each); label more or combine")
    classifier = BouwsteenClassifier(
        C=params["C"],
        cue_weight=params["cue_weight"],
        # calibration needs every class in every fold: a small team set gets fewer folds
        calibration_folds=min(int(params["calibration_folds"]), smallest),
        random_state=seed,
    )
    return classifier.fit(features, y, sample_weight=weights)


def fit_ranker(pipeline: Language, features: sparse.csr_matrix, examples: Sequence[Example]) -> CueRanker:
    """Fit the cue ranker on tagged examples plus each cue's own source passage."""
    knowledge = load_knowledge()
    with_cue = [i for i, e in enumerate(examples) if e.label != NONE and e.cue]
    cue_objects = [knowledge.cue(cue_id) for cue_id in knowledge.cue_ids()]
    passages = featurize(pipeline, [f"{c.name}. {c.passage.quote}" for c in cue_objects])
    rows = sparse.vstack([features[with_cue], passages], format="csr")
    return CueRanker().fit(rows, [*(examples[i].cue for i in with_cue), *(c.id for c in cue_objects)])


def tune_threshold(
    classifier: BouwsteenClassifier, features: sparse.csr_matrix, examples: Sequence[Example], grid: Sequence[float]
) -> tuple[float, dict[str, Any]]:
    """The grid threshold with the best development macro-F1, and its metrics."""
    proba = classifier.predict_proba(features)
    gold = [(e.label, e.subject) for e in examples]
    best: tuple[float, dict[str, Any]] | None = None
    for threshold in grid:
        predicted = [(label, subject) for label, subject, _ in classifier.tags_from_proba(proba, threshold)]
        metrics = tag_metrics(gold, predicted)
        if best is None or metrics["macro_f1"] > best[1]["macro_f1"]:
            best = (threshold, metrics)
    assert best is not None
    return best


def train(
    config_path: Path = DEFAULT_CONFIG,
    output: Path | None = None,
    progress: Progress = lambda message: None,
    *,
    team: Sequence[Example] = (),
    team_weight: float = 1.0,
    only_team: bool = False,
    extra_meta: dict[str, Any] | None = None,
) -> TrainResult:
    """Run the whole chain: examples → features → classifier and ranker → threshold → model folder.

    Parameters
    ----------
    config_path
        The training config.
    output
        The model folder to write (default: the config's).
    progress
        Called with a short message at each step.
    team
        A team's own labelled sentences to train on as well (retraining).
    team_weight
        Sample weight of the team's sentences.
    only_team
        Train on the team's sentences alone instead of adding them to the shipped corpus.
    extra_meta
        More metadata for ``meta.json`` (mode, parent model, team data hash …).
    """
    config = load_config(config_path)
    seed = int(config["seed"])
    progress("reading the corpus")
    if only_team:
        examples, weights = list(team), [team_weight] * len(team)
    else:
        examples, weights = weighted_examples(config)
        examples, weights = [*examples, *team], [*weights, *([team_weight] * len(team))]
    if not examples:
        raise ValueError("no training sentences")
    pipeline = build_pipeline()
    progress(f"featurizing {len(examples)} training sentences")
    features = featurize(pipeline, [e.text for e in examples])
    progress("fitting the classifier")
    classifier = fit_classifier(features, examples, config["model"], seed, weights)
    progress("fitting the source ranker")
    ranker = fit_ranker(pipeline, features, examples)
    threshold, metrics = float(config["threshold"]["default"]), None
    dev = development_examples(config) if config["data"].get("development") else []
    if dev:
        progress(f"tuning the threshold on {len(dev)} development sentences")
        dev_features = featurize(pipeline, [e.text for e in dev])
        grid = config["threshold"]["grid"] if config["threshold"].get("tune") else [threshold]
        threshold, metrics = tune_threshold(classifier, dev_features, dev, grid)
    classifier.set_params(tag_threshold=threshold)
    tagger_of(pipeline).set_model(classifier, ranker)
    target = output or resolve(config["output"]["model_dir"])
    meta = {
        "name": target.name,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seed": seed,
        "training_data_sha256": data_hash(examples),
        "training_examples": len(examples),
        "class_counts": dict(sorted(Counter(e.label for e in examples).items())),
        **(extra_meta or {}),
        "threshold": threshold,
        "development": None
        if metrics is None
        else {
            "n": metrics["n"],
            "macro_f1": metrics["macro_f1"],
            "none_detection": metrics["none_detection"],
            "block_accuracy": metrics["block_accuracy"],
            "pole_accuracy": metrics["pole_accuracy"],
            "subject_accuracy": metrics["subject_accuracy"],
            "per_class_f1": {k: v["f1"] for k, v in metrics["per_class"].items()},
        },
    }
    progress(f"saving to {target}")
    save_model(pipeline, target, meta)
    return TrainResult(target, threshold, metrics, len(examples))

"""Retraining with a team's own labelled notes: split by note, train a candidate, compare it.

The candidate is trained on the team's training split (alone, or added to the shipped corpus)
and written into the registry as a new model folder. It is then compared with the active model
on the team's held-out split and on the shipped development set.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from nlp.registry import log_event, meta_sha256, read_registry, registry_dir, write_registry
from nlp.scheme import LABELS
from training.corpus import Example, data_hash
from training.evaluate import tag_metrics
from training.train import DEFAULT_CONFIG, development_examples, load_config, train

Progress = Callable[[str], None]


def split_by_note(examples: Sequence[Example], folds: int, seed: int) -> tuple[list[Example], list[Example]]:
    """A held-out split stratified by label, with every note wholly on one side.

    Sentences without a note id count as notes of their own.

    Returns
    -------
    tuple
        ``(train, held_out)``; ``held_out`` is about ``1/folds`` of the sentences.
    """
    from sklearn.model_selection import StratifiedGroupKFold

    groups = [e.note or f"row-{i}" for i, e in enumerate(examples)]
    labels = [e.label for e in examples]
    if len(set(groups)) < folds:
        raise ValueError(f"need at least {folds} notes to hold some out, found {len(set(groups))}")
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    with warnings.catch_warnings():
        # a class rarer than the folds is expected in small team sets; validation reports it
        warnings.filterwarnings("ignore", message="The least populated class", category=UserWarning)
        train_index, test_index = next(splitter.split(np.zeros(len(examples)), labels, groups))
    return [examples[i] for i in train_index], [examples[i] for i in test_index]


def predict(pipeline: Any, examples: Sequence[Example]) -> list[tuple[str, str | None]]:
    """The model's (label, subject) for each sentence, each tagged as a one-sentence text."""
    from training.scoring import predict_examples

    return [(label, subject) for label, subject, _ in predict_examples(pipeline, examples)]


@dataclass(frozen=True)
class Comparison:
    """Two models on the same labelled sentences."""

    name: str
    n: int
    active: dict[str, Any]
    candidate: dict[str, Any]
    changed: list[dict[str, Any]]

    def deltas(self) -> dict[str, float]:
        """Per-class F1 of the candidate minus the active model's, plus macro-F1."""
        out = {
            label: self.candidate["per_class"][label]["f1"] - self.active["per_class"][label]["f1"] for label in LABELS
        }
        out["macro"] = self.candidate["macro_f1"] - self.active["macro_f1"]
        return out


def compare(name: str, active: Any, candidate: Any, examples: Sequence[Example]) -> Comparison:
    """Score two models on labelled sentences and list the sentences whose tag changed."""
    gold = [(e.label, e.subject) for e in examples]
    before, after = predict(active, examples), predict(candidate, examples)
    changed = [
        {"index": i, "text": e.text, "gold": g, "active": b, "candidate": a}
        for i, (e, g, b, a) in enumerate(zip(examples, gold, before, after, strict=True))
        if b != a
    ]
    return Comparison(name, len(examples), tag_metrics(gold, before), tag_metrics(gold, after), changed)


def format_comparison(comparison: Comparison, show_changed: int = 20) -> str:
    """Per-class F1 side by side with deltas, both confusion matrices and changed sentences."""
    a, c = comparison.active, comparison.candidate
    lines = [
        f"== {comparison.name} ({comparison.n} sentences)",
        f"{'class':<6} {'active':>7} {'candidate':>9} {'Δ':>7}",
    ]
    for label, delta in comparison.deltas().items():
        if label == "macro":
            lines.append(f"{'macro':<6} {a['macro_f1']:7.3f} {c['macro_f1']:9.3f} {delta:+7.3f}")
        else:
            lines.append(
                f"{label:<6} {a['per_class'][label]['f1']:7.3f} {c['per_class'][label]['f1']:9.3f} {delta:+7.3f}"
            )
    lines.append(f"block accuracy {a['block_accuracy']:.3f} → {c['block_accuracy']:.3f}")
    lines.append("confusion (rows gold, columns predicted): active | candidate")
    lines.append(f"{'':6}" + "".join(f"{x:>5}" for x in LABELS) + " | " + "".join(f"{x:>5}" for x in LABELS))
    for row, gold in enumerate(LABELS):
        left = "".join(f"{n:>5}" for n in a["confusion"][row])
        right = "".join(f"{n:>5}" for n in c["confusion"][row])
        lines.append(f"{gold:<6}{left} | {right}")
    lines.append(f"{len(comparison.changed)} sentence(s) changed tag")
    for change in comparison.changed[:show_changed]:
        lines.append(
            f"  #{change['index']}: gold {_tag(change['gold'])}, active {_tag(change['active'])} → "
            f"candidate {_tag(change['candidate'])}"
        )
    return "\n".join(lines)


def _tag(tag: tuple[str, str | None]) -> str:
    return tag[0] if tag[1] is None else f"{tag[0]} {tag[1]}"


@dataclass(frozen=True)
class Candidate:
    """A trained, registered candidate and how it compares with the active model."""

    model_id: str
    model_dir: Path
    comparisons: list[Comparison]
    n_train: int
    n_held_out: int


def new_model_id(team_hash: str) -> str:
    """A sortable, unique model id: date-time plus the start of the team data's hash."""
    return dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S") + "-" + team_hash[:8]


def train_candidate(
    team: Sequence[Example],
    *,
    mode: str = "combine",
    config_path: Path = DEFAULT_CONFIG,
    progress: Progress = lambda message: None,
    source_files: Sequence[str] = (),
) -> Candidate:
    """Split the team's data, train a candidate into the registry, register it and compare it.

    Raises
    ------
    ValueError
        For an unknown mode or too few notes to hold some out.
    """
    import nlp
    from nlp.registry import active_model_dir

    if mode not in ("combine", "only-own"):
        raise ValueError(f"unknown mode {mode!r}: use combine or only-own")
    config = load_config(config_path)
    settings = config.get("retrain", {})
    seed = int(config["seed"])
    team_train, held_out = split_by_note(team, int(settings.get("holdout_folds", 4)), seed)
    registry = read_registry()
    parent = registry.get("active") or "default"
    team_hash = data_hash(team)
    model_id = new_model_id(team_hash)
    target = registry_dir() / model_id
    progress(f"training a candidate on {len(team_train)} team sentences ({mode}); {len(held_out)} held out")
    result = train(
        config_path,
        target,
        progress,
        team=team_train,
        team_weight=float(settings.get("team_weight", 2.0)),
        only_team=mode == "only-own",
        extra_meta={
            "name": model_id,
            "mode": mode,
            "parent": parent,
            "team_data_sha256": team_hash,
            "team_training_examples": len(team_train),
            "team_held_out_examples": len(held_out),
            "team_held_out_sha256": data_hash(held_out),
            "source_files": [Path(f).name for f in source_files],
        },
    )
    registry = read_registry()
    registry["models"][model_id] = {
        "meta_sha256": meta_sha256(result.model_dir),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "parent": parent,
        "mode": mode,
        "team_data_sha256": team_hash,
        "dev_macro_f1": None if result.metrics is None else result.metrics["macro_f1"],
    }
    write_registry(registry)
    log_event(
        "train",
        {
            "model": model_id,
            "meta_sha256": registry["models"][model_id]["meta_sha256"],
            "parent": parent,
            "mode": mode,
            "team_data_sha256": team_hash,
            "team_sentences": len(team),
            "held_out_sentences": len(held_out),
        },
    )
    progress("comparing with the active model")
    active = nlp.load(active_model_dir())
    candidate = nlp.load(result.model_dir)
    comparisons = [compare("team held-out split", active, candidate, held_out)]
    dev = development_examples(config) if config["data"].get("development") else []
    if dev:
        comparisons.append(compare("shipped development set", active, candidate, dev))
    registry = read_registry()
    registry["models"][model_id]["comparison"] = {
        c.name: {"n": c.n, "active_macro_f1": c.active["macro_f1"], "candidate_macro_f1": c.candidate["macro_f1"]}
        for c in comparisons
    }
    write_registry(registry)
    return Candidate(model_id, result.model_dir, comparisons, len(team_train), len(held_out))


def team_data_hash(paths: Sequence[Path]) -> str:
    """sha256 over the bytes of the team's files, in order (for the audit log of an import)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()

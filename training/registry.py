"""Promote and roll back retrained models, with the checks that guard the active model.

Promotion is refused when the candidate's development-set macro-F1 is more than the margin
below the active model's, or when it fails a regression case, unless forced with a reason;
the reason goes into the audit log. The shipped default is never overwritten: rolling back
past the first promotion makes it active again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlp.model import ModelError, verify
from nlp.registry import (
    DEFAULT_ID,
    log_event,
    meta_sha256,
    model_dir_of,
    read_registry,
    write_registry,
)
from training.train import DEFAULT_CONFIG, load_config, resolve


class PromotionRefused(Exception):
    """A promotion the checks refuse; the message says which check and by how much."""


@dataclass(frozen=True)
class ModelInfo:
    """One row of ``bouwsteen models list``."""

    model_id: str
    active: bool
    created: str
    mode: str
    parent: str | None
    dev_macro_f1: float | None
    training_examples: int | None


def dev_macro_f1(model_id: str) -> float | None:
    """The development-set macro-F1 recorded in a model's metadata."""
    meta = json.loads((model_dir_of(model_id) / "meta.json").read_text(encoding="utf-8"))
    development = meta.get("development") or {}
    return development.get("macro_f1")


def list_models() -> list[ModelInfo]:
    """The shipped default and every registered model, oldest first."""
    registry = read_registry()
    active = registry.get("active") or DEFAULT_ID
    rows = []
    for model_id in [DEFAULT_ID, *sorted(registry["models"])]:
        directory = model_dir_of(model_id)
        try:
            meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {}
        rows.append(
            ModelInfo(
                model_id,
                model_id == active,
                str(meta.get("created", "?")),
                str(meta.get("mode", "shipped" if model_id == DEFAULT_ID else "?")),
                meta.get("parent"),
                (meta.get("development") or {}).get("macro_f1"),
                meta.get("training_examples"),
            )
        )
    return rows


def failed_regression_cases(model_id: str, cases_path: Path) -> list[str]:
    """Ids of regression cases (status ``pass``) the model gets wrong."""
    import nlp

    cases = [json.loads(line) for line in cases_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    pipeline = nlp.load(model_dir_of(model_id))
    failed = []
    for case in cases:
        if case.get("status") != "pass":
            continue
        doc = pipeline(case["text"])
        spans = list(doc.spans["bouwstenen"])
        if len(spans) != 1 or (spans[0].label_, spans[0]._.subject) != (case["label"], case["subject"]):
            failed.append(case["id"])
    return failed


def promote(model_id: str, *, force: bool = False, reason: str = "", config_path: Path = DEFAULT_CONFIG) -> dict:
    """Make a registered model the active one.

    Raises
    ------
    PromotionRefused
        When a check fails and ``force`` is not set, or ``force`` comes without a reason.
    ModelError
        When the model is not registered or its files do not verify.
    """
    registry = read_registry()
    if model_id != DEFAULT_ID and model_id not in registry["models"]:
        raise ModelError(f"{model_id} is not in the model registry")
    active = registry.get("active") or DEFAULT_ID
    if model_id == active:
        raise PromotionRefused(f"{model_id} is already the active model")
    directory = model_dir_of(model_id)
    verify(directory)
    if model_id != DEFAULT_ID and meta_sha256(directory) != registry["models"][model_id]["meta_sha256"]:
        raise ModelError(f"{model_id} does not match the registry's sha256: it was altered")
    settings = load_config(config_path).get("retrain", {})
    margin = float(settings.get("promote_margin", 0.02))
    problems = []
    new, old = dev_macro_f1(model_id), dev_macro_f1(active)
    if new is not None and old is not None and new < old - margin:
        problems.append(f"development macro-F1 {new:.3f} is below the active model's {old:.3f} by more than {margin}")
    cases = resolve(settings.get("regression_cases", "tests/regression/cases.jsonl"))
    failed = failed_regression_cases(model_id, cases) if cases.exists() else []
    if failed:
        problems.append(f"fails regression case(s) {', '.join(failed)}")
    if problems and not force:
        raise PromotionRefused("; ".join(problems) + " (use --force with --reason to promote anyway)")
    if force and not reason.strip():
        raise PromotionRefused("--force needs a --reason, which is kept in the audit log")
    registry["history"].append({"from": active, "to": model_id})
    registry["active"] = model_id
    write_registry(registry)
    details: dict[str, Any] = {
        "model": model_id,
        "previous": active,
        "meta_sha256": meta_sha256(directory),
        "dev_macro_f1": new,
        "previous_dev_macro_f1": old,
    }
    if force:
        details |= {"forced": True, "reason": reason.strip(), "checks_failed": problems}
    return log_event("promote", details)


def rollback() -> dict:
    """Make the previously active model active again.

    Raises
    ------
    PromotionRefused
        When there is nothing to roll back to.
    """
    registry = read_registry()
    if not registry["history"]:
        raise PromotionRefused("nothing to roll back: no promotion has been made")
    last = registry["history"].pop()
    registry["active"] = last["from"]
    write_registry(registry)
    return log_event("rollback", {"model": last["from"], "from": last["to"]})

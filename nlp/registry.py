"""The model registry: which retrained models exist, which one is active, and who did what.

``models/registry/registry.json`` lists every retrained model with the sha256 of its
``meta.json`` (which itself lists every file's sha256), the active model and the history of
promotions. ``models/registry/audit.log`` is an append-only JSON-lines log of imports,
training runs, promotions and rollbacks: who, when, model hashes and counts, never note text.

This module reads the registry and appends to the log; ``training.registry`` changes it.
Writes are atomic (temporary file, then ``os.replace``), so a crash leaves the previous
state, and so the previous active model, intact.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from nlp.io import write_text_atomic
from nlp.model import DEFAULT_MODEL_DIR, META_FILE, MODELS_DIR, ModelError

REGISTRY_DIR = MODELS_DIR / "registry"
REGISTRY_FILE = "registry.json"
AUDIT_LOG = "audit.log"
DEFAULT_ID = "default"


def registry_dir() -> Path:
    """The registry folder (``$BOUWSTEEN_REGISTRY`` overrides, e.g. for tests)."""
    return Path(os.environ.get("BOUWSTEEN_REGISTRY", REGISTRY_DIR))


def empty_registry() -> dict[str, Any]:
    """A registry with only the shipped default model active."""
    return {"active": DEFAULT_ID, "models": {}, "history": []}


def read_registry(directory: Path | None = None) -> dict[str, Any]:
    """The registry; an empty one when none exists yet.

    Raises
    ------
    ModelError
        When the registry file exists but cannot be read.
    """
    path = (directory or registry_dir()) / REGISTRY_FILE
    if not path.exists():
        return empty_registry()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelError(f"{path} is not a readable model registry ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("models"), dict):
        raise ModelError(f"{path} is not a model registry")
    return data


def write_registry(data: dict[str, Any], directory: Path | None = None) -> None:
    """Replace the registry atomically."""
    directory = directory or registry_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_text_atomic(directory / REGISTRY_FILE, json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def meta_sha256(model_dir: Path) -> str:
    """The sha256 of a model folder's ``meta.json``."""
    return hashlib.sha256((Path(model_dir) / META_FILE).read_bytes()).hexdigest()


def model_dir_of(model_id: str, directory: Path | None = None) -> Path:
    """The folder of a registered model (the shipped default for ``default``)."""
    return DEFAULT_MODEL_DIR if model_id == DEFAULT_ID else (directory or registry_dir()) / model_id


def check_registered(model_dir: Path, directory: Path | None = None) -> None:
    """Refuse a model folder inside the registry that is not registered with this exact metadata.

    Raises
    ------
    ModelError
        For an unregistered folder or one whose ``meta.json`` hash differs from the registry's.
    """
    directory = directory or registry_dir()
    model_dir = Path(model_dir).resolve()
    if model_dir.parent != directory.resolve():
        return
    entry = read_registry(directory)["models"].get(model_dir.name)
    if entry is None:
        raise ModelError(f"{model_dir.name} is not in the model registry: refusing to load it")
    try:
        actual = meta_sha256(model_dir)
    except OSError:
        raise ModelError(f"model {model_dir.name} has no metadata") from None
    if actual != entry.get("meta_sha256"):
        raise ModelError(f"model {model_dir.name} does not match the registry's sha256: it was altered")


def active_model_dir(directory: Path | None = None) -> Path:
    """The folder of the active model: the promoted one, else the shipped default."""
    registry = read_registry(directory)
    return model_dir_of(registry.get("active") or DEFAULT_ID, directory)


def log_event(event: str, details: dict[str, Any], directory: Path | None = None) -> dict[str, Any]:
    """Append one line to the audit log: who, when, what (never note text)."""
    directory = directory or registry_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    entry = {"when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "who": user, "event": event, **details}
    with (directory / AUDIT_LOG).open("a", encoding="utf-8") as log:
        log.write(json.dumps(entry, ensure_ascii=False) + "\n")
        log.flush()
        os.fsync(log.fileno())
    return entry


def read_log(directory: Path | None = None) -> list[dict[str, Any]]:
    """The audit log's entries, oldest first."""
    path = (directory or registry_dir()) / AUDIT_LOG
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

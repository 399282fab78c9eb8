"""Build, save, verify and load model folders (pipeline + estimators + metadata)."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

from spacy.language import Language

from nlp.context import CONTEXT_FACTORY
from nlp.language import add_lemmatizer, blank_pipeline
from nlp.scheme import LABELS, SCHEME_VERSION
from nlp.tagger import TAGGER_FACTORY, BouwsteenTagger

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
DEFAULT_MODEL_DIR = MODELS_DIR / "default"
META_FILE = "meta.json"
PIPELINE_DIR = "pipeline"
FORMAT_VERSION = 2  # 2: features are hashed columns computed per batch (nlp.features.FeatureExtractor)
# Libraries whose version must match for a pickled estimator to be trusted.
PINNED = ("scikit-learn", "spacy")


class ModelError(Exception):
    """A model folder is missing, incomplete, altered or made with other library versions."""


def library_versions() -> dict[str, str]:
    """Versions of the libraries a model depends on."""
    names = ("scikit-learn", "spacy", "spacy-lookups-data", "numpy", "scipy", "joblib")
    return {"python": platform.python_version(), **{n: metadata.version(n) for n in names}}


def build_pipeline() -> Language:
    """The untrained case-note pipeline: tokenizer, sentences, lemmas, context, tagger."""
    pipeline = add_lemmatizer(blank_pipeline())
    pipeline.add_pipe(CONTEXT_FACTORY)
    pipeline.add_pipe(TAGGER_FACTORY)
    return pipeline


def tagger_of(pipeline: Language) -> BouwsteenTagger:
    """The bouwsteen tagger component of a pipeline."""
    return pipeline.get_pipe(TAGGER_FACTORY)


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _manifest(directory: Path) -> dict[str, str]:
    return {
        path.relative_to(directory).as_posix(): sha256_file(path)
        for path in sorted(directory.rglob("*"))
        if path.is_file() and path.name != META_FILE
    }


def save_model(pipeline: Language, directory: Path, meta: dict[str, Any]) -> Path:
    """Write a model folder atomically: a crash leaves any previous folder intact.

    Parameters
    ----------
    pipeline
        A pipeline whose tagger has fitted estimators.
    directory
        Target folder; replaced as a whole if it exists.
    meta
        Extra metadata (training-data hash, figures …) stored in ``meta.json``.

    Returns
    -------
    Path
        The model folder.
    """
    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=directory.parent))
    try:
        pipeline.to_disk(staging / PIPELINE_DIR)
        full_meta = {
            "format": FORMAT_VERSION,
            "scheme": SCHEME_VERSION,
            "labels": list(LABELS),
            "versions": library_versions(),
            **meta,
            "files": _manifest(staging),
        }
        (staging / META_FILE).write_text(json.dumps(full_meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        backup = directory.with_name(f".{directory.name}.old")
        if directory.exists():
            if backup.exists():
                shutil.rmtree(backup)
            os.replace(directory, backup)
        os.replace(staging, directory)
        if backup.exists():
            shutil.rmtree(backup)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return directory


def verify(directory: Path) -> dict[str, Any]:
    """Check a model folder before anything in it is unpickled.

    Raises
    ------
    ModelError
        With a one-line reason: missing folder or metadata, unknown format or label
        scheme, a file added, missing or changed (sha256), or other library versions.
    """
    directory = Path(directory)
    meta_path = directory / META_FILE
    if not meta_path.is_file():
        raise ModelError(f"no model at {directory}: {META_FILE} is missing")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelError(f"{meta_path} is not readable model metadata ({error})") from None
    if meta.get("format") != FORMAT_VERSION:
        raise ModelError(
            f"model format {meta.get('format')!r} is not supported (expected {FORMAT_VERSION}):"
            " rebuild it with `bouwsteen train`"
        )
    if meta.get("scheme") != SCHEME_VERSION or meta.get("labels") != list(LABELS):
        raise ModelError(f"model uses label scheme {meta.get('scheme')!r}, this version reads {SCHEME_VERSION!r}")
    expected: dict[str, str] = meta.get("files", {})
    actual = _manifest(directory)
    for name in sorted(set(expected) | set(actual)):
        if name not in actual:
            raise ModelError(f"model file {name} is missing from {directory}")
        if name not in expected:
            raise ModelError(f"unexpected file {name} in {directory}: not part of the model")
        if actual[name] != expected[name]:
            raise ModelError(f"model file {name} does not match its sha256: the model was altered or damaged")
    versions = library_versions()
    for name in PINNED:
        made, have = meta.get("versions", {}).get(name), versions[name]
        if made is None or made.split(".")[:2] != have.split(".")[:2]:
            raise ModelError(f"model was made with {name} {made}, installed is {have}: retrain with 'bouwsteen train'")
    return meta


def load(directory: Path | str | None = None) -> Language:
    """Load a verified model as a ready spaCy pipeline.

    Parameters
    ----------
    directory
        A model folder; the active model when omitted (the promoted one in the registry,
        else the shipped default). A folder inside the registry must be registered with
        the same metadata hash.

    Returns
    -------
    Language
        The pipeline; ``pipeline(text).spans["bouwstenen"]`` holds the tags.
    """
    import spacy

    from nlp.registry import active_model_dir, check_registered

    directory = Path(directory) if directory is not None else active_model_dir()
    check_registered(directory)
    meta = verify(directory)
    # The tokenizer is rebuilt from the config (same rules, registered function); reading its
    # serialised special cases back would only double the start-up cost.
    pipeline = spacy.load(directory / PIPELINE_DIR, exclude=["tokenizer"])
    pipeline.meta["bouwsteen"] = {k: v for k, v in meta.items() if k != "files"}
    return pipeline


def freeze_heap() -> None:
    """Move what is loaded so far (the model, the modules) out of the garbage collector's passes.

    The collector then no longer walks the model's long-lived objects while batches are
    tagged, and forked audit workers no longer copy the pages it would touch. Measured gains
    are small for one process (within the benchmark's noise) and help the workers' scaling.
    """
    import gc

    gc.collect()
    gc.freeze()

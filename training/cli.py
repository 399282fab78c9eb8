"""The full ``bouwsteen`` command line: tagging from ``nlp`` plus the learning commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from nlp.cli import app, fail

# What a bad config or corpus raises; each is reported as one line, never a traceback.
LEARNING_ERRORS: tuple[type[Exception], ...] = (OSError, KeyError, ValueError)


@app.command()
def train(
    config: Annotated[Path, typer.Option(help="Training config (TOML).")] = Path("training/config.toml"),
    output: Annotated[Path | None, typer.Option(help="Model folder to write (default: from the config).")] = None,
) -> None:
    """Train a model from the corpus named in the config and tune it on the development set."""
    from training.evaluate import format_report
    from training.train import resolve
    from training.train import train as run_train

    if not resolve(config).is_file():
        fail(f"{config}: no such config file")
    try:
        result = run_train(resolve(config), output, progress=lambda m: typer.echo(f"… {m}", err=True))
    except LEARNING_ERRORS as error:  # CorpusError and TOMLDecodeError are ValueErrors
        fail(f"training stopped: {error}")
    typer.echo(
        f"model written to {result.model_dir} ({result.n_train} training sentences, threshold {result.threshold})"
    )
    if result.metrics:
        typer.echo(format_report(result.metrics, "development set"))


@app.command()
def evaluate(
    data: Annotated[
        list[Path] | None, typer.Option(help="Labelled notes or sentences (.jsonl); default: the development set.")
    ] = None,
    model: Annotated[Path | None, typer.Option(help="Model folder (default: the shipped model).")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the metrics as JSON here.")] = None,
) -> None:
    """Per-class precision/recall/F1, confusion matrix and none detection of a model."""
    from nlp.model import ModelError
    from training.evaluate import format_report
    from training.scoring import evaluate_files

    try:
        metrics = evaluate_files(data, model)
    except (ModelError, *LEARNING_ERRORS) as error:
        fail(str(error))
    typer.echo(format_report(metrics, f"{metrics['n']} sentences"))
    if json_out:
        json_out.write_text(json.dumps(metrics, indent=1) + "\n", encoding="utf-8")


@app.command()
def generate(
    config: Annotated[Path, typer.Option(help="Training config (TOML).")] = Path("training/config.toml"),
) -> None:
    """Derive the generated part of the corpus from the cue templates (reproducible)."""
    from training.scoring import write_generated

    try:
        path, count = write_generated(config)
    except LEARNING_ERRORS as error:
        fail(f"generation stopped: {error}")
    typer.echo(f"{count} generated sentences written to {path}")


def main() -> None:
    """Entry point of the ``bouwsteen`` console script."""
    app()


if __name__ == "__main__":
    main()

"""The full ``bouwsteen`` command line: tagging from ``nlp`` plus the learning commands."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from nlp.cli import app, fail

# What a bad config or corpus raises; each is reported as one line, never a traceback.
LEARNING_ERRORS: tuple[type[Exception], ...] = (OSError, KeyError, ValueError)


def load_team_data(paths: list[Path]) -> Any:
    """Import and validate a team's files; print the report; stop on errors."""
    from nlp.io import InputError
    from training.imports import read_labelled_file
    from training.validate import validate

    rows, bad = [], []
    for path in paths:
        try:
            file_rows, file_bad = read_labelled_file(path)
        except InputError as error:
            fail(str(error))
        rows += file_rows
        bad += file_bad
    report = validate(rows, bad)
    for line in report.lines():
        typer.echo(line, err=True)
    if not report.ok:
        fail(
            f"{len(report.errors)} error(s) in the labelled data; fix them before training"
            if report.errors
            else "no usable labelled sentences"
        )
    return report


@app.command(name="import")
def import_data(
    files: Annotated[
        list[Path], typer.Argument(help="Labelled files: .jsonl (own or doccano), .json (Label Studio), .csv/.tsv.")
    ],
    out: Annotated[
        Path | None, typer.Option(help="Where to write the normalised JSONL (default: in the registry).")
    ] = None,
) -> None:
    """Import a team's labelled sentences: validate them and write them in this project's format."""
    from nlp.registry import log_event, registry_dir
    from training.corpus import data_hash, write_examples
    from training.retrain import team_data_hash

    report = load_team_data(files)
    digest = data_hash(report.examples)
    target = out or registry_dir() / "imports" / f"{digest[:12]}.jsonl"
    target.parent.mkdir(parents=True, exist_ok=True)
    write_examples(target, report.examples)
    log_event(
        "import",
        {
            "files": [f.name for f in files],
            "files_sha256": team_data_hash(files),
            "data_sha256": digest,
            "sentences": len(report.examples),
            "left_out": report.left_out,
            "warnings": len(report.warnings),
        },
    )
    typer.echo(f"{len(report.examples)} sentences imported to {target}")


class Mode(StrEnum):
    """How a team's data is used in training."""

    combine = "combine"
    only_own = "only-own"


@app.command()
def train(
    config: Annotated[Path, typer.Option(help="Training config (TOML).")] = Path("training/config.toml"),
    output: Annotated[Path | None, typer.Option(help="Model folder to write (default: from the config).")] = None,
    data: Annotated[
        list[Path] | None, typer.Option(help="A team's labelled files: train a candidate into the registry.")
    ] = None,
    mode: Annotated[
        Mode, typer.Option(help="Add the team's data to the shipped corpus, or use it alone.")
    ] = Mode.combine,
) -> None:
    """Train the default model from the corpus, or (with --data) a candidate from a team's own notes."""
    from training.evaluate import format_report
    from training.train import resolve
    from training.train import train as run_train

    if not resolve(config).is_file():
        fail(f"{config}: no such config file")
    progress = lambda m: typer.echo(f"… {m}", err=True)  # noqa: E731
    if data:
        from training.retrain import format_comparison, train_candidate

        report = load_team_data(data)
        try:
            candidate = train_candidate(
                report.examples,
                mode=mode.value,
                config_path=resolve(config),
                progress=progress,
                source_files=[str(d) for d in data],
            )
        except LEARNING_ERRORS as error:
            fail(f"training stopped: {error}")
        for comparison in candidate.comparisons:
            typer.echo(format_comparison(comparison))
        typer.echo(
            f"candidate {candidate.model_id} registered ({candidate.n_train} team sentences trained on, "
            f"{candidate.n_held_out} held out); promote it with: bouwsteen models promote {candidate.model_id}"
        )
        return
    try:
        result = run_train(resolve(config), output, progress=progress)
    except LEARNING_ERRORS as error:  # CorpusError and TOMLDecodeError are ValueErrors
        fail(f"training stopped: {error}")
    typer.echo(
        f"model written to {result.model_dir} ({result.n_train} training sentences, threshold {result.threshold})"
    )
    if result.metrics:
        typer.echo(format_report(result.metrics, "development set"))


models_app = typer.Typer(help="The model registry: list, promote, roll back.", no_args_is_help=True)
app.add_typer(models_app, name="models")


@models_app.command("list")
def models_list() -> None:
    """Every model with its date, mode, parent and development macro-F1; * marks the active one."""
    from training.registry import list_models

    for m in list_models():
        f1 = "   -  " if m.dev_macro_f1 is None else f"{m.dev_macro_f1:.3f}"
        mark = "*" if m.active else " "
        typer.echo(f"{mark} {m.model_id:<28} {m.created[:19]:<19} {m.mode:<9} dev {f1}  parent {m.parent or '-'}")


@models_app.command("promote")
def models_promote(
    model_id: Annotated[str, typer.Argument(help="The model to make active.")],
    force: Annotated[bool, typer.Option(help="Promote even when a check fails.")] = False,
    reason: Annotated[str, typer.Option(help="Why a forced promotion is right (kept in the audit log).")] = "",
) -> None:
    """Make a model active, after the development-set and regression checks."""
    from nlp.model import ModelError
    from training.registry import PromotionRefused, promote

    try:
        entry = promote(model_id, force=force, reason=reason)
    except (PromotionRefused, ModelError) as error:
        fail(f"not promoted: {error}")
    typer.echo(f"{entry['model']} is now active (was {entry['previous']})")


@models_app.command("rollback")
def models_rollback() -> None:
    """Make the previously active model active again."""
    from training.registry import PromotionRefused, rollback

    try:
        entry = rollback()
    except PromotionRefused as error:
        fail(str(error))
    typer.echo(f"{entry['model']} is active again (was {entry['from']})")


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

"""The ``bouwsteen`` command line: a thin Typer shell over importable functions."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from nlp.export import flat_record

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Tag Dutch case notes with the building blocks of attachment (Bouwstenenmodel).",
)


class OutputFormat(StrEnum):
    """Output formats of ``bouwsteen tag``."""

    jsonl = "jsonl"
    tsv = "tsv"
    text = "text"


def fail(message: str, code: int = 1) -> None:
    """Print a one-line error to stderr and exit."""
    typer.echo(f"bouwsteen: {message}", err=True)
    raise typer.Exit(code)


def warn(message: str) -> None:
    """Print a one-line warning to stderr."""
    typer.echo(f"bouwsteen: {message}", err=True)


TSV_FIELDS = (
    "note",
    "start",
    "end",
    "label",
    "block",
    "pole",
    "subject",
    "score",
    "source_file",
    "source_start",
    "source_end",
    "source_title",
    "text",
)


_JSON_LINE = json.JSONEncoder(ensure_ascii=False).encode  # one encoder: json.dumps builds one per call


def format_record(record: dict[str, Any], fmt: OutputFormat) -> str:
    """One output line for a sentence record."""
    if fmt is OutputFormat.jsonl:
        return _JSON_LINE(record)
    if fmt is OutputFormat.tsv:
        flat = flat_record(record)
        return "\t".join(
            "" if flat[k] is None else str(flat[k]).replace("\t", " ").replace("\n", " ") for k in TSV_FIELDS
        )
    source = record["source"] or {}
    text = record["text"].replace("\n", " ")
    if record["label"] == "none":
        return f"  {'none':<16} {text}"
    tag = f"{record['label']} {record['subject']} {record['score']:.2f}"
    where = f"{source['title']} — {source['file']}:{source['start']}-{source['end']}"
    return f"  {tag:<16} {text}\n  {'':<16} ↳ {where}"


def tag_stream(
    pipeline: Any, notes: Iterable[Any], batch_size: int = 256, batch_chars: int = 1_000_000
) -> Iterator[tuple[Any, list[dict[str, Any]]]]:
    """Tag notes in batches; yield each note with its sentence records.

    A batch holds up to ``batch_size`` notes and about ``batch_chars`` characters: large
    batches spread the classifier's fixed cost per call, the character bound keeps memory flat.
    """
    from nlp.records import doc_records

    batch: list[Any] = []
    chars = 0

    def flush() -> Iterator[tuple[Any, list[dict[str, Any]]]]:
        for note, doc in zip(batch, pipeline.pipe([n.text for n in batch], batch_size=len(batch)), strict=True):
            yield note, doc_records(doc, note.id, note.text)

    for note in notes:
        batch.append(note)
        chars += len(note.text)
        if len(batch) >= batch_size or chars >= batch_chars:
            yield from flush()
            batch, chars = [], 0
    if batch:
        yield from flush()


def run_tag(paths: list[str], fmt: OutputFormat, model: Path | None, out: TextIO) -> tuple[int, int]:
    """Tag notes from paths and write their records; return (notes tagged, inputs skipped)."""
    from nlp.io import InputError, iter_notes, looks_dutch
    from nlp.model import ModelError, freeze_heap, load

    try:
        pipeline = load(model)
    except ModelError as error:
        fail(str(error), 2)
    freeze_heap()
    skipped = 0

    def good_notes() -> Iterator[Any]:
        nonlocal skipped
        for item in iter_notes(paths):
            if isinstance(item, InputError):
                skipped += 1
                warn(f"skipped {item}")
                continue
            if not looks_dutch(item.text):
                warn(f"{item.id}: does not look like Dutch; tags will not mean much")
            yield item

    tagged = 0
    if fmt is OutputFormat.tsv:
        out.write("\t".join(TSV_FIELDS) + "\n")
    for note, records in tag_stream(pipeline, good_notes()):
        tagged += 1
        if fmt is OutputFormat.text:
            out.write(f"{note.id}\n")
        out.write("".join(format_record(r, fmt) + "\n" for r in records))
    return tagged, skipped


@app.command()
def tag(
    paths: Annotated[
        list[str], typer.Argument(help='Text files, folders, .jsonl batches ({"id", "text"}) or - for stdin.')
    ],
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.text,
    model: Annotated[Path | None, typer.Option(help="Model folder (default: the shipped model).")] = None,
) -> None:
    """Tag every sentence of Dutch case notes with a building block, pole and subject."""
    tagged, skipped = run_tag(paths, format, model, sys.stdout)
    if tagged == 0:
        fail("nothing could be tagged" + (f" ({skipped} input(s) skipped)" if skipped else ""))
    if skipped:
        warn(f"tagged {tagged} note(s), skipped {skipped}")


def _progress_printer() -> tuple[Any, Any]:
    """A rich progress bar on stderr: files done, sentences per second, time left."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("audit"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files · {task.fields[rate]:,.0f} sentences/s · ETA {task.fields[eta]}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=False,
    )
    task = bar.add_task("audit", total=None, rate=0.0, eta="?")

    def update(progress: Any) -> None:
        bar.start()  # on the first report, once there are files to audit (a no-op after that)
        eta = "?" if progress.eta is None else f"{progress.eta:,.0f} s"
        bar.update(task, total=progress.files_total, completed=progress.files_done, rate=progress.rate, eta=eta)

    return bar, update


@app.command()
def audit(
    paths: Annotated[list[str], typer.Argument(help="Folders (read recursively) and files to audit.")],
    out: Annotated[Path, typer.Option("--out", help="Report folder (created; rerunning resumes).")],
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
    model: Annotated[Path | None, typer.Option(help="Model folder (default: the shipped model).")] = None,
    pseudonymize: Annotated[
        bool, typer.Option("--pseudonymize", help="Replace names, dates, places and ids in the report's text.")
    ] = False,
) -> None:
    """Tag whole folders of case files and report which building blocks each file documents."""
    from nlp.audit_report import NothingToAudit, audit_to_folder
    from nlp.model import ModelError

    pseudo = None
    if pseudonymize:
        import importlib.util

        if importlib.util.find_spec("deduce") is None:
            fail("pseudonymisation needs the 'deduce' package: pip install deduce", 2)
        from nlp.pseudonymize import pseudonymizer as pseudo
    bar, update = _progress_printer()
    try:
        try:
            summary, run, missing = audit_to_folder(
                paths, out, workers=workers, model_dir=model, pseudonymize=pseudo, on_progress=update
            )
        finally:
            bar.stop()
    except NothingToAudit as error:
        for message in error.missing:
            warn(message)
        fail(str(error))
    except ModelError as error:
        fail(str(error), 2)
    except RuntimeError as error:  # pseudonymisation could not start
        fail(str(error), 2)
    except OSError as error:
        fail(f"{out}: cannot write the report ({error.strerror})")
    for message in missing:
        warn(message)
    for skipped in summary["skipped"]:
        warn(f"skipped {skipped['message']}")
    files = summary["files"]
    rate = summary["sentences"] / run.seconds if run.seconds else 0.0
    warn(
        f"{files['tagged']} file(s) tagged ({run.resumed} resumed), {files['skipped']} skipped; "
        f"{summary['sentences']:,} sentences in {run.seconds:.1f} s ({rate:,.0f}/s); report in {out}"
    )
    if run.worker_peak_mb:
        warn("peak memory per worker: " + ", ".join(f"{mb:.0f} MB" for mb in sorted(run.worker_peak_mb.values())))
    if files["tagged"] == 0:
        fail("nothing could be tagged")


APP_SCRIPT = Path(__file__).resolve().parent.parent / "app.py"
# Set on the command line as well as in .streamlit/config.toml, so they hold from any folder.
APP_FLAGS = (
    "--server.address=127.0.0.1",
    "--browser.gatherUsageStats=false",
    "--server.maxUploadSize=25",
    "--client.showErrorDetails=none",
    "--client.toolbarMode=minimal",
)


def app_command(port: int, headless: bool) -> list[str]:
    """The command that starts the web page on this computer only."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_SCRIPT),
        *APP_FLAGS,
        f"--server.port={port}",
        f"--server.headless={'true' if headless else 'false'}",
    ]


@app.command(name="app")
def start_app(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8501,
    headless: Annotated[bool, typer.Option(help="Do not open a browser window.")] = False,
) -> None:
    """Start the web page (Streamlit) on 127.0.0.1 with the active model."""
    import subprocess

    from nlp.model import ModelError, verify
    from nlp.registry import active_model_dir

    if not APP_SCRIPT.exists():
        fail(f"{APP_SCRIPT} not found: start the page from a clone of the repository")
    try:
        verify(active_model_dir())
    except ModelError as error:
        fail(f"{error} (build it with 'bouwsteen train')", 2)
    typer.echo(f"bouwsteen: page on http://127.0.0.1:{port} (Ctrl+C stops it)", err=True)
    try:
        code = subprocess.call(app_command(port, headless), cwd=APP_SCRIPT.parent)
    except KeyboardInterrupt:
        code = 0
    raise typer.Exit(code)


def main() -> None:
    """Entry point of the tag-only command line."""
    app()


if __name__ == "__main__":
    main()

"""`optpar detect`: print the hyperparameters found in scripts and notebooks."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from ..exceptions import InputError
from ..types import Detection, Hyperparameter
from ._app import app


@app.command()
def detect(
    paths: Annotated[list[str], typer.Argument(help="Keras scripts (.py) or notebooks (.ipynb).", metavar="PATH...")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per file (a list for several files).")] = False,
) -> None:
    """Find the tunable hyperparameters in Keras code, without running it."""
    from ..detect import detect_path

    outcomes: list[dict[str, Any]] = []
    failed = False
    for path in paths:
        try:
            detection = detect_path(path)
        except InputError as exc:
            failed = True
            outcomes.append({"source": path, "error": exc.to_dict()})
            if not as_json:
                typer.secho(f"error: {exc} ({type(exc).__name__})", fg=typer.colors.RED, err=True)
            continue
        outcomes.append(detection.to_dict())
        if not as_json:
            _print_table(detection)
    if as_json:
        typer.echo(json.dumps(outcomes[0] if len(paths) == 1 else outcomes, indent=2))
    if failed:
        raise typer.Exit(code=1)


def _print_table(detection: Detection) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not detection.hyperparameters:
        console.print(f"[bold]{detection.source}[/]: nothing to tune ({detection.reason})")
    else:
        table = Table(title=f"{detection.source}: {len(detection.hyperparameters)} hyperparameters", title_justify="left")
        for column in ("name", "where", "original", "range"):
            table.add_column(column)
        for hp in detection.hyperparameters:
            table.add_row(hp.name, _where(hp), _show(hp.original), describe_range(hp))
        console.print(table)
    for warning in detection.warnings:
        console.print(f"[yellow]warning:[/] {warning}", highlight=False)


def _where(hp: Hyperparameter) -> str:
    place = f"cell {hp.cell}, line {hp.line}" if hp.cell is not None else f"line {hp.line}"
    what = f"{hp.variable} = …" if hp.variable else f"{hp.call}({hp.param}=…)"
    uses = f" (used {len(hp.uses)}×)" if len(hp.uses) > 1 else ""
    return f"{place}: {what}{uses}"


def _show(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def describe_range(hp: Hyperparameter) -> str:
    """`choice: 16, 32, 64` or `loguniform [0.0001, 0.01]`, for tables and emails."""
    if hp.choices is not None:
        return f"{hp.kind.value}: " + ", ".join(_show(c) for c in hp.choices)
    step = f" step {hp.q:g}" if hp.q else ""
    return f"{hp.kind.value} [{hp.low:g}, {hp.high:g}]{step}"

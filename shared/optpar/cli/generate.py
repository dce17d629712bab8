"""`optpar generate` (write the tuning script) and `optpar apply` (write the best values back)."""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from ..exceptions import InputError, OptparError
from ..types import Hyperparameter
from ._app import app


@app.command()
def generate(
    model: Annotated[Path, typer.Argument(help="The Keras script (.py) or notebook (.ipynb) to tune.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the tuning script; '-' prints it.")] = Path(
        "tuned.py"
    ),
    space: Annotated[
        Path | None, typer.Option("--space", help="A space.json to use instead of detecting (edited ranges).")
    ] = None,
    metric: Annotated[str, typer.Option(help="The metric of fit's history to optimise.")] = "val_loss",
    mode: Annotated[str, typer.Option(help="'min' or 'max': whether a smaller metric is better.")] = "min",
) -> None:
    """Write a standalone hyperopt tuning script built from MODEL's own code."""
    from ..detect import detect_source
    from ..generate import GenerateOptions, generate_script
    from ..source import read_source
    from ..space import load_space

    try:
        source = read_source(model)
        detection = detect_source(source)
        hps = load_space(space) if space is not None else None
        script = generate_script(source, detection, hps, options=GenerateOptions(metric=metric, mode=mode))
    except OptparError as exc:
        _fail(exc)
    if str(output) == "-":
        typer.echo(script.code, nl=False)
    else:
        output.write_text(script.code, encoding="utf-8")
        typer.echo(f"wrote {output}: run `python {output} --max-evals 20` to tune", err=True)
    for warning in script.warnings:
        typer.secho(f"warning: {warning}", fg=typer.colors.YELLOW, err=True)


@app.command()
def apply(
    model: Annotated[Path, typer.Argument(help="The original script or notebook.")],
    results: Annotated[Path, typer.Argument(help="A results.json holding `best`: {name: value}.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Where to write (default: MODEL.best.py beside RESULTS).")
    ] = None,
) -> None:
    """Write the best values from RESULTS into a copy of MODEL, and print the change as a diff."""
    from ..detect import detect_source
    from ..generate import apply_values
    from ..source import read_source, source_from_bytes
    from ..space import load_space

    try:
        source = read_source(model)
        best = _best(results)
        space_path = results.parent / "space.json"
        hps: tuple[Hyperparameter, ...] = (
            load_space(space_path) if space_path.exists() else detect_source(source).hyperparameters
        )
        text = apply_values(source, hps, best)
        after = source_from_bytes(text.encode("utf-8"), source.path)
    except OptparError as exc:
        _fail(exc)
    target = output or results.parent / f"{model.stem}.best{model.suffix}"
    target.write_text(text, encoding="utf-8")
    diff = difflib.unified_diff(
        source.code.splitlines(keepends=True),
        after.code.splitlines(keepends=True),
        fromfile=str(model),
        tofile=str(target),
    )
    typer.echo("".join(diff), nl=False)
    typer.echo(f"wrote {target}", err=True)


def _best(results: Path) -> dict[str, Any]:
    try:
        data = json.loads(results.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the results: {exc}", source=str(results)) from exc
    best = data.get("best") if isinstance(data, dict) else None
    if not isinstance(best, dict) or not best:
        raise InputError("expected a JSON object with `best`: {name: value}; found no best values", source=str(results))
    return best


def _fail(exc: OptparError) -> NoReturn:
    """A readable message and exit code 2 for bad input, 1 for other domain errors; never a traceback."""
    typer.secho(f"error: {exc} ({type(exc).__name__})", fg=typer.colors.RED, err=True)
    raise typer.Exit(code=2 if isinstance(exc, InputError) else 1)

"""`optpar local-pipeline`: the cloud pipeline on this machine (moto), and `optpar runner` for the instance."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from ._app import app


@app.command("local-pipeline")
def local_pipeline(
    model: Annotated[Path, typer.Argument(help="The Keras script (.py) or notebook (.ipynb) to upload.",
                                          exists=True, dir_okay=False)],
    data: Annotated[Path | None, typer.Option("--data", help="A folder uploaded next to the model (its data).",
                                                 exists=True, file_okay=False)] = None,
    max_evals: Annotated[int, typer.Option("--max-evals", min=1, help="Trials of the search.")] = 5,
    require_approval: Annotated[bool, typer.Option("--require-approval",
                                                   help="Wait for a person to approve the space.")] = False,
    heartbeat_seconds: Annotated[int, typer.Option("--heartbeat-seconds", min=1,
                                                   help="The wait fails after this long without a heartbeat.")] = 60,
    as_json: Annotated[bool, typer.Option("--json", help="Print {execution, record} as JSON.")] = False,
) -> None:
    """Run the whole cloud pipeline against moto: the real handlers, state machine and instance runner."""
    from ..cloud.local import LocalOptions, LocalPipeline

    options = LocalOptions(max_evals=max_evals, require_approval=require_approval,
                           heartbeat_seconds=heartbeat_seconds)
    if not as_json:
        typer.echo(f"Starting moto and the resources of template.yaml; uploading {model.name}...")
    try:
        with LocalPipeline(options) as pipeline:
            report = pipeline.run(model, data, announce=lambda line: typer.secho(line, err=True, bold=True))
    except (RuntimeError, TimeoutError) as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(code=2) from exc
    if as_json:
        typer.echo(json.dumps(report, indent=2, default=str))
    else:
        _print(report)
    if report["execution"]["status"] != "SUCCEEDED":
        raise typer.Exit(code=1)


def _print(report: dict[str, Any]) -> None:
    execution, record = report["execution"], report["record"] or {}
    typer.echo(f"\nExecution {execution['name']}")
    for name in execution["states"]:
        typer.echo(f"  -> {name}")
    colour = typer.colors.GREEN if execution["status"] == "SUCCEEDED" else typer.colors.RED
    typer.secho(f"Status: {execution['status']}", fg=colour, bold=True)
    typer.echo("\nDynamoDB record:")
    for key, value in record.items():
        if key != "launches":
            typer.echo(f"  {key}: {json.dumps(value, default=str)}")


@app.command("runner")
def runner(
    job: Annotated[str, typer.Option("--job", help="s3:// URI of the job's job.json.")],
    work_dir: Annotated[Path | None, typer.Option("--work-dir", help="Where to put data and outputs.")] = None,
) -> None:
    """Run one tuning job on this machine as the cloud instance does (same as `python -m optpar.runner`)."""
    from ..runner import main

    args = ["--job", job] + (["--work-dir", str(work_dir)] if work_dir else [])
    raise typer.Exit(code=main(args))

"""`optpar tune`: tune a script's hyperparameters locally. A thin wrapper over `optpar.tuning.tune_file`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from ..exceptions import OptparError
from ..tuning.types import Algo, Mode
from ._app import app


@app.command()
def tune(
    model: Annotated[Path, typer.Argument(help="The Keras script (.py) or notebook (.ipynb) to tune.")],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Output folder; rerun with the same folder to resume. Default runs/<model>-<time>/."
        ),
    ] = None,
    max_evals: Annotated[int, typer.Option("--max-evals", min=1, help="Trials, the original values included.")] = 20,
    timeout: Annotated[
        float | None, typer.Option("--timeout", help="Start no new trial after this many seconds.")
    ] = None,
    algo: Annotated[Algo, typer.Option("--algo", help="Search algorithm.")] = Algo.TPE,
    seed: Annotated[int | None, typer.Option("--seed", help="Same seed, same trial points.")] = None,
    metric: Annotated[str, typer.Option("--metric", help="Validation metric from fit's history.")] = "val_loss",
    mode: Annotated[Mode, typer.Option("--mode", help="Whether a lower or a higher metric is better.")] = Mode.MIN,
    patience: Annotated[int, typer.Option("--patience", min=0, help="Early stopping patience; 0 turns it off.")] = 3,
    data: Annotated[
        Path | None, typer.Option("--data", help="Folder the script reads its data from (its working directory).")
    ] = None,
    review: Annotated[
        bool, typer.Option("--review", help="Edit the search space (space.json) before searching.")
    ] = False,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar.")] = True,
    prune: Annotated[
        bool,
        typer.Option(
            "--prune/--no-prune",
            help="Stop a trial that is behind the median of the finished trials at the same epoch.",
        ),
    ] = True,
) -> None:
    """Detect, generate, search and write the best values back, with a report."""
    from ..tuning import TuneConfig
    from ..tuning.runner import default_out_dir, tune_file
    from ..tuning.script_main import summary

    # TensorFlow's C++ start-up chatter hides the progress bar; this edge may set the environment.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    out_dir = out or default_out_dir(model)
    try:
        config = TuneConfig(
            out_dir=out_dir,
            max_evals=max_evals,
            timeout_s=timeout,
            algo=algo,
            seed=seed,
            metric=metric,
            mode=mode,
            patience=patience,
            progress=progress,
            review=review,
            prune=prune,
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    typer.echo(f"writing to {out_dir}; if interrupted, rerun with --out {out_dir} to resume", err=True)
    try:
        # $EDITOR is read here, at the edge: core code never reads the environment.
        result = tune_file(model, config, data_dir=data, editor=os.environ.get("EDITOR") or None)
    except OptparError as exc:
        typer.secho(f"error: {exc} ({type(exc).__name__})", fg=typer.colors.RED, err=True)
        raise typer.Exit(code=1) from exc
    except KeyboardInterrupt:
        typer.secho(f"\ninterrupted; to resume: optpar tune {model} --out {out_dir}", fg=typer.colors.YELLOW, err=True)
        raise typer.Exit(code=130) from None
    typer.echo(summary(result))

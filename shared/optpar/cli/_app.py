"""The Typer application every command module registers on."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="optpar",
    help="Tune the hyperparameters of an unmodified Keras script.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Tune the hyperparameters of an unmodified Keras script."""

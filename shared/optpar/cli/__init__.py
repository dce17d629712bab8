"""Command-line interface. Only this layer turns errors into exit codes and messages."""

from __future__ import annotations

# Each module registers its commands on `app`.
from . import detect as _detect  # noqa: F401
from . import generate as _generate  # noqa: F401
from . import pipeline as _pipeline  # noqa: F401
from . import tune as _tune  # noqa: F401
from ._app import app


def main() -> None:
    app()


__all__ = ["app", "main"]

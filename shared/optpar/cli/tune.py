"""Commands: filled in by their issue."""

from __future__ import annotations

from ._app import app  # noqa: F401

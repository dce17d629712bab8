"""Fixtures of the generation tests."""

from __future__ import annotations

import pytest

from optpar.source import Source, read_source

from .helpers import ASSETS


@pytest.fixture
def notebook_source() -> Source:
    return read_source(ASSETS / "notebook.ipynb")

"""Shared test helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "tests" / "assets"
EXAMPLES = ROOT / "examples"


@pytest.fixture
def assets() -> Path:
    return ASSETS

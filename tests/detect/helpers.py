"""Small helpers for detection tests: detect code given as text."""

from __future__ import annotations

import textwrap
from pathlib import Path

from optpar.detect import detect_path, detect_source  # noqa: F401 (re-exported for tests)
from optpar.source import source_from_bytes
from optpar.types import Detection

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "detect"


def detect_code(code: str, name: str = "model.py") -> Detection:
    return detect_source(source_from_bytes(textwrap.dedent(code).encode(), name))


def detect_asset(name: str) -> Detection:
    return detect_path(ASSETS / name)


def by_name(detection: Detection) -> dict[str, object]:
    return {h.name: h.original for h in detection.hyperparameters}

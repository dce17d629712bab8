"""Shared test helpers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "tests" / "assets"
EXAMPLES = ROOT / "examples"


@pytest.fixture
def assets() -> Path:
    return ASSETS


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tiny_model.py with data/digits.npz next to it (600 of scikit-learn's 8x8 digits): the pipeline tests' job."""
    np = pytest.importorskip("numpy")
    datasets = pytest.importorskip("sklearn.datasets")
    folder = tmp_path_factory.mktemp("tiny")
    shutil.copy(ASSETS / "pipeline" / "tiny_model.py", folder / "tiny_model.py")
    (folder / "data").mkdir()
    digits = datasets.load_digits()
    np.savez(folder / "data" / "digits.npz", x=(digits.data[:600] / 16.0).astype("float32"), y=digits.target[:600])
    return folder / "tiny_model.py"

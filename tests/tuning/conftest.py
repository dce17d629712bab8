"""Fixtures for the tuning tests: small spaces and trial functions that need no training."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from optpar.types import Hyperparameter, Kind

from .fakes import FakeTrainer

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "tuning"


@pytest.fixture
def space() -> tuple[Hyperparameter, ...]:
    return (
        Hyperparameter("units", "Dense", "units", Kind.QUNIFORM, 32, 1, 0, low=8, high=128, q=8),
        Hyperparameter("activation", "Dense", "activation", Kind.CHOICE, "relu", 1, 0, choices=("relu", "tanh", "elu")),
        Hyperparameter("lr", "Adam", "learning_rate", Kind.LOGUNIFORM, 0.001, 2, 0, low=1e-4, high=1e-1),
        Hyperparameter("kernel", "Conv2D", "kernel_size", Kind.CHOICE, (3, 3), 3, 0, choices=((1, 1), (3, 3), (5, 5))),
    )


@pytest.fixture
def trainer() -> FakeTrainer:
    return FakeTrainer()

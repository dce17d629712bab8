"""Frozen inputs and results of code generation."""

from __future__ import annotations

from dataclasses import dataclass

from .constants import DEFAULT_METRIC, DEFAULT_MODE, DEFAULT_VALIDATION_SPLIT


@dataclass(frozen=True)
class GenerateOptions:
    """How the generated tuning script trains and what it optimises.

    Attributes:
        metric: the key of fit's history that the search optimises.
        mode: "min" or "max".
        validation_split: added to `fit` when it has no validation data and
            `metric` needs one (a `val_` metric).
        quiet: add `verbose=0` to `fit` when the user gave no `verbose`, so
            trials do not fight the runner's progress bar.
    """

    metric: str = DEFAULT_METRIC
    mode: str = DEFAULT_MODE
    validation_split: float = DEFAULT_VALIDATION_SPLIT
    quiet: bool = True


@dataclass(frozen=True)
class GeneratedScript:
    """The tuning module's text, and what the generator changed that the user should know."""

    code: str
    warnings: tuple[str, ...] = ()

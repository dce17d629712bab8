"""Named errors of the tuning step. All are `OptparError`s, so the CLI prints them cleanly."""

from __future__ import annotations

from ..exceptions import OptparError


class TuningError(OptparError):
    """Base class of the errors raised while tuning."""


class MetricNotFoundError(TuningError):
    """fit's history has no such metric: every trial would fail the same way, so the search stops."""


class ResumeMismatchError(TuningError):
    """The output folder holds trials of a different search (space, metric, algorithm or seed)."""


class TrialModuleError(TuningError):
    """The generated trial module cannot be loaded, or lacks `build_and_train`."""


class NothingToTuneError(TuningError):
    """Detection found no tunable hyperparameter, or the person disabled all of them."""

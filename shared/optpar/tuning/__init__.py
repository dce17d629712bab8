"""Tuning: run the search over a generated trial module, checkpoint it, report it.

Importing this package imports neither Keras nor hyperopt; they load when a search starts.
"""

from __future__ import annotations

from .exceptions import MetricNotFoundError, NothingToTuneError, ResumeMismatchError, TrialModuleError, TuningError
from .module import load_trial_module, working_dir
from .runner import tune_file
from .script_main import main
from .search import run_search
from .types import Algo, Mode, SearchHooks, StopReason, TrialRecord, TrialStatus, TuneConfig, TuneResult

__all__ = [
    "Algo",
    "MetricNotFoundError",
    "Mode",
    "NothingToTuneError",
    "ResumeMismatchError",
    "SearchHooks",
    "StopReason",
    "TrialModuleError",
    "TrialRecord",
    "TrialStatus",
    "TuneConfig",
    "TuneResult",
    "TuningError",
    "load_trial_module",
    "main",
    "run_search",
    "tune_file",
    "working_dir",
]

"""Frozen configuration and result objects of the tuning step."""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class Algo(str, enum.Enum):
    """The search algorithm asked for."""

    TPE = "tpe"
    RANDOM = "random"


class Mode(str, enum.Enum):
    """Whether a lower or a higher metric is better."""

    MIN = "min"
    MAX = "max"


class TrialStatus(str, enum.Enum):
    OK = "ok"
    FAILED = "failed"


class StopReason(str, enum.Enum):
    """Why the search ended."""

    COMPLETED = "completed"
    TIMEOUT = "timeout"
    STOPPED = "stopped"
    """`SearchHooks.should_stop` said so (a spot interruption notice, say)."""


@dataclass(frozen=True)
class TuneConfig:
    """Everything a search needs besides the model and the space.

    `out_dir` None means "do not write files" for `run_search`; `tune_file`
    fills in `runs/<model>-<YYYYmmdd-HHMMSS>/`. `seed` None draws one, which is
    then recorded so that resuming proposes the same points.
    """

    out_dir: Path | None = None
    max_evals: int = 20
    timeout_s: float | None = None
    algo: Algo = Algo.TPE
    seed: int | None = None
    metric: str = "val_loss"
    mode: Mode = Mode.MIN
    patience: int = 3
    """Epochs without improvement before early stopping ends a trial; 0 turns early stopping off."""
    n_startup_jobs: int | None = None
    """Random trials before TPE models the results; None picks one that suits `max_evals`."""
    progress: bool = True
    review: bool = False
    save_model: bool = True
    prune: bool = True
    """Stop a trial behind the median of the finished trials at the same epoch (after 2 epochs and 3 trials)."""

    def __post_init__(self) -> None:
        # Accept plain strings from callers that do not import the enums.
        object.__setattr__(self, "algo", Algo(self.algo))
        object.__setattr__(self, "mode", Mode(self.mode))
        if self.out_dir is not None:
            object.__setattr__(self, "out_dir", Path(self.out_dir))
        if self.max_evals < 1:
            raise ValueError(f"max_evals must be at least 1, but got {self.max_evals}")
        if self.timeout_s is not None and self.timeout_s <= 0:
            raise ValueError(f"timeout_s must be positive, but got {self.timeout_s}")
        if self.patience < 0:
            raise ValueError(f"patience must be 0 or more, but got {self.patience}")

    def startup_jobs(self) -> int:
        """TPE's random start. hyperopt's default of 20 makes any short search purely random."""
        if self.n_startup_jobs is not None:
            return self.n_startup_jobs
        return max(3, min(20, self.max_evals // 4))


@dataclass(frozen=True)
class TrialRecord:
    """One finished trial, as written to `trials.jsonl`.

    `loss` is the trial's objective in the metric's own units: the best value of
    `metric` over the epochs (lower is better for mode min, higher for max).
    """

    number: int
    params: Mapping[str, Any]
    status: TrialStatus
    loss: float | None
    epochs_run: int | None
    duration_s: float
    fit_s: float | None = None
    error: str | None = None
    proposer: str = ""
    """Which rule proposed the point: "original", "random" or "tpe"."""
    fingerprint: str = ""
    seed: int | None = None
    n_startup_jobs: int | None = None
    curve: tuple[float, ...] = ()
    """The metric after each epoch."""
    pruned: bool = False
    """Stopped early because it was behind the median of the finished trials."""

    @property
    def ok(self) -> bool:
        return self.status is TrialStatus.OK and self.loss is not None and math.isfinite(self.loss)

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "params": dict(self.params),
            "status": self.status.value,
            "loss": self.loss,
            "epochs_run": self.epochs_run,
            "duration_s": round(self.duration_s, 4),
            "fit_s": None if self.fit_s is None else round(self.fit_s, 4),
            "error": self.error,
            "proposer": self.proposer,
            "fingerprint": self.fingerprint,
            "seed": self.seed,
            "n_startup_jobs": self.n_startup_jobs,
            "curve": [round(v, 6) if math.isfinite(v) else None for v in self.curve],
            "pruned": self.pruned,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TrialRecord:
        return cls(
            number=int(data["number"]),
            params=dict(data["params"]),
            status=TrialStatus(data["status"]),
            loss=data.get("loss"),
            epochs_run=data.get("epochs_run"),
            duration_s=float(data.get("duration_s") or 0.0),
            fit_s=data.get("fit_s"),
            error=data.get("error"),
            proposer=data.get("proposer", ""),
            fingerprint=data.get("fingerprint", ""),
            seed=data.get("seed"),
            n_startup_jobs=data.get("n_startup_jobs"),
            curve=tuple(math.nan if v is None else float(v) for v in data.get("curve") or ()),
            pruned=bool(data.get("pruned", False)),
        )


@dataclass(frozen=True)
class SearchHooks:
    """Calls into the search from outside: the cloud runner uploads the checkpoint
    in `on_trial` and ends the search on a spot notice through `should_stop`."""

    on_trial: Callable[[TrialRecord], None] | None = None
    should_stop: Callable[[], bool] | None = None


@dataclass(frozen=True)
class TuneResult:
    """The outcome of a search; `to_dict()` is `results.json`."""

    best: Mapping[str, Any] | None
    best_loss: float | None
    best_trial: int | None
    metric: str
    mode: Mode
    original: Mapping[str, Any]
    original_loss: float | None
    trials: tuple[TrialRecord, ...]
    duration_s: float
    max_evals: int
    algorithm: str
    seed: int
    stop_reason: StopReason
    test_metrics: Mapping[str, Any] | None = None
    test_error: str | None = None
    out_dir: Path | None = None
    files: Mapping[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "best": None if self.best is None else dict(self.best),
            "best_loss": self.best_loss,
            "best_trial": self.best_trial,
            "metric": self.metric,
            "mode": self.mode.value,
            "original": dict(self.original),
            "original_loss": self.original_loss,
            "trials": [t.to_dict() for t in self.trials],
            "duration_s": round(self.duration_s, 3),
            "max_evals": self.max_evals,
            "algorithm": self.algorithm,
            "seed": self.seed,
            "stop_reason": self.stop_reason.value,
            "test_metrics": None if self.test_metrics is None else dict(self.test_metrics),
            "test_error": self.test_error,
            "files": dict(self.files),
            "warnings": list(self.warnings),
        }

"""Run one trial in isolation: callbacks in, a value (or the error) out, Keras state cleared."""

from __future__ import annotations

import contextlib
import gc
import math
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .exceptions import MetricNotFoundError
from .pruning import MedianPruner, prune_callback
from .types import Mode, TrialStatus, TuneConfig

TrialFn = Callable[[dict, list], Any]
"""`build_and_train(params, callbacks) -> (model, history)`."""


@dataclass(frozen=True)
class TrialOutcome:
    status: TrialStatus
    loss: float | None
    epochs_run: int | None
    duration_s: float
    fit_s: float | None
    error: str | None
    model: Any = None
    curve: tuple[float, ...] = ()
    """The metric after each epoch, for pruning later trials."""
    pruned: bool = False


def run_trial(
    trial_fn: TrialFn,
    params: Mapping[str, Any],
    config: TuneConfig,
    seed: int | None = None,
    pruner: MedianPruner | None = None,
) -> TrialOutcome:
    """Train one configuration. An exception from the user's code is a failed trial, not a crash.

    `seed` seeds Keras (and numpy, random) first, so that a trial is reproducible on CPU;
    a seed the user's own code sets inside the trial still wins.

    Raises:
        MetricNotFoundError: the history lacks `config.metric`; no trial can succeed.
    """
    if seed is not None:
        import keras

        keras.utils.set_random_seed(seed)
    timer = _FitTimer.create()
    prune = prune_callback(pruner, config.metric) if pruner is not None else None
    callbacks = _callbacks(config) + [timer] + ([prune] if prune is not None else [])
    start = time.perf_counter()
    try:
        result = trial_fn(dict(params), callbacks)
        model, history = _unpack(result)
        loss, epochs = best_value(history, config.metric, config.mode, last=config.patience == 0)
    except MetricNotFoundError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure of one combination must not end the search
        return TrialOutcome(
            TrialStatus.FAILED,
            None,
            timer.epochs or None,
            time.perf_counter() - start,
            timer.seconds,
            f"{type(exc).__name__}: {exc}"[:2000],
        )
    duration = time.perf_counter() - start
    if not math.isfinite(loss):
        return TrialOutcome(TrialStatus.FAILED, None, epochs, duration, timer.seconds, f"{config.metric} is {loss}")
    pruned = prune is not None and prune.pruned_at is not None
    return TrialOutcome(
        TrialStatus.OK, loss, epochs, duration, timer.seconds, None, model, _curve(history, config.metric), pruned
    )


def clear_keras_state() -> None:
    """Free the last trial's graphs and layers, so memory stays flat across trials."""
    import keras

    keras.backend.clear_session()  # also runs gc.collect()


@contextlib.contextmanager
def frozen_heap() -> Iterator[None]:
    """Exempt what exists before the first trial (TensorFlow, the loaded data) from garbage collection.

    A full collection with TensorFlow loaded takes about 0.2 s; frozen, it scans only
    the objects the trials made, so clearing state after each trial costs about 1 ms.
    """
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def best_value(history: Any, metric: str, mode: Mode, *, last: bool = False) -> tuple[float, int]:
    """The best value of `metric` over the epochs (early stopping restores those weights), and the epochs run.

    With `last` (early stopping off, so no weights are restored) the last epoch's value: the model's own.
    """
    logs = getattr(history, "history", history)
    if not isinstance(logs, Mapping) or metric not in logs:
        available = ", ".join(sorted(logs)) if isinstance(logs, Mapping) else "nothing"
        raise MetricNotFoundError(
            f"fit's history has no '{metric}' (it has: {available or 'nothing'}). Give fit validation data "
            f"(validation_split or validation_data), or choose another metric with --metric"
        )
    values = [float(v) for v in logs[metric]]
    if not values:
        return math.nan, 0
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return math.nan, len(values)
    if last:
        return values[-1], len(values)
    return (min(finite) if mode is Mode.MIN else max(finite)), len(values)


def _curve(history: Any, metric: str) -> tuple[float, ...]:
    logs = getattr(history, "history", history)
    values = logs.get(metric, ()) if isinstance(logs, Mapping) else ()
    return tuple(float(v) for v in values)


def _unpack(result: Any) -> tuple[Any, Any]:
    if isinstance(result, tuple) and len(result) == 2:
        return result
    raise TypeError(f"build_and_train must return (model, history), but returned {type(result).__name__}")


def _callbacks(config: TuneConfig) -> list[Any]:
    import keras

    callbacks: list[Any] = [keras.callbacks.TerminateOnNaN()]
    if config.patience > 0:
        callbacks.append(
            keras.callbacks.EarlyStopping(
                monitor=config.metric, mode=config.mode.value, patience=config.patience, restore_best_weights=True
            )
        )
    return callbacks


class _FitTimer:
    """Measures fit alone, so the runner's overhead can be told apart from training."""

    @staticmethod
    def create() -> Any:
        import keras

        class FitTimer(keras.callbacks.Callback):
            def __init__(self) -> None:
                super().__init__()
                self.seconds: float | None = None
                self.epochs = 0
                self._start = 0.0

            def on_train_begin(self, logs: Any = None) -> None:
                self._start = time.perf_counter()

            def on_epoch_end(self, epoch: int, logs: Any = None) -> None:
                self.epochs = epoch + 1

            def on_train_end(self, logs: Any = None) -> None:
                self.seconds = (self.seconds or 0.0) + time.perf_counter() - self._start

        return FitTimer()

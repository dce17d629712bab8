"""Median pruning: a trial whose best value so far is worse than the median of the
finished trials at the same epoch stops there (the rule of Optuna's MedianPruner).

Early stopping ends a trial that stopped improving; pruning ends one that improves
but is clearly losing. The first trials (the user's original values among them)
are never pruned, so the result is still never worse than the original.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .types import Mode


@dataclass
class MedianPruner:
    """Curves of finished, unpruned trials; asks whether a running trial is behind them."""

    mode: Mode
    startup_trials: int = 3
    """Finished trials that must reach an epoch before any trial is pruned there."""
    warmup_epochs: int = 2
    """Epochs every trial runs before it can be pruned."""
    curves: list[tuple[float, ...]] = field(default_factory=list)

    def add(self, values: Sequence[float]) -> None:
        """Record a finished trial's metric per epoch."""
        if values:
            self.curves.append(tuple(running_best(values, self.mode)))

    def should_prune(self, epoch: int, best_so_far: float) -> bool:
        """`epoch` is 0-based; `best_so_far` the trial's best value up to and including it."""
        if epoch + 1 < self.warmup_epochs or not math.isfinite(best_so_far):
            return False
        reached = [curve[epoch] for curve in self.curves if len(curve) > epoch]
        if len(reached) < self.startup_trials:
            return False
        median = statistics.median(reached)
        return best_so_far > median if self.mode is Mode.MIN else best_so_far < median


def running_best(values: Sequence[float], mode: Mode) -> list[float]:
    out: list[float] = []
    for value in values:
        value = float(value)
        if out and (not math.isfinite(value) or (value > out[-1] if mode is Mode.MIN else value < out[-1])):
            value = out[-1]
        out.append(value)
    return out


def prune_callback(pruner: MedianPruner, metric: str) -> Any:
    """A Keras callback that stops training when `pruner` says so, and remembers that it did."""
    import keras

    class PruneHopeless(keras.callbacks.Callback):
        def __init__(self) -> None:
            super().__init__()
            self.pruned_at: int | None = None
            self._best = math.nan

        def on_epoch_end(self, epoch: int, logs: Any = None) -> None:
            value = (logs or {}).get(metric)
            if value is None:
                return
            value = float(value)
            better = value < self._best if pruner.mode is Mode.MIN else value > self._best
            if math.isnan(self._best) or better:
                self._best = value
            if pruner.should_prune(epoch, self._best):
                self.pruned_at = epoch
                self.model.stop_training = True

    return PruneHopeless()

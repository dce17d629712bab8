"""Median pruning: trials clearly behind the finished ones stop early; the original never does."""

from __future__ import annotations

from typing import Any

import pytest

from optpar.tuning import Mode, TuneConfig, run_search
from optpar.tuning.pruning import MedianPruner

from .fakes import fake_loss

EPOCHS = 10


class EpochTrainer:
    """Trains 'epoch by epoch' without Keras, calling the runner's pruning callback after each epoch."""

    def __init__(self) -> None:
        self.epochs: list[int] = []

    def __call__(self, params: dict[str, Any], callbacks: list) -> tuple[None, dict[str, list[float]]]:
        prune = [c for c in callbacks if type(c).__name__ == "PruneHopeless"]
        model = type("FakeModel", (), {"stop_training": False})()
        for callback in prune:
            callback.set_model(model)
        final = fake_loss(params)
        history: list[float] = []
        for epoch in range(EPOCHS):
            history.append(final + 2.0 / (epoch + 1))  # every curve falls towards its own final value
            for callback in prune:
                callback.on_epoch_end(epoch, {"val_loss": history[-1]})
            if model.stop_training:
                break
        self.epochs.append(len(history))
        return None, {"val_loss": history}


def _config(**kwargs: Any) -> TuneConfig:
    return TuneConfig(**{"max_evals": 16, "seed": 5, "progress": False, "save_model": False, **kwargs})


def test_trials_behind_the_median_stop_early_and_say_so(space) -> None:
    trainer = EpochTrainer()
    result = run_search(trainer, space, _config())
    pruned = [t for t in result.trials if t.pruned]
    assert pruned, "a 16-trial search over a wide space prunes some trials"
    assert all(t.epochs_run < EPOCHS for t in pruned)
    assert not result.trials[0].pruned and result.trials[0].epochs_run == EPOCHS  # the original runs in full
    assert all(not t.pruned for t in result.trials[:4])  # three finished trials before any pruning
    assert result.best_loss <= result.original_loss
    assert result.best_trial is not None and not result.trials[result.best_trial].pruned


def test_no_prune_trains_every_trial_in_full(space) -> None:
    trainer = EpochTrainer()
    result = run_search(trainer, space, _config(prune=False))
    assert trainer.epochs == [EPOCHS] * len(result.trials)
    assert not any(t.pruned for t in result.trials)


def test_pruning_saves_epochs_without_losing_the_best(space) -> None:
    # Random search proposes the same points whatever the losses, so the two runs compare like for like.
    full, pruned = EpochTrainer(), EpochTrainer()
    with_all = run_search(full, space, _config(prune=False, algo="random"))
    with_pruning = run_search(pruned, space, _config(algo="random"))
    assert [t.params for t in with_all.trials] == [t.params for t in with_pruning.trials]
    assert sum(pruned.epochs) < 0.75 * sum(full.epochs)
    assert with_pruning.best_loss == pytest.approx(with_all.best_loss)


@pytest.mark.parametrize(
    ("mode", "curves", "epoch", "value", "expected"),
    [
        (Mode.MIN, [[1.0, 0.5], [1.0, 0.6], [1.0, 0.7]], 1, 0.9, True),
        (Mode.MIN, [[1.0, 0.5], [1.0, 0.6], [1.0, 0.7]], 1, 0.55, False),
        (Mode.MIN, [[1.0, 0.5], [1.0, 0.6]], 1, 0.9, False),  # too few finished trials
        (Mode.MIN, [[1.0, 0.5], [1.0, 0.6], [1.0, 0.7]], 0, 9.9, False),  # still warming up
        (Mode.MAX, [[0.5, 0.9], [0.5, 0.8], [0.5, 0.7]], 1, 0.6, True),
        (Mode.MAX, [[0.5, 0.9], [0.5, 0.8], [0.5, 0.7]], 1, 0.85, False),
    ],
)
def test_median_rule(mode: Mode, curves: list, epoch: int, value: float, expected: bool) -> None:
    pruner = MedianPruner(mode)
    for curve in curves:
        pruner.add(curve)
    assert pruner.should_prune(epoch, value) is expected


def test_curves_are_compared_best_so_far() -> None:
    pruner = MedianPruner(Mode.MIN)
    for curve in ([0.5, 0.9, 0.9], [0.6, 0.9, 0.9], [0.7, 0.9, 0.9]):
        pruner.add(curve)  # got worse after epoch 0: the best so far stays 0.5, 0.6, 0.7
    assert pruner.should_prune(2, 0.65) is True
    assert pruner.should_prune(2, 0.55) is False

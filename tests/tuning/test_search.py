"""run_search's behaviour, with a trial function that needs no training."""

from __future__ import annotations

import math

import pytest

from optpar.tuning import (
    Algo,
    MetricNotFoundError,
    Mode,
    SearchHooks,
    StopReason,
    TrialStatus,
    TuneConfig,
    run_search,
)

from .fakes import FakeTrainer, fake_loss


def config(**kwargs) -> TuneConfig:
    base = {"max_evals": 8, "seed": 7, "progress": False, "save_model": False}
    return TuneConfig(**{**base, **kwargs})


def test_first_trial_is_the_original(space, trainer):
    result = run_search(trainer, space, config())
    assert trainer.calls[0] == {"units": 32, "activation": "relu", "lr": 0.001, "kernel": (3, 3)}
    assert result.trials[0].proposer == "original"
    assert result.original_loss == pytest.approx(fake_loss(trainer.calls[0]))


def test_best_is_never_worse_than_the_original(space, trainer):
    result = run_search(trainer, space, config())
    assert result.best_loss <= result.original_loss
    assert result.best_loss == min(t.loss for t in result.trials)


def test_loss_is_the_best_epoch_not_the_last(space):
    result = run_search(lambda p, c: (None, {"val_loss": [0.5, 0.2, 0.4]}), space, config(max_evals=1))
    assert result.trials[0].loss == 0.2
    assert result.trials[0].epochs_run == 3


def test_choices_come_back_as_values_and_ints_as_ints(space, trainer):
    result = run_search(trainer, space, config(max_evals=10))
    for params in trainer.calls:
        assert params["activation"] in ("relu", "tanh", "elu")
        assert params["kernel"] in ((1, 1), (3, 3), (5, 5))
        assert isinstance(params["units"], int)
    assert result.best["kernel"] in ((1, 1), (3, 3), (5, 5))


def test_same_seed_proposes_the_same_points(space):
    first, second = FakeTrainer(), FakeTrainer()
    run_search(first, space, config(max_evals=12, seed=3))
    run_search(second, space, config(max_evals=12, seed=3))
    assert first.calls == second.calls


def test_another_seed_proposes_other_points(space):
    first, second = FakeTrainer(), FakeTrainer()
    run_search(first, space, config(seed=3))
    run_search(second, space, config(seed=4))
    assert first.calls[1:] != second.calls[1:]


def test_a_failing_combination_is_recorded_and_the_search_goes_on(space):
    trainer = FakeTrainer(fail_when=lambda p: p["kernel"] == (5, 5))
    result = run_search(trainer, space, config(max_evals=12, seed=1))
    failed = [t for t in result.trials if t.status is TrialStatus.FAILED]
    assert failed, "the seed should propose kernel (5, 5) at least once"
    assert all(t.error.startswith("ValueError: Negative dimension") for t in failed)
    assert all(t.loss is None for t in failed)
    assert len(result.trials) == 12
    assert result.best["kernel"] != (5, 5)


def test_a_nan_metric_is_a_failed_trial(space):
    result = run_search(lambda p, c: (None, {"val_loss": [math.nan]}), space, config(max_evals=2))
    assert [t.status for t in result.trials] == [TrialStatus.FAILED] * 2
    assert result.best is None


def test_a_missing_metric_stops_the_search_with_a_clear_error(space):
    with pytest.raises(MetricNotFoundError, match="no 'val_loss'.*it has: loss"):
        run_search(lambda p, c: (None, {"loss": [1.0]}), space, config())


def test_mode_max_keeps_the_highest_value(space, trainer):
    def accuracy(params, callbacks):
        return None, {"val_accuracy": [1.0 / (1.0 + fake_loss(params))]}

    result = run_search(accuracy, space, config(metric="val_accuracy", mode=Mode.MAX))
    assert result.best_loss == max(t.loss for t in result.trials)
    assert result.best_loss >= result.original_loss


def test_the_runner_passes_early_stopping_with_restore_best_weights(space):
    seen = []
    run_search(lambda p, c: (seen.extend(c), (None, {"val_loss": [1.0]}))[1], space, config(max_evals=1, patience=2))
    stopping = [c for c in seen if type(c).__name__ == "EarlyStopping"]
    assert len(stopping) == 1
    assert stopping[0].restore_best_weights and stopping[0].patience == 2 and stopping[0].monitor == "val_loss"


def test_timeout_stops_starting_new_trials(space):
    import time

    def slow(params, callbacks):
        time.sleep(0.3)
        return None, {"val_loss": [1.0]}

    result = run_search(slow, space, config(max_evals=50, timeout_s=0.5))
    assert result.stop_reason is StopReason.TIMEOUT
    assert 1 <= len(result.trials) <= 4


def test_a_run_trains_at_least_one_trial_even_past_its_timeout(space, trainer):
    result = run_search(trainer, space, config(timeout_s=1e-9))
    assert len(result.trials) == 1 and result.stop_reason is StopReason.TIMEOUT


def test_hooks_see_each_trial_and_can_stop_the_search(space, trainer):
    seen = []
    hooks = SearchHooks(on_trial=seen.append, should_stop=lambda: len(seen) >= 3)
    result = run_search(trainer, space, config(), hooks=hooks)
    assert [r.number for r in seen] == [0, 1, 2]
    assert result.stop_reason is StopReason.STOPPED


def test_short_tpe_searches_report_that_they_ran_random(space, trainer):
    result = run_search(trainer, space, config(max_evals=3, n_startup_jobs=5))
    assert result.algorithm.startswith("random (tpe asked for")


def test_tpe_takes_over_after_the_startup_trials(space, trainer):
    result = run_search(trainer, space, config(max_evals=8, n_startup_jobs=3))
    assert [t.proposer for t in result.trials] == ["original", "random", "random"] + ["tpe"] * 5
    assert result.algorithm == "tpe (n_startup_jobs=3): 1 original, 2 random, 5 tpe"


def test_random_search_is_labelled_random(space, trainer):
    result = run_search(trainer, space, config(algo=Algo.RANDOM))
    assert result.algorithm.startswith("random: ")


def test_keras_state_is_cleared_between_trials(space):
    import keras

    names = []

    def build(params, callbacks):
        names.append(keras.layers.Dense(4).name)  # Keras numbers layer names until the session is cleared
        return None, {"val_loss": [1.0]}

    run_search(build, space, config(max_evals=3))
    assert names == ["dense", "dense", "dense"]


def test_without_early_stopping_a_trial_scores_its_last_epoch(space):
    result = run_search(lambda p, c: (None, {"val_loss": [0.5, 0.2, 0.4]}), space, config(max_evals=1, patience=0))
    assert result.trials[0].loss == 0.4


def test_a_model_that_cannot_be_saved_is_a_warning_not_a_failure(tmp_path, space):
    class Unsaveable:
        def save(self, path):
            raise TypeError("cannot serialise a custom layer")

    result = run_search(
        lambda p, c: (Unsaveable(), {"val_loss": [1.0]}), space, config(max_evals=2, out_dir=tmp_path, save_model=True)
    )
    assert all(t.ok for t in result.trials)
    assert result.warnings == ("could not save the best model: TypeError: cannot serialise a custom layer",)


def test_a_stop_request_before_the_first_trial_trains_nothing(space, trainer):
    result = run_search(trainer, space, config(), hooks=SearchHooks(should_stop=lambda: True))
    assert result.trials == () and result.stop_reason is StopReason.STOPPED and not trainer.calls

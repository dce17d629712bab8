"""trials.jsonl: append-only checkpoint, resume by replay, and the guards around it."""

from __future__ import annotations

import json

import pytest

from optpar.tuning import ResumeMismatchError, TuneConfig, run_search
from optpar.tuning.checkpoint import TRIALS_FILE, load_records

from .fakes import FakeTrainer


def config(out_dir, **kwargs) -> TuneConfig:
    base = {"out_dir": out_dir, "max_evals": 8, "seed": 5, "progress": False, "save_model": False}
    return TuneConfig(**{**base, **kwargs})


def lines(path) -> list[dict]:
    return [json.loads(line) for line in (path / TRIALS_FILE).read_text().splitlines()]


def test_each_finished_trial_is_one_line(tmp_path, space, trainer):
    run_search(trainer, space, config(tmp_path))
    records = lines(tmp_path)
    assert [r["number"] for r in records] == list(range(8))
    assert records[0]["params"] == {"units": 32, "activation": "relu", "lr": 0.001, "kernel": [3, 3]}


def test_resume_replays_finished_trials_without_training_them(tmp_path, space):
    full = FakeTrainer()
    run_search(full, space, config(tmp_path / "full"))
    first = FakeTrainer()
    run_search(first, space, config(tmp_path / "split", max_evals=3))
    second = FakeTrainer()
    result = run_search(second, space, config(tmp_path / "split"))
    assert first.calls + second.calls == full.calls  # every trial trained exactly once
    assert [t.number for t in result.trials] == list(range(8))
    assert lines(tmp_path / "split") == [
        {**r, "duration_s": r2["duration_s"], "fit_s": r2["fit_s"]}
        for r, r2 in zip(lines(tmp_path / "full"), lines(tmp_path / "split"), strict=True)
    ]


def test_resume_without_a_seed_reuses_the_recorded_one(tmp_path, space):
    first = FakeTrainer()
    run_search(first, space, config(tmp_path, max_evals=3, seed=None))
    seed = lines(tmp_path)[0]["seed"]
    result = run_search(FakeTrainer(), space, config(tmp_path, max_evals=5, seed=None))
    assert result.seed == seed and len(result.trials) == 5


def test_a_half_written_last_line_is_dropped(tmp_path, space):
    run_search(FakeTrainer(), space, config(tmp_path, max_evals=3))
    with open(tmp_path / TRIALS_FILE, "a") as handle:
        handle.write('{"number": 3, "params": {"un')
    trainer = FakeTrainer()
    result = run_search(trainer, space, config(tmp_path, max_evals=5))
    assert len(trainer.calls) == 2
    assert [r["number"] for r in lines(tmp_path)] == [0, 1, 2, 3, 4]
    assert len(result.trials) == 5


def test_a_damaged_line_in_the_middle_is_an_error(tmp_path, space):
    run_search(FakeTrainer(), space, config(tmp_path, max_evals=3))
    text = (tmp_path / TRIALS_FILE).read_text().splitlines()
    text[1] = text[1][:20]
    (tmp_path / TRIALS_FILE).write_text("\n".join(text) + "\n")
    with pytest.raises(ResumeMismatchError, match="line 2: unreadable"):
        load_records(tmp_path / TRIALS_FILE)


def test_trials_of_another_space_are_refused(tmp_path, space):
    run_search(FakeTrainer(), space, config(tmp_path, max_evals=2))
    with pytest.raises(ResumeMismatchError, match="different search"):
        run_search(FakeTrainer(), space[:3], config(tmp_path, max_evals=4))


def test_another_metric_is_refused(tmp_path, space):
    run_search(FakeTrainer(), space, config(tmp_path, max_evals=2))
    with pytest.raises(ResumeMismatchError, match="different search"):
        run_search(FakeTrainer(), space, config(tmp_path, max_evals=4, metric="loss"))


def test_another_seed_is_refused_with_the_seed_to_use(tmp_path, space):
    run_search(FakeTrainer(), space, config(tmp_path, max_evals=2, seed=5))
    with pytest.raises(ResumeMismatchError, match="--seed 5"):
        run_search(FakeTrainer(), space, config(tmp_path, max_evals=4, seed=6))


def test_replayed_params_that_differ_are_refused(tmp_path, space):
    run_search(FakeTrainer(), space, config(tmp_path, max_evals=3))
    records = lines(tmp_path)
    records[2]["params"]["units"] = 999
    (tmp_path / TRIALS_FILE).write_text("".join(json.dumps(r) + "\n" for r in records))
    with pytest.raises(ResumeMismatchError, match="trial 2: this search proposes"):
        run_search(FakeTrainer(), space, config(tmp_path, max_evals=4))


def test_a_longer_rerun_extends_the_search(tmp_path, space):
    short = FakeTrainer()
    run_search(short, space, config(tmp_path, max_evals=4, n_startup_jobs=None))
    longer = FakeTrainer()
    result = run_search(longer, space, config(tmp_path, max_evals=40, n_startup_jobs=None))
    assert len(short.calls) == 4 and len(longer.calls) == 36
    assert result.algorithm.startswith("tpe (n_startup_jobs=3)")  # kept from the first run, not 40 // 4

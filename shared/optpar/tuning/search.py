"""`run_search`: the trial loop with checkpointing, resume, best-model saving and hooks."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..space import original_params, validate_space
from ..types import Hyperparameter
from . import best_model, checkpoint
from ._proposer import Proposer, decode_recorded
from .exceptions import NothingToTuneError, ResumeMismatchError
from .progress import SearchProgress
from .pruning import MedianPruner
from .trial import TrialFn, clear_keras_state, frozen_heap, run_trial
from .types import Algo, Mode, SearchHooks, StopReason, TrialRecord, TrialStatus, TuneConfig, TuneResult

EvaluateFn = Callable[[Any], "Mapping[str, Any] | None"]


def run_search(
    trial_fn: TrialFn,
    space: Iterable[Hyperparameter | Mapping[str, Any]],
    config: TuneConfig,
    *,
    evaluate_fn: EvaluateFn | None = None,
    hooks: SearchHooks | None = None,
) -> TuneResult:
    """Search the space, the user's original values first, and return the best configuration.

    Args:
        trial_fn: `build_and_train(params, callbacks) -> (model, history)`.
        space: `Hyperparameter`s, or their dicts (a generated module's `SPACE`).
        config: the search's options. With `config.out_dir` set, trials are appended to
            `trials.jsonl` there, the best model is kept as `best_model.keras`, and rerunning
            on the same folder resumes: finished trials are replayed, not retrained.
        evaluate_fn: the script's `evaluate_best(model)`, run once on the best model at the end.
        hooks: `on_trial` after each finished trial, `should_stop` before each new one.

    Returns:
        A `TuneResult`; `results.json` and `report.html` are written by `write_outputs`.

    Raises:
        ResumeMismatchError: `out_dir` holds trials of a different search.
        MetricNotFoundError: fit's history has no `config.metric`.

    Example:
        >>> result = run_search(module.build_and_train, module.SPACE, TuneConfig(max_evals=10))
        >>> result.best, result.best_loss
    """
    hps = _as_space(space)
    hooks = hooks or SearchHooks()
    state = _SearchState.open(hps, config)
    proposer = Proposer(hps, state.original, config.algo, state.n_startup, state.seed)
    start = time.perf_counter()
    reason = StopReason.COMPLETED
    trained = 0
    with frozen_heap(), SearchProgress(config.max_evals, config.metric, enabled=config.progress) as bar:
        for number in range(config.max_evals):
            params = proposer.next_params()
            if number < len(state.replay):
                record = state.check_replay(number, params)
            else:
                stop = _stop_reason(config, hooks, start, trained)
                if stop is not None:
                    reason = stop
                    break
                record = state.train(trial_fn, number, params, config)
                trained += 1
                if hooks.on_trial is not None:
                    hooks.on_trial(record)
            proposer.tell(record.loss if record.ok else None, config.mode)
            bar.advance(number + 1, state.best_loss)
    test_metrics, test_error = None, None
    if evaluate_fn is not None and state.best_trial is not None:
        test_metrics, test_error = best_model.evaluate_best(
            evaluate_fn, state.best_trial, state.kept_model, config.out_dir
        )
    return state.result(config, time.perf_counter() - start, reason, test_metrics, test_error)


def _as_space(space: Iterable[Hyperparameter | Mapping[str, Any]]) -> tuple[Hyperparameter, ...]:
    hps = validate_space(h if isinstance(h, Hyperparameter) else Hyperparameter.from_dict(dict(h)) for h in space)
    if not hps:
        raise NothingToTuneError("the search space is empty: there is nothing to tune")
    return hps


def _stop_reason(config: TuneConfig, hooks: SearchHooks, start: float, trained: int) -> StopReason | None:
    # Each run trains at least one trial before its timeout counts, so a rerun always makes progress;
    # a stop request (a spot notice) counts at once.
    timed_out = config.timeout_s is not None and time.perf_counter() - start >= config.timeout_s
    if timed_out and trained > 0:
        return StopReason.TIMEOUT
    if hooks.should_stop is not None and hooks.should_stop():
        return StopReason.STOPPED
    return None


@dataclass
class _SearchState:
    """What the loop accumulates: records, the best so far, and the checkpoint to replay."""

    space: tuple[Hyperparameter, ...]
    original: dict[str, Any]
    fingerprint: str
    seed: int
    out_dir: Path | None
    replay: list[TrialRecord]
    n_startup: int
    algo: Algo
    mode: Mode
    records: list[TrialRecord] = field(default_factory=list)
    best_trial: int | None = None
    best_loss: float | None = None
    kept_model: tuple[int, Any] | None = None
    warnings: list[str] = field(default_factory=list)
    pruner: MedianPruner | None = None

    @classmethod
    def open(cls, space: tuple[Hyperparameter, ...], config: TuneConfig) -> _SearchState:
        replay: list[TrialRecord] = []
        path = None
        if config.out_dir is not None:
            config.out_dir.mkdir(parents=True, exist_ok=True)
            path = config.out_dir / checkpoint.TRIALS_FILE
            replay = checkpoint.load_records(path)
        n_startup = config.startup_jobs()
        if config.n_startup_jobs is None and replay and replay[0].n_startup_jobs is not None:
            # The default depends on max_evals: keep the recorded one, so a longer rerun extends the search.
            n_startup = replay[0].n_startup_jobs
        fp = checkpoint.fingerprint(space, config, n_startup)
        if path is not None:
            checkpoint.check_resumable(replay, fp, config.seed, path)
        seed = config.seed
        if seed is None:
            # The recorded seed, so that a resumed search proposes the same points.
            seed = next((r.seed for r in replay if r.seed is not None), None)
        if seed is None:
            seed = random.SystemRandom().randrange(2**31)
        return cls(
            space,
            original_params(space),
            fp,
            seed,
            config.out_dir,
            replay,
            n_startup,
            config.algo,
            config.mode,
            pruner=MedianPruner(config.mode) if config.prune else None,
        )

    def check_replay(self, number: int, params: dict[str, Any]) -> TrialRecord:
        record = self.replay[number]
        if checkpoint.jsonable(params) != checkpoint.jsonable(dict(record.params)):
            raise ResumeMismatchError(
                f"trial {number}: this search proposes {checkpoint.jsonable(params)} but trials.jsonl recorded "
                f"{dict(record.params)}; the space or hyperopt's version changed. Use another --out folder"
            )
        self._add(record)
        return record

    def train(self, trial_fn: TrialFn, number: int, params: dict[str, Any], config: TuneConfig) -> TrialRecord:
        outcome = run_trial(trial_fn, params, config, seed=(self.seed + number) % 2**32, pruner=self.pruner)
        record = TrialRecord(
            number=number,
            params=checkpoint.jsonable(params),
            status=outcome.status,
            loss=outcome.loss,
            epochs_run=outcome.epochs_run,
            duration_s=outcome.duration_s,
            fit_s=outcome.fit_s,
            error=outcome.error,
            proposer=self._proposer(number),
            fingerprint=self.fingerprint,
            seed=self.seed,
            n_startup_jobs=self.n_startup,
            curve=outcome.curve,
            pruned=outcome.pruned,
        )
        if record.ok and self._beats(record.loss):
            # Model first, then the record: a kill in between only reruns this trial.
            if self.out_dir is not None and config.save_model:
                problem = best_model.save_best(outcome.model, self.out_dir, number, record.loss)  # type: ignore[arg-type]
                if problem is not None and problem not in self.warnings:
                    self.warnings.append(problem)
            self.kept_model = (number, outcome.model)
        del outcome
        clear_keras_state()
        if self.out_dir is not None:
            checkpoint.append_record(self.out_dir / checkpoint.TRIALS_FILE, record)
        self._add(record)
        return record

    def _proposer(self, number: int) -> str:
        if number == 0:
            return "original"
        if self.algo is Algo.RANDOM or sum(r.ok for r in self.records) < self.n_startup:
            return "random"
        return "tpe"

    def _beats(self, loss: float | None) -> bool:
        if loss is None:
            return False
        if self.best_loss is None:
            return True
        return loss < self.best_loss if self.mode is Mode.MIN else loss > self.best_loss

    def _add(self, record: TrialRecord) -> None:
        self.records.append(record)
        if self.pruner is not None and record.ok and not record.pruned:
            self.pruner.add(record.curve)
        if record.ok and self._beats(record.loss):
            self.best_trial, self.best_loss = record.number, record.loss

    def result(
        self,
        config: TuneConfig,
        duration: float,
        reason: StopReason,
        test_metrics: dict[str, Any] | None,
        test_error: str | None,
    ) -> TuneResult:
        first = self.records[0] if self.records else None
        best = None if self.best_trial is None else decode_recorded(self.space, self.records[self.best_trial].params)
        return TuneResult(
            best=best,
            best_loss=self.best_loss,
            best_trial=self.best_trial,
            metric=config.metric,
            mode=config.mode,
            original=self.original,
            original_loss=first.loss if first is not None and first.status is TrialStatus.OK else None,
            trials=tuple(self.records),
            duration_s=duration,
            max_evals=config.max_evals,
            algorithm=describe_algorithm(self.records, self.algo, self.n_startup),
            seed=self.seed,
            stop_reason=reason,
            test_metrics=test_metrics,
            test_error=test_error,
            out_dir=self.out_dir,
            warnings=tuple(self.warnings),
        )


def describe_algorithm(records: Sequence[TrialRecord], algo: Algo, n_startup: int) -> str:
    """Which algorithm really ran: TPE proposes nothing until `n_startup` trials succeeded."""
    counts = {name: sum(r.proposer == name for r in records) for name in ("original", "random", "tpe")}
    if algo is Algo.TPE and counts["tpe"] == 0:
        return f"random (tpe asked for, but it needs {n_startup} successful trials before it models them)"
    label = f"tpe (n_startup_jobs={n_startup})" if algo is Algo.TPE else "random"
    return f"{label}: " + ", ".join(f"{n} {name}" for name, n in counts.items() if n)

"""`main(...)`: what a generated `tuned.py` calls under `if __name__ == "__main__":`."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..space import validate_space
from ..types import Hyperparameter
from .outputs import write_outputs
from .search import run_search
from .types import Algo, Mode, TuneConfig, TuneResult


def parse_args(argv: Sequence[str] | None, *, metric: str, mode: str, default_name: str) -> TuneConfig:
    """Command-line options of a generated script, as a `TuneConfig`."""
    parser = argparse.ArgumentParser(description="Tune this script's hyperparameters with hyperopt (made by optpar).")
    parser.add_argument("--out", type=Path, default=None, help="output folder; rerun with the same folder to resume")
    parser.add_argument("--max-evals", type=int, default=20, help="number of trials, the original values included")
    parser.add_argument("--timeout", type=float, default=None, help="start no new trial after this many seconds")
    parser.add_argument("--algo", choices=[a.value for a in Algo], default=Algo.TPE.value)
    parser.add_argument("--seed", type=int, default=None, help="same seed, same trial points")
    parser.add_argument("--metric", default=metric, help="validation metric from fit's history")
    parser.add_argument("--mode", choices=[m.value for m in Mode], default=mode)
    parser.add_argument("--patience", type=int, default=3, help="early stopping patience in epochs; 0 turns it off")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument("--no-prune", action="store_true", help="never stop a trial for being behind the others")
    args = parser.parse_args(argv)
    out = args.out or Path("runs") / f"{default_name}-{time.strftime('%Y%m%d-%H%M%S')}"
    try:
        return TuneConfig(
            out_dir=out,
            max_evals=args.max_evals,
            timeout_s=args.timeout,
            algo=args.algo,
            seed=args.seed,
            metric=args.metric,
            mode=args.mode,
            patience=args.patience,
            prune=not args.no_prune,
            progress=not args.no_progress,
        )
    except ValueError as exc:
        parser.error(str(exc))
        raise  # unreachable: parser.error exits


def main(
    build_and_train: Callable[[dict, list], Any],
    SPACE: Iterable[Mapping[str, Any] | Hyperparameter],
    evaluate: Callable[[Any], Mapping[str, Any] | None] | None = None,
    metric: str = "val_loss",
    mode: str = "min",
    argv: Sequence[str] | None = None,
) -> TuneResult:
    """Parse argv, search, write `trials.jsonl`, `results.json` and `report.html`, print the best values.

    Example (the end of a generated script):
        >>> if __name__ == "__main__":
        ...     optpar.tuning.main(build_and_train, SPACE, evaluate=evaluate_best, metric=METRIC, mode=MODE)
    """
    from ..exceptions import OptparError

    name = Path(sys.argv[0]).stem or "tuned"
    config = parse_args(argv, metric=metric, mode=mode, default_name=name)
    space = validate_space(h if isinstance(h, Hyperparameter) else Hyperparameter.from_dict(dict(h)) for h in SPACE)
    try:
        result = run_search(build_and_train, space, config, evaluate_fn=evaluate)
    except OptparError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from exc
    assert config.out_dir is not None  # parse_args always sets it
    result = write_outputs(result, space, config.out_dir, title=f"optpar: {name}")
    print(summary(result))
    return result


def summary(result: TuneResult) -> str:
    """A few lines for the terminal: best against original, and where the files are."""
    pruned = sum(t.pruned for t in result.trials)
    lines = [
        f"{len(result.trials)} trials ({result.stop_reason.value}), {result.algorithm}"
        + (f"; {pruned} stopped early behind the median" if pruned else ""),
        f"best {result.metric}: {result.best_loss} (trial {result.best_trial}); original: {result.original_loss}",
        f"best values: {dict(result.best or {})}",
    ]
    if result.test_metrics:
        lines.append(f"test metrics of the best model: {dict(result.test_metrics)}")
    if result.out_dir is not None:
        lines.append(f"results in {result.out_dir}")
    return "\n".join(lines)

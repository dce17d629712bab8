"""Benchmark 2: the runner's overhead per trial, as a share of trial time.

Runs optpar's search on a generated module and splits the wall time:
  fit            - inside `model.fit` (measured by a callback)
  user code      - the rest of build_and_train: building and compiling the model
  runner         - everything outside build_and_train: hyperopt's proposal, the trials.jsonl
                   append + fsync, saving the best model, clearing Keras state, the progress bar

Not a test; run it by hand:  .venv/bin/python bench/bench_overhead.py [--model examples/digits_mlp.py]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=Path("examples/digits_mlp.py"))
    parser.add_argument("--trials", type=int, default=12)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from optpar.detect import detect_source
    from optpar.generate import generate_script
    from optpar.source import read_source
    from optpar.tuning import TuneConfig, load_trial_module, run_search, working_dir

    source = read_source(args.model)
    detection = detect_source(source)
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "tuned.py"
        script.write_text(generate_script(source, detection).code)
        module = load_trial_module(script, cwd=args.model.resolve().parent)
        config = TuneConfig(out_dir=Path(tmp) / "run", max_evals=args.trials, seed=args.seed, progress=False)
        start = time.perf_counter()
        with working_dir(args.model.resolve().parent):
            result = run_search(module.build_and_train, module.SPACE, config)
        wall = time.perf_counter() - start

    trials = [t for t in result.trials if t.fit_s is not None]
    fit = sum(t.fit_s for t in trials)  # type: ignore[misc]
    in_trial = sum(t.duration_s for t in result.trials)
    runner = wall - in_trial
    user = in_trial - fit
    n = len(result.trials)
    print(f"model: {args.model}, {n} trials, {wall:.1f} s in all ({wall / n:.2f} s per trial)")
    print(f"fit                 : {fit:7.2f} s  {100 * fit / wall:5.1f} %")
    print(f"user code (build)   : {user:7.2f} s  {100 * user / wall:5.1f} %  ({user / n * 1000:.0f} ms per trial)")
    print(
        f"runner              : {runner:7.2f} s  {100 * runner / wall:5.1f} %  ({runner / n * 1000:.0f} ms per trial)"
    )
    print(f"everything but fit  : {wall - fit:7.2f} s  {100 * (wall - fit) / wall:5.1f} %")


if __name__ == "__main__":
    main()

"""`tune_file`: everything `optpar tune` does, for the CLI and for the cloud instance alike."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from ..space import load_space, space_to_json, validate_space
from ..types import Detection, Hyperparameter
from .checkpoint import TRIALS_FILE, write_atomic
from .exceptions import NothingToTuneError
from .module import load_trial_module, working_dir
from .outputs import write_outputs
from .review import review_space
from .search import run_search
from .types import SearchHooks, TuneConfig, TuneResult

SPACE_FILE = "space.json"
SCRIPT_FILE = "tuned.py"


def default_out_dir(model_path: Path, now: float | None = None) -> Path:
    """`runs/<model>-<YYYYmmdd-HHMMSS>`, relative to the working directory."""
    return Path("runs") / f"{model_path.stem}-{time.strftime('%Y%m%d-%H%M%S', time.localtime(now))}"


def tune_file(
    model_path: str | Path,
    config: TuneConfig,
    *,
    data_dir: str | Path | None = None,
    space: Iterable[Hyperparameter] | None = None,
    hooks: SearchHooks | None = None,
    editor: str | None = None,
) -> TuneResult:
    """Detect, (review,) generate, search, write the best values back, and report.

    Args:
        model_path: the user's `.py` script or `.ipynb` notebook.
        config: search options; `out_dir` None means `runs/<model>-<timestamp>/`.
            Rerunning on a folder that holds trials resumes that search with the
            space saved there.
        data_dir: the working directory of the trials (the script's data paths
            are relative to it); default the model's folder.
        space: a space to use instead of the detected one (the web approval step's edits).
        hooks: passed to `run_search` (the cloud runner's checkpoint upload and spot stop).
        editor: the command `config.review` opens `space.json` with; None asks on the terminal.

    Returns:
        The `TuneResult`, with `files` naming everything in the output folder.

    Raises:
        InputError: the script cannot be read or analysed.
        NothingToTuneError: nothing tunable was found, or every entry was removed.
        TrialModuleError, ResumeMismatchError, MetricNotFoundError: see `run_search`.

    Example:
        >>> tune_file("model.py", TuneConfig(max_evals=30, seed=1))
    """
    from ..detect import detect_source
    from ..generate import apply_values, generate_script
    from ..source import read_source

    model_path = Path(model_path)
    source = read_source(model_path)
    detection = detect_source(source)
    # Absolute: the trials run in the data folder, and relative paths would follow them there.
    out_dir = (Path(config.out_dir) if config.out_dir is not None else default_out_dir(model_path)).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    config = replace(config, out_dir=out_dir)
    hps = _choose_space(detection, space, out_dir, config, editor)
    generated = generate_script(source, detection, hps)
    write_atomic(out_dir / SCRIPT_FILE, generated.code)
    cwd = Path(data_dir) if data_dir is not None else model_path.resolve().parent
    module = load_trial_module(out_dir / SCRIPT_FILE, cwd=cwd)
    with working_dir(cwd):
        result = run_search(
            module.build_and_train, hps, config, evaluate_fn=getattr(module, "evaluate_best", None), hooks=hooks
        )
    extra = {"space": SPACE_FILE, "script": SCRIPT_FILE}
    if result.best is not None:
        best_name = f"{model_path.stem}.best{model_path.suffix}"
        write_atomic(out_dir / best_name, apply_values(source, hps, result.best))
        extra["best_script"] = best_name
    return write_outputs(result, hps, out_dir, extra_files=extra, title=f"optpar: {model_path.name}")


def _choose_space(
    detection: Detection,
    space: Iterable[Hyperparameter] | None,
    out_dir: Path,
    config: TuneConfig,
    editor: str | None,
) -> tuple[Hyperparameter, ...]:
    space_path = out_dir / SPACE_FILE
    resuming = (out_dir / TRIALS_FILE).exists() and (out_dir / TRIALS_FILE).stat().st_size > 0
    if space is not None:
        hps = validate_space(space)
    elif resuming and space_path.exists():
        # The space the trials were run with, reviewed edits included.
        hps = load_space(space_path)
    else:
        if not detection.hyperparameters:
            raise NothingToTuneError(
                f"{detection.source}: nothing to tune: {detection.reason or 'no hyperparameters found'}"
            )
        hps = detection.hyperparameters
        if config.review:
            write_atomic(space_path, space_to_json(detection, hps))
            hps = review_space(space_path, detection.hyperparameters, editor=editor)
    if not hps:
        raise NothingToTuneError(
            f"{detection.source}: every hyperparameter was removed from the space; nothing to tune"
        )
    write_atomic(space_path, space_to_json(detection, hps))
    return hps

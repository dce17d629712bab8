"""Generated modules really train: import one, run a trial, read the history."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from optpar.detect import detect_source
from optpar.generate import generate_script
from optpar.source import read_source
from optpar.space import original_params

from .helpers import ASSETS, EXAMPLES

pytestmark = pytest.mark.tf


def _import_generated(path: Path, tmp_path: Path) -> tuple[ModuleType, dict]:
    source = read_source(path)
    detection = detect_source(source)
    target = tmp_path / f"{path.stem}_tuned.py"
    target.write_text(generate_script(source, detection).code)
    spec = importlib.util.spec_from_file_location(target.stem, target)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[target.stem] = module
    try:
        spec.loader.exec_module(module)  # the once-only part: imports and data loading
    finally:
        sys.modules.pop(target.stem, None)
    params = original_params(detection.hyperparameters)
    for name in params:
        if name.endswith("epochs"):
            params[name] = 1
    return module, params


def test_digits_mlp_trial_trains_and_reports_val_loss(tmp_path: Path) -> None:
    module, params = _import_generated(EXAMPLES / "digits_mlp.py", tmp_path)
    model, history = module.build_and_train(params, [])
    assert len(history.history["val_loss"]) == 1
    assert model.count_params() > 0
    metrics = module.evaluate_best(model)
    assert set(metrics) == {"loss", "accuracy"}


def test_trial_values_reach_the_model_and_runner_callbacks_run(tmp_path: Path) -> None:
    import keras

    module, params = _import_generated(EXAMPLES / "digits_mlp.py", tmp_path)
    params["hidden_units"] = 8
    seen: list[int] = []

    class Count(keras.callbacks.Callback):
        def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
            seen.append(epoch)

    model, _ = module.build_and_train(params, [Count()])
    assert [layer.units for layer in model.layers if hasattr(layer, "units")][:2] == [8, 8]
    assert seen == [0]


def test_a_fit_inside_a_helper_returns_its_model_and_history(tmp_path: Path) -> None:
    module, params = _import_generated(ASSETS / "fit_in_helper.py", tmp_path)
    params["train_1.epochs"] = 1
    model, history = module.build_and_train(params, [])
    assert "val_loss" in history.history and model is history.model

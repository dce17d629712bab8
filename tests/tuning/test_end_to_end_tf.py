"""The runner with real TensorFlow training on tiny data, through a generated-style module."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from optpar.tuning import TrialModuleError, TuneConfig, load_trial_module, run_search, working_dir
from optpar.tuning.outputs import write_outputs

from .conftest import ASSETS
from .killing import ENV, kill_after_trials

pytestmark = pytest.mark.tf

MODULE = ASSETS / "digits_trial.py"


@pytest.fixture(scope="module")
def module():
    return load_trial_module(MODULE, cwd=ASSETS)


def test_search_writes_results_report_and_best_model(tmp_path, module):
    config = TuneConfig(out_dir=tmp_path, max_evals=3, seed=1, progress=False)
    result = run_search(module.build_and_train, module.SPACE, config, evaluate_fn=module.evaluate_best)
    result = write_outputs(result, tuple(result_space(module)), tmp_path)

    data = json.loads((tmp_path / "results.json").read_text())
    assert data["trials"][0]["params"] == {"units": 16, "activation": "relu", "learning_rate": 0.001}
    assert data["best_loss"] <= data["original_loss"]
    assert all(t["epochs_run"] in (1, 2) for t in data["trials"])
    assert set(data["test_metrics"]) == {"loss", "accuracy"}
    assert (tmp_path / "best_model.keras").exists()
    assert not list(tmp_path.glob(".*tmp*"))  # the atomic save left no temporary file
    html = (tmp_path / "report.html").read_text()
    assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', html)) == 1 + len(module.SPACE)


def result_space(module):
    from optpar.types import Hyperparameter

    return [Hyperparameter.from_dict(h) for h in module.SPACE]


def test_a_shape_error_from_a_combination_is_a_failed_trial(module):
    import keras

    def build_and_train(params, callbacks):
        # Reshape((units, -1)) of 64 inputs only works when units divides 64: a shape error otherwise.
        model = keras.Sequential(
            [
                keras.Input((64,)),
                keras.layers.Reshape((params["units"], -1)),
                keras.layers.Flatten(),
                keras.layers.Dense(10, activation="softmax"),
            ]
        )
        model.compile(loss="sparse_categorical_crossentropy")
        history = model.fit(
            module.x_train, module.y_train, epochs=1, validation_split=0.25, verbose=0, callbacks=callbacks
        )
        return model, history

    config = TuneConfig(max_evals=6, seed=3, progress=False, save_model=False, algo="random")
    result = run_search(build_and_train, module.SPACE, config)
    assert len(result.trials) == 6
    failed = [t for t in result.trials if t.status.value == "failed"]
    assert failed, "seed 3 should draw a unit count that does not divide 64"
    assert all(64 % t.params["units"] != 0 for t in failed)
    assert all(t.error.startswith("ValueError") for t in failed)
    assert result.best is not None and 64 % result.best["units"] == 0


def test_module_loading_runs_in_the_data_folder(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "n.txt").write_text("41")
    script = tmp_path / "tuned.py"
    script.write_text("N = int(open('n.txt').read()) + 1\ndef build_and_train(params, callbacks):\n    return None\n")
    loaded = load_trial_module(script, cwd=tmp_path / "data")
    assert loaded.N == 42
    with working_dir(tmp_path / "data"):
        assert Path("n.txt").exists()


def test_a_module_that_fails_to_load_names_the_cause(tmp_path):
    script = tmp_path / "tuned.py"
    script.write_text("open('missing.csv')\n")
    with pytest.raises(TrialModuleError, match="FileNotFoundError.*missing.csv"):
        load_trial_module(script, cwd=tmp_path)


def test_killed_search_resumes_with_every_trial_exactly_once(tmp_path):
    """SIGKILL `python tuned.py` once two trials are recorded; the rerun finishes the search."""
    out = tmp_path / "run"
    command = [sys.executable, str(MODULE), "--out", str(out), "--max-evals", "5", "--seed", "11", "--no-progress"]
    trials = out / "trials.jsonl"
    before = kill_after_trials(command, trials, cwd=ASSETS)
    assert 2 <= len(before) < 5, "the search should be killed mid-way"

    subprocess.run(command, cwd=ASSETS, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    after = [json.loads(line) for line in trials.read_text().splitlines()]
    assert [t["number"] for t in after] == [0, 1, 2, 3, 4]
    assert [t["params"] for t in after[: len(before)]] == [t["params"] for t in before]
    results = json.loads((out / "results.json").read_text())
    assert [t["number"] for t in results["trials"]] == [0, 1, 2, 3, 4]

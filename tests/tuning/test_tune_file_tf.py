"""`optpar tune` end to end: detect, generate, search, write back, report; and resume after kill -9."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from optpar.detect import detect_path
from optpar.tuning import TuneConfig, tune_file

from .conftest import ASSETS
from .killing import ENV, kill_after_trials

pytestmark = pytest.mark.tf

SCRIPT = ASSETS / "csv_mlp.py"


@pytest.fixture
def project(tmp_path):
    """The script in one folder, its data in another (so --data matters)."""
    from sklearn.datasets import load_digits

    (tmp_path / "code").mkdir()
    (tmp_path / "data").mkdir()
    shutil.copy(SCRIPT, tmp_path / "code" / SCRIPT.name)
    digits = load_digits()
    table = np.column_stack([digits.data[:400], digits.target[:400]])
    np.savetxt(tmp_path / "data" / "digits.csv", table, delimiter=",", fmt="%d")
    return tmp_path


def test_tune_file_writes_every_output_and_the_best_values_back(project, monkeypatch):
    # A relative output folder stays where the user ran the command, though trials run in --data.
    monkeypatch.chdir(project)
    out = project / "run"
    config = TuneConfig(out_dir=Path("run"), max_evals=3, seed=4, progress=False)
    result = tune_file(project / "code" / SCRIPT.name, config, data_dir=project / "data")

    names = {
        "space.json",
        "tuned.py",
        "trials.jsonl",
        "results.json",
        "report.html",
        "csv_mlp.best.py",
        "best_model.keras",
    }
    assert names <= {p.name for p in out.iterdir()}
    data = json.loads((out / "results.json").read_text())
    assert data["trials"][0]["params"] == data["original"]
    assert data["original"]["dense_1.units"] == 16 and data["original"]["learning_rate"] == 0.01
    assert data["best_loss"] <= data["original_loss"]
    html = (out / "report.html").read_text()
    assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', html)) == 1 + len(data["original"])

    # Write-back round trip: detecting the best script finds the best values as its originals.
    written = detect_path(out / "csv_mlp.best.py")
    assert {h.name: h.original for h in written.hyperparameters} == json.loads(json.dumps(result.best))
    assert "# hidden width" in (out / "csv_mlp.best.py").read_text()


def test_cli_resumes_a_killed_search_with_every_trial_exactly_once(project):
    out = project / "run"
    command = [
        sys.executable,
        "-m",
        "optpar",
        "tune",
        str(project / "code" / SCRIPT.name),
        "--out",
        str(out),
        "--data",
        str(project / "data"),
        "--max-evals",
        "5",
        "--seed",
        "8",
        "--no-progress",
    ]
    trials = out / "trials.jsonl"
    before = kill_after_trials(command, trials)
    assert 2 <= len(before) < 5, "the search should be killed mid-way"

    finished = subprocess.run(command, check=False, env=ENV, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    after = [json.loads(line) for line in trials.read_text().splitlines()]
    assert [t["number"] for t in after] == [0, 1, 2, 3, 4]
    assert [t["params"] for t in after[: len(before)]] == [t["params"] for t in before]


def test_cli_turns_an_error_into_a_message_and_exit_code(tmp_path):
    script = tmp_path / "nothing.py"
    script.write_text("print('no model here')\n")
    finished = subprocess.run(
        [sys.executable, "-m", "optpar", "tune", str(script), "--out", str(tmp_path / "r")],
        check=False,
        capture_output=True,
        text=True,
    )
    assert finished.returncode == 1
    assert "\nerror: " in finished.stderr and "Traceback" not in finished.stderr


def test_a_notebook_gets_a_best_notebook_with_the_best_values(tmp_path):
    notebook = ASSETS / "tiny_notebook.ipynb"
    config = TuneConfig(out_dir=tmp_path / "run", max_evals=2, seed=2, progress=False)
    result = tune_file(notebook, config)
    best = tmp_path / "run" / "tiny_notebook.best.ipynb"
    assert result.files["best_script"] == best.name
    cells = json.loads(best.read_text())["cells"]
    assert cells[0]["cell_type"] == "markdown"
    written = detect_path(best)
    assert {h.name: h.original for h in written.hyperparameters} == json.loads(json.dumps(result.best))

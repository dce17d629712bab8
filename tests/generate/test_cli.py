"""`optpar generate` and `optpar apply`: files written, diffs printed, errors without tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from optpar.cli import app
from optpar.detect import detect_path
from optpar.space import space_to_json

from .helpers import EXAMPLES

MLP = EXAMPLES / "digits_mlp.py"


def test_generate_writes_the_tuning_script(tmp_path: Path) -> None:
    out = tmp_path / "tuned.py"
    result = CliRunner().invoke(app, ["generate", str(MLP), "-o", str(out), "--metric", "val_accuracy", "--mode", "max"])
    assert result.exit_code == 0, result.output
    code = out.read_text()
    assert 'METRIC = "val_accuracy"\nMODE = "max"' in code
    compile(code, str(out), "exec")


def test_generate_uses_an_edited_space(tmp_path: Path) -> None:
    detection = detect_path(MLP)
    kept = [h for h in detection.hyperparameters if h.name == "learning_rate"]
    (tmp_path / "space.json").write_text(space_to_json(detection, kept))
    result = CliRunner().invoke(app, ["generate", str(MLP), "-o", "-", "--space", str(tmp_path / "space.json")])
    assert result.exit_code == 0, result.output
    assert 'HP["learning_rate"]' in result.output and 'HP["hidden_units"]' not in result.output


def test_apply_writes_the_best_values_and_prints_a_diff(tmp_path: Path) -> None:
    (tmp_path / "results.json").write_text(json.dumps({"best": {"hidden_units": 64, "learning_rate": 0.003}}))
    target = tmp_path / "best.py"
    result = CliRunner().invoke(app, ["apply", str(MLP), str(tmp_path / "results.json"), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "-HIDDEN_UNITS = 32  # width of both hidden layers" in result.output
    assert "+HIDDEN_UNITS = 64  # width of both hidden layers" in result.output
    assert "learning_rate=0.003" in target.read_text()


def test_apply_defaults_to_a_best_copy_beside_the_results(tmp_path: Path) -> None:
    (tmp_path / "results.json").write_text(json.dumps({"best": {"epochs": 7}}))
    result = CliRunner().invoke(app, ["apply", str(MLP), str(tmp_path / "results.json")])
    assert result.exit_code == 0, result.output
    assert "epochs=7" in (tmp_path / "digits_mlp.best.py").read_text()


def test_bad_input_is_a_message_and_exit_code_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["generate", str(tmp_path / "missing.py")])
    assert result.exit_code == 2
    assert "error:" in result.output and "Traceback" not in result.output


def test_results_without_best_values_are_refused(tmp_path: Path) -> None:
    (tmp_path / "results.json").write_text("{}")
    result = CliRunner().invoke(app, ["apply", str(MLP), str(tmp_path / "results.json")])
    assert result.exit_code == 2
    assert "best" in result.output

"""`optpar detect`: table, JSON shape, errors and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from optpar.cli import app

from .helpers import ASSETS

KEYS = {"name", "call", "param", "kind", "low", "high", "q", "choices", "original", "line", "col", "cell", "variable", "uses"}


def test_json_for_one_file_is_an_object_with_the_documented_keys() -> None:
    result = CliRunner().invoke(app, ["detect", "--json", str(ASSETS / "variables.py")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"source", "hyperparameters", "warnings"}
    assert all(set(h) == KEYS for h in data["hyperparameters"])


def test_json_for_several_files_is_a_list_and_an_error_does_not_stop_the_rest(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f(:\n")
    result = CliRunner().invoke(app, ["detect", "--json", str(bad), str(ASSETS / "figure1.py")])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data[0]["error"]["type"] == "ScriptParseError" and data[0]["error"]["line"] == 1
    assert data[1]["hyperparameters"]


def test_table_names_each_hyperparameter_and_its_range() -> None:
    result = CliRunner().invoke(app, ["detect", str(ASSETS / "notebook.ipynb")], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "hidden" in result.output and "cell 2, line 2" in result.output
    assert "skipped the IPython line" in result.output


def test_python_dash_m_works_and_errors_have_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "x.ipynb"
    bad.write_text("{")
    proc = subprocess.run([sys.executable, "-m", "optpar", "detect", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "NotebookFormatError" in proc.stderr and "Traceback" not in proc.stderr


def test_import_optpar_and_detect_import_nothing_heavy() -> None:
    code = (
        "import sys, optpar; from optpar.detect import detect_path; detect_path('examples/digits_mlp.py');"
        "import optpar.space, optpar.cli;"
        "heavy = [m for m in ('tensorflow', 'keras', 'hyperopt', 'boto3', 'torch', 'jax') if m in sys.modules];"
        "print(heavy)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parents[2])
    assert proc.stdout.strip() == "[]", proc.stderr

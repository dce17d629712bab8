"""Generated scripts for every fixture and example compile and use no undefined name."""

from __future__ import annotations

from pathlib import Path

import pytest

from optpar.detect import detect_source
from optpar.generate import generate_script
from optpar.source import read_source

from .helpers import ASSETS, EXAMPLES

pyflakes_api = pytest.importorskip("pyflakes.api")
from pyflakes import messages  # noqa: E402 (after importorskip on purpose)

INPUTS = sorted(EXAMPLES.glob("*.py")) + sorted(ASSETS.glob("*.py")) + sorted(ASSETS.glob("*.ipynb"))
# Findings that mean the generated module cannot run.
FATAL = (messages.UndefinedName, messages.UndefinedLocal, messages.UndefinedExport)


class _Collect:
    def __init__(self) -> None:
        self.found: list[object] = []

    def flake(self, message: object) -> None:
        self.found.append(message)

    def syntaxError(self, filename: str, msg: str, lineno: int, offset: int, text: str) -> None:
        self.found.append(f"syntax error: {msg} at line {lineno}")

    def unexpectedError(self, filename: str, msg: str) -> None:
        self.found.append(msg)


def _generated(path: Path) -> str:
    source = read_source(path)
    return generate_script(source, detect_source(source)).code


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_generated_script_compiles(path: Path) -> None:
    compile(_generated(path), f"{path.stem}_tuned.py", "exec")


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_generated_script_has_no_undefined_names(path: Path) -> None:
    reporter = _Collect()
    pyflakes_api.check(_generated(path), f"{path.stem}_tuned.py", reporter)  # type: ignore[arg-type]
    fatal = [str(m) for m in reporter.found if not hasattr(m, "message_args") or isinstance(m, FATAL)]
    assert fatal == []


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_generated_script_defines_the_contract(path: Path) -> None:
    code = _generated(path)
    for name in ("def build_and_train(", "def evaluate_best(model):", "\nSPACE = [", "\nMETRIC = ", "\nMODE = "):
        assert name in code
    assert "from optpar.tuning import main" in code


def test_the_check_finds_an_undefined_name() -> None:
    reporter = _Collect()
    pyflakes_api.check("def f():\n    return missing\n", "x.py", reporter)  # type: ignore[arg-type]
    assert [type(m) for m in reporter.found] == [messages.UndefinedName]

"""Bad input gets a named error saying what and where, or a clean 'nothing to tune'."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optpar.constants import MAX_SOURCE_BYTES
from optpar.detect import detect_bytes, detect_path
from optpar.exceptions import (
    BinaryFileError,
    EmptyScriptError,
    FileTooLargeError,
    InputError,
    NotebookFormatError,
    ScriptParseError,
    UnsupportedFileTypeError,
)

from .helpers import ASSETS


def test_syntax_error_names_line_and_column() -> None:
    with pytest.raises(ScriptParseError) as info:
        detect_bytes(b"import keras\nmodel.fit(x, epochs=3\n", "m.py")
    assert info.value.line == 2
    assert "never closed" in info.value.message
    assert str(info.value).startswith("m.py, line 2, column")


def test_syntax_error_in_a_notebook_names_the_cell() -> None:
    nb = {"nbformat": 4, "cells": [
        {"cell_type": "markdown", "source": "# title"},
        {"cell_type": "code", "source": "import keras\n"},
        {"cell_type": "code", "source": "x = 1\ny = (2 +\n"},
    ]}
    with pytest.raises(ScriptParseError) as info:
        detect_bytes(json.dumps(nb).encode(), "nb.ipynb")
    assert (info.value.cell, info.value.line) == (2, 2)


@pytest.mark.parametrize(
    ("data", "name", "error"),
    [
        (b"\x00\x01binary", "m.py", BinaryFileError),
        (b"x = '\xff\xfe'\n", "m.py", BinaryFileError),
        (b"   \n\n", "m.py", EmptyScriptError),
        (b"{not json", "m.ipynb", NotebookFormatError),
        (b'{"cells": 3}', "m.ipynb", NotebookFormatError),
        (b'{"cells": [{"cell_type": "markdown", "source": "hi"}]}', "m.ipynb", EmptyScriptError),
        (b"x" * (MAX_SOURCE_BYTES + 1), "m.py", FileTooLargeError),
    ],
)
def test_bad_files_raise_named_errors(data: bytes, name: str, error: type[InputError]) -> None:
    with pytest.raises(error) as info:
        detect_bytes(data, name)
    assert info.value.source == name
    assert info.value.message


def test_non_utf8_error_names_the_line() -> None:
    with pytest.raises(BinaryFileError) as info:
        detect_bytes(b"import keras\nx = '\xe9'\n", "m.py")
    assert info.value.line == 2


def test_wrong_extension(tmp_path: Path) -> None:
    path = tmp_path / "model.txt"
    path.write_text("import keras\n")
    with pytest.raises(UnsupportedFileTypeError):
        detect_path(path)


def test_script_without_a_model_is_nothing_to_tune() -> None:
    detection = detect_path(ASSETS / "no_model.py")
    assert detection.hyperparameters == ()
    assert "Keras" in (detection.reason or "")


def test_keras_script_with_only_task_values_is_nothing_to_tune_with_reason() -> None:
    detection = detect_bytes(b"import keras\nm = keras.Sequential([keras.layers.Dense(1)])\n", "m.py")
    assert detection.hyperparameters == () and detection.reason


FIXTURES = sorted(p for p in ASSETS.glob("*.py")) + sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.py"))
SEEDS = [p.read_bytes() for p in FIXTURES if p.exists()]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.sampled_from(SEEDS),
    cut=st.integers(min_value=0, max_value=4000),
    length=st.integers(min_value=0, max_value=40),
    insert=st.binary(max_size=12) | st.sampled_from([b"(", b")", b"\n    ", b":", b"=", b"Dense(", b"\x00", b"\xff", b"'", b"#"]),
)
def test_mutated_fixtures_raise_only_named_errors(seed: bytes, cut: int, length: int, insert: bytes) -> None:
    cut = min(cut, len(seed))
    mutated = seed[:cut] + insert + seed[cut + length:]
    try:
        detection = detect_bytes(mutated, "mutant.py")
    except InputError:
        return
    for hp in detection.hyperparameters:
        assert hp.line >= 1 and hp.name


@settings(max_examples=60, deadline=None)
@given(cells=st.lists(st.text(max_size=80), max_size=5))
def test_random_notebooks_raise_only_named_errors(cells: list[str]) -> None:
    nb = {"nbformat": 4, "cells": [{"cell_type": "code", "source": c} for c in cells]}
    try:
        detect_bytes(json.dumps(nb).encode(), "random.ipynb")
    except InputError:
        pass

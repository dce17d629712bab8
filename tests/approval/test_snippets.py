"""Each hyperparameter's line of code, with its literal marked, for scripts and notebooks."""

from __future__ import annotations

import json
from pathlib import Path

from optpar.approval.snippets import snippets_for
from optpar.source import source_from_bytes
from optpar.types import Hyperparameter, Kind

ASSETS = Path(__file__).parent / "assets"


def hp(name: str, line: int, col: int, cell: int | None = None, original: object = 1) -> Hyperparameter:
    return Hyperparameter(name, "f", "x", Kind.UNIFORM, original, line, col, cell, low=0, high=2)


def test_a_script_line_with_its_literal_marked() -> None:
    source = source_from_bytes((ASSETS / "digits_mlp.py").read_bytes(), "digits_mlp.py")
    line = (ASSETS / "digits_mlp.py").read_text().split("\n")[30]
    snippet = snippets_for(source, [hp("lr", 31, line.index("0.001"))])["lr"]
    assert snippet.text == "optimizer=keras.optimizers.Adam(learning_rate=0.001),"
    assert snippet.text[snippet.start : snippet.end] == "0.001"


def test_a_negative_number_and_a_string_are_marked_whole() -> None:
    code = 'f(x=-0.5, y="relu")\n'
    source = source_from_bytes(code.encode(), "m.py")
    snippets = snippets_for(source, [hp("x", 1, code.index("-")), hp("y", 1, code.index('"'))])
    assert snippets["x"].text[snippets["x"].start : snippets["x"].end] == "-0.5"
    assert snippets["y"].text[snippets["y"].start : snippets["y"].end] == '"relu"'


def test_a_notebook_line_is_read_from_its_cell() -> None:
    nb = {
        "cells": [
            {"cell_type": "markdown", "source": "# title"},
            {"cell_type": "code", "source": ["import keras\n", "units = 64\n"]},
        ],
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
    }
    source = source_from_bytes(json.dumps(nb).encode(), "m.ipynb")
    snippet = snippets_for(source, [hp("units", 2, 8, cell=1)])["units"]
    assert (snippet.text, snippet.text[snippet.start : snippet.end]) == ("units = 64", "64")


def test_a_long_line_is_cut_around_the_literal() -> None:
    code = "f(" + "a=1, " * 60 + "units=512" + ", b=2" * 60 + ")\n"
    source = source_from_bytes(code.encode(), "m.py")
    snippet = snippets_for(source, [hp("units", 1, code.index("512"))])["units"]
    assert len(snippet.text) <= 122 and snippet.text.startswith("…") and snippet.text.endswith("…")
    assert snippet.text[snippet.start : snippet.end] == "512"


def test_a_line_that_does_not_exist_gets_no_snippet() -> None:
    source = source_from_bytes(b"x = 1\n", "m.py")
    assert snippets_for(source, [hp("x", 40, 0)]) == {}

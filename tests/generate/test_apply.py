"""Writing the best values back into the user's own file."""

from __future__ import annotations

import json

import pytest

from optpar.detect import detect_source
from optpar.generate import LiteralMismatchError, apply_values
from optpar.source import read_source, source_from_bytes

from .helpers import ASSETS, EXAMPLES, at, script


def _detect_again(text: str, name: str):
    return detect_source(source_from_bytes(text.encode(), name))


def test_new_values_replace_the_literals_and_comments_stay() -> None:
    source = script('# model\nm = Dense(32, activation="relu")  # hidden\nfit(epochs=10)\n')
    space = [at(source, "units", "32", 32), at(source, "activation", '"relu"', "relu"), at(source, "epochs", "10", 10)]
    out = apply_values(source, space, {"units": 64, "activation": "tanh", "epochs": 12.0})
    assert out == '# model\nm = Dense(64, activation="tanh")  # hidden\nfit(epochs=12)\n'


def test_a_string_keeps_its_quotes_and_a_tuple_its_brackets() -> None:
    source = script("a = f('relu', (3, 3), [1, 2])\n")
    space = [at(source, "act", "'relu'", "relu"), at(source, "k", "(3, 3)", (3, 3)), at(source, "l", "[1, 2]", (1, 2))]
    out = apply_values(source, space, {"act": "elu", "k": [5, 5], "l": [4, 8]})
    assert out == "a = f('elu', (5, 5), [4, 8])\n"


def test_only_named_values_change() -> None:
    source = script("a = g(1, 2)\n")
    out = apply_values(source, [at(source, "x", "1", 1), at(source, "y", "2", 2)], {"y": 3})
    assert out == "a = g(1, 3)\n"


def test_a_file_changed_since_detection_is_refused() -> None:
    source = script("a = g(1)\n")
    with pytest.raises(LiteralMismatchError, match="changed since detection"):
        apply_values(source, [at(source, "x", "1", 7)], {"x": 3})


@pytest.mark.parametrize("name", ["digits_mlp.py", "digits_cnn.py", "make_regression.py"])
def test_detecting_the_applied_script_shows_the_new_values_as_originals(name: str) -> None:
    source = read_source(EXAMPLES / name)
    detection = detect_source(source)
    new = {h.name: _other(h) for h in detection.hyperparameters}
    out = apply_values(source, detection.hyperparameters, new)
    again = _detect_again(out, name)
    assert {h.name: h.original for h in again.hyperparameters} == new
    original_comments = [line.split("#", 1)[1] for line in source.code.splitlines() if "  # " in line]
    assert all(comment in out for comment in original_comments)


def test_a_notebook_round_trip_keeps_valid_json_and_other_cells(notebook_source) -> None:
    text = (ASSETS / "notebook.ipynb").read_text()
    detection = detect_source(notebook_source)
    new = {h.name: _other(h) for h in detection.hyperparameters}
    out = apply_values(notebook_source, detection.hyperparameters, new)
    before, after = json.loads(text), json.loads(out)
    assert [c["cell_type"] for c in after["cells"]] == [c["cell_type"] for c in before["cells"]]
    assert after["cells"][0] == before["cells"][0] and after["cells"][1] == before["cells"][1]
    assert after["cells"][2]["outputs"] == before["cells"][2]["outputs"]
    assert after["metadata"] == before["metadata"]
    assert isinstance(after["cells"][2]["source"], list) and after["cells"][2]["source"][0] == "# the model\n"
    again = _detect_again(out, "notebook.ipynb")
    assert {h.name: h.original for h in again.hyperparameters} == new


def test_a_notebook_keeps_its_indentation_style(notebook_source) -> None:
    out = apply_values(notebook_source, detect_source(notebook_source).hyperparameters, {})
    assert out == (ASSETS / "notebook.ipynb").read_text()


def _other(hp):
    """A value other than the original from the hyperparameter's own range: the last choice, or the top
    of the range (the detector skips some small values, such as 1x1 kernels, as not worth tuning)."""
    if hp.choices:
        return [c for c in hp.choices if c != hp.original][-1]
    value = hp.high if hp.original != hp.high else hp.low
    return int(value) if isinstance(hp.original, int) else float(value)

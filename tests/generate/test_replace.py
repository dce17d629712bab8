"""Literals become reads of the trial's values; the rest of the user's code is kept as written."""

from __future__ import annotations

import pytest

from optpar.generate import LiteralNotFoundError

from .helpers import at, function_body, generate, module_level, script

TRAIN = """
import keras
from keras import layers
import numpy as np

x = np.zeros((8, 4))
y = np.zeros(8)
{model}
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=2, validation_split=0.5)
"""


def _source(model: str):
    return script(TRAIN.format(model=model))


def test_a_literal_becomes_a_read_of_the_trial_values() -> None:
    source = _source('model = keras.Sequential([layers.Dense(32, activation="relu")])')
    out = generate(source, at(source, "dense_1.units", "32", 32)).code
    assert 'model = keras.Sequential([layers.Dense(HP["dense_1.units"], activation="relu")])' in out


def test_comments_survive_on_the_rewritten_line_and_around_it() -> None:
    source = _source('# the network\nmodel = keras.Sequential([layers.Dense(32)])  # one layer')
    out = generate(source, at(source, "units", "32", 32)).code
    assert '    # the network\n    model = keras.Sequential([layers.Dense(HP["units"])])  # one layer' in out


def test_a_value_held_in_a_variable_is_replaced_at_its_definition() -> None:
    source = _source("WIDTH = 16  # hidden width\nmodel = keras.Sequential([layers.Dense(WIDTH), layers.Dense(WIDTH)])")
    out = generate(source, at(source, "width", "16", 16)).code
    body = function_body(out, "build_and_train")
    assert 'WIDTH = HP["width"]  # hidden width' in body
    assert "layers.Dense(WIDTH), layers.Dense(WIDTH)" in body


def test_dict_entries_are_replaced_one_by_one() -> None:
    source = _source('config = {"units": 48, "rate": 0.1}\nmodel = keras.Sequential([layers.Dense(config["units"])])')
    out = generate(source, at(source, "config.units", "48", 48), at(source, "config.rate", "0.1", 0.1)).code
    assert 'config = {"units": HP["config.units"], "rate": HP["config.rate"]}' in function_body(out, "build_and_train")


def test_a_parenthesised_tuple_is_replaced_whole() -> None:
    source = _source("model = keras.Sequential([layers.Conv1D(4, (3,), padding='same')])")
    out = generate(source, at(source, "kernel_size", "(3,)", (3,))).code
    assert "layers.Conv1D(4, HP[\"kernel_size\"], padding='same')" in out


def test_a_name_such_as_an_activation_function_is_replaced() -> None:
    source = _source("import tensorflow as tf\nmodel = keras.Sequential([layers.Dense(4, activation=tf.nn.relu)])")
    out = generate(source, at(source, "activation", "tf.nn.relu", "relu")).code
    assert 'layers.Dense(4, activation=HP["activation"])' in out


def test_a_hyperparameter_left_out_of_the_space_keeps_its_literal() -> None:
    source = _source("model = keras.Sequential([layers.Dense(32), layers.Dropout(0.5)])")
    out = generate(source, at(source, "rate", "0.5", 0.5)).code
    assert 'layers.Dense(32), layers.Dropout(HP["rate"])' in out
    assert '"name": "units"' not in out


def test_a_position_without_a_value_is_a_named_error() -> None:
    source = _source("model = keras.Sequential([layers.Dense(32)])")
    wrong = at(source, "units", "32", 32)
    with pytest.raises(LiteralNotFoundError, match="detect it again"):
        generate(source, wrong.__class__(**{**wrong.__dict__, "col": wrong.col + 40}))


def test_a_changed_value_is_a_warning_in_generation() -> None:
    source = _source("model = keras.Sequential([layers.Dense(32)])")
    stale = at(source, "units", "32", 64)
    result = generate(source, stale.__class__(**{**stale.__dict__, "choices": (64, 128)}))
    assert any("not the recorded original 64" in w for w in result.warnings)


def test_notebook_cells_become_one_script(notebook_source) -> None:
    from optpar.detect import detect_source
    from optpar.generate import generate_script

    result = generate_script(notebook_source, detect_source(notebook_source))
    once = module_level(result.code)
    assert "digits = load_digits()" in once
    assert "%matplotlib" not in result.code
    body = function_body(result.code, "build_and_train")
    assert "    # the model\n" in body
    assert 'keras.layers.Dense(HP["dense_1.units"], activation=HP["dense_1.activation"])' in body
    assert "# trains" in body
    assert any("cells are joined" in w for w in result.warnings)


def test_notebook_positions_are_cell_relative() -> None:
    from optpar.source import read_source

    from .helpers import ASSETS, hp

    source = read_source(ASSETS / "notebook.ipynb")
    # Cell 2, line 3: `...Adam(learning_rate=0.001)`.
    line = source.cells[1][1].splitlines()[2]
    result = generate(source, hp("learning_rate", 0.001, 3, line.index("0.001"), cell=2))
    assert 'Adam(learning_rate=HP["learning_rate"])' in result.code

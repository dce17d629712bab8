"""Each construct of the paper's Figure 1 and the issue's list is detected."""

from __future__ import annotations

import pytest

from optpar.types import Kind

from .helpers import by_name, detect_asset, detect_code

IMPORT_STYLES = [
    "import keras\nL = keras.layers.Dense",
    "from keras import layers\nL = layers.Dense",
    "from keras.layers import Dense\nL = Dense",
    "import tensorflow as tf\nL = tf.keras.layers.Dense",
    "from tensorflow.keras.layers import Dense as D\nL = D",
    "import keras as K\nL = K.layers.Dense",
    "from tensorflow.keras import layers as lyr\nL = lyr.Dense",
]


@pytest.mark.parametrize("imports", IMPORT_STYLES)
def test_dense_resolves_through_every_import_style(imports: str) -> None:
    head, alias = imports.split("\n")
    call = alias.split(" = ")[1]
    code = f"{head}\nimport keras\nm = keras.Sequential([{call}(48, activation='relu'), {call}(10, activation='softmax')])\n"
    detection = detect_code(code)
    assert by_name(detection)["dense_1.units"] == 48
    assert "dense_2.units" not in by_name(detection)


def test_figure1_constructs() -> None:
    found = by_name(detect_asset("figure1.py"))
    assert found["relu_1.negative_slope"] == 0.05  # object held in a variable
    assert found["relu_2.negative_slope"] == 0.1  # object created as an argument
    assert found["dense_1.units"] == 128  # positional, through an alias
    assert found["dense_2.units"] == 64  # keyword, full path
    assert found["learning_rate"] == 0.002  # legacy lr=
    assert found["dropout_1.rate"] == 0.3
    assert found["epochs"] == 20 and found["batch_size"] == 128
    assert "dense_3.units" not in found  # the output layer


def test_param_is_canonical_even_when_passed_by_position_or_alias() -> None:
    detection = detect_asset("legacy_keras2.py")
    lr = detection.get("learning_rate")
    assert (lr.call, lr.param, lr.original) == ("SGD", "learning_rate", 0.01)
    assert detection.get("leaky_relu_1.negative_slope").original == 0.2  # alpha=
    assert detection.get("batch_size").original == 64  # fit(X, Y, 64, 15)
    assert detection.get("epochs").original == 15
    assert detection.get("conv2d_1.kernel_size").original == (3, 3)
    assert detection.get("l2_1.l2").kind is Kind.LOGUNIFORM


def test_subclassed_model_tunes_init_layers_but_not_the_head() -> None:
    found = by_name(detect_asset("subclassed.py"))
    assert found["dense_1.units"] == 256
    assert found["dense_1.activation"] == "gelu"
    assert found["dropout_1.rate"] == 0.4
    assert found["learning_rate"] == 0.0003  # positional Adam(3e-4)
    assert not any(name.startswith("dense_2") for name in found)


def test_helper_function_call_sites_are_separate_knobs() -> None:
    detection = detect_asset("helpers_loops.py")
    found = by_name(detection)
    assert found["conv_block_1.filters"] == 32
    assert found["conv_block_2.filters"] == 64
    assert found["conv_block_2.kernel_size"] == 5
    assert found["conv_block.kernel_size"] == 3  # the default, used by the first call
    first = detection.get("conv_block_1.filters")
    assert (first.line, first.col) == (11, 23)  # the literal at the call site
    assert [u.line for u in first.uses] == [6]


def test_layer_built_in_a_loop_is_one_knob() -> None:
    found = by_name(detect_asset("helpers_loops.py"))
    assert found["dense_1.units"] == 128
    assert "dense_2.units" not in found  # the functional output


def test_variable_is_one_knob_tuned_at_its_definition_with_uses() -> None:
    detection = detect_asset("variables.py")
    units = detection.get("units")
    assert units.variable == "UNITS"
    assert (units.line, units.col) == (5, 8)
    assert [u.line for u in units.uses] == [15, 17]
    assert detection.get("lr").param == "learning_rate"
    assert detection.get("rate").original == 0.25


def test_batch_size_set_where_the_data_is_batched() -> None:
    detection = detect_asset("variables.py")
    batch = detection.get("batch")
    assert batch.param == "batch_size" and batch.original == 32
    assert {u.call for u in batch.uses} == {"batch"}


def test_literal_batch_on_the_training_dataset() -> None:
    code = """
    import tensorflow as tf
    train = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(100).batch(16)
    model = tf.keras.Sequential([tf.keras.layers.Dense(32), tf.keras.layers.Dense(1)])
    model.fit(train, epochs=2)
    """
    assert by_name(detect_code(code))["batch_size"] == 16


def test_dict_entries_and_notebook_config_cell() -> None:
    detection = detect_asset("notebook.ipynb")
    hidden = detection.get("hidden")
    assert (hidden.cell, hidden.line, hidden.col) == (2, 2, 9)
    assert [(u.cell, u.line) for u in hidden.uses] == [(4, 3)]
    assert detection.get("epochs").cell == 2
    assert detection.get("dropout_1.rate").cell == 4


def test_dict_entry_in_a_script() -> None:
    code = """
    import keras
    cfg = {"units": 96, "num_classes": 5}
    m = keras.Sequential([keras.layers.Dense(cfg["units"]), keras.layers.Dense(cfg["num_classes"])])
    """
    detection = detect_code(code)
    assert by_name(detection) == {"cfg.units": 96}
    assert detection.get("cfg.units").variable == "cfg['units']"


def test_activation_function_reference_and_optimizer_string() -> None:
    code = """
    import tensorflow as tf
    m = tf.keras.Sequential([tf.keras.layers.Dense(32, activation=tf.nn.relu), tf.keras.layers.Dense(2, activation="softmax")])
    m.compile(optimizer="rmsprop", loss="mse")
    """
    detection = detect_code(code)
    act = detection.get("dense_1.activation")
    assert act.original == "relu" and act.kind is Kind.CHOICE
    opt = detection.get("optimizer")
    assert opt.original == "rmsprop" and "adam" in opt.choices


def test_functional_output_traced_through_activation_layer() -> None:
    code = """
    from keras import layers, Model, Input
    inp = Input(shape=(8,))
    h = layers.Dense(40, activation="relu")(inp)
    logits = layers.Dense(3)(h)
    out = layers.Activation("softmax")(logits)
    model = Model(inputs=inp, outputs=out)
    """
    found = by_name(detect_code(code))
    assert found == {"dense_1.units": 40, "dense_1.activation": "relu"}


def test_loop_over_literal_widths_gives_one_knob_per_element() -> None:
    code = """
    import keras
    from keras import layers
    WIDTHS = [128, 64]
    x = inp = keras.Input(shape=(8,))
    for units in WIDTHS:
        x = layers.Dense(units, activation="relu")(x)
    for width in (32, 16):
        x = layers.Dense(width)(x)
    model = keras.Model(inp, layers.Dense(1)(x))
    """
    found = by_name(detect_code(code))
    assert found["widths_1"] == 128 and found["widths_2"] == 64
    assert found["width_1"] == 32 and found["width_2"] == 16


def test_argparse_defaults_are_knobs_and_seeds_are_not() -> None:
    code = """
    import argparse
    import keras
    parser = argparse.ArgumentParser()
    parser.add_argument("--hidden-units", default=96, type=int)
    parser.add_argument("--epochs", default=7, type=int)
    parser.add_argument("--seed", default=42, type=int)
    args = parser.parse_args()
    keras.utils.set_random_seed(args.seed)
    m = keras.Sequential([keras.layers.Dense(args.hidden_units), keras.layers.Dense(1)])
    m.compile(optimizer="adam", loss="mse")
    m.fit(x, y, epochs=args.epochs)
    """
    detection = detect_code(code)
    assert by_name(detection) == {"hidden_units": 96, "epochs": 7, "optimizer": "adam"}
    hidden = detection.get("hidden_units")
    assert (hidden.line, hidden.variable) == (5, "--hidden_units")


def test_learning_rate_schedule_and_dataset_utility_batch_size() -> None:
    code = """
    import keras
    train = keras.utils.image_dataset_from_directory("data", batch_size=16)
    lr = keras.optimizers.schedules.ExponentialDecay(initial_learning_rate=0.05, decay_steps=100, decay_rate=0.9)
    m = keras.Sequential([keras.layers.Dense(8), keras.layers.Dense(1)])
    m.compile(optimizer=keras.optimizers.SGD(learning_rate=lr), loss="mse")
    """
    found = by_name(detect_code(code))
    assert found["initial_learning_rate"] == 0.05
    assert found["batch_size"] == 16

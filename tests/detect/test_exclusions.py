"""What must never be tuned, and what is left alone with a warning."""

from __future__ import annotations

from .helpers import by_name, detect_asset, detect_code


def test_task_defined_values_are_left_alone() -> None:
    found = by_name(detect_asset("exclusions.py"))
    originals = set(map(repr, found.values()))
    for value in (1234, 20000, 200, 1, "sigmoid", "binary_crossentropy"):
        assert repr(value) not in originals, value
    assert found["lstm_1.units"] == 32
    assert found["lstm_1.dropout"] == 0.1


def test_width_tied_to_a_reshape_is_left_alone_with_a_warning() -> None:
    detection = detect_asset("exclusions.py")
    assert "embedding_1.output_dim" not in by_name(detection)
    assert any("Reshape" in w and "line 15" in w for w in detection.warnings)


def test_dead_and_commented_code_is_ignored() -> None:
    originals = set(by_name(detect_asset("exclusions.py")).values())
    assert not originals & {999, 777, 555}


def test_variable_also_used_in_data_preparation_is_left_alone() -> None:
    code = """
    import keras
    import numpy as np
    N = 32
    x = np.zeros((10, N))
    m = keras.Sequential([keras.layers.Dense(N), keras.layers.Dense(1)])
    """
    detection = detect_code(code)
    assert by_name(detection) == {}
    assert any("'N' is also used at line 5" in w for w in detection.warnings)


def test_variable_assigned_in_a_branch_and_outside_is_left_alone_with_a_warning() -> None:
    code = """
    import keras
    U = 32
    if big:
        U = 64
    m = keras.Sequential([keras.layers.Dense(U), keras.layers.Dense(1)])
    """
    detection = detect_code(code)
    assert by_name(detection) == {}
    assert any("assigned 2 times" in w for w in detection.warnings)


def test_straight_line_reassignment_tunes_the_assignment_that_reaches_each_use() -> None:
    code = """
    import keras
    m = keras.Sequential([keras.layers.Dense(16), keras.layers.Dense(1)])
    m.compile(optimizer="adam", loss="mse")
    epochs = 8
    m.fit(x, y, epochs=epochs)
    epochs = 4
    m.fit(x, y, epochs=epochs)
    """
    detection = detect_code(code)
    assert [(h.name, h.original, h.line) for h in detection.hyperparameters if h.param == "epochs"] == [
        ("epochs", 8, 5), ("epochs_2", 4, 7)]


def test_print_and_fstrings_do_not_block_a_variable() -> None:
    found = by_name(detect_asset("variables.py"))
    assert found["units"] == 64  # also printed in an f-string


def test_input_shape_output_and_loss_are_never_knobs() -> None:
    code = """
    from tensorflow.keras import layers, models
    model = models.Sequential()
    model.add(layers.Dense(64, input_dim=13, activation="relu"))
    model.add(layers.Dense(1))
    model.compile(loss="mse", optimizer="adam", metrics=["mae"])
    """
    found = by_name(detect_code(code))
    assert found == {"dense_1.units": 64, "dense_1.activation": "relu", "optimizer": "adam"}


def test_sklearn_fit_is_not_keras_fit() -> None:
    code = """
    import keras
    from sklearn.linear_model import LogisticRegression
    clf = LogisticRegression()
    clf.fit(X, y, 5)
    """
    assert by_name(detect_code(code)) == {}


def test_original_value_lies_inside_its_range() -> None:
    for asset in ("figure1.py", "helpers_loops.py", "legacy_keras2.py", "variables.py", "notebook.ipynb"):
        for hp in detect_asset(asset).hyperparameters:
            if hp.choices is not None:
                assert hp.original in hp.choices, hp
            else:
                assert hp.low <= hp.original <= hp.high, hp

"""The dataflow split: once-only work at module level, model building in the trial, evaluation after."""

from __future__ import annotations

from optpar.source import read_source

from .helpers import ASSETS, at, function_body, generate, module_level, script


def _split(code: str, *values: tuple[str, str, object]):
    source = script(code)
    result = generate(source, *(at(source, name, text, original) for name, text, original in values))
    return result, module_level(result.code), function_body(result.code, "build_and_train"), function_body(
        result.code, "evaluate_best"
    )


MLP = """
import keras
import numpy as np

data = np.load("data.npz")  # loading: once
x, y = data["x"] / 255.0, data["y"]
x_test, y_test = data["xt"], data["yt"]
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(32, activation="relu")])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="mse")
model.fit(x, y, epochs=3, validation_split=0.2)
loss = model.evaluate(x_test, y_test)
print("test loss", loss)
"""


def test_data_loading_and_preprocessing_stay_outside_the_trial() -> None:
    _, once, trial, _ = _split(MLP, ("units", "32", 32))
    assert 'data = np.load("data.npz")  # loading: once' in once
    assert 'x, y = data["x"] / 255.0, data["y"]' in once
    assert "np.load" not in trial


def test_model_building_compile_and_fit_go_in_the_trial_even_without_a_hyperparameter() -> None:
    _, once, trial, _ = _split(MLP, ("units", "32", 32))
    assert "keras.Sequential" in trial and "keras.optimizers.Adam(learning_rate=0.001)" in trial
    assert "model.compile(" in trial and "model.fit(" in trial
    assert "model.compile" not in once and "keras.Sequential" not in once


def test_evaluation_after_fit_runs_once_for_the_best_model() -> None:
    _, _, trial, evaluate = _split(MLP, ("units", "32", 32))
    assert "evaluate" not in trial
    assert "loss = model.evaluate(x_test, y_test)" in evaluate
    assert 'print("test loss", loss)' in evaluate
    assert 'return {"loss": loss}' in evaluate


def test_a_discarded_evaluation_is_captured_as_a_dict() -> None:
    _, _, _, evaluate = _split(MLP.replace("loss = model.evaluate", "model.evaluate").replace('print("test loss", loss)\n', ""), ("units", "32", 32))
    assert "test_metrics = model.evaluate(x_test, y_test, return_dict=True)" in evaluate
    assert "return test_metrics" in evaluate


def test_a_statement_deriving_from_a_hyperparameter_goes_in_and_so_do_its_readers() -> None:
    code = """
import keras
import numpy as np

x, y = np.zeros((8, 4)), np.zeros(8)
RATE = 0.5
keep = 1 - RATE
label = f"keep {keep}"
model = keras.Sequential([keras.layers.Dropout(keep)])
model.compile(loss="mse")
model.fit(x, y, validation_split=0.5)
"""
    _, once, trial, _ = _split(code, ("rate", "0.5", 0.5))
    assert 'RATE = HP["rate"]' in trial and "keep = 1 - RATE" in trial and 'label = f"keep {keep}"' in trial
    assert "x, y = np.zeros((8, 4)), np.zeros(8)" in once


def test_helpers_reading_a_trial_value_see_it_through_a_global_declaration() -> None:
    source = read_source(ASSETS / "helpers_and_subclass.py")
    from .helpers import generate as gen

    result = gen(source, at(source, "units", "16", 16), at(source, "learning_rate", "0.01", 0.01))
    trial = function_body(result.code, "build_and_train")
    once = module_level(result.code)
    assert "    global UNITS\n" in trial
    assert 'UNITS = HP["units"]  # hidden width' in trial
    assert "def build_model():" in once and "class Head(keras.Model):" in once
    assert "DEPTH = 2" in once


def test_a_main_guard_is_descended_into() -> None:
    source = read_source(ASSETS / "helpers_and_subclass.py")
    result = generate(source, at(source, "learning_rate", "0.01", 0.01))
    trial = function_body(result.code, "build_and_train")
    assert "model = build_model()" in trial
    assert result.code.count('if __name__ == "__main__":') == 1


def test_fit_without_validation_gets_a_split_and_a_warning() -> None:
    source = read_source(ASSETS / "helpers_and_subclass.py")
    result = generate(source, at(source, "learning_rate", "0.01", 0.01))
    assert "validation_split=0.2" in function_body(result.code, "build_and_train")
    assert any("added validation_split=0.2" in w for w in result.warnings)


def test_fit_gets_the_runner_callbacks_after_the_users_and_its_history_is_returned() -> None:
    source = read_source(ASSETS / "fit_in_helper.py")
    code = source.code.replace("def train(epochs):", "def train(epochs=2):").replace("train(2)", "train()")
    code += "history = trained.fit(features, targets, callbacks=[keras.callbacks.TerminateOnNaN()])\n"
    result, _, trial, _ = _split(code, ("units", "12", 12))
    assert "callbacks=[keras.callbacks.TerminateOnNaN(), *CALLBACKS]" in trial
    assert "verbose=0" in trial
    assert trial.rstrip().endswith("return trained, history")
    assert any("calls fit 2 times" in w for w in result.warnings)


def test_a_discarded_history_is_captured() -> None:
    _, _, trial, _ = _split(MLP, ("units", "32", 32))
    assert "history = model.fit(x, y, epochs=3, validation_split=0.2, callbacks=CALLBACKS, verbose=0)" in trial
    assert trial.rstrip().endswith("return model, history")


def test_a_fit_inside_an_expression_runs_first_and_its_result_is_used_there() -> None:
    source = read_source(ASSETS / "shadowed_name.py")
    result = generate(source, at(source, "units", "Dense(|8,", 8))
    trial = function_body(result.code, "build_and_train")
    assert "history = model.fit(x, y / scale," in trial
    assert 'print(history.history["val_loss"][-1])' in trial


def test_a_once_value_the_trial_rebinds_is_recomputed_in_the_trial() -> None:
    source = read_source(ASSETS / "shadowed_name.py")
    result = generate(source, at(source, "units", "Dense(|8,", 8))
    trial = function_body(result.code, "build_and_train")
    assert "    scale = 4.0\n" in trial
    assert "scale = 4.0" not in module_level(result.code)


def test_a_main_function_is_inlined_so_its_data_loads_once() -> None:
    source = read_source(ASSETS / "main_function.py")
    result = generate(source, at(source, "units", "Dense(|8,", 8))
    once = module_level(result.code)
    assert "x, y = load()" in once and "def main" not in result.code
    assert "history = model.fit(" in function_body(result.code, "build_and_train")
    assert "score = model.evaluate(x, y, verbose=0)" in function_body(result.code, "evaluate_best")
    assert any("inlined main()" in w for w in result.warnings)


def test_a_fit_in_a_helper_with_arguments_is_captured_by_a_callback() -> None:
    source = read_source(ASSETS / "fit_in_helper.py")
    result = generate(source, at(source, "units", "12", 12))
    trial = function_body(result.code, "build_and_train")
    assert "optpar_recorder = OptparHistory()" in trial
    assert "CALLBACKS[:] = [*callbacks, optpar_recorder]" in trial
    assert trial.rstrip().endswith("return optpar_recorder.model, optpar_recorder")
    assert "callbacks=[keras.callbacks.TerminateOnNaN(), *CALLBACKS]" in module_level(result.code)


def test_a_main_function_with_parameters_runs_whole_in_each_trial_with_a_warning() -> None:
    source = read_source(ASSETS / "main_function.py")
    code = source.code.replace("def main():", "def main(seed=0):")
    result, _, trial, _ = _split(code, ("units", "8", 8))
    assert "    main()\n" in trial
    assert any("main() trains the model, so each trial runs all of it" in w for w in result.warnings)


def test_the_module_ends_with_the_space_and_the_runner() -> None:
    result, _, _, _ = _split(MLP, ("units", "32", 32))
    assert 'METRIC = "val_loss"\nMODE = "min"\n' in result.code
    assert result.code.rstrip().endswith(
        "main(build_and_train, SPACE, evaluate=evaluate_best, metric=METRIC, mode=MODE)"
    )


def test_a_script_without_fit_is_a_named_error() -> None:
    import pytest

    from optpar.generate import NoFitCallError

    with pytest.raises(NoFitCallError, match="model.fit"):
        _split("import keras\nmodel = keras.Sequential([keras.layers.Dense(32)])\n", ("units", "32", 32))


def test_code_after_fit_that_uses_the_evaluation_runs_with_it() -> None:
    code = """
import keras
import numpy as np

x = np.random.rand(40, 4)
model = keras.Sequential([keras.layers.Dense(8), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, x[:, 0], epochs=2, validation_split=0.2)


def show(i):
    print(preds[i])


preds = model.predict(x)
show(0)
"""
    source = script(code)
    generated = generate(source, at(source, "dense_1.units", "Dense(|8)", 8))
    evaluate = function_body(generated.code, "evaluate_best")
    assert "global preds" in evaluate and "show(0)" in evaluate
    assert "show(0)" not in module_level(generated.code)

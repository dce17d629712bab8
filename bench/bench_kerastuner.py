"""Benchmark 3: optpar against KerasTuner on the example models, same knobs, same trial budget.

KerasTuner gets a hand-written hypermodel per example with the knobs and ranges optpar
detects (printed below), BayesianOptimization, the same early stopping (val_loss,
patience 3, best weights restored) and the same number of trials. Both score a trial by
its best epoch's val_loss. KerasTuner is a benchmark-only dependency:

    .venv/bin/pip install keras-tuner
    .venv/bin/python bench/bench_kerastuner.py [--trials 10] [--seed 0]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

ACTIVATIONS = ["relu", "elu", "selu", "tanh", "gelu", "swish"]


def mlp_data():
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    x = digits.data.astype("float32") / 16.0
    x_train, _, y_train, _ = train_test_split(x, digits.target, test_size=0.2, random_state=42)
    return {"x": x_train, "y": y_train, "validation_split": 0.2}


def cnn_data():
    import numpy as np
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    images = (digits.images / 16.0).astype("float32")[..., np.newaxis]
    x_train, x_val, y_train, y_val = train_test_split(images, digits.target, test_size=0.25, random_state=0)
    return {"x": x_train, "y": y_train, "validation_data": (x_val, y_val)}


def mlp_hypermodel():
    """examples/digits_mlp.py as a KerasTuner HyperModel."""
    import keras
    import keras_tuner as kt
    from keras import layers

    class DigitsMLP(kt.HyperModel):
        def build(self, hp):
            units = hp.Choice("hidden_units", [8, 16, 32, 64, 128], default=32)
            model = keras.Sequential([
                keras.Input(shape=(64,)),
                layers.Dense(units, activation=hp.Choice("dense_1.activation", ACTIVATIONS, default="relu")),
                layers.Dropout(hp.Float("dropout_1.rate", 0.0, 0.8, default=0.2)),
                layers.Dense(units, activation=hp.Choice("dense_2.activation", ACTIVATIONS, default="relu")),
                layers.Dense(10, activation="softmax"),
            ])
            lr = hp.Float("learning_rate", 1e-4, 1e-2, sampling="log", default=1e-3)
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr), loss="sparse_categorical_crossentropy",
                          metrics=["accuracy"])
            return model

        def fit(self, hp, model, *args, **kwargs):
            return model.fit(*args, epochs=hp.Int("epochs", 5, 20, default=10),
                             batch_size=hp.Choice("batch_size", [16, 32, 64, 128, 256], default=64), **kwargs)

    return DigitsMLP()


def cnn_hypermodel():
    """examples/digits_cnn.py as a KerasTuner HyperModel."""
    import keras
    import keras_tuner as kt
    from keras import layers

    class DigitsCNN(kt.HyperModel):
        def build(self, hp):
            inputs = keras.Input(shape=(8, 8, 1))
            k1 = hp.Choice("conv2d_1.kernel_size", [1, 3, 5, 7], default=3)
            x = layers.Conv2D(hp.Choice("conv2d_1.filters", [4, 8, 16, 32, 64], default=16), (k1, k1),
                              activation=hp.Choice("conv2d_1.activation", ACTIVATIONS, default="relu"),
                              padding="same")(inputs)
            x = layers.MaxPooling2D(pool_size=hp.Choice("max_pooling2d_1.pool_size", [1, 2, 3, 4], default=2))(x)
            x = layers.Conv2D(hp.Choice("conv2d_2.filters", [8, 16, 32, 64, 128], default=32),
                              kernel_size=hp.Choice("conv2d_2.kernel_size", [1, 3, 5, 7], default=3),
                              activation=hp.Choice("conv2d_2.activation", ACTIVATIONS, default="relu"),
                              padding="same")(x)
            x = layers.Flatten()(x)
            x = layers.Dropout(hp.Float("dropout_1.rate", 0.0, 0.8, default=0.25))(x)
            x = layers.Dense(hp.Choice("dense_1.units", [16, 32, 64, 128, 256], default=64),
                             activation=hp.Choice("dense_1.activation", ACTIVATIONS, default="relu"))(x)
            outputs = layers.Dense(10, activation="softmax")(x)
            model = keras.Model(inputs=inputs, outputs=outputs)
            model.compile(optimizer=hp.Choice("optimizer", ["adam", "nadam", "rmsprop", "adamax", "sgd"],
                                              default="adam"),
                          loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            return model

        def fit(self, hp, model, *args, **kwargs):
            return model.fit(*args, epochs=hp.Int("epochs", 4, 16, default=8),
                             batch_size=hp.Choice("batch_size", [8, 16, 32, 64, 128], default=32), **kwargs)

    return DigitsCNN()


def run_kerastuner(hypermodel, data: dict, trials: int, seed: int, folder: Path) -> tuple[float, float, int]:
    import keras
    import keras_tuner as kt

    # With the TensorFlow backend KerasTuner imports tensorboard for every trial, only to patch
    # TensorBoard callbacks; there are none here, and tensorboard is not installed.
    kt.Tuner._configure_tensorboard_dir = lambda self, callbacks, trial, execution=0: None
    tuner = kt.BayesianOptimization(hypermodel, objective="val_loss", max_trials=trials, seed=seed,
                                    directory=str(folder), project_name="kt", overwrite=True)
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    start = time.perf_counter()
    tuner.search(data["x"], data["y"], verbose=0, callbacks=[stop],
                 **{k: v for k, v in data.items() if k not in ("x", "y")})
    seconds = time.perf_counter() - start
    done = tuner.oracle.get_best_trials(num_trials=trials)
    failed = trials - len(done)
    return seconds, done[0].score, failed


def run_optpar(model: Path, trials: int, seed: int, folder: Path) -> tuple[float, float, float, int]:
    from optpar.tuning import TuneConfig, tune_file

    config = TuneConfig(out_dir=folder / "optpar", max_evals=trials, seed=seed, progress=False)
    start = time.perf_counter()
    result = tune_file(model, config)
    failed = sum(not t.ok for t in result.trials)
    return time.perf_counter() - start, result.best_loss, result.original_loss, failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    cases = [("examples/digits_mlp.py", mlp_hypermodel, mlp_data), ("examples/digits_cnn.py", cnn_hypermodel, cnn_data)]
    rows = []
    for model, hypermodel, data in cases:
        with tempfile.TemporaryDirectory() as tmp:
            kt_s, kt_best, kt_failed = run_kerastuner(hypermodel(), data(), args.trials, args.seed, Path(tmp))
            op_s, op_best, original, op_failed = run_optpar(Path(model), args.trials, args.seed, Path(tmp))
        rows.append((model, original, op_best, op_s, op_failed, kt_best, kt_s, kt_failed))
    print(f"{args.trials} trials each, seed {args.seed}; best val_loss (lower is better)")
    print(f"{'model':26} {'original':>9} {'optpar':>9} {'time':>7} {'fail':>4} {'kerastuner':>10} {'time':>7} {'fail':>4}")
    for model, original, op_best, op_s, op_failed, kt_best, kt_s, kt_failed in rows:
        print(f"{model:26} {original:9.4f} {op_best:9.4f} {op_s:6.1f}s {op_failed:4d} {kt_best:10.4f} {kt_s:6.1f}s "
              f"{kt_failed:4d}")


if __name__ == "__main__":
    main()

"""Benchmark 1: the paper's approach against optpar's, on the same model, trial budget and seed.

Paper-style: the whole script runs inside every trial (data loading and preprocessing
repeat), for the fixed number of epochs, no early stopping; driven by plain `hyperopt.fmin`.
optpar: `tune_file` (detect, generate, search, write back, report): data loads once, early
stopping with restored best weights.

The model is a CNN on deskewed, upsampled digits read from a CSV: the preprocessing is the
kind real scripts do (about a second here), not a toy. Not a test; run it by hand:

    .venv/bin/python bench/bench_paper_vs_optpar.py [--trials 8] [--seed 0]
"""

from __future__ import annotations

import argparse
import functools
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

MODEL = '''"""CNN on deskewed 16x16 digits, read from a CSV."""
import numpy as np
import keras
from keras import layers
from scipy import ndimage

raw = np.loadtxt("digits_aug.csv", delimiter=",", dtype="float32")
images = raw[:, :-1].reshape(-1, 8, 8) / 16.0
labels = raw[:, -1].astype("int32")


def deskew(image):
    # Classic MNIST preprocessing: undo the slant using the image's second moments.
    rows, cols = np.mgrid[: image.shape[0], : image.shape[1]]
    total = image.sum() or 1.0
    mr, mc = (rows * image).sum() / total, (cols * image).sum() / total
    cov = ((rows - mr) * (cols - mc) * image).sum() / total
    var = ((rows - mr) ** 2 * image).sum() / total or 1.0
    matrix = np.array([[1, 0], [cov / var, 1]])
    offset = np.array([mr, mc]) - matrix @ np.array([mr, mc])
    return ndimage.affine_transform(image, matrix, offset=offset)


x = np.stack([ndimage.zoom(deskew(im), 2, order=1) for im in images])[..., None]
split = int(0.8 * len(x))
x_train, y_train, x_val, y_val = x[:split], labels[:split], x[split:], labels[split:]

model = keras.Sequential(
    [
        keras.Input(shape=(16, 16, 1)),
        layers.Conv2D(16, 3, activation="relu", padding="same"),
        layers.MaxPooling2D(2),
        layers.Conv2D(32, 3, activation="relu", padding="same"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dropout(0.3),
        layers.Dense(64, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ]
)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
history = model.fit(x_train, y_train, epochs=30, batch_size=128, validation_data=(x_val, y_val), verbose=0)
'''


def make_data(folder: Path, copies: int) -> None:
    """Shifted, noisy copies of scikit-learn's digits, written as a CSV the model reads."""
    import numpy as np
    from sklearn.datasets import load_digits

    digits = load_digits()
    rng = np.random.default_rng(0)
    blocks = []
    for _ in range(copies):
        shift = (int(rng.integers(-1, 2)), int(rng.integers(-1, 2)))
        images = np.clip(np.roll(digits.images, shift, axis=(1, 2)) + rng.normal(0, 0.8, digits.images.shape), 0, 16)
        blocks.append(np.column_stack([images.reshape(len(images), -1), digits.target]))
    table = np.vstack(blocks)
    rng.shuffle(table)
    np.savetxt(folder / "digits_aug.csv", table, delimiter=",", fmt="%.2f")


def paper_style(model_path: Path, data_dir: Path, trials: int, seed: int, n_startup: int) -> tuple[float, dict]:
    """hyperopt.fmin over the whole script: each trial re-runs every top-level statement."""
    import numpy as np
    from hyperopt import STATUS_OK, Trials, fmin, tpe

    from optpar.detect import detect_source
    from optpar.generate import apply_values
    from optpar.source import read_source
    from optpar.space import cast_params, original_params, to_hyperopt, to_point

    source = read_source(model_path)
    space = detect_source(source).hyperparameters
    finals, bests = [], []

    def objective(params):
        import keras

        code = apply_values(source, space, cast_params(space, params))
        namespace: dict = {"__name__": "paper_trial"}
        exec(compile(code, str(model_path), "exec"), namespace)  # noqa: S102 - the paper's approach
        history = namespace["history"].history["val_loss"]
        finals.append(history[-1])
        bests.append(min(history))
        keras.backend.clear_session()
        return {"loss": history[-1], "status": STATUS_OK}

    cwd = os.getcwd()
    os.chdir(data_dir)
    start = time.perf_counter()
    try:
        fmin(
            objective,
            to_hyperopt(space),
            algo=functools.partial(tpe.suggest, n_startup_jobs=n_startup),
            max_evals=trials,
            trials=Trials(),
            rstate=np.random.default_rng(seed),
            show_progressbar=False,
            points_to_evaluate=[to_point(space, original_params(space))],
        )
    finally:
        os.chdir(cwd)
    return time.perf_counter() - start, {
        "final_val_loss": min(finals),
        "best_epoch_val_loss": min(bests),
        "original_final": finals[0],
        "trials": len(finals),
    }


def optpar_style(model_path: Path, data_dir: Path, out: Path, trials: int, seed: int, n_startup: int):
    from optpar.tuning import TuneConfig, tune_file

    config = TuneConfig(out_dir=out, max_evals=trials, seed=seed, n_startup_jobs=n_startup, progress=False)
    start = time.perf_counter()
    result = tune_file(model_path, config, data_dir=data_dir)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--copies", type=int, default=3, help="augmented copies of the 1797 digits")
    args = parser.parse_args()
    n_startup = max(3, args.trials // 4)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_data(folder, args.copies)
        model_path = folder / "deskew_cnn.py"
        model_path.write_text(MODEL)
        import keras  # noqa: F401 - import once, outside both timings

        paper_s, paper = paper_style(model_path, folder, args.trials, args.seed, n_startup)
        ours_s, ours = optpar_style(model_path, folder, folder / "run", args.trials, args.seed, n_startup)
    epochs = [t.epochs_run for t in ours.trials]
    print(f"model: deskewed 16x16 digits CNN, {args.copies * 1797} images; {args.trials} trials, seed {args.seed}")
    print(
        f"paper-style : {paper_s:7.1f} s  best val_loss {paper['final_val_loss']:.4f} (final epoch; "
        f"best epoch {paper['best_epoch_val_loss']:.4f}); original {paper['original_final']:.4f}"
    )
    print(
        f"optpar      : {ours_s:7.1f} s  best val_loss {ours.best_loss:.4f} (restored best epoch); "
        f"original {ours.original_loss:.4f}; epochs run {epochs}"
    )
    print(f"speed-up    : {paper_s / ours_s:.2f}x   ({ours.algorithm})")


if __name__ == "__main__":
    main()

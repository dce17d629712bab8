"""A script whose work happens in main()."""

import keras
import numpy as np


def load():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(200, 4)).astype("float32")
    return x, (x[:, 0] > 0).astype("float32")


def main():
    """Load, build, train, evaluate."""
    x, y = load()
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=0.01), loss="mse")
    history = model.fit(x, y, epochs=3, batch_size=16, validation_split=0.25, verbose=0)
    score = model.evaluate(x, y, verbose=0)
    print("score", score, len(history.history["loss"]))


if __name__ == "__main__":
    main()

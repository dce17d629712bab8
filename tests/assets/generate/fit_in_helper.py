"""The fit call lives in a helper that takes arguments, so it cannot be inlined."""

import keras
import numpy as np

rng = np.random.default_rng(2)
features = rng.normal(size=(120, 3)).astype("float32")
targets = features.sum(axis=1)


def train(epochs):
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(12, activation="tanh"), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(features, targets, epochs=epochs, batch_size=8, validation_split=0.2, callbacks=[keras.callbacks.TerminateOnNaN()])
    return model


trained = train(2)

"""Regression on generated data, with a LeakyReLU held in a variable and SGD with momentum."""

import numpy as np
from tensorflow import keras
from tensorflow.keras.layers import Dense, Dropout, LeakyReLU

rng = np.random.default_rng(7)
X = rng.normal(size=(1200, 12)).astype("float32")
y = (X[:, :4] @ np.array([1.5, -2.0, 0.5, 1.0]) + 0.3 * np.sin(X[:, 4] * 3)).astype("float32")

config = {"units": 48, "dropout": 0.1}
actv = LeakyReLU(negative_slope=0.1)

model = keras.models.Sequential()
model.add(Dense(config["units"], activation=actv, input_dim=12))
model.add(Dropout(config["dropout"]))
model.add(Dense(24, activation="tanh"))
model.add(Dense(1))
model.compile(loss="mse", optimizer=keras.optimizers.SGD(0.01, momentum=0.9))
model.fit(X, y, epochs=12, batch_size=32, validation_split=0.25, verbose=0)

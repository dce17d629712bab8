"""A tiny Keras classifier for the pipeline tests: reads its data from data/digits.npz (next to it)."""

import keras
import numpy as np
from keras import layers

EPOCHS = int("2")  # computed, so not tuned: every trial stays short

data = np.load("data/digits.npz")
x, y = data["x"], data["y"]

model = keras.Sequential(
    [
        keras.Input(shape=(64,)),
        layers.Dense(16, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ]
)
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.01),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
model.fit(x, y, epochs=EPOCHS, batch_size=64, validation_split=0.25, verbose=0)

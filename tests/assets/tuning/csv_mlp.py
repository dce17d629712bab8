"""A tiny user script that reads its data from a file next to it: for `optpar tune --data`."""

import numpy as np
import keras
from keras import layers

data = np.loadtxt("digits.csv", delimiter=",")
x, y = data[:, :-1] / 16.0, data[:, -1].astype("int32")

model = keras.Sequential(
    [
        keras.Input(shape=(64,)),
        layers.Dense(16, activation="relu"),  # hidden width
        layers.Dense(10, activation="softmax"),
    ]
)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=2, batch_size=64, validation_split=0.25, verbose=0)

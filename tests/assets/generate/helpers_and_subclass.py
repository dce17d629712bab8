"""A Model subclass and a builder helper that read module-level constants."""

import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(0)
x_train = rng.normal(size=(256, 8)).astype("float32")
y_train = (x_train.sum(axis=1) > 0).astype("int32")
x_test = rng.normal(size=(64, 8)).astype("float32")
y_test = (x_test.sum(axis=1) > 0).astype("int32")

UNITS = 16  # hidden width
DEPTH = 2


class Head(keras.Model):
    def __init__(self):
        super().__init__()
        self.out = layers.Dense(2, activation="softmax")

    def call(self, inputs):
        return self.out(inputs)


def build_model():
    model = keras.Sequential([keras.Input(shape=(8,))])
    for _ in range(DEPTH):
        model.add(layers.Dense(UNITS, activation="relu"))
        model.add(layers.Dropout(0.1))
    model.add(Head())
    return model


def describe():
    return f"{DEPTH} layers of {UNITS}"


if __name__ == "__main__":
    model = build_model()
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy")
    # train without a validation set
    model.fit(x_train, y_train, epochs=2, batch_size=32)
    print(describe())
    model.evaluate(x_test, y_test, verbose=0)

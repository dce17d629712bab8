"""A name bound once for data and rebound by the model code that reads it first."""

import keras
import numpy as np

scale = 4.0
x = np.linspace(-1, 1, 128, dtype="float32").reshape(-1, 1)
y = (x * 3).astype("float32")
scale = keras.layers.Dense(8, activation="relu").units * scale  # rebinds a data name inside model code
inputs = keras.Input(shape=(1,))
hidden = keras.layers.Dense(16, activation="relu")(inputs)
model = keras.Model(inputs, keras.layers.Dense(1)(hidden))
model.compile(optimizer="sgd", loss="mse")
print(model.fit(x, y / scale, epochs=2, batch_size=16, validation_split=0.25, verbose=0).history["val_loss"][-1])

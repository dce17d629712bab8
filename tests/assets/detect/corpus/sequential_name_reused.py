# Corpus finding (t81_558 notebooks): one file builds two Sequential models under the same
# name `model`. Only the last `.add` on the name (the second model's Dense(1)) is treated as an
# output layer, so the first model's output layer gets tuned.
# Expect: tune Dense(48).units/activation, Dense(24).units/activation, both optimizers, both epochs.
# Leave alone: Dense(3, activation="sigmoid") (first model's output: 3 labels, multi-label) and Dense(1).
import numpy as np
from tensorflow.keras.layers import Dense
from tensorflow.keras.models import Sequential

features = np.random.rand(90, 5)
labels = (np.random.rand(90, 3) > 0.5).astype("float32")
targets = np.random.rand(90)

model = Sequential()
model.add(Dense(48, input_dim=5, activation="relu"))
model.add(Dense(3, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam")
model.fit(features, labels, epochs=40)

model = Sequential()
model.add(Dense(24, input_dim=5, activation="relu"))
model.add(Dense(1))
model.compile(loss="mean_squared_error", optimizer="adam")
model.fit(features, targets, epochs=60)

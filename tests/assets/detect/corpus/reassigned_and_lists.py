# Corpus finding (image_classification_efficientnet_fine_tuning, fixres, gnn_citations, ViT,
# wide_deep_cross_networks, image_classification_from_scratch): two common patterns are skipped.
# 1) A setting assigned twice, once per training phase (`epochs = 8` for the head, then
#    `epochs = 4` for fine-tuning): "'epochs' is assigned 2 times; left alone". Each assignment
#    that reaches a fit() is its own knob.
# 2) Layer widths given as a literal list iterated in a loop (`for units in [128, 64]:`,
#    `hidden_units = [64, 64]`): the widths are not detected.
# Expect: tune both epochs assignments (epochs, epochs_2), the two learning rates, the list
# elements 128 and 64 (Dense units in the loop) and HIDDEN = [32, 32].
# Leave alone: the output Dense(5).
import numpy as np
import keras
from keras import layers

data, target = np.random.rand(100, 12), np.random.randint(0, 5, 100)
HIDDEN = [32, 32]

inp = keras.Input(shape=(12,))
x = inp
for units in [128, 64]:
    x = layers.Dense(units, activation="relu")(x)
for units in HIDDEN:
    x = layers.Dense(units, activation="relu")(x)
out = layers.Dense(5, activation="softmax")(x)
model = keras.Model(inp, out)

model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="sparse_categorical_crossentropy")
epochs = 8
model.fit(data, target, epochs=epochs)

model.compile(optimizer=keras.optimizers.Adam(1e-5), loss="sparse_categorical_crossentropy")
epochs = 4
model.fit(data, target, epochs=epochs)

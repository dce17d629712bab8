# Corpus finding (timeseries_classification_transformer): a position-wise feed-forward made of
# Conv1D(kernel_size=1) with the default padding="valid", whose output is added to its input.
# Any kernel_size > 1 shortens the sequence and breaks the residual add.
# Expect: tune num_heads, key_dim, the first Conv1D filters (ff width), dropout, lr, epochs.
# Leave alone: both Conv1D kernel_size=1 (valid padding + residual), and the closing Conv1D's
# filters (tied to the input's last dimension).
import numpy as np
import keras
from keras import layers

series = np.random.rand(32, 100, 1)
classes = np.random.randint(0, 2, 32)


def encoder(inputs, head_size, num_heads, ff_dim, dropout=0.1):
    x = layers.MultiHeadAttention(key_dim=head_size, num_heads=num_heads, dropout=dropout)(inputs, inputs)
    res = layers.LayerNormalization(epsilon=1e-6)(x + inputs)
    x = layers.Conv1D(filters=ff_dim, kernel_size=1, activation="relu")(res)
    x = layers.Conv1D(filters=1, kernel_size=1)(x)
    return layers.LayerNormalization(epsilon=1e-6)(x + res)


inp = keras.Input(shape=(100, 1))
h = encoder(inp, head_size=64, num_heads=2, ff_dim=8)
h = layers.GlobalAveragePooling1D()(h)
out = layers.Dense(2, activation="softmax")(h)
model = keras.Model(inp, out)
model.compile(optimizer=keras.optimizers.Adam(1e-4), loss="sparse_categorical_crossentropy")
model.fit(series, classes, epochs=20)

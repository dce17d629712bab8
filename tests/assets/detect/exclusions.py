import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, models

SEED = 1234
VOCAB_SIZE = 20000
MAXLEN = 200
tf.random.set_seed(SEED)
x = np.random.rand(100, MAXLEN)
x_train, x_val = x[:80], x[80:]

model = models.Sequential([
    layers.Input(shape=(MAXLEN,)),
    layers.Embedding(VOCAB_SIZE, 64),
    layers.Reshape((MAXLEN, 64)),
    layers.LSTM(32, dropout=0.1),
    layers.Dense(1, activation="sigmoid"),
])
# model.add(layers.Dense(999))   commented-out code is never read
if False:
    model.add(layers.Dense(777))


def unused_model():
    return models.Sequential([layers.Dense(555), layers.Dense(2)])


model.compile(loss="binary_crossentropy", optimizer=tf.keras.optimizers.SGD(0.1, 0.9), metrics=["accuracy"])
model.fit(x_train, y_train, epochs=4, validation_data=(x_val, y_val))

import keras
from keras.layers import Dense, Dropout
import numpy as np

UNITS = 64
RATE = 0.25
BATCH = 32
LR = 1e-3
WIDTH = 48  # also used to reshape data below: must be left alone

data = np.zeros((10, WIDTH)).reshape(-1, WIDTH)
print(f"training with {UNITS} units")
model = keras.Sequential([
    keras.Input(shape=(WIDTH,)),
    Dense(UNITS, activation="relu"),
    Dropout(RATE),
    Dense(UNITS, activation="relu"),
    Dense(WIDTH),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=LR), loss="mse")
train = ds.shuffle(100).batch(BATCH)
model.fit(train, epochs=3, validation_data=val.batch(BATCH))

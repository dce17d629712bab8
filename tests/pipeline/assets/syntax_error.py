import keras
from keras import layers

model = keras.Sequential([layers.Dense(16, activation="relu")
model.compile(optimizer="adam", loss="mse")

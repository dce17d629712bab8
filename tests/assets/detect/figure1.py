# The constructs of the paper's Figure 1, in one script.
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.layers import Dense as D, ReLU

actv = ReLU(negative_slope=0.05)          # an object referenced through a variable
model = keras.models.Sequential()
model.add(D(128, activation=actv, input_shape=(20,)))   # partial class path via alias; positional units
model.add(tf.keras.layers.Dense(units=64, activation=ReLU(negative_slope=0.1)))  # full path; object as argument
model.add(keras.layers.Dropout(0.3))
model.add(D(3, activation="softmax"))     # output layer: left alone
model.compile(optimizer=keras.optimizers.RMSprop(lr=0.002), loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=20, batch_size=128, validation_split=0.1)

"""A small dense classifier for scikit-learn's 8x8 digits: optpar's first example.

Runs as is: `python examples/digits_mlp.py`. No download needed.
"""

import keras
from keras import layers
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

SEED = 42
NUM_CLASSES = 10
HIDDEN_UNITS = 32  # width of both hidden layers

digits = load_digits()
x = digits.data.astype("float32") / 16.0
y = digits.target
x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, random_state=SEED)

keras.utils.set_random_seed(SEED)
model = keras.Sequential(
    [
        keras.Input(shape=(64,)),
        layers.Dense(HIDDEN_UNITS, activation="relu"),
        layers.Dropout(0.2),
        layers.Dense(HIDDEN_UNITS, activation="relu"),
        layers.Dense(NUM_CLASSES, activation="softmax"),  # output: never tuned
    ]
)
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.001),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
model.fit(x_train, y_train, epochs=10, batch_size=64, validation_split=0.2, verbose=0)
loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
print(f"test accuracy: {accuracy:.3f}")

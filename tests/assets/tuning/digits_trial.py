"""A hand-written module in the shape `optpar.generate` produces (docs/CONTRACTS.md), for the runner's tests."""

import keras
from keras import layers
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

# The once-only part: imports and data loading run when the module is imported.
digits = load_digits()
x = digits.data[:600].astype("float32") / 16.0
y = digits.target[:600]
x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, random_state=0)

SPACE = [
    {"name": "units", "call": "Dense", "param": "units", "kind": "quniform", "low": 8, "high": 64, "q": 8,
     "original": 16, "line": 20, "col": 21},
    {"name": "activation", "call": "Dense", "param": "activation", "kind": "choice",
     "choices": ["relu", "tanh", "sigmoid"], "original": "relu", "line": 20, "col": 30},
    {"name": "learning_rate", "call": "Adam", "param": "learning_rate", "kind": "loguniform", "low": 1e-4,
     "high": 0.1, "original": 0.001, "line": 23, "col": 50},
]
METRIC = "val_loss"
MODE = "min"
EPOCHS = 2


def build_and_train(params, callbacks):
    model = keras.Sequential(
        [
            keras.Input(shape=(64,)),
            layers.Dense(params["units"], activation=params["activation"]),
            layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=params["learning_rate"]),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    history = model.fit(
        x_train, y_train, epochs=EPOCHS, batch_size=64, validation_split=0.25, verbose=0, callbacks=[*callbacks]
    )
    return model, history


def evaluate_best(model):
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    return {"loss": loss, "accuracy": accuracy}


if __name__ == "__main__":
    import optpar.tuning

    optpar.tuning.main(build_and_train, SPACE, evaluate=evaluate_best, metric=METRIC, mode=MODE)

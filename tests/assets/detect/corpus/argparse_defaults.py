# Corpus finding (npfl114: 67 of 92 scripts): settings live in argparse defaults and reach Keras
# as `args.<name>`. Nothing of them is detected; only literal activations are found.
# Expect: tune --hidden_units (Dense units), --dropout (Dropout rate), --learning_rate (Adam),
# --batch_size and --epochs (fit), by rewriting the `default=` literal.
# Leave alone: --seed, --threads, --verbose (not model settings), and the output Dense(10).
import argparse

import numpy as np
import tensorflow as tf

parser = argparse.ArgumentParser()
parser.add_argument("--batch_size", default=64, type=int, help="Batch size.")
parser.add_argument("--dropout", default=0.25, type=float, help="Dropout rate.")
parser.add_argument("--epochs", default=12, type=int, help="Number of epochs.")
parser.add_argument("--hidden_units", default=256, type=int, help="Hidden layer size.")
parser.add_argument("--learning_rate", default=0.002, type=float, help="Learning rate.")
parser.add_argument("--seed", default=7, type=int, help="Random seed.")
parser.add_argument("--threads", default=1, type=int, help="Threads to use.")
parser.add_argument("--verbose", default=2, type=int, help="Keras verbosity.")


def main(args):
    tf.keras.utils.set_random_seed(args.seed)
    pixels, digits = np.random.rand(200, 784), np.random.randint(0, 10, 200)
    model = tf.keras.Sequential([
        tf.keras.layers.Input([784]),
        tf.keras.layers.Dense(args.hidden_units, activation="relu"),
        tf.keras.layers.Dropout(args.dropout),
        tf.keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=tf.keras.optimizers.Adam(args.learning_rate),
                  loss="sparse_categorical_crossentropy")
    model.fit(pixels, digits, batch_size=args.batch_size, epochs=args.epochs, verbose=args.verbose)


if __name__ == "__main__":
    main(parser.parse_args([] if "__file__" not in globals() else None))

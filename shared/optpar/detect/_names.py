"""Resolve what a call refers to, through the module's imports, to a Keras name.

`tf.keras.layers.Dense`, `layers.Dense`, `Dense`, `from tensorflow.keras.layers
import Dense as D`, `import keras as K`, and standalone Keras 2 all resolve to
`Dense`. Anything not under a Keras module resolves to None.
"""

from __future__ import annotations

import re

# Module prefixes under which a name is Keras's. Order matters: longest first.
_KERAS_PREFIXES = (
    "tensorflow.compat.v1.keras.",
    "tensorflow.compat.v2.keras.",
    "tensorflow.python.keras.",
    "tensorflow.keras.",
    "tensorflow._api.v2.keras.",
    "tf_keras.",
    "keras.",
)
# Regularizer and activation helpers that Keras exposes as functions.
_FUNCTION_ALIASES = {"l1": "L1", "l2": "L2", "l1_l2": "L1L2", "L1L2": "L1L2"}
_ACTIVATION_MODULES = ("tensorflow.nn.", "tensorflow.math.", "keras.activations.", "keras.ops.", "keras.backend.")
MODEL_CLASSES = frozenset({"Sequential", "Model", "Functional"})


def keras_name(qualified: str) -> str | None:
    """`tensorflow.keras.layers.Dense` -> `Dense`; a non-Keras name -> None."""
    for prefix in _KERAS_PREFIXES:
        if qualified.startswith(prefix):
            last = qualified.rsplit(".", 1)[-1]
            return _FUNCTION_ALIASES.get(last, last)
    return None


def activation_name(qualified: str) -> str | None:
    """`tensorflow.nn.relu` or `keras.activations.gelu` -> the string Keras accepts."""
    for prefix in _KERAS_PREFIXES:
        if qualified.startswith(prefix):
            qualified = "keras." + qualified[len(prefix):]
            break
    for module in _ACTIVATION_MODULES:
        if qualified.startswith(module):
            name = qualified[len(module):]
            return name if name.isidentifier() else None
    return None


def is_keras_module(qualified: str) -> bool:
    return qualified in ("keras", "tensorflow", "tf_keras") or keras_name(qualified + ".x") is not None


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def snake(name: str) -> str:
    """`MaxPooling2D` -> `max_pooling2d`, `LeakyReLU` -> `leaky_relu`."""
    name = name.replace("ReLU", "Relu").replace("RNN", "Rnn").replace("LSTM", "Lstm").replace("GRU", "Gru")
    return _CAMEL.sub("_", name).lower()

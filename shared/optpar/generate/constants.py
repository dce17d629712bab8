"""Names the generated module defines, and the Keras names the generator recognises."""

from __future__ import annotations

DEFAULT_METRIC = "val_loss"
DEFAULT_MODE = "min"
DEFAULT_VALIDATION_SPLIT = 0.2

# Part of the contract with the tuning runner: these names must not change.
TRIAL_FUNCTION = "build_and_train"
EVALUATE_FUNCTION = "evaluate_best"
SPACE_NAME = "SPACE"
METRIC_NAME = "METRIC"
MODE_NAME = "MODE"
RESERVED_NAMES = (TRIAL_FUNCTION, EVALUATE_FUNCTION, SPACE_NAME, METRIC_NAME, MODE_NAME)

# Module-level holders the trial fills; the first name the user's code does not use wins.
HP_CANDIDATES = ("HP", "OPTPAR_HP", "_OPTPAR_HP")
CALLBACKS_CANDIDATES = ("CALLBACKS", "OPTPAR_CALLBACKS", "_OPTPAR_CALLBACKS")
PARAMS_CANDIDATES = ("params", "trial_params", "_optpar_params")
CALLBACKS_ARG_CANDIDATES = ("callbacks", "trial_callbacks", "_optpar_callbacks")
HISTORY_CANDIDATES = ("history", "fit_history", "_optpar_history")
METRICS_CANDIDATES = ("test_metrics", "optpar_test_metrics", "_optpar_test_metrics")

# Keras's roots: `tf.keras` resolves to `tensorflow.keras`.
KERAS_ROOTS = frozenset({"keras", "tensorflow", "tf_keras"})
# Keras namespaces whose classes load or feed data rather than build a model.
DATA_NAMESPACES = frozenset({"datasets", "utils", "preprocessing", "backend", "mixed_precision", "config"})
# Recognised by name where imports do not resolve (star imports, notebooks' implicit names).
MODEL_CLASSES = frozenset({"Sequential", "Model", "Input", "InputLayer", "Functional"})

FIT_METHODS = frozenset({"fit", "fit_generator"})
EVALUATE_METHODS = frozenset({"evaluate", "evaluate_generator", "predict", "predict_on_batch", "predict_generator"})
# `Model.fit`'s positional order in Keras 3: x, y, batch_size, epochs, verbose, callbacks, validation_split, validation_data.
FIT_POSITIONS = {"verbose": 4, "callbacks": 5, "validation_split": 6, "validation_data": 7}

"""Generate a standalone hyperopt tuning script from the user's own code, and write best values back.

`generate_script` rewrites the script with LibCST: tuned literals read a
module-level dict the trial fills, code that does not depend on a
hyperparameter runs once, and the model building and training become
`build_and_train(params, callbacks)`. `apply_values` writes chosen values into
the user's file in place of the original literals.
"""

from __future__ import annotations

from .apply import apply_values
from .exceptions import (
    GenerationError,
    LiteralMismatchError,
    LiteralNotFoundError,
    MissingValueError,
    NameClashError,
    NoFitCallError,
    NothingToTuneError,
)
from .script import generate_script
from .types import GeneratedScript, GenerateOptions

__all__ = [
    "GenerateOptions",
    "GeneratedScript",
    "GenerationError",
    "LiteralMismatchError",
    "LiteralNotFoundError",
    "MissingValueError",
    "NameClashError",
    "NoFitCallError",
    "NothingToTuneError",
    "apply_values",
    "generate_script",
]

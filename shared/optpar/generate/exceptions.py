"""Errors of code generation and write-back. All are `OptparError`s, so the CLI reports them cleanly."""

from __future__ import annotations

from ..exceptions import OptparError


class GenerationError(OptparError):
    """The tuning script cannot be generated from this code."""


class NothingToTuneError(GenerationError):
    """The detection found no hyperparameters, so there is no search to generate."""


class LiteralNotFoundError(GenerationError):
    """A hyperparameter's position does not hold a value in this source: the file changed since detection."""


class LiteralMismatchError(GenerationError):
    """The value at a hyperparameter's position is not its recorded original: the file changed since detection."""


class NameClashError(GenerationError):
    """The user's code already defines a name the generated module must define."""


class NoFitCallError(GenerationError):
    """No `fit` call trains the model, so there is no validation metric to optimise."""


class MissingValueError(GenerationError):
    """`apply_values` was given no value for a hyperparameter it was asked to write."""

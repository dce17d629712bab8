"""Named errors. Their class names cross the state machine, so keep them stable."""

from __future__ import annotations


class OptparError(Exception):
    """Base class of every error optpar raises on purpose."""


class InputError(OptparError):
    """The user's file cannot be analysed. Carries where the problem is."""

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        col: int | None = None,
        cell: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line
        self.col = col
        self.cell = cell

    def location(self) -> str:
        """`file, cell 2, line 5, column 3`, with only the parts that are known."""
        parts = [self.source] if self.source else []
        if self.cell is not None:
            parts.append(f"cell {self.cell}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.col is not None:
            parts.append(f"column {self.col}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message

    def to_dict(self) -> dict[str, object]:
        return {
            "type": type(self).__name__,
            "message": self.message,
            "line": self.line,
            "cell": self.cell,
        }


class ScriptParseError(InputError):
    """The script is not valid Python (a syntax error)."""


class NotebookFormatError(InputError):
    """The notebook is not valid nbformat JSON."""


class BinaryFileError(InputError):
    """The file is binary or not UTF-8 text."""


class EmptyScriptError(InputError):
    """The file holds no code."""


class FileTooLargeError(InputError):
    """The file is over the size limit."""


class SourceReadError(InputError):
    """The file cannot be read (missing, a folder, no permission)."""


class UnsupportedFileTypeError(InputError):
    """Neither a `.py` script nor an `.ipynb` notebook."""


class NoModelFoundError(InputError):
    """The script builds no Keras model, so there is nothing to tune."""


class SpaceValidationError(OptparError):
    """A search space (edited by a person, or loaded from JSON) is invalid."""


class MetadataError(OptparError):
    """The hyperparameter metadata CSV is malformed."""

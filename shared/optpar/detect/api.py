"""Public entry points of detection."""

from __future__ import annotations

import ast
from pathlib import Path

from ..exceptions import ScriptParseError
from ..metadata import Metadata, load_metadata
from ..source import Source, read_source, source_from_bytes
from ..types import Detection
from ._build import build_hyperparameters
from ._index import ModuleIndex


def detect_path(path: str | Path, *, metadata: Metadata | None = None) -> Detection:
    """Detect the hyperparameters of a script or notebook on disk, without running it.

    Args:
        path: a `.py` script or `.ipynb` notebook.
        metadata: the parsed metadata CSV; the packaged one by default.

    Returns:
        A `Detection`. Empty `hyperparameters` with a `reason` means nothing to tune.

    Raises:
        InputError: a subclass naming the problem and where it is (file, cell, line).

    Example:
        >>> detect_path("examples/digits_mlp.py").names  # doctest: +SKIP
        ('hidden_units', 'dropout_1.rate', 'learning_rate', 'epochs', 'batch_size')
    """
    return detect_source(read_source(path), metadata=metadata)


def detect_bytes(data: bytes, name: str, *, metadata: Metadata | None = None) -> Detection:
    """Detect from bytes already in memory (an S3 object in Lambda)."""
    return detect_source(source_from_bytes(data, name), metadata=metadata)


def detect_source(source: Source, *, metadata: Metadata | None = None) -> Detection:
    """Detect from a decoded `Source`."""
    metadata = metadata or load_metadata()
    index = ModuleIndex.build(parse_tree(source), source.code)
    warnings = list(source.warnings)
    if not index.uses_keras and not index.keras_calls:
        return Detection(source.path, (), tuple(warnings), source.notebook,
                         reason="no Keras or TensorFlow import: this does not look like a Keras model script")
    hyperparameters = build_hyperparameters(source, index, metadata, warnings)
    reason = None
    if not hyperparameters:
        reason = ("no tunable values found: the script builds no Keras layers, optimizer or fit call "
                  "with literal settings we can tune" if not index.keras_calls else
                  "the model's settings are all task-defined or computed, so there is nothing safe to tune")
    return Detection(source.path, hyperparameters, tuple(warnings), source.notebook, reason)


def parse_tree(source: Source) -> ast.Module:
    """Parse (never run) the code, turning a syntax error into `ScriptParseError` at the user's cell and line."""
    try:
        return ast.parse(source.code, filename=source.path)
    except SyntaxError as exc:
        cell, line = source.line_map.locate(exc.lineno or 1)
        raise ScriptParseError(
            f"syntax error: {exc.msg}", source=source.path, line=line, col=max((exc.offset or 1) - 1, 0), cell=cell
        ) from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise ScriptParseError(f"cannot parse the code: {exc}", source=source.path) from None

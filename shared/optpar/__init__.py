"""optpar: find the hyperparameters in a Keras script and tune them.

Importing this package imports no heavy dependency (TensorFlow, hyperopt, boto3).
"""

from __future__ import annotations

from .exceptions import InputError, OptparError, SpaceValidationError
from .types import Detection, Hyperparameter, Kind, Use

__version__ = "0.1.0"


def detect_path(path: str, **kwargs: object) -> Detection:
    """Detect the hyperparameters of the script or notebook at `path`. See `optpar.detect`."""
    from .detect import detect_path as _detect_path

    return _detect_path(path, **kwargs)  # type: ignore[arg-type]


__all__ = [
    "Detection",
    "Hyperparameter",
    "InputError",
    "Kind",
    "OptparError",
    "SpaceValidationError",
    "Use",
    "__version__",
    "detect_path",
]

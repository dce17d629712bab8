"""Ranges for one hyperparameter, centred on the user's value where that makes sense."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..metadata import ParamSpec
from ..types import Kind

# Hidden-layer activations a user may already be using; any is kept as the original.
KNOWN_ACTIVATIONS = frozenset(
    {"relu", "elu", "selu", "tanh", "sigmoid", "gelu", "swish", "silu", "softplus", "softsign",
     "leaky_relu", "relu6", "mish", "hard_sigmoid", "hard_swish", "exponential"}
)


WIDTHS = frozenset({"units", "filters", "output_dim", "key_dim"})
MIN_WIDTH = 4

# Sigmoid and softmax on a hidden layer are gates or attention weights, not a style choice.
GATES = frozenset({"sigmoid", "hard_sigmoid", "softmax", "log_softmax"})


@dataclass(frozen=True)
class Range:
    kind: Kind
    low: float | None = None
    high: float | None = None
    q: float | None = None
    choices: tuple[Any, ...] | None = None


class RangeError(ValueError):
    """The value cannot be tuned with this spec; the message says why."""


def build_range(spec: ParamSpec, original: Any) -> Range:
    """A range or choice list for `original` under `spec`.

    Raises:
        RangeError: when the value's type does not fit the spec (left alone, with a warning).
    """
    if not spec.numeric:
        return _string_choice(spec, original)
    if isinstance(original, tuple):
        return _tuple_choice(spec, original)
    if isinstance(original, bool) or not isinstance(original, (int, float)):
        raise RangeError(f"expected a number, found {original!r}")
    if spec.integer and not float(original).is_integer():
        raise RangeError(f"expected a whole number, found {original!r}")
    if spec.kind is Kind.CHOICE:
        return Range(Kind.CHOICE, choices=tuple(_int_choices(spec, int(original))))
    if spec.scale == "log":
        return _log_range(spec, float(original))
    if spec.kind is Kind.QUNIFORM:
        low = max(int(spec.low or 1), int(original) // 2)
        high = max(int(original) * 2, low + 1)
        return Range(Kind.QUNIFORM, low=low, high=high, q=1)
    bottom = min(spec.low if spec.low is not None else original, original)
    top = max(spec.high if spec.high is not None else original, original)
    return Range(spec.kind, low=bottom, high=top if top > bottom else bottom + 1.0)


def _string_choice(spec: ParamSpec, original: Any) -> Range:
    if not isinstance(original, str):
        raise RangeError(f"expected a name such as 'relu', found {original!r}")
    if spec.param == "activation" and original.lower() in GATES:
        raise RangeError(f"activation {original!r} gates or normalises; left alone")
    if spec.param == "activation" and original.lower() not in KNOWN_ACTIVATIONS:
        raise RangeError(f"activation {original!r} is not a hidden-layer activation we tune")
    choices = [original] + [c for c in spec.choices if c.lower() != original.lower()]
    return Range(Kind.CHOICE, choices=tuple(choices))


def _tuple_choice(spec: ParamSpec, original: tuple[Any, ...]) -> Range:
    if not original or any(isinstance(v, bool) or not isinstance(v, int) for v in original):
        raise RangeError(f"expected a tuple of whole numbers, found {original!r}")
    if len(set(original)) != 1:
        raise RangeError(f"{original!r} is not square; non-square sizes are left alone")
    sides = _int_choices(spec, original[0])
    return Range(Kind.CHOICE, choices=tuple(tuple([s] * len(original)) for s in sides))


def _int_choices(spec: ParamSpec, value: int) -> list[int]:
    lo = int(spec.low) if spec.low is not None else 1
    hi = int(spec.high) if spec.high is not None else max(value * 4, 1)
    if spec.scale == "pow2":
        if value <= 0:
            raise RangeError(f"expected a positive size, found {value}")
        if spec.param in WIDTHS and value < MIN_WIDTH:
            raise RangeError("a size below 4 is task-defined (an output or distribution parameters); left alone")
        if spec.param in WIDTHS:
            lo = max(lo, MIN_WIDTH)  # so a tuned width is still detected as one
        centre = round(math.log2(value))
        options = {2**e for e in range(centre - 2, centre + 3) if lo <= 2**e <= hi}
    elif spec.scale == "odd":
        if value == 1:
            raise RangeError("a 1x1 kernel is a projection, not a receptive field; left alone (task-defined)")
        # 1 is left out: a 1x1 kernel is a projection, and is not detected as a knob.
        options = {v for v in range(value - 4, value + 5) if v % 2 == 1 and max(lo, 3) <= v <= hi}
    else:
        options = {v for v in range(value - 1, value + 3) if lo <= v <= hi}
    options.add(value)
    return sorted(options)


def _log_range(spec: ParamSpec, value: float) -> Range:
    if value <= 0:
        raise RangeError(f"a log-scale value must be positive, found {value}")
    low = max(value / 10, spec.low or 0) if spec.low else value / 10
    high = min(value * 10, spec.high) if spec.high else value * 10
    low, high = min(low, value), max(high, value)
    kind = Kind.QLOGUNIFORM if spec.integer else Kind.LOGUNIFORM
    return Range(kind, low=_tidy(low), high=_tidy(high), q=1 if spec.integer else None)


def _tidy(x: float) -> float:
    # 0.0001 rather than 9.999999999999999e-05 in emails and consoles.
    return float(f"{x:.6g}")

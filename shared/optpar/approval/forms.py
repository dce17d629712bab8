"""Turn the review form into an edited space, validated on the server.

Fields are keyed by the row's index, not the hyperparameter's name, so names
with any characters round-trip: `hp-3-on` (ticked), `hp-3-low`, `hp-3-high`,
`hp-3-choice` (indices of the kept choices) and `hp-3-add` (new choices).
"""

from __future__ import annotations

import ast
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..exceptions import SpaceValidationError
from ..space import apply_edits
from ..types import Hyperparameter, Kind

_LITERALS = (str, int, float, bool, type(None), tuple)


@dataclass(frozen=True)
class Review:
    """The approver's result: the space to search, and what they changed."""

    space: tuple[Hyperparameter, ...]
    removed: tuple[str, ...]
    edited: tuple[str, ...]


def field(index: int, part: str) -> str:
    return f"hp-{index}-{part}"


def review_from_form(space: Sequence[Hyperparameter], form: Mapping[str, Sequence[str]]) -> Review:
    """Read the approver's choices from the posted form and apply them.

    Raises:
        SpaceValidationError: a value is not a number, a range does not hold
            the original value, or nothing is left to tune. Nothing is decided.
    """
    edits: dict[str, dict[str, Any]] = {}
    removed: list[str] = []
    edited: list[str] = []
    for index, hp in enumerate(space):
        if not form.get(field(index, "on")):
            edits[hp.name] = {"enabled": False}
            removed.append(hp.name)
            continue
        edit = _choice_edit(index, hp, form) if hp.kind is Kind.CHOICE else _range_edit(index, hp, form)
        if edit:
            edits[hp.name] = edit
            edited.append(hp.name)
    if space and len(removed) == len(space):
        raise SpaceValidationError(
            "every hyperparameter is unticked, so there is nothing to search; tick one, or reject"
        )
    return Review(space=apply_edits(space, edits), removed=tuple(removed), edited=tuple(edited))


def _range_edit(index: int, hp: Hyperparameter, form: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    low = _number(hp.name, "low", _first(form, field(index, "low")), hp.low)
    high = _number(hp.name, "high", _first(form, field(index, "high")), hp.high)
    if low == hp.low and high == hp.high:
        return {}
    return {"low": low, "high": high}


def _choice_edit(index: int, hp: Hyperparameter, form: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    current = tuple(hp.choices or ())
    kept: list[Any] = []
    for raw in form.get(field(index, "choice"), ()):
        if not raw.isdigit() or int(raw) >= len(current):
            raise SpaceValidationError(f"{hp.name}: the form names a choice that does not exist ({raw!r})")
        value = current[int(raw)]
        if not any(repr(value) == repr(k) for k in kept):
            kept.append(value)
    # Keep the detected order, then the approver's additions in the order typed.
    kept.sort(key=lambda v: [repr(c) for c in current].index(repr(v)))
    for value in parse_values(hp.name, _first(form, field(index, "add"))):
        if not any(repr(value) == repr(k) for k in kept):
            kept.append(value)
    if [repr(v) for v in kept] == [repr(v) for v in current]:
        return {}
    return {"choices": kept}


def parse_values(name: str, text: str) -> list[Any]:
    """`32, 64` or `"elu", "selu"` or `elu, selu` or `(3, 3), (5, 5)`: Python literals, bare words as text."""
    text = text.strip()
    if not text:
        return []
    try:
        values = ast.literal_eval(f"[{text}]")
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        values = [_one(part.strip()) for part in text.split(",") if part.strip()]
    for value in values:
        if not isinstance(value, _LITERALS) or (isinstance(value, float) and not math.isfinite(value)):
            raise SpaceValidationError(f"{name}: cannot use {value!r} as a choice; write numbers, words or tuples")
    return values


def _one(token: str) -> Any:
    try:
        return ast.literal_eval(token)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return token


def _number(name: str, key: str, text: str, default: float | None) -> float | None:
    text = text.strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise SpaceValidationError(f"{name}: {key} must be a number, got {text!r}") from None
    if not math.isfinite(value):
        raise SpaceValidationError(f"{name}: {key} must be a finite number, got {text!r}")
    return value


def _first(form: Mapping[str, Sequence[str]], key: str) -> str:
    values = form.get(key) or ("",)
    return values[0]

"""Write a Python value as source text, in the style of the literal it replaces."""

from __future__ import annotations

import math
from typing import Any

import libcst as cst

from ..types import Hyperparameter


def coerce(hp: Hyperparameter, value: Any) -> Any:
    """Give a value the original's type: a search returns 64.0 where the user wrote 64."""
    original = hp.original
    if isinstance(original, bool) or value is None:
        return value
    if isinstance(original, int) and isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(original, tuple) and isinstance(value, list):
        return tuple(value)
    return value


def value_code(value: Any, like: cst.BaseExpression | None = None) -> str:
    """Source text for `value`. Strings keep the quote of `like`; sequences keep its brackets.

    Raises:
        ValueError: for a value that has no literal form (a NaN, an object).
    """
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} has no literal form in Python source")
        return repr(value)
    if isinstance(value, str):
        return _string(value, like)
    if isinstance(value, (tuple, list)):
        inner_like = _elements(like)
        parts = [value_code(v, inner_like[i] if i < len(inner_like) else None) for i, v in enumerate(value)]
        if isinstance(like, cst.List) or (like is None and isinstance(value, list)):
            return "[" + ", ".join(parts) + "]"
        if len(parts) == 1:
            return "(" + parts[0] + ",)"
        return "(" + ", ".join(parts) + ")"
    raise ValueError(f"{value!r} ({type(value).__name__}) has no literal form in Python source")


def _string(value: str, like: cst.BaseExpression | None) -> str:
    quote = '"'
    if isinstance(like, cst.SimpleString) and like.prefix == "" and len(like.quote) == 1:
        quote = like.quote
    plain = value.isprintable() and "\\" not in value and quote not in value
    return f"{quote}{value}{quote}" if plain else repr(value)


def _elements(like: cst.BaseExpression | None) -> list[cst.BaseExpression]:
    if isinstance(like, (cst.Tuple, cst.List)):
        return [e.value for e in like.elements]
    return []

"""The search space: validation, edits by a person, and conversion to hyperopt.

A space is a tuple of `Hyperparameter`s. On disk it is `space.json`, the same
shape as `optpar detect --json`'s output for one file.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from .exceptions import SpaceValidationError
from .types import Detection, Hyperparameter, Kind

_NUMERIC = (Kind.UNIFORM, Kind.QUNIFORM, Kind.LOGUNIFORM, Kind.QLOGUNIFORM)


def validate_space(space: Iterable[Hyperparameter]) -> tuple[Hyperparameter, ...]:
    """Check that every entry is well formed and holds its original value.

    Raises:
        SpaceValidationError: naming the entry and what is wrong with it.
    """
    hps = tuple(space)
    seen: set[str] = set()
    for hp in hps:
        if not hp.name:
            raise SpaceValidationError("a hyperparameter has an empty name")
        if hp.name in seen:
            raise SpaceValidationError(f"{hp.name}: the name appears twice; names must be unique")
        seen.add(hp.name)
        if hp.kind is Kind.CHOICE:
            _check_choice(hp)
        else:
            _check_numeric(hp)
    return hps


def _check_choice(hp: Hyperparameter) -> None:
    if not hp.choices:
        raise SpaceValidationError(f"{hp.name}: a choice needs at least one value, got none")
    if len(set(map(repr, hp.choices))) != len(hp.choices):
        raise SpaceValidationError(f"{hp.name}: choices repeat a value: {list(hp.choices)}")
    if hp.original not in hp.choices:
        raise SpaceValidationError(
            f"{hp.name}: the original value {hp.original!r} must stay among the choices {list(hp.choices)}"
        )


def _check_numeric(hp: Hyperparameter) -> None:
    low, high = hp.low, hp.high
    if not isinstance(low, (int, float)) or not isinstance(high, (int, float)) or isinstance(low, bool):
        raise SpaceValidationError(f"{hp.name}: {hp.kind.value} needs numeric low and high, got {low!r} and {high!r}")
    if not (math.isfinite(low) and math.isfinite(high)) or low >= high:
        raise SpaceValidationError(f"{hp.name}: low must be below high, got low={low} high={high}")
    if hp.kind in (Kind.LOGUNIFORM, Kind.QLOGUNIFORM) and low <= 0:
        raise SpaceValidationError(f"{hp.name}: a log range must be positive, got low={low}")
    if hp.kind in (Kind.QUNIFORM, Kind.QLOGUNIFORM) and (hp.q is None or hp.q <= 0):
        raise SpaceValidationError(f"{hp.name}: {hp.kind.value} needs a positive step q, got {hp.q!r}")
    original = hp.original
    if not isinstance(original, (int, float)) or isinstance(original, bool):
        raise SpaceValidationError(f"{hp.name}: the original value {original!r} is not a number")
    if not low <= original <= high:
        raise SpaceValidationError(
            f"{hp.name}: the original value {original} must lie inside [{low}, {high}]"
        )


def apply_edits(space: Iterable[Hyperparameter], edits: Mapping[str, Mapping[str, Any]]) -> tuple[Hyperparameter, ...]:
    """Apply a person's edits: `{name: {"enabled": False}}` removes an entry,
    `{name: {"low": .., "high": ..}}` or `{name: {"choices": [..]}}` changes it.

    Raises:
        SpaceValidationError: for an unknown name, an unknown field, or an edit
            that leaves an invalid entry (the original must stay inside).
    """
    by_name = {hp.name: hp for hp in space}
    unknown = sorted(set(edits) - set(by_name))
    if unknown:
        raise SpaceValidationError(f"edits name hyperparameters that are not in the space: {', '.join(unknown)}")
    out: list[Hyperparameter] = []
    for name, hp in by_name.items():
        edit = dict(edits.get(name, {}))
        if edit.pop("enabled", True) is False:
            continue
        bad = sorted(set(edit) - {"low", "high", "q", "choices"})
        if bad:
            raise SpaceValidationError(f"{name}: cannot edit {', '.join(bad)}; only low, high, q and choices")
        if "choices" in edit:
            if hp.kind is not Kind.CHOICE:
                raise SpaceValidationError(f"{name}: choices apply only to a choice, this is {hp.kind.value}")
            edit["choices"] = tuple(_coerce_like(c, hp.original) for c in edit["choices"])
        for key in ("low", "high", "q"):
            if key in edit:
                if hp.kind is Kind.CHOICE:
                    raise SpaceValidationError(f"{name}: a choice has no {key}; edit its choices")
                edit[key] = _number(name, key, edit[key])
        out.append(replace(hp, **edit))
    return validate_space(out)


def _number(name: str, key: str, value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise SpaceValidationError(f"{name}: {key} must be a number, got {value!r}") from None
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _coerce_like(value: Any, original: Any) -> Any:
    # Values typed into a form arrive as text; give them the original's type.
    if isinstance(value, str) and isinstance(original, (int, float)) and not isinstance(original, bool):
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if isinstance(original, int) and number.is_integer() else number
    if isinstance(value, list):
        return tuple(value)
    return value


def load_space(path: str | Path) -> tuple[Hyperparameter, ...]:
    """Read `space.json` (or a detection JSON) and validate it."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SpaceValidationError(f"{path}: cannot read the space: {exc}") from exc
    entries = data["hyperparameters"] if isinstance(data, dict) else data
    try:
        return validate_space(Hyperparameter.from_dict(e) for e in entries)
    except (KeyError, TypeError, ValueError) as exc:
        raise SpaceValidationError(f"{path}: malformed entry: {exc}") from exc


def space_to_json(detection: Detection, space: Iterable[Hyperparameter] | None = None) -> str:
    hps = detection.hyperparameters if space is None else tuple(space)
    return json.dumps(replace(detection, hyperparameters=hps).to_dict(), indent=2)


def original_params(space: Iterable[Hyperparameter]) -> dict[str, Any]:
    """The user's own values, keyed by name: the first trial."""
    return {hp.name: hp.original for hp in space}


def to_hyperopt(space: Iterable[Hyperparameter]) -> dict[str, Any]:
    """hyperopt's space dict. Imports hyperopt, so call it only where it is installed."""
    try:
        from hyperopt import hp as hpo
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ImportError("tuning needs hyperopt: pip install 'optpar[tune]'") from exc
    out: dict[str, Any] = {}
    for h in space:
        if h.kind is Kind.CHOICE:
            out[h.name] = hpo.choice(h.name, list(h.choices or ()))
        elif h.kind is Kind.UNIFORM:
            out[h.name] = hpo.uniform(h.name, h.low, h.high)
        elif h.kind is Kind.QUNIFORM:
            out[h.name] = hpo.quniform(h.name, h.low, h.high, h.q)
        elif h.kind is Kind.LOGUNIFORM:
            out[h.name] = hpo.loguniform(h.name, math.log(h.low), math.log(h.high))  # type: ignore[arg-type]
        else:
            out[h.name] = hpo.qloguniform(h.name, math.log(h.low), math.log(h.high), h.q)  # type: ignore[arg-type]
    return out


def to_point(space: Iterable[Hyperparameter], params: Mapping[str, Any]) -> dict[str, Any]:
    """hyperopt's encoding of concrete values (choice -> index), for points_to_evaluate."""
    point: dict[str, Any] = {}
    for h in space:
        value = params[h.name]
        point[h.name] = list(h.choices or ()).index(value) if h.kind is Kind.CHOICE else value
    return point


def cast_params(space: Iterable[Hyperparameter], params: Mapping[str, Any]) -> dict[str, Any]:
    """Give sampled values the original's type: quniform gives floats where Keras wants ints."""
    out: dict[str, Any] = {}
    for h in space:
        value = params[h.name]
        if isinstance(h.original, int) and not isinstance(h.original, bool) and isinstance(value, float):
            value = round(value)
        out[h.name] = value
    return out

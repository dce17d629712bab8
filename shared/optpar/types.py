"""Frozen result objects shared by detection, generation, tuning and the cloud steps."""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from typing import Any


class Kind(str, enum.Enum):
    """hyperopt's distribution names."""

    CHOICE = "choice"
    UNIFORM = "uniform"
    QUNIFORM = "quniform"
    LOGUNIFORM = "loguniform"
    QLOGUNIFORM = "qloguniform"


@dataclass(frozen=True)
class Use:
    """A place in the code that reads a hyperparameter held in a variable."""

    call: str
    param: str
    line: int
    col: int
    cell: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Hyperparameter:
    """One tunable value found in the user's code.

    `line`/`col`/`cell` point at the literal that will be replaced: for a value
    held in a variable, at the variable's definition. `line` is 1-based, `col`
    0-based; for notebooks `cell` indexes the notebook's `cells` list and `line`
    counts within that cell.
    """

    name: str
    call: str
    param: str
    kind: Kind
    original: Any
    line: int
    col: int
    cell: int | None = None
    low: float | None = None
    high: float | None = None
    q: float | None = None
    choices: tuple[Any, ...] | None = None
    variable: str | None = None
    uses: tuple[Use, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "call": self.call,
            "param": self.param,
            "kind": self.kind.value,
            "low": self.low,
            "high": self.high,
            "q": self.q,
            "choices": None if self.choices is None else [_jsonable(c) for c in self.choices],
            "original": _jsonable(self.original),
            "line": self.line,
            "col": self.col,
            "cell": self.cell,
            "variable": self.variable,
            "uses": [u.to_dict() for u in self.uses],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Hyperparameter:
        choices = data.get("choices")
        return cls(
            name=data["name"],
            call=data.get("call", ""),
            param=data.get("param", ""),
            kind=Kind(data["kind"]),
            original=_from_json(data.get("original")),
            line=int(data.get("line") or 0),
            col=int(data.get("col") or 0),
            cell=data.get("cell"),
            low=data.get("low"),
            high=data.get("high"),
            q=data.get("q"),
            choices=None if choices is None else tuple(_from_json(c) for c in choices),
            variable=data.get("variable"),
            uses=tuple(Use(**u) for u in data.get("uses", ())),
        )


@dataclass(frozen=True)
class Detection:
    """What `detect` found in one file. `hyperparameters` empty means nothing to tune."""

    source: str
    hyperparameters: tuple[Hyperparameter, ...]
    warnings: tuple[str, ...] = ()
    notebook: bool = False
    reason: str | None = field(default=None)
    """Why nothing was found, when `hyperparameters` is empty."""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(h.name for h in self.hyperparameters)

    def get(self, name: str) -> Hyperparameter:
        for h in self.hyperparameters:
            if h.name == name:
                return h
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "source": self.source,
            "hyperparameters": [h.to_dict() for h in self.hyperparameters],
            "warnings": list(self.warnings),
        }
        if self.reason is not None:
            out["reason"] = self.reason
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Detection:
        return cls(
            source=data["source"],
            hyperparameters=tuple(Hyperparameter.from_dict(h) for h in data["hyperparameters"]),
            warnings=tuple(data.get("warnings", ())),
            notebook=str(data["source"]).endswith(".ipynb"),
            reason=data.get("reason"),
        )


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value


def _from_json(value: Any) -> Any:
    # JSON has no tuples; Keras accepts tuples where users wrote them (kernel sizes).
    if isinstance(value, list):
        return tuple(_from_json(v) for v in value)
    return value

"""The hyperparameter metadata CSV (the paper's table, plus `Scale` and `Aliases`).

Columns: Layer, ParamName, Hptype, ParamOrder, Base, Type, Min, Max, Int, Set,
Scale, Aliases. See `metadata/README.md`.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .constants import METADATA_FILENAME
from .exceptions import MetadataError
from .types import Kind

_SCALES = frozenset({"linear", "log", "pow2", "odd", ""})


@dataclass(frozen=True)
class ParamSpec:
    """One row: how to find and range one parameter of one Keras class."""

    layer: str
    param: str
    kind: Kind
    order: int | None
    base: str
    numeric: bool
    low: float | None
    high: float | None
    integer: bool
    choices: tuple[str, ...]
    scale: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Metadata:
    """All rows, indexed by Keras class name."""

    specs: tuple[ParamSpec, ...]

    @functools.cached_property
    def by_layer(self) -> dict[str, tuple[ParamSpec, ...]]:
        index: dict[str, list[ParamSpec]] = {}
        for spec in self.specs:
            index.setdefault(spec.layer, []).append(spec)
        return {k: tuple(v) for k, v in index.items()}

    def for_call(self, layer: str) -> tuple[ParamSpec, ...]:
        return self.by_layer.get(layer, ())

    def spec(self, layer: str, keyword: str) -> ParamSpec | None:
        """The row for `layer`'s argument `keyword`, accepting aliases such as `lr`."""
        for spec in self.for_call(layer):
            if keyword == spec.param or keyword in spec.aliases:
                return spec
        return None

    def positional(self, layer: str, position: int) -> ParamSpec | None:
        for spec in self.for_call(layer):
            if spec.order == position:
                return spec
        return None

    def bases(self, base: str) -> frozenset[str]:
        return frozenset(s.layer for s in self.specs if s.base == base)


def parse_metadata(text: str, origin: str = "<metadata>") -> Metadata:
    """Parse the CSV text.

    Raises:
        MetadataError: naming the row and the column that is wrong.
    """
    reader = csv.DictReader(io.StringIO(text))
    required = {"Layer", "ParamName", "Hptype", "ParamOrder", "Base", "Type", "Min", "Max", "Int", "Set"}
    missing = required - set(reader.fieldnames or ())
    if missing:
        raise MetadataError(f"{origin}: missing columns {sorted(missing)}")
    specs = []
    for number, row in enumerate(reader, start=2):
        try:
            specs.append(_row(row))
        except (ValueError, KeyError) as exc:
            raise MetadataError(f"{origin}, row {number}: {exc}") from exc
    return Metadata(tuple(specs))


def _row(row: dict[str, str]) -> ParamSpec:
    numeric = row["Type"].strip() == "n"
    scale = (row.get("Scale") or "").strip()
    if scale not in _SCALES:
        raise ValueError(f"unknown Scale {scale!r}; expected one of {sorted(_SCALES - {''})}")
    order = row["ParamOrder"].strip()
    return ParamSpec(
        layer=row["Layer"].strip(),
        param=row["ParamName"].strip(),
        kind=Kind(row["Hptype"].strip()),
        order=int(order) if order else None,
        base=row["Base"].strip(),
        numeric=numeric,
        low=float(row["Min"]) if row["Min"].strip() else None,
        high=float(row["Max"]) if row["Max"].strip() else None,
        integer=row["Int"].strip() in ("1", "true", "True"),
        choices=tuple(s.strip() for s in row["Set"].split(",") if s.strip()),
        scale=scale or ("log" if row["Hptype"].strip().endswith("loguniform") else "linear"),
        aliases=tuple(s.strip() for s in (row.get("Aliases") or "").split(",") if s.strip()),
    )


@functools.lru_cache(maxsize=8)
def load_metadata(path: str | None = None) -> Metadata:
    """The packaged CSV, or the one at `path` (handlers pass the configured path)."""
    if path is not None:
        return parse_metadata(Path(path).read_text(encoding="utf-8"), path)
    resource = resources.files("optpar") / "metadata" / METADATA_FILENAME
    return parse_metadata(resource.read_text(encoding="utf-8"), str(resource))

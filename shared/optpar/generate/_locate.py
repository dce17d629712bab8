"""Find the expression node each hyperparameter points at (its literal, or a name such as `tf.nn.relu`)."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from ..source import Source
from ..types import Hyperparameter
from .exceptions import LiteralMismatchError, LiteralNotFoundError

# Expressions a hyperparameter may point at. A call or an operation starting at the
# same column is never the value itself (`0.5 * x` starts where `0.5` does).
_VALUE_NODES = (
    cst.Integer,
    cst.Float,
    cst.Imaginary,
    cst.SimpleString,
    cst.ConcatenatedString,
    cst.Name,
    cst.Attribute,
    cst.UnaryOperation,
    cst.Tuple,
    cst.List,
)


@dataclass(frozen=True)
class Located:
    """A hyperparameter's node in the parsed module, and where it sits."""

    hp: Hyperparameter
    node: cst.BaseExpression
    where: CodeRange


class _StartIndex(cst.CSTVisitor):
    """Outermost value-like expression starting at each (line, column)."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self) -> None:
        super().__init__()
        self.at: dict[tuple[int, int], tuple[cst.BaseExpression, CodeRange]] = {}

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, _VALUE_NODES):
            where = self.get_metadata(PositionProvider, node)
            lpar, rpar = getattr(node, "lpar", ()), getattr(node, "rpar", ())
            if lpar and rpar:
                # Parentheses belong to the node (`(3, 3)`): its text, and what a tool may report, start there.
                start = self.get_metadata(PositionProvider, lpar[0]).start
                where = CodeRange(start, self.get_metadata(PositionProvider, rpar[-1]).end)
                self.at.setdefault((start.line, start.column), (node, where))
            # Visiting is outside-in, so the first node seen at a position is the outermost.
            inner = self.get_metadata(PositionProvider, node).start
            self.at.setdefault((inner.line, inner.column), (node, where))
        return True


def module_line(source: Source, hp: Hyperparameter) -> int:
    """The hyperparameter's line in `source.code` (notebook cells are joined there)."""
    if hp.cell is None or not source.notebook:
        return hp.line
    try:
        return source.line_map.module_line(hp.cell, hp.line)
    except KeyError:
        raise LiteralNotFoundError(
            f"{hp.name}: the notebook has no line {hp.line} in cell {hp.cell}; "
            "the notebook changed since detection, so detect it again"
        ) from None


def locate(
    wrapper: MetadataWrapper, source: Source, space: Iterable[Hyperparameter], *, strict: bool
) -> tuple[dict[str, Located], tuple[str, ...]]:
    """Map each hyperparameter's name to its node in `wrapper.module`.

    With `strict`, a value that differs from the recorded original raises; without, it is a warning.

    Raises:
        LiteralNotFoundError: nothing value-like starts at a hyperparameter's position.
        LiteralMismatchError: with `strict`, the value there is not the original.
    """
    index = _StartIndex()
    wrapper.visit(index)
    found: dict[str, Located] = {}
    warnings: list[str] = []
    for hp in space:
        line = module_line(source, hp)
        hit = index.at.get((line, hp.col))
        if hit is None:
            place = f"cell {hp.cell}, line {hp.line}" if hp.cell is not None else f"line {hp.line}"
            raise LiteralNotFoundError(
                f"{hp.name}: expected the value {hp.original!r} at {place}, column {hp.col}, found none; "
                "the file changed since detection, so detect it again"
            )
        node, where = hit
        problem = _mismatch(wrapper.module, node, hp)
        if problem:
            if strict:
                raise LiteralMismatchError(problem)
            warnings.append(problem)
        found[hp.name] = Located(hp, node, where)
    return found, tuple(warnings)


def _mismatch(module: cst.Module, node: cst.BaseExpression, hp: Hyperparameter) -> str | None:
    code = module.code_for_node(node)
    try:
        value = ast.literal_eval(code.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None  # a name such as `tf.nn.relu`: its meaning was checked by the detector
    if _normal(value) == _normal(hp.original):
        return None
    return (
        f"{hp.name}: line {hp.line} holds {code.strip()}, not the recorded original {hp.original!r}; "
        "the file changed since detection"
    )


def _normal(value: object) -> object:
    if isinstance(value, (list, tuple)):
        return tuple(_normal(v) for v in value)
    return value


def by_node(found: Mapping[str, Located]) -> dict[cst.CSTNode, Located]:
    return {loc.node: loc for loc in found.values()}

"""Where an argument's value comes from: a literal at the call, a variable's
definition, a dict entry, or the call sites of a helper function that passes it in.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

import libcst as cst

from ._index import ModuleIndex

_MAX_DEPTH = 4
# Names that mean a value is set by the task or the data, never a knob.
_TASK_WORDS = (
    "class", "label", "vocab", "max_features", "maxlen", "max_len", "seq_len", "sequence_length", "input",
    "img", "image", "height", "width", "channel", "seed", "random_state", "test_size", "split", "feature",
    "timestep", "window", "horizon", "output", "n_out", "num_out", "shape", "token", "patch", "resolution",
)


@dataclass(frozen=True)
class Origin:
    """One knob: the node whose value is replaced, and how to name it."""

    key: tuple[Any, ...]
    node: cst.BaseExpression
    original: Any
    label: str | None
    """None for a literal at the Keras call (named after the call); else a name."""
    variable: str | None = None
    owner: cst.CSTNode | None = None
    """The assignment or parameter whose every reference must be accounted for."""


@dataclass(frozen=True)
class Unsure:
    reason: str
    node: cst.CSTNode


def literal_value(node: cst.BaseExpression) -> tuple[bool, Any]:
    """(True, value) for a literal the user wrote (numbers, strings, tuples of them)."""
    if isinstance(node, (cst.Integer, cst.Float, cst.SimpleString, cst.ConcatenatedString, cst.Tuple, cst.UnaryOperation)):
        try:
            value = ast.literal_eval(cst.Module([]).code_for_node(node).strip())
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return False, None
        if isinstance(value, (int, float, str, tuple)) and not isinstance(value, bool) and not isinstance(value, complex):
            return True, value
    return False, None


class Resolver:
    """Resolves argument expressions to origins; records the Name nodes it followed."""

    def __init__(self, index: ModuleIndex) -> None:
        self.index = index
        self.followed: set[int] = set()

    def resolve(self, expr: cst.BaseExpression, depth: int = 0) -> list[Origin] | Unsure:
        ok, value = literal_value(expr)
        if ok:
            return [Origin(("literal", id(expr)), expr, value, None)]
        activation = self.index.activation(expr) if isinstance(expr, (cst.Name, cst.Attribute)) else None
        if activation is not None:
            return [Origin(("literal", id(expr)), expr, activation, None)]
        if depth >= _MAX_DEPTH:
            return []
        if isinstance(expr, cst.Name):
            return self._name(expr, depth)
        if isinstance(expr, cst.Subscript):
            return self._dict_entry(expr)
        return []

    def _name(self, name: cst.Name, depth: int) -> list[Origin] | Unsure:
        scope = self.index.scope(name)
        if scope is None or name.value in ("True", "False", "None"):
            return []
        self.followed.add(id(name))
        assignments = [a for a in scope[name.value] if hasattr(a, "node")]
        if len(assignments) != 1:
            if len(assignments) > 1:
                return Unsure(f"'{name.value}' is assigned {len(assignments)} times; left alone", name)
            return []
        target = assignments[0].node
        if isinstance(target, cst.Param):
            return self._parameter(target, depth)
        parent = self.index.parent(target)
        assign = self.index.parent(parent) if isinstance(parent, cst.AssignTarget) else parent
        if isinstance(assign, cst.Assign) and len(assign.targets) == 1 and assign.targets[0].target is target:
            value = assign.value
        elif isinstance(assign, cst.AnnAssign) and assign.target is target and assign.value is not None:
            value = assign.value
        else:
            return []
        if _task_name(name.value):
            return Unsure(f"'{name.value}' looks task-defined (a size set by the data or the task); left alone", name)
        ok, literal = literal_value(value)
        activation = self.index.activation(value) if isinstance(value, (cst.Name, cst.Attribute)) else None
        if ok or activation is not None:
            return [Origin(("var", id(assign)), value, literal if ok else activation, name.value.lower(),
                           variable=name.value, owner=target)]
        if isinstance(value, cst.Name):
            return self.resolve(value, depth + 1)
        return []

    def _dict_entry(self, expr: cst.Subscript) -> list[Origin] | Unsure:
        if not isinstance(expr.value, cst.Name) or len(expr.slice) != 1:
            return []
        key_node = expr.slice[0].slice
        if not isinstance(key_node, cst.Index) or not isinstance(key_node.value, cst.SimpleString):
            return []
        key = key_node.value.evaluated_value
        scope = self.index.scope(expr.value)
        if scope is None:
            return []
        assignments = [a for a in scope[expr.value.value] if hasattr(a, "node")]
        if len(assignments) != 1:
            return []
        parent = self.index.parent(assignments[0].node)
        assign = self.index.parent(parent) if isinstance(parent, cst.AssignTarget) else None
        if not isinstance(assign, cst.Assign) or not isinstance(assign.value, cst.Dict):
            return []
        if isinstance(key, bytes) or _task_name(str(key)):
            return []
        for element in assign.value.elements:
            if isinstance(element, cst.DictElement) and isinstance(element.key, cst.SimpleString):
                if element.key.evaluated_value == key:
                    ok, value = literal_value(element.value)
                    if ok:
                        label = f"{expr.value.value}.{key}".lower()
                        return [Origin(("dict", id(element)), element.value, value, label, variable=f"{expr.value.value}[{key!r}]")]
        return []

    def _parameter(self, param: cst.Param, depth: int) -> list[Origin] | Unsure:
        """A helper's parameter: the knob is at each call site (or at the default)."""
        function = self.index.enclosing(param, cst.FunctionDef)
        if not isinstance(function, cst.FunctionDef):
            return []
        callable_name = function.name.value
        params = list(function.params.params)
        if function.name.value == "__init__":
            cls = self.index.enclosing(function, cst.ClassDef)
            if not isinstance(cls, cst.ClassDef):
                return []
            callable_name = cls.name.value
        if params and params[0].name.value in ("self", "cls"):
            params = params[1:]
        if param not in params and param not in function.params.kwonly_params:
            return []
        position = params.index(param) if param in params else None
        sites = [c for c in self.index.calls_by_name.get(callable_name, []) if not self.index.is_dead(c)]
        if not sites:
            return []
        origins: list[Origin] = []
        uses_default = False
        for number, site in enumerate(sites, start=1):
            if any(a.star for a in site.args):
                return Unsure(f"{callable_name}() is called with *args or **kwargs; '{param.name.value}' left alone", site)
            arg = _bind(site, param.name.value, position)
            if arg is None:
                uses_default = True
                continue
            found = self.resolve(arg, depth + 1)
            if isinstance(found, Unsure):
                return found
            for origin in found:
                label = origin.label or f"{callable_name}_{number}.{param.name.value}".lower()
                origins.append(Origin(origin.key, origin.node, origin.original, label, origin.variable, origin.owner))
        if uses_default and param.default is not None:
            ok, value = literal_value(param.default)
            if ok:
                origins.append(Origin(("default", id(param)), param.default, value,
                                      f"{callable_name}.{param.name.value}".lower(), owner=param))
        return origins


def _bind(site: cst.Call, keyword: str, position: int | None) -> cst.BaseExpression | None:
    for index, arg in enumerate(site.args):
        if arg.keyword is not None:
            if arg.keyword.value == keyword:
                return arg.value
        elif position is not None and index == position:
            return arg.value
    return None


def _task_name(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in _TASK_WORDS)

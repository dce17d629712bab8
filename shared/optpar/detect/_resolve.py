"""Where an argument's value comes from: a literal at the call, a variable's
definition, a dict entry, or the call sites of a helper function that passes it in.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

from ._index import Binding, ModuleIndex
from ._names import snake

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
    node: ast.expr
    original: Any
    label: str | None
    """None for a literal at the Keras call (named after the call); else a name."""
    variable: str | None = None
    owner: Binding | None = None
    """The binding whose every read must be a tunable use."""


@dataclass(frozen=True)
class Unsure:
    reason: str
    node: ast.AST


def literal_value(node: ast.AST) -> tuple[bool, Any]:
    """(True, value) for a literal the user wrote (numbers, strings, tuples of them)."""
    if isinstance(node, (ast.Constant, ast.Tuple, ast.UnaryOp)):
        try:
            value = ast.literal_eval(node)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return False, None
        if isinstance(value, (int, float, str, tuple)) and not isinstance(value, bool):
            return True, value
    return False, None


class Resolver:
    """Resolves argument expressions to origins; records the Name nodes it followed."""

    def __init__(self, index: ModuleIndex) -> None:
        self.index = index
        self.followed: set[int] = set()

    def resolve(self, expr: ast.AST, depth: int = 0) -> list[Origin] | Unsure:
        ok, value = literal_value(expr)
        if ok:
            return [Origin(("literal", id(expr)), expr, value, None)]  # type: ignore[arg-type]
        activation = self.index.activation(expr)
        if activation is not None:
            return [Origin(("literal", id(expr)), expr, activation, None)]  # type: ignore[arg-type]
        if depth >= _MAX_DEPTH:
            return []
        if isinstance(expr, ast.Name):
            return self._name(expr, depth)
        if isinstance(expr, ast.Subscript):
            return self._dict_entry(expr)
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
            return self._cli_default(expr)
        return []

    def _cli_default(self, expr: ast.Attribute) -> list[Origin] | Unsure:
        """`args.hidden` where `parser.add_argument("--hidden", default=64)`: the knob is the default."""
        found = [c for c, m in self.index.method_calls if m == "add_argument" and _dest(c) == expr.attr]
        if len(found) != 1 or _task_name(expr.attr):
            return []
        default = next((k.value for k in found[0].keywords if k.arg == "default"), None)
        ok, value = literal_value(default) if default is not None else (False, None)
        if not ok:
            return []
        return [Origin(("cli", id(default)), default, value, expr.attr.lower(), variable=f"--{expr.attr}")]  # type: ignore[arg-type]

    def _name(self, name: ast.Name, depth: int) -> list[Origin] | Unsure:
        self.followed.add(id(name))
        bindings = self.index.lookup(name)
        if not bindings:
            return []
        loops = [b for b in bindings if isinstance(b.statement, (ast.For, ast.AsyncFor))]
        if loops:
            enclosing = [a for a in self.index.ancestors(name) if any(a is b.statement for b in loops)]
            if not enclosing:
                return Unsure(f"'{name.id}' is set by a for loop; left alone", name)
            loop = next(b for b in loops if b.statement is enclosing[0])
            others = [b for b in bindings if b.statement is not None and not isinstance(b.statement, (ast.For, ast.AsyncFor))]
            return self._loop(name, loop, 1 + len(others), depth)
        if len(bindings) > 1:
            binding = self._reaching(name, bindings)
            if binding is None:
                return Unsure(f"'{name.id}' is assigned {len(bindings)} times; left alone", name)
        else:
            binding = bindings[0]
        if isinstance(binding.target, ast.arg):
            return self._parameter(binding, depth)
        value = _assigned_value(binding)
        if value is None:
            return []
        if _task_name(name.id):
            return Unsure(f"'{name.id}' looks task-defined (a size set by the data or the task); left alone", name)
        ok, literal = literal_value(value)
        activation = self.index.activation(value)
        if ok or activation is not None:
            return [Origin(("var", id(binding.target)), value, literal if ok else activation, name.id.lower(),
                           variable=name.id, owner=binding if len(bindings) == 1 else None)]
        if isinstance(value, ast.Name):
            return self.resolve(value, depth + 1)
        return []

    def _reaching(self, name: ast.Name, bindings: list[Binding]) -> Binding | None:
        """For straight-line code (`epochs = 8`, fit, `epochs = 4`, fit): the assignment that reaches this read."""
        scope = self.index.scope_of(name)
        body = getattr(scope, "body", None)
        if not isinstance(body, list):
            return None
        for binding in bindings:
            if binding.scope is not scope or not any(binding.statement is stmt for stmt in body):
                return None  # assigned in a branch or a loop: which value reaches is unknown
            if _assigned_value(binding) is None:
                return None
        use = self.index.statement(name)
        before = [b for b in bindings if b.statement is not use and b.target.lineno <= name.lineno]  # type: ignore[attr-defined]
        return max(before, key=lambda b: b.target.lineno) if before else None  # type: ignore[attr-defined]

    def _loop(self, name: ast.Name, binding: Binding, count: int, depth: int) -> list[Origin] | Unsure:
        """`for units in [128, 64]:` -> one knob per element."""
        loop = binding.statement
        if count > 1 or not isinstance(loop, (ast.For, ast.AsyncFor)) or loop.target is not binding.target:
            return Unsure(f"'{name.id}' is set by a for loop; left alone", name)
        items: ast.expr | None = loop.iter
        label = name.id.lower()
        if isinstance(loop.iter, ast.Name):
            inner = self.index.lookup(loop.iter)
            label = loop.iter.id.lower()
            items = _assigned_value(inner[0]) if len(inner) == 1 else None
        if not isinstance(items, (ast.List, ast.Tuple)) or not items.elts:
            return Unsure(f"'{name.id}' is set by a for loop over values we cannot read; left alone", name)
        origins = []
        for number, element in enumerate(items.elts, start=1):
            ok, value = literal_value(element)
            if not ok:
                return Unsure(f"'{name.id}' loops over values that are not all literals; left alone", name)
            origins.append(Origin(("item", id(element)), element, value, f"{label}_{number}"))  # type: ignore[arg-type]
        return origins

    def _dict_entry(self, expr: ast.Subscript) -> list[Origin] | Unsure:
        key_node = expr.slice
        if not isinstance(expr.value, ast.Name) or not isinstance(key_node, ast.Constant) or not isinstance(key_node.value, str):
            return []
        key = key_node.value
        bindings = self.index.lookup(expr.value)
        if len(bindings) != 1 or _task_name(key):
            return []
        value = _assigned_value(bindings[0])
        if not isinstance(value, ast.Dict):
            return []
        for k, v in zip(value.keys, value.values, strict=True):
            if isinstance(k, ast.Constant) and k.value == key:
                ok, literal = literal_value(v)
                if ok:
                    label = f"{expr.value.id}.{key}".lower()
                    return [Origin(("dict", id(v)), v, literal, label, variable=f"{expr.value.id}[{key!r}]")]
        return []

    def _parameter(self, binding: Binding, depth: int) -> list[Origin] | Unsure:
        """A helper's parameter: the knob is at each call site (or at the default)."""
        function = binding.scope
        param = binding.target
        if not isinstance(function, ast.FunctionDef) or not isinstance(param, ast.arg):
            return []
        callable_name = function.name
        positional = [*function.args.posonlyargs, *function.args.args]
        if function.name == "__init__":
            cls = self.index.parent(function)
            if not isinstance(cls, ast.ClassDef):
                return []
            callable_name = cls.name
        if positional and positional[0].arg in ("self", "cls"):
            positional = positional[1:]
        position = next((i for i, a in enumerate(positional) if a is param), None)
        sites = [c for c in self.index.calls_by_name.get(callable_name, []) if not self.index.is_dead(c)]
        if not sites:
            return []
        origins: list[Origin] = []
        uses_default = False
        for number, site in enumerate(sites, start=1):
            if any(isinstance(a, ast.Starred) for a in site.args) or any(k.arg is None for k in site.keywords):
                return Unsure(f"{callable_name}() is called with *args or **kwargs; '{param.arg}' left alone", site)
            arg = _bind(site, param.arg, position)
            if arg is None:
                uses_default = True
                continue
            found = self.resolve(arg, depth + 1)
            if isinstance(found, Unsure):
                return found
            for origin in found:
                label = origin.label or f"{snake(callable_name)}_{number}.{param.arg}"
                origins.append(Origin(origin.key, origin.node, origin.original, label, origin.variable, origin.owner))
        default = _default(function, param)
        if uses_default and default is not None:
            ok, value = literal_value(default)
            if ok:
                origins.append(Origin(("default", id(param)), default, value, f"{snake(callable_name)}.{param.arg}",
                                      owner=binding))
        return origins


def _dest(call: ast.Call) -> str | None:
    """The attribute name argparse gives an option: `dest=`, else the first long flag."""
    for keyword in call.keywords:
        if keyword.arg == "dest" and isinstance(keyword.value, ast.Constant):
            return str(keyword.value.value)
    flags = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    long = [f for f in flags if f.startswith("--")] or flags
    return long[0].lstrip("-").replace("-", "_") if long else None


def _assigned_value(binding: Binding) -> ast.expr | None:
    statement = binding.statement
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and statement.targets[0] is binding.target:
        return statement.value
    if isinstance(statement, ast.AnnAssign) and statement.target is binding.target:
        return statement.value
    return None


def _default(function: ast.FunctionDef, param: ast.arg) -> ast.expr | None:
    args = function.args
    positional = [*args.posonlyargs, *args.args]
    if param in positional:
        offset = len(positional) - len(args.defaults)
        i = positional.index(param) - offset
        return args.defaults[i] if i >= 0 else None
    if param in args.kwonlyargs:
        return args.kw_defaults[args.kwonlyargs.index(param)]
    return None


def _bind(site: ast.Call, keyword: str, position: int | None) -> ast.expr | None:
    for k in site.keywords:
        if k.arg == keyword:
            return k.value
    if position is not None and position < len(site.args):
        return site.args[position]
    return None


def _task_name(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in _TASK_WORDS)

"""One pass over Python's `ast` that records what the detector asks about later:
imports (to resolve names to Keras), scopes and their assignments, Keras calls
in source order, method calls, definitions, and dead code.

Detection uses `ast` rather than LibCST because it is an order of magnitude
faster, and detection runs in Lambda on every upload. The rewriting steps
(generate, apply) use LibCST, which keeps comments and layout, and find the
literals by the line and column reported here.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field

from ._names import activation_name, keras_name

_METHODS = frozenset({"fit", "fit_generator", "compile", "add", "batch", "add_argument"})
_KERAS_ROOTS = ("keras", "tensorflow", "tf_keras")


@dataclass
class Binding:
    """One assignment to a name in a scope: its target node and statement."""

    name: str
    target: ast.AST
    statement: ast.AST | None
    scope: ast.AST


@dataclass
class ModuleIndex:
    tree: ast.Module
    lines: list[str]
    parents: dict[int, ast.AST] = field(default_factory=dict)
    scopes: dict[int, ast.AST] = field(default_factory=dict)
    imports: dict[str, str] = field(default_factory=dict)
    bindings: dict[tuple[int, str], list[Binding]] = field(default_factory=dict)
    references: dict[int, list[ast.Name]] = field(default_factory=dict)
    """id(binding.target) -> the Name nodes that read it."""
    keras_calls: list[tuple[ast.Call, str]] = field(default_factory=list)
    method_calls: list[tuple[ast.Call, str]] = field(default_factory=list)
    calls_by_name: dict[str, list[ast.Call]] = field(default_factory=dict)
    classes: dict[str, ast.ClassDef] = field(default_factory=dict)
    referenced: set[str] = field(default_factory=set)
    dead_blocks: list[list[ast.stmt]] = field(default_factory=list)
    star_keras: bool = False
    uses_keras: bool = False

    @classmethod
    def build(cls, tree: ast.Module, code: str) -> ModuleIndex:
        index = cls(tree, code.split("\n"))
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                index.parents[id(child)] = node
        index._assign_scopes(tree, tree)
        for node in ast.walk(tree):
            index._record(node)
        index._link_references()
        return index

    # -- the pass ------------------------------------------------------------------
    def _record(self, node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in _KERAS_ROOTS:
                    self.uses_keras = True
                bound = alias.asname or alias.name.split(".")[0]
                self.imports[bound] = alias.name if alias.asname else alias.name.split(".")[0]
                self._bind(bound, node, node)
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] in _KERAS_ROOTS:
                self.uses_keras = True
            for alias in node.names:
                if alias.name == "*":
                    self.star_keras = self.star_keras or node.module.split(".")[0] in _KERAS_ROOTS
                    continue
                self.imports[alias.asname or alias.name] = f"{node.module}.{alias.name}"
                self._bind(alias.asname or alias.name, node, node)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self._bind(node.name, node, node)
            args = node.args
            for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
                if arg is not None:
                    self.bindings.setdefault((id(node), arg.arg), []).append(Binding(arg.arg, arg, None, node))
        elif isinstance(node, ast.ClassDef):
            self.classes[node.name] = node
            self._bind(node.name, node, node)
        elif isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Store):
                self._bind(node.id, node, self.statement(node))
            else:
                self.referenced.add(node.id)
        elif isinstance(node, ast.If) and _always_false(node.test):
            self.dead_blocks.append(node.body)
        elif isinstance(node, ast.Call):
            self._call(node)

    def _call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Name):
            self.calls_by_name.setdefault(node.func.id, []).append(node)
        name = self.call_name(node)
        if name is not None:
            self.keras_calls.append((node, name))
        elif isinstance(node.func, ast.Attribute) and node.func.attr in _METHODS:
            self.method_calls.append((node, node.func.attr))

    def _bind(self, name: str, target: ast.AST, statement: ast.AST | None) -> None:
        scope = self.scope_of(target)
        self.bindings.setdefault((id(scope), name), []).append(Binding(name, target, statement, scope))

    def _link_references(self) -> None:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                for binding in self.lookup(node):
                    self.references.setdefault(id(binding.target), []).append(node)

    # -- queries -------------------------------------------------------------------
    def parent(self, node: ast.AST) -> ast.AST | None:
        return self.parents.get(id(node))

    def ancestors(self, node: ast.AST) -> Iterator[ast.AST]:
        current = self.parent(node)
        while current is not None:
            yield current
            current = self.parent(current)

    def _assign_scopes(self, node: ast.AST, scope: ast.AST) -> None:
        self.scopes[id(node)] = scope
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            # Decorators, defaults and annotations run in the enclosing scope; the body in its own.
            inner = [node.body] if isinstance(node, ast.Lambda) else node.body
            outer = [c for c in ast.iter_child_nodes(node) if c not in inner and c is not node.args]
            for child in outer:
                self._assign_scopes(child, scope)
            for default in [*node.args.defaults, *[d for d in node.args.kw_defaults if d is not None]]:
                self._assign_scopes(default, scope)
            for arg in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs, node.args.vararg, node.args.kwarg]:
                if arg is not None:
                    self.scopes[id(arg)] = node
            for child in inner:
                self._assign_scopes(child, node)
        elif isinstance(node, ast.ClassDef):
            for child in ast.iter_child_nodes(node):
                self._assign_scopes(child, node if child in node.body else scope)
        else:
            for child in ast.iter_child_nodes(node):
                self._assign_scopes(child, scope)

    def scope_of(self, node: ast.AST) -> ast.AST:
        """The function, lambda, class or module whose namespace `node` lives in."""
        return self.scopes.get(id(node), self.tree)

    def lookup(self, name: ast.Name) -> list[Binding]:
        """The bindings a read of `name` can see: its scope, then enclosing functions, then the module."""
        scope: ast.AST | None = self.scope_of(name)
        first = True
        while scope is not None:
            found = self.bindings.get((id(scope), name.id))
            # A class body's names are invisible to the functions inside it.
            if found and (first or not isinstance(scope, ast.ClassDef)):
                return found
            if scope is self.tree:
                return []
            first = False
            scope = self.scope_of(scope)
        return []

    def statement(self, node: ast.AST) -> ast.AST | None:
        for ancestor in [node, *self.ancestors(node)]:
            if isinstance(ancestor, ast.stmt):
                return ancestor
        return None

    def qualified(self, expr: ast.AST) -> str | None:
        """`tf.keras.layers.Dense` -> `tensorflow.keras.layers.Dense`, through the imports."""
        if isinstance(expr, ast.Name):
            return self.imports.get(expr.id)
        if isinstance(expr, ast.Attribute):
            base = self.qualified(expr.value)
            return f"{base}.{expr.attr}" if base else None
        return None

    def call_name(self, call: ast.Call) -> str | None:
        """The Keras class or function a call makes, or None (`Dense(8)(x)`'s outer call applies a layer)."""
        qualified = self.qualified(call.func)
        if qualified is not None:
            return keras_name(qualified)
        if self.star_keras and isinstance(call.func, ast.Name) and (id(self.tree), call.func.id) not in self.bindings:
            return call.func.id  # `from keras.layers import *`
        return None

    def activation(self, expr: ast.AST) -> str | None:
        qualified = self.qualified(expr)
        return activation_name(qualified) if qualified else None

    def position(self, node: ast.AST) -> tuple[int, int]:
        """(line, column) with the column in characters, as LibCST and editors count."""
        line = node.lineno  # type: ignore[attr-defined]
        offset = node.col_offset  # type: ignore[attr-defined]
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return line, len(text.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))

    def is_dead(self, node: ast.AST) -> bool:
        """Inside `if False:`, or inside a function or class nothing refers to."""
        for ancestor in self.ancestors(node):
            if any(any(ancestor is stmt for stmt in block) for block in self.dead_blocks):
                return True
            # Methods are called by Keras (call, build, __init__): only free functions and classes can be dead.
            if (
                isinstance(ancestor, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                and not isinstance(self.parent(ancestor), ast.ClassDef)
                and ancestor.name not in self.referenced
            ):
                return True
        return False

    def enclosing(self, node: ast.AST, kind: type | tuple[type, ...]) -> ast.AST | None:
        for ancestor in self.ancestors(node):
            if isinstance(ancestor, kind):
                return ancestor
        return None


def _always_false(test: ast.expr) -> bool:
    return isinstance(test, ast.Constant) and test.value in (False, 0, None)


"""One pass over the module that records what the detector asks about later:
Keras calls in source order, method calls, function and class definitions,
and dead code. Everything else is answered from LibCST's metadata.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import (
    CodeRange,
    ParentNodeProvider,
    PositionProvider,
    QualifiedNameProvider,
    Scope,
    ScopeProvider,
)

from ._names import activation_name, keras_name

_METHODS = frozenset({"fit", "fit_generator", "compile", "add", "batch"})


@dataclass
class ModuleIndex(cst.CSTVisitor):
    """Collects calls and definitions; `wrapper.visit(index)` fills it."""

    METADATA_DEPENDENCIES = (QualifiedNameProvider, PositionProvider, ParentNodeProvider, ScopeProvider)

    keras_calls: list[tuple[cst.Call, str]] = field(default_factory=list)
    method_calls: list[tuple[cst.Call, str]] = field(default_factory=list)
    functions: dict[str, list[cst.FunctionDef]] = field(default_factory=dict)
    classes: dict[str, cst.ClassDef] = field(default_factory=dict)
    referenced: set[str] = field(default_factory=set)
    dead_blocks: list[cst.CSTNode] = field(default_factory=list)
    calls_by_name: dict[str, list[cst.Call]] = field(default_factory=dict)
    star_keras: bool = False
    uses_keras: bool = False

    def __post_init__(self) -> None:
        super().__init__()

    # -- visitors ---------------------------------------------------------------
    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        module = cst.Module([]).code_for_node(node.module) if node.module else ""
        if module.split(".")[0] in ("keras", "tensorflow", "tf_keras"):
            self.uses_keras = True
            if isinstance(node.names, cst.ImportStar):
                self.star_keras = True

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            if cst.Module([]).code_for_node(alias.name).split(".")[0] in ("keras", "tensorflow", "tf_keras"):
                self.uses_keras = True

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.functions.setdefault(node.name.value, []).append(node)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.classes[node.name.value] = node

    def visit_Name(self, node: cst.Name) -> None:
        parent = self.get_metadata(ParentNodeProvider, node, None)
        if isinstance(parent, (cst.FunctionDef, cst.ClassDef)) and parent.name is node:
            return
        self.referenced.add(node.value)

    def visit_If(self, node: cst.If) -> None:
        test = node.test
        if isinstance(test, cst.Name) and test.value == "False" or (
            isinstance(test, cst.Integer) and test.value == "0"
        ):
            self.dead_blocks.append(node.body)

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Name):
            self.calls_by_name.setdefault(node.func.value, []).append(node)
        name = self.call_name(node)
        if name is not None:
            self.keras_calls.append((node, name))
            return
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in _METHODS:
            self.method_calls.append((node, func.attr.value))

    # -- queries ----------------------------------------------------------------
    def qualified(self, node: cst.CSTNode) -> set[str]:
        return {q.name for q in self.get_metadata(QualifiedNameProvider, node, set())}

    def call_name(self, call: cst.Call) -> str | None:
        """The Keras class or function a call makes, or None."""
        if not isinstance(call.func, (cst.Name, cst.Attribute)):
            return None  # `Dense(8)(x)`: the outer call applies a layer, it does not make one
        for q in self.qualified(call.func):
            name = keras_name(q)
            if name is not None:
                return name
        if self.star_keras and isinstance(call.func, cst.Name) and not self.qualified(call.func):
            return call.func.value
        return None

    def activation(self, expr: cst.BaseExpression) -> str | None:
        for q in self.qualified(expr):
            name = activation_name(q)
            if name is not None:
                return name
        return None

    def position(self, node: cst.CSTNode) -> CodeRange:
        return self.get_metadata(PositionProvider, node)

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return self.get_metadata(ParentNodeProvider, node, None)

    def scope(self, node: cst.CSTNode) -> Scope | None:
        return self.get_metadata(ScopeProvider, node, None)

    def ancestors(self, node: cst.CSTNode):  # noqa: ANN201 - a generator of nodes
        current = self.parent(node)
        while current is not None:
            yield current
            current = self.parent(current)

    def is_dead(self, node: cst.CSTNode) -> bool:
        """Inside `if False:`, or inside a function or class that nothing refers to."""
        for ancestor in self.ancestors(node):
            if any(ancestor is block for block in self.dead_blocks):
                return True
            if isinstance(ancestor, (cst.FunctionDef, cst.ClassDef)) and self._unreferenced(ancestor):
                return True
        return False

    def _unreferenced(self, node: cst.FunctionDef | cst.ClassDef) -> bool:
        # Methods are called by Keras (call, build, __init__): only free functions and classes can be dead.
        parent = self.parent(node)
        in_class = isinstance(parent, cst.IndentedBlock) and isinstance(self.parent(parent), cst.ClassDef)
        return not in_class and node.name.value not in self.referenced

    def enclosing(self, node: cst.CSTNode, kind: type) -> cst.CSTNode | None:
        for ancestor in self.ancestors(node):
            if isinstance(ancestor, kind):
                return ancestor
        return None

    def statement(self, node: cst.CSTNode) -> cst.CSTNode | None:
        """The simple or compound statement holding `node`."""
        for ancestor in self.ancestors(node):
            if isinstance(ancestor, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
                return ancestor
        return None

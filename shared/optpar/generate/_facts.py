"""What each top-level statement reads, binds and builds: the input of the dataflow split.

Reads are split into *immediate* ones (run when the statement runs) and
*deferred* ones (inside a function or lambda body, run when it is called). A
deferred read is charged to the names the statement binds, so a call to a
helper later counts as reading what the helper reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import GlobalScope, MetadataWrapper, QualifiedNameProvider, ScopeProvider

from .constants import DATA_NAMESPACES, EVALUATE_METHODS, FIT_METHODS, KERAS_ROOTS, MODEL_CLASSES


@dataclass
class StatementFacts:
    """Facts of one top-level statement. Mutable only while being collected."""

    index: int
    node: cst.BaseStatement
    binds: set[str] = field(default_factory=set)
    reads: set[str] = field(default_factory=set)
    deferred_reads: set[str] = field(default_factory=set)
    deferred_binds: set[str] = field(default_factory=set)
    builds: bool = False
    deferred_builds: bool = False
    fits: list[cst.Call] = field(default_factory=list)
    deferred_fits: list[cst.Call] = field(default_factory=list)
    evaluates: bool = False


@dataclass(frozen=True)
class ModuleFacts:
    statements: tuple[StatementFacts, ...]
    bound: frozenset[str]
    """Every name the user's module binds at top level."""
    used: frozenset[str]
    """Every identifier that appears anywhere, to choose names that clash with none."""


class _Walker(cst.CSTVisitor):
    METADATA_DEPENDENCIES = (QualifiedNameProvider,)

    def __init__(self, layer_names: frozenset[str]) -> None:
        super().__init__()
        self.layer_names = layer_names
        self.where: dict[cst.CSTNode, tuple[int, bool]] = {}
        self.index = -1
        self.depth = 0  # function and lambda bodies we are inside
        self.facts: list[StatementFacts] = []
        self.names: set[str] = set()

    def start(self, index: int, node: cst.BaseStatement) -> None:
        self.index, self.depth = index, 0
        self.facts.append(StatementFacts(index, node))

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.where[node] = (self.index, self.depth > 0)
        if isinstance(node, cst.Name):
            self.names.add(node.value)
        if isinstance(node, cst.FunctionDef):
            # Decorators, defaults and annotations run at definition; only the body is deferred.
            for part in (*node.decorators, node.params, *(node.returns and [node.returns] or [])):
                part.visit(self)
            self.depth += 1
            node.body.visit(self)
            self.depth -= 1
            return False
        if isinstance(node, cst.Lambda):
            node.params.visit(self)
            self.depth += 1
            node.body.visit(self)
            self.depth -= 1
            return False
        if isinstance(node, cst.Call):
            self._call(node)
        return True

    def _call(self, call: cst.Call) -> None:
        facts = self.facts[-1]
        deferred = self.depth > 0
        if isinstance(call.func, cst.Attribute) and call.func.attr.value in FIT_METHODS:
            (facts.deferred_fits if deferred else facts.fits).append(call)
        if isinstance(call.func, cst.Attribute) and call.func.attr.value in EVALUATE_METHODS and not deferred:
            facts.evaluates = True
        if self._builds(call):
            if deferred:
                facts.deferred_builds = True
            else:
                facts.builds = True

    def _builds(self, call: cst.Call) -> bool:
        """A call that makes a Keras object a model needs fresh in every trial (layers, optimizers...)."""
        names = self.get_metadata(QualifiedNameProvider, call.func, set())
        for qualified in names:
            parts = qualified.name.split(".")
            keras = parts[0] in KERAS_ROOTS and len(parts) > 1 and ("keras" in parts or parts[0] != "tensorflow")
            if keras and parts[-1][:1].isupper() and not DATA_NAMESPACES.intersection(parts[:-1]):
                return True
        last = call.func.attr.value if isinstance(call.func, cst.Attribute) else getattr(call.func, "value", "")
        # Unresolved names (star imports): recognise Keras's own class names.
        return not names and isinstance(last, str) and (last in MODEL_CLASSES or last in self.layer_names)


def collect(wrapper: MetadataWrapper, body: Sequence[cst.BaseStatement], layer_names: frozenset[str]) -> ModuleFacts:
    """Facts of each statement in `body` (the top-level statements of `wrapper.module`)."""
    walker = _Walker(layer_names)
    resolved = wrapper.resolve(QualifiedNameProvider)
    walker.metadata = {QualifiedNameProvider: resolved}  # type: ignore[dict-item]
    for index, statement in enumerate(body):
        walker.start(index, statement)
        statement.visit(walker)
    scopes = wrapper.resolve(ScopeProvider)
    global_scope = next(s for s in scopes.values() if isinstance(s, GlobalScope))
    _charge_accesses(walker, scopes, global_scope)
    _charge_assignments(walker, global_scope)
    bound = frozenset(name for f in walker.facts for name in f.binds)
    return ModuleFacts(tuple(walker.facts), bound, frozenset(walker.names))


def _charge_accesses(walker: _Walker, scopes: object, global_scope: GlobalScope) -> None:
    seen: set[int] = set()
    for scope in {s for s in scopes.values() if s is not None}:  # type: ignore[attr-defined]
        for access in scope.accesses:
            if id(access) in seen or access.node not in walker.where or not isinstance(access.node, cst.Name):
                continue
            name = access.node.value
            seen.add(id(access))
            referents = access.referents
            is_global = scope is global_scope or any(r.scope is global_scope for r in referents)
            if not is_global and referents:
                continue
            if not is_global and not _unbound_everywhere(scope, name):
                continue
            index, deferred = walker.where[access.node]
            facts = walker.facts[index]
            (facts.deferred_reads if deferred else facts.reads).add(name)


def _unbound_everywhere(scope: object, name: str) -> bool:
    # A name bound nowhere (such as the HP dict we add) still reads a global.
    while scope is not None and not isinstance(scope, GlobalScope):
        if name in scope.assignments:  # type: ignore[attr-defined]
            return False
        scope = scope.parent  # type: ignore[attr-defined]
    return True


def _charge_assignments(walker: _Walker, global_scope: GlobalScope) -> None:
    for assignment in global_scope.assignments:
        node = getattr(assignment, "node", None)
        if node is None or node not in walker.where:
            continue
        index, deferred = walker.where[node]
        facts = walker.facts[index]
        (facts.deferred_binds if deferred else facts.binds).add(assignment.name)

"""Bring a script's entry point to the top level, so the dataflow split can see inside it.

`if __name__ == "__main__":` blocks are flattened (the generated module has its
own). A `main()` called once at top level, taking no arguments, is inlined when
its body trains the model: its data loading can then run once and its model
building in each trial.
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst
import libcst.matchers as m
from libcst.metadata import MetadataWrapper, ScopeProvider

from .constants import FIT_METHODS

_MAIN_GUARD = m.If(
    test=m.Comparison(
        left=m.Name("__name__"),
        comparisons=[m.ComparisonTarget(operator=m.Equal(), comparator=m.SimpleString())],
    )
    | m.Comparison(
        left=m.SimpleString(),
        comparisons=[m.ComparisonTarget(operator=m.Equal(), comparator=m.Name("__name__"))],
    ),
    orelse=None,
)


def flatten_main_guard(module: cst.Module) -> cst.Module:
    """Replace each top-level `if __name__ == "__main__":` (without `else`) by its body."""
    body: list[cst.BaseStatement] = []
    for statement in module.body:
        if m.matches(statement, _MAIN_GUARD) and isinstance(statement.body, cst.IndentedBlock):  # type: ignore[attr-defined]
            inner = list(statement.body.body)  # type: ignore[attr-defined]
            if inner:
                inner[0] = _with_leading(inner[0], statement.leading_lines)  # type: ignore[attr-defined]
            body.extend(inner)
        else:
            body.append(statement)
    return module.with_changes(body=body)


def inline_entry(module: cst.Module) -> tuple[cst.Module, tuple[str, ...]]:
    """Inline a no-argument entry function whose body calls `fit`. Returns the module and warnings."""
    defs = {s.name.value: s for s in module.body if isinstance(s, cst.FunctionDef)}
    for position, statement in enumerate(module.body):
        name = _bare_call(statement)
        func = defs.get(name or "")
        if func is None or not _trains(func):
            continue
        reason = _why_not_inlinable(module, func, name or "")
        if reason:
            warning = (
                f"{name}() trains the model, so each trial runs all of it (data loading and evaluation too): "
                f"{reason}. Move its data loading to the top level to load data once."
            )
            return module, (warning,)
        assert isinstance(func.body, cst.IndentedBlock)  # checked by _why_not_inlinable
        inner: list[cst.BaseStatement] = [
            s for s in func.body.body if not _is_docstring(s) and not m.matches(s, _BARE_RETURN_LINE)
        ]
        inner = [s for s in inner if not m.matches(s, m.SimpleStatementLine(body=[m.Global()]))]
        if inner:
            inner[0] = _with_leading(inner[0], statement.leading_lines)
        body = [s for s in module.body[:position] if s is not func] + inner + [
            s for s in module.body[position + 1 :] if s is not func
        ]
        return module.with_changes(body=body), (
            f"inlined {name}() into the top level: its data loading runs once, its model building in each trial",
        )
    return module, ()


_BARE_RETURN_LINE = m.SimpleStatementLine(body=[m.Return(value=None)])


def _bare_call(statement: cst.BaseStatement) -> str | None:
    pattern = m.SimpleStatementLine(body=[m.Expr(value=m.Call(func=m.Name(), args=[]))])
    if m.matches(statement, pattern):
        return statement.body[0].value.func.value  # type: ignore[attr-defined]
    return None


def _trains(func: cst.FunctionDef) -> bool:
    """Whether the body itself (not a nested function) calls `fit`."""
    found = False

    class Finder(cst.CSTVisitor):
        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return node is func

        def visit_Lambda(self, node: cst.Lambda) -> bool:
            return False

        def visit_Call(self, node: cst.Call) -> None:
            nonlocal found
            if isinstance(node.func, cst.Attribute) and node.func.attr.value in FIT_METHODS:
                found = True

    func.visit(Finder())
    return found


def _why_not_inlinable(module: cst.Module, func: cst.FunctionDef, name: str) -> str | None:
    if func.asynchronous or func.decorators:
        return f"{name}() is async or decorated"
    if not isinstance(func.body, cst.IndentedBlock):
        return f"{name}() is written on one line"
    params = func.params
    if params.params or params.posonly_params or params.kwonly_params or params.star_arg not in (None, cst.MaybeSentinel.DEFAULT) or params.star_kwarg:
        return f"{name}() takes parameters"
    if _has_early_exit(func):
        return f"{name}() returns a value, returns early or yields"
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    scopes = wrapper.resolve(ScopeProvider)
    body = func.body.body
    scope = scopes.get(body[0]) if body else None
    if scope is None:
        return f"{name}() has an empty body"
    local = {a.name for a in scope.assignments}
    global_scope = scopes[module]
    elsewhere = {a.name for a in global_scope.assignments} - {name} if global_scope else set()
    clash = sorted(local & elsewhere)
    if clash:
        return f"its local names {', '.join(clash)} are also module-level names"
    uses = sum(1 for n in m.findall(module, m.Name(name)))
    if uses > 2:
        return f"{name} is used in more than one place"
    return None


def _has_early_exit(func: cst.FunctionDef) -> bool:
    """A `return` other than a final bare one, a `yield` or a `nonlocal`, outside nested scopes."""
    body = list(func.body.body)
    final = body[-1].body[0] if body and m.matches(body[-1], _BARE_RETURN_LINE) else None  # type: ignore[attr-defined]
    found = False

    class Finder(cst.CSTVisitor):
        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return node is func

        def visit_Lambda(self, node: cst.Lambda) -> bool:
            return False

        def visit_ClassDef(self, node: cst.ClassDef) -> bool:
            return False

        def on_visit(self, node: cst.CSTNode) -> bool:
            nonlocal found
            if isinstance(node, (cst.Return, cst.Yield, cst.Nonlocal)) and node is not final:
                found = True
            return super().on_visit(node)

    func.visit(Finder())
    return found


def _is_docstring(statement: cst.BaseStatement) -> bool:
    return m.matches(statement, m.SimpleStatementLine(body=[m.Expr(value=m.SimpleString() | m.ConcatenatedString())]))


def _with_leading(statement: cst.BaseStatement, lines: Sequence[cst.EmptyLine]) -> cst.BaseStatement:
    if not lines:
        return statement
    return statement.with_changes(leading_lines=[*lines, *statement.leading_lines])  # type: ignore[attr-defined]

"""Rewrite the tuned `fit` call: the runner's callbacks, a validation set, quiet output, a captured history."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from .constants import FIT_POSITIONS
from .types import GenerateOptions


@dataclass(frozen=True)
class FitRewrite:
    statements: tuple[cst.BaseStatement, ...]
    history: str | None
    """The name the fit's history is bound to (None when the fit is inside a helper)."""
    warnings: tuple[str, ...]


def rewrite_fit(
    statement: cst.BaseStatement,
    fit: cst.Call,
    *,
    callbacks_name: str,
    history_name: str,
    capture: bool,
    options: GenerateOptions,
) -> FitRewrite:
    """Rewrite `fit` (a node inside `statement`); with `capture`, bind its result to a name."""
    transformer = _FitTransformer(fit, callbacks_name, history_name if capture else None, options)
    # Visited inside a module so that capturing the history may turn one statement into two.
    new = cst.Module(body=[statement]).visit(transformer)  # type: ignore[list-item]
    return FitRewrite(tuple(new.body), transformer.history, tuple(transformer.warnings))


class _FitTransformer(cst.CSTTransformer):
    def __init__(self, fit: cst.Call, callbacks_name: str, history_name: str | None, options: GenerateOptions) -> None:
        super().__init__()
        self.fit = fit
        self.callbacks_name = callbacks_name
        self.capture_name = history_name
        self.options = options
        self.new_fit: cst.Call | None = None
        self.history: str | None = None
        self.warnings: list[str] = []

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if original_node is not self.fit:
            return updated_node
        self.new_fit = _rewrite_args(updated_node, self.callbacks_name, self.options, self.warnings)
        return self.new_fit

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement]:
        if self.capture_name is None or self.new_fit is None or self.history is not None:
            return updated_node
        small = updated_node.body[0] if len(updated_node.body) == 1 else None
        if (
            isinstance(small, cst.Assign)
            and small.value is self.new_fit
            and len(small.targets) == 1
            and isinstance(small.targets[0].target, cst.Name)
        ):
            self.history = small.targets[0].target.value
            return updated_node
        self.history = self.capture_name
        assign = cst.Assign(targets=[cst.AssignTarget(cst.Name(self.capture_name))], value=self.new_fit)
        if isinstance(small, cst.Expr) and small.value is self.new_fit:
            return updated_node.with_changes(body=[assign])
        # The fit sits inside a larger expression: run it first, then use its result there.
        rest = updated_node.visit(_Swap(self.new_fit, cst.Name(self.capture_name)))
        first = cst.SimpleStatementLine(body=[assign], leading_lines=updated_node.leading_lines)
        return cst.FlattenSentinel([first, rest.with_changes(leading_lines=())])  # type: ignore[union-attr]


class _Swap(cst.CSTTransformer):
    def __init__(self, old: cst.CSTNode, new: cst.CSTNode) -> None:
        super().__init__()
        self.old, self.new = old, new

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> cst.CSTNode:  # type: ignore[override]
        return self.new if original_node is self.old else updated_node


def _rewrite_args(call: cst.Call, callbacks_name: str, options: GenerateOptions, warnings: list[str]) -> cst.Call:
    args = list(call.args)
    positional = [a for a in args if a.keyword is None and not a.star]
    keywords = {a.keyword.value: a for a in args if a.keyword is not None}
    has_star = any(a.star for a in args)
    runner = cst.Name(callbacks_name)

    def has(name: str) -> bool:
        return name in keywords or len(positional) > FIT_POSITIONS[name] or has_star

    added: list[cst.Arg] = []
    if "callbacks" in keywords or len(positional) > FIT_POSITIONS["callbacks"]:
        old = keywords.get("callbacks") or positional[FIT_POSITIONS["callbacks"]]
        args[args.index(old)] = old.with_changes(value=_merge(old.value, runner))
    else:
        added.append(keyword("callbacks", runner))
    if options.metric.startswith("val_") and not (has("validation_data") or has("validation_split")):
        split = cst.Float(repr(float(options.validation_split)))
        added.append(keyword("validation_split", split))
        warnings.append(
            f"fit has no validation data, so optpar added validation_split={options.validation_split} to measure "
            f"{options.metric} on the last {options.validation_split:.0%} of the training arrays "
            "(for a dataset or generator, pass validation_data instead)"
        )
    if options.quiet and not has("verbose"):
        added.append(keyword("verbose", cst.Integer("0")))
    return call.with_changes(args=append_keywords(args, added))


_EQUAL = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))


def keyword(name: str, value: cst.BaseExpression) -> cst.Arg:
    """`name=value`, spaced as PEP 8 spaces keyword arguments."""
    return cst.Arg(value, keyword=cst.Name(name), equal=_EQUAL)


def _merge(user: cst.BaseExpression, runner: cst.Name) -> cst.BaseExpression:
    """The user's callbacks first, then the runner's."""
    if isinstance(user, cst.Name) and user.value == "None":
        return runner
    star = cst.StarredElement(runner)
    if isinstance(user, cst.List):
        elements = list(user.elements)
        if elements and elements[-1].comma is cst.MaybeSentinel.DEFAULT:
            elements[-1] = elements[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        return user.with_changes(elements=[*elements, star])
    head = cst.StarredElement(user, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    return cst.List([head, star])


def append_keywords(args: list[cst.Arg], added: list[cst.Arg]) -> list[cst.Arg]:
    """Append keyword arguments, continuing the call's own layout (one per line if it is so written)."""
    if not added:
        return args
    if not args:
        separator = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        return [a.with_changes(comma=separator) for a in added[:-1]] + [added[-1]]
    last = args[-1]
    # The comma between two arguments shows the layout; a trailing one is followed by the `)` indent.
    between = args[-2].comma if len(args) > 1 else last.comma
    separator = between if isinstance(between, cst.Comma) else cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    head = args[:-1] + [last.with_changes(comma=separator)]
    tail = [a.with_changes(comma=separator) for a in added[:-1]] + [added[-1].with_changes(comma=last.comma)]
    return head + tail

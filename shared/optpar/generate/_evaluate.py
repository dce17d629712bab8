"""`evaluate_best(model)`: the script's own test-set evaluation, returning its metrics as a dict."""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst
import libcst.matchers as m

from ._fit import append_keywords, keyword
from .constants import EVALUATE_FUNCTION

_EVALUATE = m.Call(func=m.Attribute(attr=m.Name("evaluate") | m.Name("evaluate_generator")))
_RETURN_DICT = m.Arg(keyword=m.Name("return_dict"), value=m.Name("True"))


def evaluate_function(
    statements: Sequence[cst.BaseStatement], model_name: str | None, metrics_name: str, globals_: Sequence[str] = ()
) -> cst.FunctionDef:
    """`def evaluate_best(model): <statements>; return <metrics>`.

    The metrics are the names the user bound `model.evaluate(...)`'s result to; a
    discarded result is captured with `return_dict=True`.
    """
    body = list(statements)
    returned: cst.BaseExpression = cst.Name("None")
    for position in range(len(body) - 1, -1, -1):
        found = _capture(body[position], metrics_name)
        if found is not None:
            replacement, returned = found
            body[position : position + 1] = replacement
            break
    head: list[cst.BaseStatement] = [
        cst.SimpleStatementLine([cst.Expr(cst.SimpleString(
            '"""The script\'s own evaluation, run once on the best model. Returns its test metrics, or None."""'
        ))])
    ]
    if globals_:
        head.append(_line(f"global {', '.join(globals_)}"))
    if model_name and model_name != "model":
        head.append(_line(f"{model_name} = model"))
    if body and hasattr(body[0], "leading_lines"):
        body[0] = body[0].with_changes(leading_lines=())  # blank lines that followed a def at module level
    tail = cst.SimpleStatementLine([cst.Return(returned)])
    template = cst.parse_statement(f"def {EVALUATE_FUNCTION}(model):\n    pass\n")
    assert isinstance(template, cst.FunctionDef)
    return template.with_changes(body=template.body.with_changes(body=[*head, *body, tail]))


def _capture(
    statement: cst.BaseStatement, metrics_name: str
) -> tuple[list[cst.BaseStatement], cst.BaseExpression] | None:
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    small = statement.body[0]
    calls = m.findall(small, _EVALUATE)
    if not calls:
        return None
    call = calls[-1]
    assert isinstance(call, cst.Call)
    if isinstance(small, cst.Assign) and small.value is call and len(small.targets) == 1:
        target = small.targets[0].target
        if isinstance(target, (cst.Tuple, cst.List)) and all(isinstance(e.value, cst.Name) for e in target.elements):
            names = [e.value.value for e in target.elements]  # type: ignore[attr-defined]
            return [statement], _dict(names)
        if isinstance(target, cst.Name):
            returned = cst.Name(target.value) if m.findall(call, _RETURN_DICT) else _dict([target.value])
            return [statement], returned
    if isinstance(small, cst.Expr) and small.value is call:
        # The result was discarded: ask Keras for a dict of named metrics.
        if not m.findall(call, _RETURN_DICT):
            call = call.with_changes(args=append_keywords(list(call.args), [keyword("return_dict", cst.Name("True"))]))
        assign = cst.Assign([cst.AssignTarget(cst.Name(metrics_name))], call)
        return [statement.with_changes(body=[assign])], cst.Name(metrics_name)
    # Used inside a larger expression (a print): evaluate first, then use the result there.
    first = cst.SimpleStatementLine(
        [cst.Assign([cst.AssignTarget(cst.Name(metrics_name))], call)], leading_lines=statement.leading_lines
    )
    rest = statement.deep_replace(call, cst.Name(metrics_name))
    assert isinstance(rest, cst.SimpleStatementLine)
    return [first, rest.with_changes(leading_lines=())], _dict([metrics_name])


def _dict(names: Sequence[str]) -> cst.BaseExpression:
    return cst.parse_expression("{" + ", ".join(f'"{n}": {n}' for n in names) + "}")


def _line(code: str) -> cst.SimpleStatementLine:
    statement = cst.parse_statement(code + "\n")
    assert isinstance(statement, cst.SimpleStatementLine)
    return statement

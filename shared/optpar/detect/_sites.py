"""Call sites: each Keras call (or `fit`/`compile`/`batch`) with its tunable
arguments mapped to canonical parameter names, by keyword, alias or position.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from ..metadata import Metadata, ParamSpec
from ._index import ModuleIndex
from ._names import MODEL_CLASSES

# Layers that carry weights: the last of these in a model is its output layer.
_WIDTH_PARAMS = frozenset({"units", "filters"})
_OUTPUT_ACTIVATIONS = frozenset({"softmax", "log_softmax"})


@dataclass(frozen=True)
class Arg:
    param: str
    spec: ParamSpec
    expr: cst.BaseExpression


@dataclass(frozen=True)
class CallSite:
    call: str
    node: cst.Call
    args: tuple[Arg, ...]
    index: int
    """1-based count of this Keras class in source order, for names like `dense_2`."""


def call_sites(index: ModuleIndex, metadata: Metadata, warnings: list[str], where) -> list[CallSite]:  # noqa: ANN001
    """Every live call with at least one argument the metadata knows."""
    counters: dict[str, int] = {}
    sites: list[CallSite] = []
    calls = [(node, name) for node, name in index.keras_calls] + _method_sites(index, warnings, where)
    calls.sort(key=lambda item: (index.position(item[0]).start.line, index.position(item[0]).start.column))
    for node, name in calls:
        if not metadata.for_call(name) or index.is_dead(node):
            continue
        counters[name] = counters.get(name, 0) + 1
        args = tuple(_map_args(node, name, metadata, positional=name not in ("fit", "compile") or _known_model(index, node)))
        if args:
            sites.append(CallSite(name, node, args, counters[name]))
    return sites


def _map_args(node: cst.Call, name: str, metadata: Metadata, *, positional: bool):  # noqa: ANN202
    position = 0
    for arg in node.args:
        if arg.star:  # *args / **kwargs: positions after it are unknown
            return
        if arg.keyword is None:
            spec = metadata.positional(name, position) if positional else None
            position += 1
        else:
            spec = metadata.spec(name, arg.keyword.value)
        if spec is not None:
            yield Arg(spec.param, spec, arg.value)


def _method_sites(index: ModuleIndex, warnings: list[str], where) -> list[tuple[cst.Call, str]]:  # noqa: ANN001
    if not index.uses_keras:
        return []
    out: list[tuple[cst.Call, str]] = []
    for node, method in index.method_calls:
        keywords = {a.keyword.value for a in node.args if a.keyword is not None}
        if method in ("fit", "fit_generator"):
            if keywords & {"epochs", "nb_epoch", "batch_size", "validation_data", "validation_split", "callbacks"} or _known_model(index, node):
                out.append((node, "fit"))
        elif method == "compile":
            if keywords & {"optimizer", "loss"} or _known_model(index, node):
                out.append((node, "compile"))
        elif method == "batch" and _feeds_fit(index, node):
            out.append((node, "batch"))
    return out


def _receiver(node: cst.Call) -> cst.BaseExpression | None:
    return node.func.value if isinstance(node.func, cst.Attribute) else None


def _known_model(index: ModuleIndex, node: cst.Call) -> bool:
    """The receiver of `.fit`/`.compile` was built by a Keras model class."""
    receiver = _receiver(node)
    if isinstance(receiver, cst.Name) and receiver.value == "self":
        return False
    value = latest_value(index, receiver) if receiver is not None else None
    return isinstance(value, cst.Call) and index.call_name(value) in MODEL_CLASSES


def _feeds_fit(index: ModuleIndex, node: cst.Call) -> bool:
    """`ds = ....batch(32)` where `ds` is what `fit` trains on."""
    statement = index.statement(node)
    if not isinstance(statement, cst.SimpleStatementLine) or not isinstance(statement.body[0], cst.Assign):
        return False
    targets = {t.target.value for t in statement.body[0].targets if isinstance(t.target, cst.Name)}
    for call, method in index.method_calls:
        if method in ("fit", "fit_generator") and call.args:
            first = call.args[0]
            if first.keyword in (None,) or (first.keyword and first.keyword.value == "x"):
                if isinstance(first.value, cst.Name) and first.value.value in targets:
                    return True
    return False


def latest_value(index: ModuleIndex, expr: cst.BaseExpression | None) -> cst.BaseExpression | None:
    """The value last assigned to a name before `expr` reads it, if plainly assigned."""
    if not isinstance(expr, cst.Name):
        return None
    scope = index.scope(expr)
    if scope is None:
        return None
    use = index.position(expr).start
    best: tuple[tuple[int, int], cst.BaseExpression] | None = None
    for assignment in scope[expr.value]:
        node = getattr(assignment, "node", None)
        if not isinstance(node, cst.Name):
            continue
        parent = index.parent(index.parent(node) or node)
        if isinstance(parent, cst.Assign) and len(parent.targets) == 1 and parent.targets[0].target is node:
            start = index.position(node).start
            key = (start.line, start.column)
            if key < (use.line, use.column) and (best is None or key > best[0]):
                best = (key, parent.value)
    return best[1] if best else None


def output_layers(index: ModuleIndex, metadata: Metadata) -> set[int]:
    """ids of the layer calls that make a model's output: their width and activation stay."""
    out: set[int] = set()
    for node, name in index.keras_calls:
        if name == "Sequential" and node.args and isinstance(node.args[0].value, (cst.List, cst.Tuple)):
            layers = [_layer_call(index, e.value) for e in node.args[0].value.elements]
            out |= _tail(index, metadata, [c for c in layers if c is not None])
        elif name in ("Model", "Functional"):
            for arg_index, arg in enumerate(node.args):
                if (arg.keyword and arg.keyword.value == "outputs") or (arg.keyword is None and arg_index == 1):
                    for expr in _elements(arg.value):
                        out |= _trace_output(index, metadata, expr, depth=0)
    out |= _added_tails(index, metadata)
    out |= _subclass_outputs(index, metadata)
    for node, name in index.keras_calls:
        if _has_output_activation(node):
            out.add(id(node))
    return out


def _elements(expr: cst.BaseExpression) -> list[cst.BaseExpression]:
    if isinstance(expr, (cst.List, cst.Tuple)):
        return [e.value for e in expr.elements]
    if isinstance(expr, cst.Dict):
        return [e.value for e in expr.elements if isinstance(e, cst.DictElement)]
    return [expr]


def _layer_call(index: ModuleIndex, expr: cst.BaseExpression) -> cst.Call | None:
    """`Dense(10)` -> itself; `Dense(10)(x)` -> `Dense(10)`; a name -> its value's layer."""
    if isinstance(expr, cst.Call):
        if index.call_name(expr) is not None:
            return expr
        if isinstance(expr.func, cst.Call) and index.call_name(expr.func) is not None:
            return expr.func
        if isinstance(expr.func, (cst.Name, cst.Attribute)):
            value = latest_value(index, expr.func) if isinstance(expr.func, cst.Name) else None
            if isinstance(value, cst.Call) and index.call_name(value) is not None:
                return value
    if isinstance(expr, cst.Name):
        value = latest_value(index, expr)
        if value is not None and value is not expr:
            return _layer_call(index, value)
    return None


def _weighted(index: ModuleIndex, metadata: Metadata, call: cst.Call) -> bool:
    name = index.call_name(call) or ""
    return any(s.param in _WIDTH_PARAMS or s.param == "output_dim" for s in metadata.for_call(name)) or name in (
        "Dense", "EinsumDense", "Conv1D", "Conv2D", "Conv3D"
    )


def _tail(index: ModuleIndex, metadata: Metadata, layers: list[cst.Call]) -> set[int]:
    weighted = [i for i, c in enumerate(layers) if _weighted(index, metadata, c)]
    if not weighted:
        return set()
    return {id(c) for c in layers[weighted[-1]:]}


def _trace_output(index: ModuleIndex, metadata: Metadata, expr: cst.BaseExpression, depth: int) -> set[int]:
    if depth > 8:
        return set()
    value = expr
    if isinstance(expr, cst.Name):
        value = latest_value(index, expr) or expr
    if not isinstance(value, cst.Call):
        return set()
    layer = _layer_call(index, value)
    if layer is None:
        return set()
    found = {id(layer)}
    if not _weighted(index, metadata, layer) and value.args:
        found |= _trace_output(index, metadata, value.args[0].value, depth + 1)
    return found


def _added_tails(index: ModuleIndex, metadata: Metadata) -> set[int]:
    groups: dict[tuple[int, str], list[cst.Call]] = {}
    for node, method in index.method_calls:
        receiver = _receiver(node)
        if method != "add" or not node.args or not isinstance(receiver, cst.Name):
            continue
        layer = _layer_call(index, node.args[0].value)
        if layer is not None:
            groups.setdefault((id(index.scope(node)), receiver.value), []).append(layer)
    out: set[int] = set()
    for layers in groups.values():
        out |= _tail(index, metadata, layers)
    return out


def _subclass_outputs(index: ModuleIndex, metadata: Metadata) -> set[int]:
    """In `class M(keras.Model)`, the layer whose result `call` returns."""
    out: set[int] = set()
    for cls in index.classes.values():
        attrs: dict[str, cst.Call] = {}
        returns: list[cst.BaseExpression] = []
        for stmt in cls.body.body:
            if not isinstance(stmt, cst.FunctionDef):
                continue
            for node in _walk(stmt):
                if isinstance(node, cst.Assign) and isinstance(node.value, cst.Call):
                    for t in node.targets:
                        if isinstance(t.target, cst.Attribute) and index.call_name(node.value) is not None:
                            attrs[t.target.attr.value] = node.value
                if stmt.name.value == "call" and isinstance(node, cst.Return) and node.value is not None:
                    returns.append(node.value)
        for expr in returns:
            for item in _elements(expr):
                target = item
                if isinstance(item, cst.Name):
                    target = latest_value(index, item) or item
                if isinstance(target, cst.Call) and isinstance(target.func, cst.Attribute):
                    layer = attrs.get(target.func.attr.value)
                    if layer is not None:
                        out.add(id(layer))
    return out


def _walk(node: cst.CSTNode):  # noqa: ANN202
    yield node
    for child in node.children:
        yield from _walk(child)


def _has_output_activation(node: cst.Call) -> bool:
    for arg in node.args:
        if arg.keyword is not None and arg.keyword.value == "activation" and isinstance(arg.value, cst.SimpleString):
            if arg.value.evaluated_value in _OUTPUT_ACTIVATIONS:
                return True
    return False

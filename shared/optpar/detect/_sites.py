"""Call sites: each Keras call (or `fit`/`compile`/`batch`) with its tunable
arguments mapped to canonical parameter names, by keyword, alias or position;
and the layers that make a model's output, which keep their size.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from ..metadata import Metadata, ParamSpec
from ._index import ModuleIndex
from ._names import MODEL_CLASSES

_WIDTH_PARAMS = frozenset({"units", "filters", "output_dim"})
_OUTPUT_ACTIVATIONS = frozenset({"softmax", "log_softmax"})
_WRAPPERS = frozenset({"TimeDistributed", "Bidirectional", "WeightNormalization", "SpectralNormalization"})
_FIT_KEYWORDS = frozenset({"epochs", "nb_epoch", "batch_size", "validation_data", "validation_split", "callbacks"})


@dataclass(frozen=True)
class Arg:
    param: str
    spec: ParamSpec
    expr: ast.expr


@dataclass(frozen=True)
class CallSite:
    call: str
    node: ast.Call
    args: tuple[Arg, ...]
    index: int
    """1-based count of this Keras class in source order, for names like `dense_2`."""


def call_sites(index: ModuleIndex, metadata: Metadata) -> list[CallSite]:
    """Every live call with at least one argument the metadata knows."""
    counters: dict[str, int] = {}
    sites: list[CallSite] = []
    calls = list(index.keras_calls) + _method_sites(index)
    calls.sort(key=lambda item: (item[0].lineno, item[0].col_offset))
    for node, name in calls:
        if not metadata.for_call(name) or index.is_dead(node):
            continue
        counters[name] = counters.get(name, 0) + 1
        positional = name not in ("fit", "compile") or _known_model(index, node)
        args = tuple(_map_args(node, name, metadata, positional=positional))
        if args:
            sites.append(CallSite(name, node, args, counters[name]))
    return sites


def _map_args(node: ast.Call, name: str, metadata: Metadata, *, positional: bool) -> Iterator[Arg]:
    for position, value in enumerate(node.args):
        if isinstance(value, ast.Starred):
            break  # positions after *args are unknown
        spec = metadata.positional(name, position) if positional else None
        if spec is not None:
            yield Arg(spec.param, spec, value)
    for keyword in node.keywords:
        spec = metadata.spec(name, keyword.arg) if keyword.arg else None
        if spec is not None:
            yield Arg(spec.param, spec, keyword.value)


def _method_sites(index: ModuleIndex) -> list[tuple[ast.Call, str]]:
    if not index.uses_keras:
        return []
    out: list[tuple[ast.Call, str]] = []
    for node, method in index.method_calls:
        keywords = {k.arg for k in node.keywords if k.arg}
        if method in ("fit", "fit_generator"):
            if keywords & _FIT_KEYWORDS or _known_model(index, node):
                out.append((node, "fit"))
        elif method == "compile":
            if keywords & {"optimizer", "loss"} or _known_model(index, node):
                out.append((node, "compile"))
        elif method == "batch" and _feeds_fit(index, node):
            out.append((node, "batch"))
    return out


def _known_model(index: ModuleIndex, node: ast.Call) -> bool:
    """The receiver of `.fit`/`.compile` was built by a Keras model class."""
    receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
    value = latest_value(index, receiver)
    return isinstance(value, ast.Call) and index.call_name(value) in MODEL_CLASSES


def _feeds_fit(index: ModuleIndex, node: ast.Call) -> bool:
    """`ds = ....batch(32)` where `ds` is what `fit` trains on."""
    statement = index.statement(node)
    if not isinstance(statement, ast.Assign):
        return False
    targets = {t.id for t in statement.targets if isinstance(t, ast.Name)}
    for call, method in index.method_calls:
        if method in ("fit", "fit_generator"):
            first = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "x"), None)
            if isinstance(first, ast.Name) and first.id in targets:
                return True
    return False


def latest_value(index: ModuleIndex, expr: ast.AST | None) -> ast.expr | None:
    """The value last assigned to a name before `expr` reads it, if plainly assigned."""
    if not isinstance(expr, ast.Name):
        return None
    use = (expr.lineno, expr.col_offset)
    own = index.statement(expr)
    best: tuple[tuple[int, int], ast.expr] | None = None
    for binding in index.lookup(expr):
        statement = binding.statement
        if statement is own:
            continue  # `x = Dense(8)(x)` reads the x assigned before it
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and statement.targets[0] is binding.target:
            key = (binding.target.lineno, binding.target.col_offset)  # type: ignore[attr-defined]
            if (key < use or binding.scope is not index.scope_of(expr)) and (best is None or key > best[0]):
                best = (key, statement.value)
    return best[1] if best else None


def output_layers(index: ModuleIndex, metadata: Metadata) -> set[int]:
    """ids of the layer calls that make a model's output: their width and activation stay."""
    out: set[int] = set()
    for node, name in index.keras_calls:
        if name == "Sequential" and node.args and isinstance(node.args[0], (ast.List, ast.Tuple)):
            layers = [_layer_call(index, e) for e in node.args[0].elts]
            out |= _tail(index, metadata, [c for c in layers if c is not None])
        elif name in ("Model", "Functional"):
            outputs = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "outputs"), None)
            for expr in _elements(outputs):
                out |= _trace_output(index, metadata, expr, depth=0)
    out |= _added_tails(index, metadata)
    out |= _subclass_outputs(index)
    out |= {id(node) for node, _ in index.keras_calls if _has_output_activation(node)}
    return out


def residual_layers(index: ModuleIndex) -> set[int]:
    """ids of layer calls whose result is summed with another tensor: their shape is tied to it."""
    operands: list[ast.AST] = []
    for node in ast.walk(index.tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult)):
            operands += [node.left, node.right]
        elif isinstance(node, ast.Call):
            name = index.call_name(node)  # keras.layers.add, never Sequential.add
            target = node.args[0] if node.args else None
            if name in ("add", "Add", "subtract", "Subtract", "multiply", "Multiply", "average", "Average") or isinstance(node.func, ast.Call) and index.call_name(node.func) in ("Add", "Subtract", "Multiply", "Average"):
                operands += _elements(target)
    tied: set[int] = set()
    for operand in operands:
        value = latest_value(index, operand) if isinstance(operand, ast.Name) else operand
        if isinstance(value, ast.Call):
            layer = _layer_call(index, value)
            if layer is not None:
                tied.add(id(layer))
    return tied


def has_upsampling(index: ModuleIndex) -> bool:
    """Encoders and decoders must shrink and grow by the same factors."""
    return any(name.startswith(("UpSampling", "Conv2DTranspose", "Conv1DTranspose", "Conv3DTranspose"))
               for _, name in index.keras_calls)


def _elements(expr: ast.AST | None) -> list[ast.AST]:
    if isinstance(expr, (ast.List, ast.Tuple)):
        return list(expr.elts)
    if isinstance(expr, ast.Dict):
        return list(expr.values)
    return [expr] if expr is not None else []


def _layer_call(index: ModuleIndex, expr: ast.AST, depth: int = 0) -> ast.Call | None:
    """`Dense(10)` -> itself; `Dense(10)(x)` -> `Dense(10)`; a name -> its value's layer."""
    if depth > 8:
        return None
    if isinstance(expr, ast.Call):
        if index.call_name(expr) is not None:
            return expr
        if isinstance(expr.func, ast.Call) and index.call_name(expr.func) is not None:
            return expr.func
        value = latest_value(index, expr.func)
        if isinstance(value, ast.Call) and index.call_name(value) is not None:
            return value
    if isinstance(expr, ast.Name):
        value = latest_value(index, expr)
        if value is not None:
            return _layer_call(index, value, depth + 1)
    return None


def _weighted(index: ModuleIndex, metadata: Metadata, call: ast.Call) -> bool:
    name = index.call_name(call) or ""
    return any(s.param in _WIDTH_PARAMS for s in metadata.for_call(name))


def _tail(index: ModuleIndex, metadata: Metadata, layers: list[ast.Call]) -> set[int]:
    layers = [_wrapped(index, c) or c for c in layers]
    weighted = [i for i, c in enumerate(layers) if _weighted(index, metadata, c)]
    return {id(c) for c in layers[weighted[-1]:]} if weighted else set()


def _trace_output(index: ModuleIndex, metadata: Metadata, expr: ast.AST, depth: int) -> set[int]:
    if depth > 12:
        return set()
    value = latest_value(index, expr) if isinstance(expr, ast.Name) else expr
    if isinstance(value, ast.Name):  # `outputs = x`
        return _trace_output(index, metadata, value, depth + 1)
    if isinstance(value, ast.BinOp):  # `outputs * action_bound`
        return _trace_output(index, metadata, value.left, depth + 1) | _trace_output(index, metadata, value.right, depth + 1)
    if not isinstance(value, ast.Call):
        return set()
    layer = _layer_call(index, value)
    if layer is None:
        return set()
    found = {id(layer)}
    wrapped = _wrapped(index, layer)
    if wrapped is not None:
        found.add(id(wrapped))
    elif not _weighted(index, metadata, layer) and value.args and value.func is layer:
        found |= _trace_output(index, metadata, value.args[0], depth + 1)
    return found


def _wrapped(index: ModuleIndex, layer: ast.Call) -> ast.Call | None:
    """`TimeDistributed(Dense(3))` and friends: the inner layer is the real one."""
    if index.call_name(layer) in _WRAPPERS and layer.args:
        return _layer_call(index, layer.args[0])
    return None


def _added_tails(index: ModuleIndex, metadata: Metadata) -> set[int]:
    groups: dict[tuple[int, str], list[ast.Call]] = {}
    for node, method in index.method_calls:
        receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
        if method != "add" or not node.args or not isinstance(receiver, ast.Name):
            continue
        layer = _layer_call(index, node.args[0])
        if layer is not None:
            # Two models may share a name (notebooks): group by the object the name held then.
            model = latest_value(index, receiver)
            key = id(model) if model is not None else id(index.scope_of(node))
            groups.setdefault((key, receiver.id), []).append(_wrapped(index, layer) or layer)
    out: set[int] = set()
    for layers in groups.values():
        out |= _tail(index, metadata, layers)
    return out


def _subclass_outputs(index: ModuleIndex) -> set[int]:
    """In `class M(keras.Model)`, the layer whose result `call` returns."""
    out: set[int] = set()
    for cls in index.classes.values():
        attrs: dict[str, ast.Call] = {}
        returns: list[ast.AST] = []
        for method in (s for s in cls.body if isinstance(s, ast.FunctionDef)):
            for node in ast.walk(method):
                if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and index.call_name(node.value):
                    for target in node.targets:
                        if isinstance(target, ast.Attribute):
                            attrs[target.attr] = node.value
                if method.name == "call" and isinstance(node, ast.Return) and node.value is not None:
                    returns.append(node.value)
        for expr in returns:
            for item in _elements(expr):
                returned = latest_value(index, item) if isinstance(item, ast.Name) else item
                if isinstance(returned, ast.Call) and isinstance(returned.func, ast.Attribute):
                    layer = attrs.get(returned.func.attr)
                    if layer is not None:
                        out.add(id(layer))
    return out


def _has_output_activation(node: ast.Call) -> bool:
    return any(
        k.arg == "activation" and isinstance(k.value, ast.Constant) and k.value.value in _OUTPUT_ACTIVATIONS
        for k in node.keywords
    )

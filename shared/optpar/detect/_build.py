"""Turn call sites and origins into named `Hyperparameter`s, with the checks
that keep a wrong knob out: every use of a variable must be a tunable one.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ..metadata import Metadata
from ..source import Source
from ..types import Hyperparameter, Use
from ._index import ModuleIndex
from ._names import snake
from ._ranges import RangeError, build_range
from ._refs import data_use
from ._resolve import Origin, Resolver, Unsure
from ._sites import CallSite, call_sites, has_upsampling, output_layers, residual_layers

# Outputs keep these: changing them changes what the model predicts.
_OUTPUT_PARAMS = frozenset({"units", "filters", "activation", "output_dim", "kernel_size", "strides"})
# A layer summed with another tensor keeps the shape it has.
_SHAPE_PARAMS = frozenset({"units", "filters", "output_dim", "kernel_size", "strides", "pool_size"})
_RESAMPLING = frozenset({"strides", "pool_size"})
# Short names for knobs that a script usually has once.
_SHORT = frozenset({"Optimizer", "Schedule", "Dataset"})
_SHORT_CALLS = frozenset({"compile", "fit", "batch"})
# Calls whose arguments may read a knob without it being a use we must rewrite.
# `.batch(n)` on an evaluation dataset does not change what is learned.
_NEUTRAL_CALLS = frozenset({"print", "str", "format", "repr", "log", "info", "debug", "warning", "batch"})
_WIDTHS = frozenset({"units", "filters", "output_dim", "key_dim"})


@dataclass
class _Group:
    origin: Origin
    uses: list[tuple[CallSite, str, ast.expr]] = field(default_factory=list)


def build_hyperparameters(
    source: Source, index: ModuleIndex, metadata: Metadata, warnings: list[str]
) -> tuple[Hyperparameter, ...]:
    resolver = Resolver(index)
    outputs = output_layers(index, metadata)
    tied = residual_layers(index)
    resampling_fixed = has_upsampling(index)
    groups: dict[tuple[object, ...], _Group] = {}
    unsure: dict[int, str] = {}
    for site in call_sites(index, metadata):
        for arg in site.args:
            if id(site.node) in outputs and arg.param in _OUTPUT_PARAMS:
                continue
            if id(site.node) in tied and arg.param in _SHAPE_PARAMS:
                continue
            if resampling_fixed and arg.param in _RESAMPLING:
                continue
            found = resolver.resolve(arg.expr)
            if isinstance(found, Unsure):
                unsure.setdefault(id(found.node), _where(source, index, found.node) + found.reason)
                continue
            for origin in found:
                group = groups.setdefault(origin.key, _Group(origin))
                group.uses.append((site, arg.param, arg.expr))
    warnings.extend(unsure.values())
    accounted = _accounted(index, groups, resolver)
    hyperparameters: list[tuple[str, Hyperparameter]] = []
    for group in groups.values():
        hp = _hyperparameter(source, index, metadata, group, accounted, warnings)
        if hp is not None:
            hyperparameters.append(hp)
    return _name(hyperparameters)


def _accounted(index: ModuleIndex, groups: dict[tuple[object, ...], _Group], resolver: Resolver) -> set[int]:
    """ids of Name nodes that sit inside a tunable argument (directly or in an expression)."""
    ids: set[int] = set(resolver.followed)
    for group in groups.values():
        for _site, _param, expr in group.uses:
            for node in _walk(expr):
                ids.add(id(node))
    return ids


def _walk(node: ast.AST):
    return ast.walk(node)


def _hyperparameter(
    source: Source, index: ModuleIndex, metadata: Metadata, group: _Group, accounted: set[int], warnings: list[str]
) -> tuple[str, Hyperparameter] | None:
    origin = group.origin
    site, param, _expr = group.uses[0]
    spec = next(a.spec for a in site.args if a.param == param)
    kinds = {(s.call, p) for s, p, _ in group.uses}
    specs = {(next(a.spec for a in s.args if a.param == p).scale, next(a.spec for a in s.args if a.param == p).numeric) for s, p, _ in group.uses}
    where = _where(source, index, origin.node)
    if len(specs) > 1:
        warnings.append(f"{where}{origin.variable or 'this value'} feeds different kinds of arguments "
                        f"({', '.join(sorted(f'{c}.{p}' for c, p in kinds))}); left alone")
        return None
    stray = _stray_reference(index, origin, accounted)
    if stray is not None:
        warnings.append(f"{where}'{origin.variable}' is also used at line {_line(source, index, stray[0])} "
                        f"{stray[1]}; left alone")
        return None
    reshape = reshape_targets(index).get(origin.original) if param in _WIDTHS else None
    if reshape is not None and index.scope_of(reshape) is not index.scope_of(site.node):
        reshape = None  # a different model (or function) that happens to use the same number
    if reshape is not None:
        warnings.append(f"{where}{site.call}.{param}={origin.original!r}: a Reshape at line "
                        f"{_line(source, index, reshape)} expects this size; left alone")
        return None
    try:
        rng = build_range(spec, origin.original)
    except RangeError as exc:
        if not any(word in str(exc) for word in ("task-defined", "hidden-layer", "gates")):
            warnings.append(f"{where}{site.call}.{param}: {exc}")
        return None
    module_line, col = index.position(origin.node)
    cell, line = source.line_map.locate(module_line)
    uses = tuple(_use(source, index, s, p, e) for s, p, e in group.uses)
    name = origin.label or _site_name(site, param, metadata)
    return name, Hyperparameter(
        name=name,
        call=site.call,
        param=param,
        kind=rng.kind,
        original=origin.original,
        line=line,
        col=col,
        cell=cell,
        low=rng.low,
        high=rng.high,
        q=rng.q,
        choices=rng.choices,
        variable=origin.variable,
        uses=uses if origin.label is not None else (),
    )


def reshape_targets(index: ModuleIndex) -> dict[object, ast.AST]:
    """Sizes written into `Reshape` targets: a width equal to one is tied to it."""
    sizes: dict[object, ast.AST] = {}
    for node, name in index.keras_calls:
        if name == "Reshape" and node.args:
            for child in ast.walk(node.args[0]):
                if isinstance(child, ast.Constant) and isinstance(child.value, int) and not isinstance(child.value, bool):
                    sizes.setdefault(child.value, child)
    return sizes


def _site_name(site: CallSite, param: str, metadata: Metadata) -> str:
    bases = {s.base for s in metadata.for_call(site.call)}
    if site.call in _SHORT_CALLS or bases & _SHORT:
        return param
    return f"{snake(site.call)}_{site.index}.{param}"


def _name(items: list[tuple[str, Hyperparameter]]) -> tuple[Hyperparameter, ...]:
    """Short names stay short when they are unique; otherwise qualify them."""
    from dataclasses import replace

    counts: dict[str, int] = {}
    for name, _ in items:
        counts[name] = counts.get(name, 0) + 1
    seen: dict[str, int] = {}
    out = []
    for name, hp in items:
        if counts[name] > 1 and "." not in name and hp.variable is None:
            name = f"{snake(hp.call)}.{name}" if hp.call not in _SHORT_CALLS else name
        n = seen.get(name, 0) + 1
        seen[name] = n
        out.append(replace(hp, name=name if n == 1 else f"{name}_{n}"))
    return tuple(out)


def _stray_reference(index: ModuleIndex, origin: Origin, accounted: set[int]) -> tuple[ast.AST, str] | None:
    """A read of the knob's variable that ties it to the data, with the reason."""
    if origin.owner is None:
        return None
    for node in index.references.get(id(origin.owner.target), []):
        if id(node) in accounted or _neutral(index, node):
            continue
        reason = data_use(index, node)
        if reason is not None:
            return node, reason
    return None


def _neutral(index: ModuleIndex, node: ast.AST) -> bool:
    """Read by print, logging or an f-string: harmless, and follows the tuned value."""
    for ancestor in index.ancestors(node):
        if isinstance(ancestor, ast.JoinedStr):
            return True
        if isinstance(ancestor, ast.Call):
            func = ancestor.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in _NEUTRAL_CALLS:
                return True
        if isinstance(ancestor, ast.stmt):
            return False
    return False


def _use(source: Source, index: ModuleIndex, site: CallSite, param: str, expr: ast.AST) -> Use:
    module_line, col = index.position(expr)
    cell, line = source.line_map.locate(module_line)
    return Use(call=site.call, param=param, line=line, col=col, cell=cell)


def _line(source: Source, index: ModuleIndex, node: ast.AST) -> int:
    return source.line_map.locate(index.position(node)[0])[1]


def _where(source: Source, index: ModuleIndex, node: ast.AST) -> str:
    cell, line = source.line_map.locate(index.position(node)[0])
    return f"{source.path}, cell {cell}, line {line}: " if cell is not None else f"{source.path}, line {line}: "

"""`generate_script`: the user's code, rewritten into a hyperopt tuning module."""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable

import libcst as cst
from libcst.metadata import MetadataWrapper

from ..exceptions import ScriptParseError
from ..metadata import load_metadata
from ..source import Source
from ..types import Detection, Hyperparameter
from ._argv import WARNING as ARGV_WARNING
from ._argv import EmptyArgv
from ._assemble import Names, Parts, assemble
from ._entry import flatten_main_guard, inline_entry
from ._evaluate import evaluate_function
from ._facts import collect
from ._fit import rewrite_fit
from ._locate import locate
from ._replace import ReplaceLiterals
from ._split import split_statements
from .constants import (
    CALLBACKS_ARG_CANDIDATES,
    CALLBACKS_CANDIDATES,
    HISTORY_CANDIDATES,
    HP_CANDIDATES,
    METRICS_CANDIDATES,
    PARAMS_CANDIDATES,
    RESERVED_NAMES,
)
from .exceptions import GenerationError, NameClashError, NothingToTuneError
from .types import GeneratedScript, GenerateOptions

_RECORDER_CANDIDATES = ("optpar_recorder", "_optpar_recorder")
_DEFAULTS = GenerateOptions()


def generate_script(
    source: Source,
    detection: Detection,
    space: Iterable[Hyperparameter] | None = None,
    *,
    options: GenerateOptions = _DEFAULTS,
) -> GeneratedScript:
    """Rewrite the user's script (or notebook's code cells) into a tuning module.

    Args:
        source: the file as read by `optpar.source.read_source`.
        detection: what `optpar.detect.detect_source` found in it.
        space: the hyperparameters to tune (default: all detected). A detected one
            left out keeps its original literal.
        options: the metric to optimise and how `fit` is adjusted.

    Returns:
        The module's code and warnings about what the generator changed.

    Raises:
        NothingToTuneError: the space is empty.
        LiteralNotFoundError: a position no longer holds a value (the file changed).
        NoFitCallError: no `fit` call trains the model.
        NameClashError: the script defines a name the module must define (`SPACE`...).
        ScriptParseError: the code is not valid Python.

    Example:
        >>> source = read_source("model.py")
        >>> script = generate_script(source, detect_source(source))
        >>> Path("tuned.py").write_text(script.code)
    """
    hps = detection.hyperparameters if space is None else tuple(space)
    if not hps:
        raise NothingToTuneError(detection.reason or f"{source.path}: no hyperparameters to tune")
    if options.mode not in ("min", "max"):
        raise GenerationError(f'mode must be "min" or "max", got {options.mode!r}')
    module = _parse(source)
    used = _names(module)
    names = Names(
        hp=_free(HP_CANDIDATES, used),
        callbacks=_free(CALLBACKS_CANDIDATES, used),
        params=_free(PARAMS_CANDIDATES, used),
        callbacks_arg=_free(CALLBACKS_ARG_CANDIDATES, used),
        tune_main="main" if "main" not in used else "tune_main",
    )
    located, warnings = locate(MetadataWrapper(module, unsafe_skip_copy=True), source, hps, strict=False)
    module = module.visit(ReplaceLiterals(located, names.hp))
    argv = EmptyArgv()
    module = module.visit(argv)
    if argv.changed:
        warnings = (*warnings, ARGV_WARNING)
    module, inlined = inline_entry(flatten_main_guard(module))
    facts = collect(MetadataWrapper(module, unsafe_skip_copy=True), module.body, _layer_names())
    clash = sorted(facts.bound & set(RESERVED_NAMES))
    if clash:
        raise NameClashError(
            f"the script defines {', '.join(clash)}, which the generated module must define; rename it in the script"
        )
    split = split_statements(facts, names.hp)
    body: list[list[cst.BaseStatement]] = [[statement] for statement in module.body]
    fit = rewrite_fit(
        module.body[split.fit_owner],
        split.fit,
        callbacks_name=names.callbacks,
        history_name=_free(HISTORY_CANDIDATES, used),
        capture=not split.fit_deferred,
        options=options,
    )
    body[split.fit_owner] = list(fit.statements)
    recorder = _free(_RECORDER_CANDIDATES, used) if split.fit_deferred else None
    if recorder:
        returned = f"{recorder}.model, {recorder}"
    elif split.model_name:
        returned = f"{split.model_name}, {fit.history}"
    else:
        returned = f"{fit.history}.model, {fit.history}"  # Keras's History knows its model

    def pick(indices: Iterable[int]) -> list[cst.BaseStatement]:
        return [statement for i in sorted(indices) for statement in body[i]]

    parts = Parts(
        header=module,
        once=pick(split.once(len(body))),
        trial=pick(split.trial),
        globals=split.globals,
        returned=returned,
        recorder=recorder,
        evaluate=evaluate_function(
            pick(split.evaluate), split.model_name, _free(METRICS_CANDIDATES, used), split.evaluate_globals
        ),
        space=hps,
        metric=options.metric,
        mode=options.mode,
        origin=source.path,
    )
    notes = ("the notebook's code cells are joined into one script",) if source.notebook else ()
    all_warnings = (*source.warnings, *notes, *warnings, *inlined, *split.warnings, *fit.warnings)
    return GeneratedScript(code=assemble(parts, names), warnings=tuple(dict.fromkeys(all_warnings)))


def _parse(source: Source) -> cst.Module:
    try:
        return cst.parse_module(source.code)
    except cst.ParserSyntaxError as exc:
        cell, line = source.line_map.locate(exc.raw_line)
        raise ScriptParseError(exc.message, source=source.path, line=line, col=exc.raw_column, cell=cell) from exc


def _names(module: cst.Module) -> set[str]:
    """Identifiers the code uses as variables (not attribute or keyword names)."""
    names: set[str] = set()

    class Collector(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            names.add(node.value)

        def visit_Attribute(self, node: cst.Attribute) -> bool:
            node.value.visit(self)
            return False

        def visit_Arg(self, node: cst.Arg) -> bool:
            node.value.visit(self)
            return False

    module.visit(Collector())
    return names


def _free(candidates: Collection[str], used: Collection[str]) -> str:
    for name in candidates:
        if name not in used:
            return name
    raise NameClashError(f"the script uses every name optpar would use here: {', '.join(candidates)}")


@functools.lru_cache(maxsize=1)
def _layer_names() -> frozenset[str]:
    return frozenset(load_metadata().by_layer)

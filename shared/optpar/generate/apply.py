"""Write chosen values back into the user's own file, in place of the original literals.

The edit is textual: only the characters of each literal change, so comments,
layout and a notebook's other cells and outputs stay as they were.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import libcst as cst
from libcst.metadata import MetadataWrapper

from ..exceptions import ScriptParseError
from ..source import Source
from ..types import Hyperparameter
from ._locate import Located, locate
from ._values import coerce, value_code
from .exceptions import GenerationError, MissingValueError

_NEWLINE = re.compile(r"\r\n|\r|\n")
_LINES = re.compile(r"[^\n]*\n|[^\n]+$")  # nbformat's list form: lines with their "\n"
# (line, column) -> (line, column), 1-based lines, in module or cell coordinates.
_Edit = tuple[int, int, int, int, str]


def apply_values(
    source: Source,
    space: Iterable[Hyperparameter],
    values: Mapping[str, Any],
    *,
    notebook_text: str | None = None,
) -> str:
    """The user's file with `values` written in place of the original literals.

    Args:
        source: the file as read by `optpar.source.read_source`.
        space: the hyperparameters to write (their positions say where). Entries
            whose name is not in `values` are left as they are.
        values: {name: value}, as in results.json's `best`.
        notebook_text: for a notebook, its JSON text; read from `source.path` when omitted.

    Returns:
        The script's text, or for a notebook its JSON text with only the affected
        cells' source changed.

    Raises:
        LiteralNotFoundError, LiteralMismatchError: the file changed since detection.
        GenerationError: a value has no literal form, or the notebook cannot be read.

    Example:
        >>> apply_values(source, detection.hyperparameters, {"dense_1.units": 64})
    """
    hps = [hp for hp in space if hp.name in values]
    if not hps and values:
        raise MissingValueError(f"none of {sorted(values)} names a hyperparameter of the space")
    try:
        wrapper = MetadataWrapper(cst.parse_module(source.code))
    except cst.ParserSyntaxError as exc:
        raise ScriptParseError(exc.message, source=source.path, line=exc.raw_line, col=exc.raw_column) from exc
    found, _ = locate(wrapper, source, hps, strict=True)
    edits = [_edit(wrapper.module, loc, values[loc.hp.name]) for loc in found.values()]
    if not source.notebook:
        return _splice(source.code, edits)
    return _apply_notebook(source, edits, notebook_text)


def _edit(module: cst.Module, loc: Located, value: Any) -> _Edit:
    try:
        text = value_code(coerce(loc.hp, value), loc.node)
    except ValueError as exc:
        raise GenerationError(f"{loc.hp.name}: cannot write the value back: {exc}") from exc
    start, end = loc.where.start, loc.where.end
    return (start.line, start.column, end.line, end.column, text)


def _splice(text: str, edits: Iterable[_Edit]) -> str:
    """Replace (line, col)-(line, col) ranges, last first so earlier offsets stay valid."""
    starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
    for line, col, end_line, end_col, new in sorted(edits, reverse=True):
        begin = starts[line - 1] + col
        stop = starts[end_line - 1] + end_col
        text = text[:begin] + new + text[stop:]
    return text


def _apply_notebook(source: Source, edits: list[_Edit], notebook_text: str | None) -> str:
    if notebook_text is None:
        try:
            notebook_text = Path(source.path).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise GenerationError(
                f"{source.path}: cannot read the notebook to write values back ({exc.strerror}); "
                "pass its text as notebook_text"
            ) from exc
    notebook = json.loads(notebook_text)
    per_cell: dict[int, list[_Edit]] = {}
    for line, col, end_line, end_col, new in edits:
        cell, cell_line = source.line_map.locate(line)
        _, cell_end = source.line_map.locate(end_line)
        per_cell.setdefault(cell, []).append((cell_line, col, cell_end, end_col, new))  # type: ignore[arg-type]
    for index, cell_edits in per_cell.items():
        cell = notebook["cells"][index]
        raw = cell["source"]
        text = _splice("".join(raw) if isinstance(raw, list) else raw, cell_edits)
        cell["source"] = _LINES.findall(text) if isinstance(raw, list) else text
    return _dump_like(notebook, notebook_text)


def _dump_like(notebook: Any, original: str) -> str:
    """JSON in the original's indentation (nbformat writes 1 space), non-ASCII kept."""
    match = re.search(r"\n( +)\S", original)
    indent = len(match.group(1)) if match else 1
    text = json.dumps(notebook, indent=indent, ensure_ascii=False)
    return text + "\n" if original.endswith("\n") else text

"""The line of code each hyperparameter came from, for the review table."""

from __future__ import annotations

import io
import tokenize
from collections.abc import Iterable

from ..source import Source
from ..types import Hyperparameter
from .constants import MAX_SNIPPET_CHARS
from .types import Snippet


def snippets_for(source: Source, space: Iterable[Hyperparameter]) -> dict[str, Snippet]:
    """`{name: Snippet}` for each hyperparameter whose line exists in `source`.

    `hp.line` counts within the notebook cell `hp.cell` for notebooks, within
    the file for scripts. A hyperparameter whose line is missing gets no entry.
    """
    cells = dict(source.cells)
    out: dict[str, Snippet] = {}
    for hp in space:
        text = cells.get(hp.cell, "") if source.notebook and hp.cell is not None else source.code
        lines = text.split("\n")
        if not 1 <= hp.line <= len(lines):
            continue
        out[hp.name] = _snippet(lines[hp.line - 1], hp.col)
    return out


def _snippet(line: str, col: int) -> Snippet:
    indent = len(line) - len(line.lstrip())
    text = line.strip()
    start, end = _literal_span(line, col)
    start, end = max(start - indent, 0), max(end - indent, 0)
    if len(text) > MAX_SNIPPET_CHARS:
        # Keep the literal in view: cut a window around it.
        left = max(0, min(start - MAX_SNIPPET_CHARS // 2, len(text) - MAX_SNIPPET_CHARS)) if end else 0
        right = left + MAX_SNIPPET_CHARS
        prefix, suffix = ("…" if left else ""), ("…" if right < len(text) else "")
        if end and left <= start and end <= right:
            start, end = start - left + len(prefix), end - left + len(prefix)
        else:
            start, end = 0, 0
        text = prefix + text[left:right] + suffix
    return Snippet(text=text, start=start, end=end)


def _literal_span(line: str, col: int) -> tuple[int, int]:
    """Where the literal at `col` starts and ends, or (0, 0) when it cannot be told."""
    if not 0 <= col < len(line):
        return 0, 0
    try:
        tokens = tokenize.generate_tokens(io.StringIO(line[col:]).readline)
        first = next(tokens)
        if first.type == tokenize.OP and first.string == "-":
            second = next(tokens)
            if second.type != tokenize.NUMBER:
                return 0, 0
            return col, col + second.end[1]
        if first.type in (tokenize.NUMBER, tokenize.STRING, tokenize.NAME):
            return col, col + first.end[1]
    except (tokenize.TokenError, IndentationError, StopIteration, SyntaxError):
        pass
    return 0, 0

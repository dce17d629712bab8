"""Read a `.py` script or an `.ipynb` notebook into one Python module, without running it.

A notebook's code cells are joined into one module, so that names defined in
one cell resolve in the next. `LineMap` turns a module line back into the
notebook's cell index (counting markdown cells) and the line inside that cell.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .constants import MAX_NOTEBOOK_BYTES, MAX_SOURCE_BYTES
from .exceptions import (
    BinaryFileError,
    EmptyScriptError,
    FileTooLargeError,
    NotebookFormatError,
    SourceReadError,
    UnsupportedFileTypeError,
)

# Cell magics whose body is still Python; any other `%%magic` cell is not.
_PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug"})


@dataclass(frozen=True)
class LineMap:
    """Module line (1-based) -> (cell index, line in cell). Empty for scripts."""

    cells: tuple[tuple[int, int], ...] = ()

    def locate(self, line: int) -> tuple[int | None, int]:
        if not self.cells:
            return None, line
        if 1 <= line <= len(self.cells):
            return self.cells[line - 1]
        return self.cells[-1][0], line

    def module_line(self, cell: int | None, line: int) -> int:
        """The inverse of `locate`."""
        if cell is None or not self.cells:
            return line
        for index, (c, n) in enumerate(self.cells, start=1):
            if c == cell and n == line:
                return index
        raise KeyError((cell, line))


@dataclass(frozen=True)
class Source:
    """The code to analyse, with where each line came from."""

    path: str
    code: str
    notebook: bool
    line_map: LineMap
    warnings: tuple[str, ...] = ()
    cells: tuple[tuple[int, str], ...] = ()
    """For notebooks, (cell index, cell source) of each code cell, magics kept."""


def read_source(path: str | Path) -> Source:
    """Read and decode a script or notebook.

    Raises:
        UnsupportedFileTypeError, FileTooLargeError, BinaryFileError,
        EmptyScriptError, NotebookFormatError.
    """
    p = Path(path)
    name = str(path)
    if p.suffix not in (".py", ".ipynb"):
        raise UnsupportedFileTypeError(
            f"expected a Python script (.py) or a Jupyter notebook (.ipynb), got '{p.suffix or p.name}'",
            source=name,
        )
    try:
        size = p.stat().st_size
        limit = MAX_NOTEBOOK_BYTES if p.suffix == ".ipynb" else MAX_SOURCE_BYTES
        if size > limit:
            raise FileTooLargeError(f"the file is {size:,} bytes; the limit is {limit:,}", source=name)
        data = p.read_bytes()
    except OSError as exc:
        raise SourceReadError(f"cannot read the file: {exc.strerror}", source=name) from exc
    return source_from_bytes(data, name)


def source_from_bytes(data: bytes, name: str) -> Source:
    """Decode bytes already in memory (as read from S3)."""
    limit = MAX_NOTEBOOK_BYTES if name.endswith(".ipynb") else MAX_SOURCE_BYTES
    if len(data) > limit:
        raise FileTooLargeError(f"the file is {len(data):,} bytes; the limit is {limit:,}", source=name)
    if b"\x00" in data:
        raise BinaryFileError("the file is binary (it contains NUL bytes), not Python source", source=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BinaryFileError(
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); save it as UTF-8",
            source=name,
            line=line,
        ) from exc
    if name.endswith(".ipynb"):
        return _notebook_source(text, name)
    if not text.strip():
        raise EmptyScriptError("the file is empty: there is no code to analyse", source=name)
    return Source(path=name, code=text, notebook=False, line_map=LineMap())


def _notebook_source(text: str, name: str) -> Source:
    try:
        nb = json.loads(text)
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        raise NotebookFormatError(f"the notebook is not valid JSON: {exc}", source=name, line=line) from exc
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise NotebookFormatError("the notebook has no 'cells' list (is it nbformat 4?)", source=name)
    lines: list[str] = []
    mapping: list[tuple[int, int]] = []
    warnings: list[str] = []
    code_cells: list[tuple[int, str]] = []
    for index, cell in enumerate(nb["cells"]):
        if not isinstance(cell, dict):
            raise NotebookFormatError("a cell is not a JSON object", source=name, cell=index)
        if cell.get("cell_type") != "code":
            continue
        raw = cell.get("source", "")
        if isinstance(raw, list):
            if not all(isinstance(s, str) for s in raw):
                raise NotebookFormatError("a cell's source holds a non-string", source=name, cell=index)
            raw = "".join(raw)
        if not isinstance(raw, str):
            raise NotebookFormatError("a cell's source is neither text nor a list of lines", source=name, cell=index)
        code_cells.append((index, raw))
        for number, line in enumerate(_python_lines(raw, name, index, warnings), start=1):
            lines.append(line)
            mapping.append((index, number))
    if not any(line.strip() for line in lines):
        raise EmptyScriptError("the notebook has no code cells with code in them", source=name)
    code_size = sum(len(line) + 1 for line in lines)
    if code_size > MAX_SOURCE_BYTES:
        raise FileTooLargeError(
            f"the notebook's code is {code_size:,} characters; the limit is {MAX_SOURCE_BYTES:,}", source=name
        )
    return Source(
        path=name,
        code="\n".join(lines) + "\n",
        notebook=True,
        line_map=LineMap(tuple(mapping)),
        warnings=tuple(warnings),
        cells=tuple(code_cells),
    )


def _python_lines(raw: str, name: str, cell: int, warnings: list[str]) -> list[str]:
    """A cell's lines, with IPython-only lines blanked so line numbers stay put."""
    lines = raw.split("\n")
    first = lines[0].strip() if lines else ""
    if first.startswith("%%"):
        magic = first[2:].split()[0] if first[2:].split() else ""
        if magic not in _PYTHON_CELL_MAGICS:
            warnings.append(f"{name}, cell {cell}: skipped a %%{magic} cell (not Python)")
            return ["" for _ in lines]
        warnings.append(f"{name}, cell {cell}, line 1: skipped the cell magic %%{magic}")
        lines = [""] + lines[1:]
    out: list[str] = []
    continued = False
    for number, line in enumerate(lines, start=1):
        stripped = line.lstrip()
        if continued:  # a shell or magic line continued with a trailing backslash
            out.append("")
            continued = stripped.endswith("\\")
            continue
        if stripped.startswith(("%", "!")) or (stripped.endswith("?") and stripped[:-1].isidentifier()):
            continued = stripped.endswith("\\")
            indent = line[: len(line) - len(stripped)]
            shown = stripped if len(stripped) <= 60 else stripped[:57] + "..."
            warnings.append(f"{name}, cell {cell}, line {number}: skipped the IPython line {shown!r}")
            # `pass` keeps an indented block valid where the magic was its only line.
            out.append(f"{indent}pass" if indent else "")
        else:
            out.append(line)
    return out

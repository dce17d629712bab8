"""Helpers for the generation tests: sources from strings, hand-made hyperparameters, generated code's parts."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from optpar.generate import GeneratedScript, GenerateOptions, generate_script
from optpar.source import Source, source_from_bytes
from optpar.types import Detection, Hyperparameter, Kind

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "tests" / "assets" / "generate"
EXAMPLES = ROOT / "examples"


def script(code: str, name: str = "model.py") -> Source:
    return source_from_bytes(textwrap.dedent(code).lstrip("\n").encode(), name)


def hp(name: str, original: Any, line: int, col: int, *, cell: int | None = None, variable: str | None = None) -> Hyperparameter:
    """A choice among the original and one other value, at a hand-checked position."""
    other = original * 2 if isinstance(original, (int, float)) and not isinstance(original, bool) else "tanh"
    return Hyperparameter(
        name=name,
        call="Dense",
        param=name,
        kind=Kind.CHOICE,
        original=original,
        line=line,
        col=col,
        cell=cell,
        choices=(original, other),
        variable=variable,
    )


def at(source: Source, name: str, text: str, original: Any, *, occurrence: int = 1) -> Hyperparameter:
    """A hyperparameter at the `occurrence`-th place `text` appears in the code (module lines).

    A `|` in `text` marks where the literal starts: `"Dense(|8,"`; without one, `text` is the literal.
    """
    prefix = text.split("|")[0] if "|" in text else ""
    text = text.replace("|", "")
    seen = 0
    for number, line in enumerate(source.code.splitlines(), start=1):
        col = line.find(text)
        while col != -1:
            seen += 1
            if seen == occurrence:
                return hp(name, original, number, col + len(prefix))
            col = line.find(text, col + 1)
    raise AssertionError(f"{text!r} not found")


def generate(source: Source, *hps: Hyperparameter, **options: Any) -> GeneratedScript:
    detection = Detection(source=source.path, hyperparameters=tuple(hps), notebook=source.notebook)
    return generate_script(source, detection, options=GenerateOptions(**options))


def function_body(code: str, name: str) -> str:
    """The text of top-level function `name` in generated code."""
    start = code.index(f"def {name}(")
    end = code.find("\n\n\n", start)
    return code[start : end if end != -1 else None]


def module_level(code: str) -> str:
    """The generated module up to its trial function."""
    return code[: code.index("def build_and_train(")]

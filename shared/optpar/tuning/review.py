"""`--review`: a person edits `space.json` before the search, and we validate what they wrote."""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

from ..exceptions import SpaceValidationError
from ..space import load_space
from ..types import Hyperparameter


def review_space(
    path: Path,
    detected: Sequence[Hyperparameter],
    *,
    editor: str | None,
    ask: Callable[[str], str] = input,
    say: Callable[[str], None] = print,
) -> tuple[Hyperparameter, ...]:
    """Let a person edit `path` (already written), then load and validate it, until it is valid or they quit.

    Args:
        editor: the command to open the file with ($EDITOR, resolved by the caller);
            None prints the path and waits for Enter.
        ask, say: input and output, replaceable in tests.

    Raises:
        SpaceValidationError: the person quit while the file was still invalid.
    """
    known = {h.name for h in detected}
    _open(path, editor, ask)
    while True:
        try:
            return _load(path, known)
        except SpaceValidationError as exc:
            say(f"The space is not valid: {exc}")
            if ask("Press Enter to fix it, or type q to give up: ").strip().lower() in ("q", "quit"):
                raise
            if editor:
                _open(path, editor, ask)


def _open(path: Path, editor: str | None, ask: Callable[[str], str]) -> None:
    if editor:
        subprocess.run([*shlex.split(editor), str(path)], check=False)
    else:
        ask(f"Edit the search space in {path} (delete an entry to keep its value fixed), then press Enter: ")


def _load(path: Path, known: set[str]) -> tuple[Hyperparameter, ...]:
    space = load_space(path)
    unknown = sorted({h.name for h in space} - known)
    if unknown:
        raise SpaceValidationError(
            f"{path}: {', '.join(unknown)} were not detected in the script; only the detected names "
            f"can be tuned ({', '.join(sorted(known))})"
        )
    return space

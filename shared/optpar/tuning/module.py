"""Load a generated trial module, running its once-only part (imports, data loading) in the data folder."""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from .exceptions import TrialModuleError


@contextlib.contextmanager
def working_dir(path: str | Path | None) -> Iterator[None]:
    """Run the block with `path` as the working directory (the user's script reads files relative to it)."""
    if path is None:
        yield
        return
    previous = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def load_trial_module(script_path: str | Path, cwd: str | Path | None = None) -> ModuleType:
    """Import the generated script as a module, without running its `__main__` block.

    Args:
        script_path: the generated `tuned.py`.
        cwd: the working directory while the module's top level runs (data loading).
            The caller keeps it for the trials too, with `working_dir(cwd)`.

    Raises:
        TrialModuleError: the module raises while loading, or defines no `build_and_train`.
    """
    path = Path(script_path).resolve()
    name = "optpar_trial_" + hashlib.sha1(str(path).encode()).hexdigest()[:10]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise TrialModuleError(f"{path}: cannot be imported as a Python module")
    module = importlib.util.module_from_spec(spec)
    # The user's script may import modules that sit next to it, or next to its data.
    extra = [str(p) for p in {path.parent, Path(cwd).resolve() if cwd else path.parent} if str(p) not in sys.path]
    sys.path[:0] = extra
    sys.modules[name] = module
    try:
        with working_dir(cwd):
            spec.loader.exec_module(module)
    except SystemExit as exc:  # argparse and sys.exit() in the user's code must not end our process
        sys.modules.pop(name, None)
        raise TrialModuleError(
            f"{path}: the script called sys.exit({exc.code!r}) while loading its data, before any trial"
        ) from exc
    except Exception as exc:
        sys.modules.pop(name, None)
        raise TrialModuleError(
            f"{path}: the script failed while loading its data, before any trial: {type(exc).__name__}: {exc}"
        ) from exc
    if not callable(getattr(module, "build_and_train", None)):
        raise TrialModuleError(f"{path}: defines no build_and_train(params, callbacks); was it made by optpar?")
    return module

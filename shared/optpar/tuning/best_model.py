"""Keep the best model on disk: saved atomically whenever a trial beats the best so far."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .checkpoint import write_atomic

MODEL_FILE = "best_model.keras"
MODEL_INFO_FILE = "best_model.json"
"""Which trial the saved model belongs to: after a kill, the model on disk may be from an unrecorded run."""


def save_best(model: Any, out_dir: Path, trial: int, loss: float) -> str | None:
    """Save `model` as the best one. Returns an error message instead of raising: a model
    that cannot be serialised (a custom layer without get_config) must not fail its trial."""
    target = out_dir / MODEL_FILE
    tmp = out_dir / f".{MODEL_FILE}.tmp.keras"  # Keras insists on the .keras suffix
    try:
        model.save(tmp)
        os.replace(tmp, target)
    except Exception as exc:  # noqa: BLE001
        tmp.unlink(missing_ok=True)
        return f"could not save the best model: {type(exc).__name__}: {exc}"
    write_atomic(out_dir / MODEL_INFO_FILE, json.dumps({"trial": trial, "loss": loss}))
    return None


def saved_trial(out_dir: Path) -> int | None:
    """The trial whose model `best_model.keras` holds, if it is there."""
    try:
        info = json.loads((out_dir / MODEL_INFO_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return info.get("trial") if (out_dir / MODEL_FILE).exists() else None


def evaluate_best(
    evaluate_fn: Callable[[Any], Mapping[str, Any] | None],
    best_trial: int,
    in_memory: tuple[int, Any] | None,
    out_dir: Path | None,
) -> tuple[dict[str, Any] | None, str | None]:
    """Run the script's test evaluation once, on the best model. Returns (metrics, error)."""
    model = None
    if out_dir is not None and saved_trial(out_dir) == best_trial:
        try:
            import keras

            model = keras.saving.load_model(out_dir / MODEL_FILE)
        except Exception:  # noqa: BLE001 - fall back to the model still in memory
            model = None
    if model is None and in_memory is not None and in_memory[0] == best_trial:
        model = in_memory[1]
    if model is None:
        return None, f"the model of the best trial ({best_trial}) is not available to evaluate"
    try:
        metrics = evaluate_fn(model)
    except Exception as exc:  # noqa: BLE001 - a failing test evaluation must not lose the search
        return None, f"evaluate_best failed: {type(exc).__name__}: {exc}"
    return (None if metrics is None else {str(k): _number(v) for k, v in dict(metrics).items()}), None


def _number(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [_number(v) for v in value]
    return value

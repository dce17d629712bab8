"""`trials.jsonl`: the search's checkpoint, one line per finished trial.

Each line is appended, flushed and fsynced as its trial finishes, so a kill at
any moment loses at most the trial in progress (and perhaps half a line, which
`load_records` drops).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..types import Hyperparameter
from .exceptions import ResumeMismatchError
from .types import TrialRecord, TuneConfig

TRIALS_FILE = "trials.jsonl"


def fingerprint(space: Iterable[Hyperparameter], config: TuneConfig, n_startup_jobs: int) -> str:
    """A hash of what decides the proposed points and their losses, seed aside."""
    ranges = [
        {k: v for k, v in hp.to_dict().items() if k in ("name", "kind", "low", "high", "q", "choices", "original")}
        for hp in space
    ]
    key = {
        "space": ranges,
        "metric": config.metric,
        "mode": config.mode.value,
        "algo": config.algo.value,
        "n_startup_jobs": n_startup_jobs,
        "prune": config.prune,
    }
    return hashlib.sha256(json.dumps(key, sort_keys=True, default=repr).encode()).hexdigest()[:16]


def load_records(path: Path) -> list[TrialRecord]:
    """Read finished trials; a half-written last line (the process was killed) is dropped.

    Raises:
        ResumeMismatchError: a line other than the last is unreadable, or trial
            numbers are not 0, 1, 2, ... in order.
    """
    if not path.exists():
        return []
    lines = path.read_bytes().split(b"\n")
    records: list[TrialRecord] = []
    dropped = False
    for index, raw in enumerate(lines):
        if not raw.strip():
            continue
        try:
            records.append(TrialRecord.from_dict(json.loads(raw)))
        except (ValueError, KeyError, TypeError) as exc:
            if any(rest.strip() for rest in lines[index + 1 :]):
                raise ResumeMismatchError(
                    f"{path}, line {index + 1}: unreadable trial record ({exc}); "
                    "fix or delete the line, or use another --out folder"
                ) from exc
            dropped = True
    for expected, record in enumerate(records):
        if record.number != expected:
            raise ResumeMismatchError(
                f"{path}: expected trial {expected} on line {expected + 1}, found trial {record.number}; "
                "the file was edited or two searches wrote to it. Use another --out folder"
            )
    if dropped or (lines and lines[-1].strip()):
        # Rewrite without the partial line, so the next append starts on a fresh line.
        write_atomic(path, "".join(json.dumps(r.to_dict()) + "\n" for r in records))
    return records


def check_resumable(records: list[TrialRecord], expected_fingerprint: str, seed: int | None, path: Path) -> None:
    """Refuse to continue a search whose space, metric, algorithm or seed differ."""
    for record in records:
        if record.fingerprint != expected_fingerprint:
            raise ResumeMismatchError(
                f"{path} holds trials of a different search (its space, metric, mode or algorithm differ "
                f"from this one's). Use another --out folder, or rerun with the same space and options"
            )
        if seed is not None and record.seed is not None and record.seed != seed:
            raise ResumeMismatchError(
                f"{path} was searched with --seed {record.seed}, not {seed}; "
                f"rerun with --seed {record.seed} to resume, or use another --out folder"
            )


def append_record(path: Path, record: TrialRecord) -> None:
    """Append one line and make it durable before the next trial starts."""
    line = json.dumps(record.to_dict(), default=_json_default) + "\n"
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file in the same folder, then rename over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def jsonable(value: Any) -> Any:
    """Params as JSON would give them back: tuples become lists, numpy scalars plain numbers."""
    return json.loads(json.dumps(value, default=_json_default))


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return repr(value)

"""Write `results.json` and `report.html` into the output folder."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from ..types import Hyperparameter
from .best_model import MODEL_FILE
from .checkpoint import TRIALS_FILE, write_atomic
from .report import build_report
from .types import TuneResult

RESULTS_FILE = "results.json"
REPORT_FILE = "report.html"


def write_outputs(
    result: TuneResult,
    space: Sequence[Hyperparameter],
    out_dir: Path,
    *,
    extra_files: Mapping[str, str] | None = None,
    title: str = "optpar tuning report",
) -> TuneResult:
    """Write the results and the report; returns `result` with `files` naming what the folder holds."""
    files = {name: name for name in (TRIALS_FILE, MODEL_FILE) if (out_dir / name).exists()}
    files.update({"results": RESULTS_FILE, "report": REPORT_FILE})
    files.update(extra_files or {})
    result = replace(result, files=files, out_dir=out_dir)
    write_atomic(out_dir / REPORT_FILE, build_report(result, space, title))
    write_atomic(out_dir / RESULTS_FILE, json.dumps(result.to_dict(), indent=2, default=repr) + "\n")
    return result

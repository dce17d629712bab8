"""Kill a tuning process with SIGKILL once it has recorded some trials: the resume tests' common step."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

ENV = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}


def kill_after_trials(command: list[str], trials: Path, count: int = 2, **popen: Any) -> list[dict[str, Any]]:
    """Start `command`, SIGKILL it once `trials` holds `count` lines, and return the records written."""
    process = subprocess.Popen(command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **popen)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if trials.exists() and trials.read_text().count("\n") >= count:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    return [json.loads(line) for line in trials.read_text().splitlines() if line.strip()]

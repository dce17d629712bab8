"""The progress bar: trial k of N, best so far, elapsed time. Silent when not on a terminal."""

from __future__ import annotations

from typing import Any


class SearchProgress:
    """A rich progress bar, or nothing at all when `enabled` is False or stdout is not a TTY."""

    def __init__(self, total: int, metric: str, *, enabled: bool) -> None:
        self._total = total
        self._metric = metric
        self._progress: Any = None
        self._task: Any = None
        if enabled:
            try:
                from rich.console import Console
            except ImportError:  # a bare tuning install (the GPU instance): no bar, no failure
                return

            console = Console()
            if console.is_terminal:
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

                self._progress = Progress(
                    TextColumn("trial"),
                    MofNCompleteColumn(),
                    BarColumn(),
                    TextColumn("best {task.fields[best]}"),
                    TimeElapsedColumn(),
                    console=console,
                    transient=False,
                )

    def __enter__(self) -> SearchProgress:  # noqa: PYI034 - Self needs Python 3.11
        if self._progress is not None:
            self._progress.start()
            self._task = self._progress.add_task("tuning", total=self._total, best="-")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def advance(self, done: int, best: float | None) -> None:
        if self._progress is not None:
            text = "-" if best is None else f"{self._metric}={best:.4g}"
            self._progress.update(self._task, completed=done, best=text)

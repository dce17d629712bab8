"""Fixtures of the cloud tests: one moto server for the session, a fresh pipeline per test."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
ASSETS = HERE / "assets"
EVENTS = HERE.parent / "events"


@pytest.fixture(scope="session")
def moto_server() -> Iterator[Any]:
    pytest.importorskip("moto")
    from optpar.cloud.local.server import MotoServer

    server = MotoServer().start()
    yield server
    server.stop()


@pytest.fixture
def make_pipeline(moto_server: Any) -> Iterator[Callable[..., Any]]:
    """`make_pipeline(max_evals=3, faults=Faults(...))`: resources of template.yaml on a reset moto."""
    from optpar.cloud.local import LocalOptions, LocalPipeline

    opened: list[Any] = []

    def make(**options: Any) -> Any:
        moto_server.reset()
        pipeline = LocalPipeline(LocalOptions(**options), server=moto_server).__enter__()
        opened.append(pipeline)
        return pipeline

    yield make
    for pipeline in opened:
        pipeline.__exit__(None, None, None)


def load_event(name: str, **replace: str) -> dict[str, Any]:
    text = (EVENTS / name).read_text()
    for key, value in replace.items():
        text = text.replace(key, value)
    return json.loads(text)

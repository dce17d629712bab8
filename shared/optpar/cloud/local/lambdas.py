"""Run the real Lambda handlers inside moto, in this process (no Docker).

moto calls `LambdaFunction._invoke_lambda` for `lambda.invoke`, for the state machine's
`lambda:invoke` tasks (plain and `.waitForTaskToken`) and for S3 notifications. We replace
it with a call to the handler named by the function's `Handler`, under the function's
environment, and answer as Lambda does: the result as JSON, or an error payload whose
`errorType` is the exception's class name (the state machine's error name).
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import sys
import threading
import traceback
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any


@dataclass(frozen=True)
class HandlerSpec:
    code_dir: Path
    handler: str  # "module.function"


class _Context:
    """The parts of the Lambda context object that Powertools reads."""

    def __init__(self, fn: Any) -> None:
        self.function_name = fn.function_name
        self.function_version = "$LATEST"
        self.invoked_function_arn = fn.function_arn
        self.memory_limit_in_mb = int(fn.memory_size or 128)
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{fn.function_name}"
        self.log_stream_name = "local"

    @staticmethod
    def get_remaining_time_in_millis() -> int:
        return 60_000


class HandlerRunner:
    """Maps function names to handlers and runs them one at a time (they swap `os.environ`)."""

    def __init__(self) -> None:
        self.specs: dict[str, HandlerSpec] = {}
        self.calls: list[tuple[str, str]] = []  # (function name, error type or "")
        self.logs: list[str] = []  # what each call printed (CloudWatch Logs, in AWS)
        self._modules: dict[tuple[Path, str], ModuleType] = {}
        self._lock = threading.RLock()
        self._original: Callable[..., Any] | None = None

    def register(self, function_name: str, spec: HandlerSpec) -> None:
        self.specs[function_name] = spec

    def _load(self, spec: HandlerSpec) -> Callable[[Any, Any], Any]:
        module_name, _, attr = spec.handler.rpartition(".")
        key = (spec.code_dir, module_name)
        if key not in self._modules:
            path = spec.code_dir / f"{module_name.replace('.', '/')}.py"
            unique = f"optpar_fn_{spec.code_dir.name}_{module_name}"
            loader = importlib.util.spec_from_file_location(unique, path)
            if loader is None or loader.loader is None:
                raise ImportError(f"cannot load the handler {spec.handler} from {path}")
            module = importlib.util.module_from_spec(loader)
            sys.modules[unique] = module
            loader.loader.exec_module(module)
            self._modules[key] = module
        return getattr(self._modules[key], attr)

    def module(self, function_name: str) -> ModuleType:
        """The handler module of a function (loaded on first use)."""
        spec = self.specs[function_name]
        self._load(spec)
        return self._modules[(spec.code_dir, spec.handler.rpartition(".")[0])]

    @contextlib.contextmanager
    def _environment(self, env: dict[str, Any]) -> Iterator[io.StringIO]:
        """One handler at a time: `os.environ` is the function's, and what it prints is kept apart."""
        with self._lock:
            saved = dict(os.environ)
            os.environ.update({k: str(v) for k, v in env.items()})
            printed = io.StringIO()
            try:
                with contextlib.redirect_stdout(printed):
                    yield printed
            finally:
                os.environ.clear()
                os.environ.update(saved)
                self.logs.append(printed.getvalue())

    def call(self, function_name: str, event: Any, context: Any, env: dict[str, Any]) -> Any:
        """Call a handler directly (an API Gateway route, say), under `env`; exceptions propagate."""
        with self._environment(env):
            return self._load(self.specs[function_name])(event, context)

    def invoke(self, fn: Any, event: Any) -> tuple[str, bool, str]:
        spec = self.specs.get(fn.function_name)
        if spec is None:
            return json.dumps({"errorMessage": f"no local handler for {fn.function_name}",
                               "errorType": "HandlerNotFound"}), True, ""
        if isinstance(event, (str, bytes)):
            event = json.loads(event or "{}")
        try:
            with self._environment(fn.environment_vars or {}):
                result = self._load(spec)(event, _Context(fn))
            self.calls.append((fn.function_name, ""))
            return json.dumps(result, default=str), False, ""
        except Exception as exc:  # noqa: BLE001 - reported to the caller as Lambda does
            self.calls.append((fn.function_name, type(exc).__name__))
            body = {"errorMessage": str(exc), "errorType": type(exc).__name__,
                    "stackTrace": traceback.format_tb(exc.__traceback__)}
            return json.dumps(body), True, ""

    def patch(self) -> None:
        from moto.awslambda.models import LambdaFunction

        runner = self
        self._original = LambdaFunction._invoke_lambda

        def _invoke_lambda(fn: Any, event: Any = None) -> tuple[str, bool, str]:
            return runner.invoke(fn, event)

        LambdaFunction._invoke_lambda = _invoke_lambda  # type: ignore[method-assign,assignment]

    def unpatch(self) -> None:
        from moto.awslambda.models import LambdaFunction

        if self._original is not None:
            LambdaFunction._invoke_lambda = self._original  # type: ignore[method-assign]
            self._original = None

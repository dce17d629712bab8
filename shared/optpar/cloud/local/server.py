"""A moto server in this process, with the Step Functions interpreter on."""

from __future__ import annotations

import json
import os
import socket
import urllib.request
from typing import Any

REGION = "us-east-1"
ACCOUNT = "123456789012"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class MotoServer:
    """`ThreadedMotoServer` plus the environment that points boto3 (and moto's own interpreter) at it."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server: Any = None
        self._saved_env: dict[str, str | None] = {}

    def env(self) -> dict[str, str]:
        return {
            "AWS_ENDPOINT_URL": self.url,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_SESSION_TOKEN": "testing",
            "AWS_DEFAULT_REGION": REGION,
            "AWS_REGION": REGION,
            "MOTO_PORT": str(self.port),  # the interpreter calls the services at localhost:$MOTO_PORT
            "MOTO_ALLOW_NONEXISTENT_REGION": "true",
            "POWERTOOLS_TRACE_DISABLED": "true",
            "POWERTOOLS_METRICS_DISABLED": "true",
            "POWERTOOLS_DEV": "false",
        }

    def start(self) -> MotoServer:
        import logging

        from moto.server import ThreadedMotoServer

        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise
        # The interpreter logs every failed state (expected on the failure path) with its full parse tree.
        logging.getLogger("moto.stepfunctions").setLevel(logging.CRITICAL)

        for key, value in self.env().items():
            self._saved_env[key] = os.environ.get(key)
            os.environ[key] = value
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self._server.start()
        self.configure()
        return self

    def _post(self, path: str, body: dict[str, Any] | None = None) -> None:
        data = json.dumps(body or {}).encode()
        request = urllib.request.Request(f"{self.url}{path}", data=data, method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()

    def configure(self) -> None:
        # Not {"lambda": {"use_docker": False}}: that echoes payloads instead of calling our patched invoke.
        self._post("/moto-api/config", {"stepfunctions": {"execute_state_machine": True}})

    def reset(self) -> None:
        self._post("/moto-api/reset")
        self.configure()

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None
        for key, value in self._saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value

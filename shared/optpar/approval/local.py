"""The approval API on one machine: a small HTTP server that turns each request into an
API Gateway proxy event (REST, v1) for the same Lambda handler the stack deploys.

    api = serve(invoke_function(lambda_client, page_function))   # http://127.0.0.1:<free port>
    request_env["OPTPAR_APPROVAL_URL"] = api.approve_url
    ...                                       # the request function emails links under it
    print(sent_links()[-1])                   # moto recorded the email: open it in a browser
    api.stop()

Stdlib only, bound to 127.0.0.1: it is for a person on this machine and for tests.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import re
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

log = logging.getLogger(__name__)

Handler = Callable[[dict, Any], dict]
_ROUTE = re.compile(r"^/approve/([^/]+)$")
_MAX_BODY = 1024 * 1024
_LINK = re.compile(r"https?://\S+/approve/[^\s?]+\?\S+")


@dataclass(frozen=True)
class LocalContext:
    """Enough of a Lambda context for Powertools' `inject_lambda_context`."""

    function_name: str = "ApprovalPageFunction"
    memory_limit_in_mb: int = 512
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:ApprovalPageFunction"
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    function_version: str = "$LATEST"

    def get_remaining_time_in_millis(self) -> int:
        return 60_000


@dataclass(frozen=True)
class LocalApi:
    base_url: str
    """`http://127.0.0.1:<port>`."""
    approve_url: str
    """`{base_url}/approve`: the value for OPTPAR_APPROVAL_URL."""
    stop: Callable[[], None] = field(repr=False)


def serve(
    handler: Handler, *, env: Mapping[str, str] | None = None, host: str = "127.0.0.1", port: int = 0
) -> LocalApi:
    """Serve `GET`/`POST /approve/{approval_id}` on a background thread.

    Args:
        handler: the page function's Lambda handler (`functions/approve/page.py:handler`).
        env: the page function's environment, set in `os.environ` around each call (one call at a
            time). None leaves `os.environ` alone. Where something else also swaps `os.environ`
            (the local pipeline's Lambda runner), pass `invoke_function(...)` as the handler instead.
        host: the address to bind; keep it local.
        port: 0 picks a free port.

    Returns:
        LocalApi with the URLs and a `stop()` that shuts the server down and waits for it.
    """

    class _Request(_ProxyRequestHandler):
        lambda_handler = staticmethod(_with_env(handler, dict(env)) if env is not None else handler)

    server = ThreadingHTTPServer((host, port), _Request)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="optpar-approval-api", daemon=True)
    thread.start()
    base = f"http://{host}:{server.server_address[1]}"

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

    return LocalApi(base_url=base, approve_url=f"{base}/approve", stop=stop)


_ENV_LOCK = threading.Lock()


def invoke_function(lambda_client: Any, function_name: str) -> Handler:
    """A handler that invokes the deployed function through the Lambda API, as API Gateway does.

    With moto's Lambda patched to run handlers in-process (the local pipeline), the function then
    runs under its own environment, serialised with the other functions.
    """

    def call(event: dict, context: Any) -> dict:
        response = lambda_client.invoke(FunctionName=function_name, Payload=json.dumps(event).encode("utf-8"))
        body = json.loads(response["Payload"].read() or b"null")
        if response.get("FunctionError") or not isinstance(body, dict):
            raise RuntimeError(f"{function_name} failed: {body}")
        return body

    return call


def _with_env(handler: Handler, env: dict[str, str]) -> Handler:
    # os.environ is process-wide: one call at a time, and put back afterwards.
    def call(event: dict, context: Any) -> dict:
        with _ENV_LOCK:
            saved = {name: os.environ.get(name) for name in env}
            os.environ.update(env)
            try:
                return handler(event, context)
            finally:
                for name, value in saved.items():
                    if value is None:
                        os.environ.pop(name, None)
                    else:
                        os.environ[name] = value

    return call


def event_from_request(method: str, target: str, headers: dict[str, str], body: bytes, client_ip: str) -> dict:
    """An API Gateway REST proxy event (v1) for one HTTP request."""
    parts = urlsplit(target)
    match = _ROUTE.match(parts.path)
    query = parse_qs(parts.query, keep_blank_values=True)
    headers = {**headers, "X-Forwarded-Proto": "http"}
    return {
        "resource": "/approve/{approval_id}",
        "path": parts.path,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": {k: v[-1] for k, v in query.items()} or None,
        "multiValueQueryStringParameters": query or None,
        "pathParameters": {"approval_id": unquote(match.group(1))} if match else None,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": "/approve/{approval_id}",
            "httpMethod": method,
            "path": parts.path,
            "stage": "local",
            "requestId": str(uuid.uuid4()),
            "identity": {"sourceIp": client_ip},
        },
        "body": base64.b64encode(body).decode("ascii") if body else None,
        "isBase64Encoded": bool(body),
    }


class _ProxyRequestHandler(BaseHTTPRequestHandler):
    lambda_handler: Handler
    server_version = "optpar-local-approval"

    def do_GET(self) -> None:
        self._proxy()

    def do_POST(self) -> None:
        self._proxy()

    def _proxy(self) -> None:
        path = urlsplit(self.path).path
        if not _ROUTE.match(path):
            self._send(404, {"Content-Type": "text/plain; charset=utf-8"}, b"Not found: only /approve/{approval_id}\n")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > _MAX_BODY:
            self._send(413, {"Content-Type": "text/plain; charset=utf-8"}, b"Request body too large\n")
            return
        body = self.rfile.read(length) if length else b""
        event = event_from_request(self.command, self.path, dict(self.headers.items()), body, self.client_address[0])
        try:
            result = type(self).lambda_handler(event, LocalContext())
        except Exception:  # a handler crash is a 502 at API Gateway too
            log.exception("the approval page handler failed")
            self._send(502, {"Content-Type": "text/plain; charset=utf-8"}, b"Internal server error\n")
            return
        raw = result.get("body") or ""
        data = base64.b64decode(raw) if result.get("isBase64Encoded") else str(raw).encode("utf-8")
        self._send(int(result.get("statusCode", 200)), result.get("headers") or {}, data)

    def _send(self, status: int, headers: dict[str, str], data: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, str(value))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        # Never the query string: it holds the link's signature.
        log.debug("%s %s", self.command, urlsplit(self.path).path)


def sent_links(*, account_id: str = "123456789012", region: str = "us-east-1") -> list[str]:
    """Review links in the emails moto recorded (SNS topics and SES), oldest first.

    Reads moto's in-process backends, so it works with `mock_aws` or a `ThreadedMotoServer`
    running in this process.
    """
    from moto.ses.models import ses_backends
    from moto.sns.models import sns_backends

    texts: list[str] = []
    sns = sns_backends[account_id][region]
    for topic in sns.topics.values():
        texts.extend(message for _, message, *_ in topic.sent_notifications)
    texts.extend(getattr(m, "body", "") or "" for m in ses_backends[account_id][region].sent_messages)
    return [link for text in texts for link in _LINK.findall(text)]

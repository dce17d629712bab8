"""API Gateway proxy events in (REST v1 or HTTP API v2 payloads), proxy responses out."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, unquote

from .types import HttpRequest, HttpResponse

MAX_BODY_BYTES = 64 * 1024
"""The form is a few kilobytes; anything larger is not from it."""


def request_from_event(event: Mapping[str, Any]) -> HttpRequest:
    """Read method, approval id, query, headers and an urlencoded form from a proxy event."""
    params = event.get("pathParameters") or {}
    http = (event.get("requestContext") or {}).get("http") or {}  # only in v2 payloads
    path = str(event.get("path") or event.get("rawPath") or "")
    approval_id = params.get("approval_id") or _id_from_path(path)
    method = event.get("httpMethod") or http.get("method") or "GET"
    headers = {str(k).lower(): str(v) for k, v in (event.get("headers") or {}).items()}
    query = {str(k): str(v) for k, v in (event.get("queryStringParameters") or {}).items()}
    body = event.get("body") or ""
    raw = base64.b64decode(body) if event.get("isBase64Encoded") else str(body).encode("utf-8")
    form: dict[str, tuple[str, ...]] = {}
    content_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if raw and len(raw) <= MAX_BODY_BYTES and content_type in ("application/x-www-form-urlencoded", ""):
        parsed = parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=2000)
        form = {k: tuple(v) for k, v in parsed.items()}
    return HttpRequest(
        method=str(method).upper(),
        approval_id=unquote(str(approval_id)),
        query=query,
        headers=headers,
        form=form,
    )


def response_to_proxy(response: HttpResponse) -> dict[str, Any]:
    return {
        "statusCode": response.status,
        "headers": dict(response.headers),
        "body": response.body,
        "isBase64Encoded": False,
    }


def _id_from_path(path: str) -> str:
    parts = [p for p in path.split("/") if p]
    return parts[-1] if len(parts) >= 2 and parts[-2] == "approve" else ""

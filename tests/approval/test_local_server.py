"""The local approval server turns HTTP requests into API Gateway REST proxy events."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest

from optpar.approval.local import LocalApi, invoke_function, serve

from .helpers import get, post

SEEN: list[tuple[dict, dict[str, str | None]]] = []


def echo(event: dict, context: Any) -> dict:
    SEEN.append((event, {"OPTPAR_TEST_VAR": os.environ.get("OPTPAR_TEST_VAR")}))
    return {"statusCode": 201, "headers": {"X-Echo": "1"}, "body": json.dumps({"method": event["httpMethod"]})}


@pytest.fixture
def api() -> Iterator[LocalApi]:
    SEEN.clear()
    api = serve(echo, env={"OPTPAR_TEST_VAR": "inside"})
    yield api
    api.stop()


def test_a_get_becomes_a_v1_proxy_event(api: LocalApi) -> None:
    reply = get(f"{api.approve_url}/abc%2Bd?expires=1&sig=x")
    assert reply.status == 201 and reply.headers["X-Echo"] == "1"
    event, env = SEEN[-1]
    assert event["httpMethod"] == "GET" and event["resource"] == "/approve/{approval_id}"
    assert event["pathParameters"] == {"approval_id": "abc+d"}
    assert event["queryStringParameters"] == {"expires": "1", "sig": "x"}
    assert env == {"OPTPAR_TEST_VAR": "inside"} and "OPTPAR_TEST_VAR" not in os.environ


def test_a_post_carries_its_form_body(api: LocalApi) -> None:
    assert post(f"{api.approve_url}/abc", [("decision", "reject"), ("reason", "no")]).status == 201
    event, _ = SEEN[-1]
    from optpar.approval.http import request_from_event

    request = request_from_event(event)
    assert request.method == "POST" and request.form == {"decision": ("reject",), "reason": ("no",)}
    assert request.headers["origin"] == api.base_url


def test_other_paths_are_not_found(api: LocalApi) -> None:
    assert get(api.base_url + "/approve").status == 404
    assert SEEN == []


def test_a_crashing_handler_is_a_502() -> None:
    def boom(event: dict, context: Any) -> dict:
        raise RuntimeError("boom")

    api = serve(boom)
    try:
        assert get(f"{api.approve_url}/abc").status == 502
    finally:
        api.stop()


class FakeLambda:
    def __init__(self, payload: bytes, error: str | None = None) -> None:
        self.payload, self.error, self.calls = payload, error, []

    def invoke(self, **kw: Any) -> dict:
        import io

        self.calls.append(kw)
        out = {"StatusCode": 200, "Payload": io.BytesIO(self.payload)}
        if self.error:
            out["FunctionError"] = self.error
        return out


def test_requests_can_go_through_the_lambda_api() -> None:
    client = FakeLambda(json.dumps({"statusCode": 200, "body": "hi"}).encode())
    api = serve(invoke_function(client, "ApprovalPageFunction"))
    try:
        reply = get(f"{api.approve_url}/abc?expires=1&sig=x")
    finally:
        api.stop()
    assert (reply.status, reply.body) == (200, "hi")
    (call,) = client.calls
    assert call["FunctionName"] == "ApprovalPageFunction"
    assert json.loads(call["Payload"])["pathParameters"] == {"approval_id": "abc"}


def test_a_failed_invocation_is_a_502() -> None:
    api = serve(invoke_function(FakeLambda(b'{"errorType": "KeyError"}', "Unhandled"), "fn"))
    try:
        assert get(f"{api.approve_url}/abc").status == 502
    finally:
        api.stop()

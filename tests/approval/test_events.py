"""API Gateway proxy events (REST v1 and HTTP API v2) become the same request."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from optpar.approval.http import request_from_event, response_to_proxy
from optpar.approval.render import message_page

EVENTS = Path(__file__).parent / "events"


def load(name: str) -> dict:
    return json.loads((EVENTS / name).read_text())


def test_a_rest_v1_post_gives_method_id_headers_and_form() -> None:
    request = request_from_event(load("rest_v1_post.json"))
    assert (request.method, request.approval_id) == ("POST", "abc_123")
    assert request.headers["origin"] == "https://api.example.com"
    assert request.form["hp-1-choice"] == ("0", "2")
    assert request.value("sig") == "s1g" and request.value("decision") == "approve"


def test_an_http_v2_get_reads_the_query() -> None:
    request = request_from_event(load("http_v2_get.json"))
    assert (request.method, request.approval_id) == ("GET", "abc_123")
    assert request.value("expires") == "1900000000" and request.form == {}


def test_an_http_v2_post_decodes_a_base64_body() -> None:
    request = request_from_event(load("http_v2_post.json"))
    assert request.method == "POST"
    assert request.form["reason"] == ("not this week",)


@pytest.mark.parametrize("content_type", ["multipart/form-data; boundary=x", "application/json"])
def test_a_body_that_is_not_an_urlencoded_form_is_ignored(content_type: str) -> None:
    event = load("rest_v1_post.json")
    event["headers"]["Content-Type"] = content_type
    assert request_from_event(event).form == {}


def test_a_response_is_a_proxy_result() -> None:
    result = response_to_proxy(message_page(410, "This link has expired", "late"))
    assert result["statusCode"] == 410 and result["isBase64Encoded"] is False
    assert result["headers"]["Content-Type"].startswith("text/html")

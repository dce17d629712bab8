"""The decision POST must carry the form's token and come from the review page's origin."""

from __future__ import annotations

import pytest

from optpar.approval import csrf
from optpar.approval.exceptions import CsrfError

URL = "https://abc.execute-api.eu-west-1.amazonaws.com/approve"
SAME = {"origin": "https://abc.execute-api.eu-west-1.amazonaws.com"}


def test_the_form_token_from_the_same_origin_passes() -> None:
    csrf.check("tok", "tok", SAME, URL)


def test_a_referer_from_the_page_passes_when_there_is_no_origin() -> None:
    csrf.check("tok", "tok", {"referer": URL + "/abc?expires=1&sig=x"}, URL)


@pytest.mark.parametrize(
    "sent, headers",
    [
        ("", SAME),
        ("other", SAME),
        ("tok", {"origin": "https://evil.example"}),
        ("tok", {"origin": "http://abc.execute-api.eu-west-1.amazonaws.com"}),
        ("tok", {"origin": "null"}),
        ("tok", {}),
        ("tok", {**SAME, "sec-fetch-site": "cross-site"}),
        ("tok", {"referer": "https://evil.example/page"}),
    ],
)
def test_a_post_without_the_token_or_from_elsewhere_is_refused(sent: str, headers: dict[str, str]) -> None:
    with pytest.raises(CsrfError):
        csrf.check("tok", sent, headers, URL)


def test_without_a_configured_url_the_host_header_names_the_origin() -> None:
    headers = {"host": "127.0.0.1:8080", "x-forwarded-proto": "http", "origin": "http://127.0.0.1:8080"}
    csrf.check("tok", "tok", headers, "")
    with pytest.raises(CsrfError):
        csrf.check("tok", "tok", {**headers, "origin": "http://127.0.0.1:9999"}, "")


def test_default_ports_do_not_matter() -> None:
    assert csrf.origin_of("https://Example.com:443/x") == csrf.origin_of("https://example.com")

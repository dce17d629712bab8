"""Cross-site request forgery checks for the decision POST.

Two independent layers: a per-approval token, stored server-side and embedded
in the form (a cross-site page cannot read it), and the browser's own Origin
(or Referer, or Sec-Fetch-Site) saying the POST came from the review page.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping
from urllib.parse import urlsplit

from .exceptions import CsrfError


def new_token() -> str:
    return secrets.token_urlsafe(32)


def origin_of(url: str) -> str:
    """`https://host[:port]` of a URL, lower-cased, default ports dropped."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port is None or (scheme, port) in (("https", 443), ("http", 80)):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def expected_origin(api_url: str, headers: Mapping[str, str]) -> str:
    """The review page's origin: from the configured URL, else from the request's Host (API Gateway sets it)."""
    if api_url:
        return origin_of(api_url)
    proto = headers.get("x-forwarded-proto", "https").split(",")[0].strip() or "https"
    return origin_of(f"{proto}://{headers.get('host', '')}")


def check(expected_token: str, sent_token: str, headers: Mapping[str, str], api_url: str) -> None:
    """Raise CsrfError unless the POST carries the form's token and comes from the review page's origin.

    `headers` has lower-case names. Browsers send Origin on every form POST;
    a request with neither Origin nor Referer is refused, since a form on the
    page always has one.
    """
    if not sent_token or not hmac.compare_digest(expected_token.encode(), sent_token.encode("utf-8", "replace")):
        raise CsrfError("the form's security token is missing or wrong")
    if headers.get("sec-fetch-site", "") == "cross-site":
        raise CsrfError("the browser says the form was sent from another site")
    expected = expected_origin(api_url, headers)
    origin = headers.get("origin", "")
    if origin and origin != "null":
        if origin_of(origin) != expected:
            raise CsrfError(f"the form was sent from {origin}, not from {expected}")
        return
    referer = headers.get("referer", "")
    if not referer:
        raise CsrfError("the request names no origin; decide from the review page in a browser")
    if origin_of(referer) != expected:
        raise CsrfError("the form was sent from another site")

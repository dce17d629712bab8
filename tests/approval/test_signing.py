"""Signed links: the signature covers the id and the expiry; forgery is told apart from expiry."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from optpar.approval import signing
from optpar.approval.exceptions import ExpiredLinkError, ForgedLinkError

KEY = b"k" * 32
NOW = 1_800_000_000


def test_a_genuine_link_verifies_and_returns_its_expiry() -> None:
    sig = signing.sign(KEY, "abc", NOW + 60)
    assert signing.verify(KEY, "abc", str(NOW + 60), sig, now=NOW) == NOW + 60


def test_the_link_carries_only_id_expiry_and_signature() -> None:
    url = signing.link("https://api.example.com/approve/", KEY, "abc", NOW + 60)
    parts = urlsplit(url)
    assert parts.path == "/approve/abc"
    assert set(parse_qs(parts.query)) == {"expires", "sig"}


@pytest.mark.parametrize(
    "approval_id, expires, sig",
    [
        ("abd", str(NOW + 60), None),  # another approval
        ("abc", str(NOW + 6000), None),  # a later expiry
        ("abc", str(NOW + 60), "A" * 43),  # a made-up signature
        ("abc", str(NOW + 60), ""),  # none
        ("abc", "soon", None),  # not a number
        ("abc", "-5", None),
    ],
)
def test_any_change_to_the_link_is_forged(approval_id: str, expires: str, sig: str | None) -> None:
    genuine = signing.sign(KEY, "abc", NOW + 60)
    with pytest.raises(ForgedLinkError):
        signing.verify(KEY, approval_id, expires, genuine if sig is None else sig, now=NOW)


def test_another_key_makes_a_forgery() -> None:
    sig = signing.sign(b"x" * 32, "abc", NOW + 60)
    with pytest.raises(ForgedLinkError):
        signing.verify(KEY, "abc", str(NOW + 60), sig, now=NOW)


def test_a_genuine_link_past_its_time_is_expired() -> None:
    sig = signing.sign(KEY, "abc", NOW - 1)
    with pytest.raises(ExpiredLinkError):
        signing.verify(KEY, "abc", str(NOW - 1), sig, now=NOW)


def test_a_forged_expired_link_is_reported_as_forged() -> None:
    with pytest.raises(ForgedLinkError):
        signing.verify(KEY, "abc", str(NOW - 1), "A" * 43, now=NOW)


def test_an_empty_key_is_refused() -> None:
    with pytest.raises(ValueError, match="secret"):
        signing.sign(b"", "abc", NOW)

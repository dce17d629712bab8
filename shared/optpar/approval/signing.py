"""Signed review links: `{api}/approve/{id}?expires=...&sig=...`.

The link carries no task token and no secret, only the approval id, an expiry
and an HMAC-SHA256 over both. Anyone holding the link can review and decide,
which is the point of an emailed link, so it expires and works once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import quote, urlencode

from .constants import SIGNATURE_CONTEXT
from .exceptions import ExpiredLinkError, ForgedLinkError


def sign(secret: bytes, approval_id: str, expires: int) -> str:
    """The link's signature: base64url HMAC-SHA256 of the id and expiry, without padding."""
    if not secret:
        raise ValueError("the signing secret is empty; the stack must create one")
    message = b"\n".join([SIGNATURE_CONTEXT, approval_id.encode("utf-8"), str(int(expires)).encode("ascii")])
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def verify(secret: bytes, approval_id: str, expires: str, signature: str, *, now: float) -> int:
    """Check a link's signature, then its expiry; return the expiry as an int.

    The signature is checked first, so a forged link never learns whether its
    expiry would have passed.

    Raises:
        ForgedLinkError: missing or wrong signature, or a malformed expiry.
        ExpiredLinkError: a genuine link whose time is up.
    """
    if not expires.isascii() or not expires.isdigit() or len(expires) > 12:
        raise ForgedLinkError("the link's expiry is missing or malformed")
    expected = sign(secret, approval_id, int(expires))
    # compare_digest keeps the comparison's time independent of where the strings differ.
    if not signature or not hmac.compare_digest(expected.encode("ascii"), signature.encode("utf-8", "replace")):
        raise ForgedLinkError("the link's signature does not match")
    if int(expires) <= now:
        raise ExpiredLinkError("the link has expired")
    return int(expires)


def link(approve_url: str, secret: bytes, approval_id: str, expires: int) -> str:
    """The URL emailed to the approver: `{approve_url}/{approval_id}?expires=..&sig=..`."""
    query = urlencode({"expires": int(expires), "sig": sign(secret, approval_id, expires)})
    return f"{approve_url.rstrip('/')}/{quote(approval_id, safe='')}?{query}"

"""IMDSv2 (token-protected instance metadata): the spot interruption notice and who we are."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import Any

DEFAULT_ENDPOINT = "http://169.254.169.254"
_TOKEN_TTL = 21600


class Imds:
    """A small IMDSv2 client. Every failure reads as "no answer": metadata is advisory here."""

    def __init__(self, endpoint: str = DEFAULT_ENDPOINT, timeout_s: float = 2.0) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.timeout_s = timeout_s
        self._token: str | None = None
        self._token_expiry = 0.0

    def _session_token(self) -> str | None:
        if self._token and time.monotonic() < self._token_expiry:
            return self._token
        request = urllib.request.Request(
            f"{self.endpoint}/latest/api/token", method="PUT",
            headers={"X-aws-ec2-metadata-token-ttl-seconds": str(_TOKEN_TTL)},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                self._token = response.read().decode()
        except (urllib.error.URLError, OSError):
            return None
        self._token_expiry = time.monotonic() + _TOKEN_TTL / 2
        return self._token

    def get(self, path: str) -> str | None:
        """The value at `latest/meta-data/<path>`, or None (404, no IMDS, timeout)."""
        token = self._session_token()
        if token is None:
            return None
        request = urllib.request.Request(
            f"{self.endpoint}/latest/meta-data/{path}", headers={"X-aws-ec2-metadata-token": token}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                return response.read().decode()
        except urllib.error.HTTPError as exc:
            if exc.code == 401:
                self._token = None
            return None
        except (urllib.error.URLError, OSError):
            return None

    def spot_notice(self) -> dict[str, Any] | None:
        """`{"action": "terminate", "time": ...}` once AWS has scheduled the interruption, else None."""
        text = self.get("spot/instance-action")
        if not text:
            return None
        try:
            notice = json.loads(text)
        except ValueError:
            return {"action": "terminate", "time": None}
        return notice if isinstance(notice, dict) else {"action": "terminate", "time": None}

    def identity(self) -> dict[str, str | None]:
        return {
            "instance_id": self.get("instance-id"),
            "instance_type": self.get("instance-type"),
            "lifecycle": self.get("instance-life-cycle"),
        }

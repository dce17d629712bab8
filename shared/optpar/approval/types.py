"""Frozen values of the approval step: configuration, the stored approval, HTTP in and out."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..types import Hyperparameter
from .constants import DEFAULT_TIMEOUT_S


class Status(str, enum.Enum):
    """Where an approval stands. Only PENDING may change, and only once."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    GONE = "gone"
    """Decided on the page, but the execution had stopped waiting (timed out or stopped)."""


class Channel(str, enum.Enum):
    SES = "ses"
    SNS = "sns"


@dataclass(frozen=True)
class Settings:
    """Resolved once at the edge (the handler) from the environment."""

    table: str
    bucket: str
    api_url: str
    secret: bytes = field(repr=False)
    topic_arn: str | None = None
    ses_sender: str | None = None
    approver_emails: tuple[str, ...] = ()
    timeout_s: int = DEFAULT_TIMEOUT_S
    model_bucket: str | None = None

    @property
    def channel(self) -> Channel:
        return Channel.SES if self.ses_sender and self.approver_emails else Channel.SNS


@dataclass(frozen=True)
class Clients:
    """boto3 clients, passed in so the core imports no boto3 and tests can point them at moto."""

    dynamodb: Any
    s3: Any
    sfn: Any = None
    sns: Any = None
    ses: Any = None


@dataclass(frozen=True)
class Snippet:
    """The line a hyperparameter came from; `start:end` marks the literal within `text` when found."""

    text: str
    start: int = 0
    end: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Snippet:
        return cls(text=str(data["text"]), start=int(data.get("start", 0)), end=int(data.get("end", 0)))


@dataclass(frozen=True)
class ApprovalRequest:
    """The waiting state's payload."""

    job_id: str
    model_key: str
    space_key: str
    task_token: str = field(repr=False)
    model_bucket: str | None = None
    timeout_s: int | None = None

    @classmethod
    def from_event(cls, event: Mapping[str, Any]) -> ApprovalRequest:
        missing = [k for k in ("job_id", "model_key", "space_key", "task_token") if not event.get(k)]
        if missing:
            raise ValueError(f"the approval request needs {', '.join(missing)}; got keys {sorted(event)}")
        timeout = event.get("timeout_s")
        return cls(
            job_id=str(event["job_id"]),
            model_key=str(event["model_key"]),
            space_key=str(event["space_key"]),
            task_token=str(event["task_token"]),
            model_bucket=event.get("model_bucket") or None,
            timeout_s=None if timeout in (None, "") else int(timeout),
        )


@dataclass(frozen=True)
class ApprovalRecord:
    """One approval as stored. The task token is kept apart (see `store.ApprovalStore.claim`)."""

    approval_id: str
    job_id: str
    model_key: str
    space_key: str
    detection: Mapping[str, Any]
    """The detected space.json: source, hyperparameters, warnings."""
    snippets: Mapping[str, Snippet]
    csrf_token: str = field(repr=False)
    status: Status
    created_at: int
    expires_at: int
    decided_at: int | None = None
    reason: str | None = None
    approved_space_key: str | None = None
    removed: tuple[str, ...] = ()
    edited: tuple[str, ...] = ()

    @property
    def hyperparameters(self) -> tuple[Hyperparameter, ...]:
        return tuple(Hyperparameter.from_dict(h) for h in self.detection["hyperparameters"])

    @property
    def model_name(self) -> str:
        return self.model_key.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class RequestResult:
    """What the request function returns. No link and no token: they are credentials."""

    approval_id: str
    expires_at: int
    channel: Channel


@dataclass(frozen=True)
class HttpRequest:
    """An API Gateway proxy request, reduced to what the page needs. Header names are lower case."""

    method: str
    approval_id: str
    query: Mapping[str, str] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    form: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def value(self, name: str) -> str:
        """A form field, else the query string's, else ''."""
        values = self.form.get(name)
        if values:
            return values[0]
        return self.query.get(name, "")


@dataclass(frozen=True)
class HttpResponse:
    status: int
    body: str
    headers: Mapping[str, str] = field(default_factory=dict)

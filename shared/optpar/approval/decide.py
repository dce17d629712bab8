"""The decision's side effects: claim once, write the approved space, tell Step Functions."""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from typing import Any

from ..types import Hyperparameter
from .constants import APPROVED_SPACE_NAME, REJECTED_ERROR
from .exceptions import ExecutionGoneError
from .forms import Review
from .store import ApprovalStore
from .types import ApprovalRecord, Clients, Settings, Status

# Step Functions' answers that mean "nobody waits for this token any more": retrying cannot help.
_GONE = ("TaskTimedOut", "TaskDoesNotExist", "InvalidToken")


@dataclass(frozen=True)
class Outcome:
    status: Status
    approved_space_key: str | None = None
    kept: tuple[str, ...] = ()


def approved_space_key(space_key: str) -> str:
    """Where the approved space goes: next to the detected one."""
    folder = posixpath.dirname(space_key)
    return posixpath.join(folder, APPROVED_SPACE_NAME) if folder else APPROVED_SPACE_NAME


def approve(record: ApprovalRecord, review: Review, settings: Settings, clients: Clients, *, now: int) -> Outcome:
    """Claim the approval, write the approved space.json, send SendTaskSuccess.

    Raises:
        AlreadyDecidedError, ExpiredLinkError: from the claim; nothing changed.
        ExecutionGoneError: Step Functions stopped waiting; the claim stays, the file is removed.
    """
    store = ApprovalStore(clients.dynamodb, settings.table)
    key = approved_space_key(record.space_key)
    token = store.claim(
        record.approval_id,
        Status.APPROVED,
        now=now,
        approved_space_key=key,
        removed=list(review.removed),
        edited=list(review.edited),
    )
    output = {"approved": True, "space_key": key, "removed": list(review.removed), "edited": list(review.edited)}
    # The space is written before SendTaskSuccess, so the execution never reads a missing file.
    try:
        _write_space(record, review.space, key, settings, clients)
    except Exception:
        store.release(record.approval_id, Status.APPROVED)
        raise
    try:
        _send(
            store,
            record,
            Status.APPROVED,
            lambda: clients.sfn.send_task_success(taskToken=token, output=json.dumps(output)),
        )
    except Exception:
        # Nobody will read it: leave the bucket as it was.
        clients.s3.delete_object(Bucket=settings.bucket, Key=key)
        raise
    return Outcome(Status.APPROVED, key, tuple(hp.name for hp in review.space))


def reject(record: ApprovalRecord, reason: str, settings: Settings, clients: Clients, *, now: int) -> Outcome:
    """Claim the approval and send SendTaskFailure with `Approval.Rejected` and the reason."""
    store = ApprovalStore(clients.dynamodb, settings.table)
    token = store.claim(record.approval_id, Status.REJECTED, now=now, reason=reason)
    _send(
        store,
        record,
        Status.REJECTED,
        lambda: clients.sfn.send_task_failure(taskToken=token, error=REJECTED_ERROR, cause=reason),
    )
    return Outcome(Status.REJECTED)


def _write_space(
    record: ApprovalRecord, space: tuple[Hyperparameter, ...], key: str, settings: Settings, clients: Clients
) -> None:
    body = {
        "source": record.detection.get("source", record.model_key),
        "hyperparameters": [hp.to_dict() for hp in space],
        "warnings": list(record.detection.get("warnings") or []),
    }
    clients.s3.put_object(
        Bucket=settings.bucket,
        Key=key,
        Body=json.dumps(body, indent=2).encode("utf-8"),
        ContentType="application/json",
    )


def _send(store: ApprovalStore, record: ApprovalRecord, status: Status, call: Any) -> None:
    try:
        call()
    except Exception as exc:
        code = getattr(exc, "response", {}).get("Error", {}).get("Code", "")
        if code in _GONE:
            store.mark(record.approval_id, Status.GONE)
            store.forget_token(record.approval_id)
            raise ExecutionGoneError(f"the execution no longer waits ({code})") from exc
        # A transient failure: give the approval back so the approver can press the button again.
        store.release(record.approval_id, status)
        raise
    store.forget_token(record.approval_id)

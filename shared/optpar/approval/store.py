"""Approvals in DynamoDB: one item per approval id, decided at most once, removed by TTL on `expires_at`.

Complex parts (the space, the snippets) are stored as JSON strings: DynamoDB's
number type would turn floats into Decimals, and nothing queries inside them.
The task token stays only until the decision is sent to Step Functions.
"""

from __future__ import annotations

import json
from typing import Any

from .exceptions import AlreadyDecidedError, ApprovalNotFoundError, ExpiredLinkError
from .types import ApprovalRecord, Snippet, Status


class ApprovalStore:
    """Reads and writes approvals through a boto3 DynamoDB client."""

    def __init__(self, client: Any, table: str) -> None:
        self._client = client
        self._table = table

    def put(self, record: ApprovalRecord, task_token: str) -> None:
        """Store a new pending approval. Fails rather than overwrite an existing id."""
        item = {
            "approval_id": _s(record.approval_id),
            "job_id": _s(record.job_id),
            "model_key": _s(record.model_key),
            "space_key": _s(record.space_key),
            "detection": _s(json.dumps(record.detection)),
            "snippets": _s(json.dumps({k: v.to_dict() for k, v in record.snippets.items()})),
            "csrf_token": _s(record.csrf_token),
            "task_token": _s(task_token),
            "status": _s(record.status.value),
            "created_at": _n(record.created_at),
            "expires_at": _n(record.expires_at),
        }
        self._client.put_item(TableName=self._table, Item=item, ConditionExpression="attribute_not_exists(approval_id)")

    def get(self, approval_id: str) -> ApprovalRecord:
        """Raises ApprovalNotFoundError."""
        response = self._client.get_item(
            TableName=self._table, Key={"approval_id": _s(approval_id)}, ConsistentRead=True
        )
        if "Item" not in response:
            raise ApprovalNotFoundError(f"no approval {approval_id!r}")
        return _record(response["Item"])

    def claim(self, approval_id: str, status: Status, *, now: int, **fields: Any) -> str:
        """Decide a pending approval, once, and return its task token.

        A conditional update: of two clicks racing, exactly one wins.

        Raises:
            AlreadyDecidedError: it was decided before (nothing changes).
            ExpiredLinkError: its time ran out (nothing changes).
            ApprovalNotFoundError: no such approval.
        """
        names = {"#status": "status", "#decided_at": "decided_at"}
        values: dict[str, Any] = {":new": _s(status.value), ":pending": _s(Status.PENDING.value), ":now": _n(now)}
        sets = ["#status = :new", "#decided_at = :now"]
        for key, value in fields.items():
            if value is None:
                continue
            names[f"#{key}"] = key
            values[f":{key}"] = _s(value if isinstance(value, str) else json.dumps(value))
            sets.append(f"#{key} = :{key}")
        errors = self._client.exceptions
        try:
            response = self._client.update_item(
                TableName=self._table,
                Key={"approval_id": _s(approval_id)},
                UpdateExpression="SET " + ", ".join(sets),
                ConditionExpression="#status = :pending AND expires_at > :now",
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=values,
                ReturnValues="ALL_OLD",
            )
        except errors.ConditionalCheckFailedException:
            current = self.get(approval_id)
            if current.status is not Status.PENDING:
                raise AlreadyDecidedError(
                    f"approval {approval_id} was already {current.status.value}", status=current.status.value
                ) from None
            raise ExpiredLinkError(f"approval {approval_id} has expired") from None
        return response["Attributes"]["task_token"]["S"]

    def mark(self, approval_id: str, status: Status) -> None:
        """After a claim: record that the execution was gone (the claim stays, so nothing can retry it)."""
        self._client.update_item(
            TableName=self._table,
            Key={"approval_id": _s(approval_id)},
            UpdateExpression="SET #status = :status",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={":status": _s(status.value)},
        )

    def release(self, approval_id: str, status: Status) -> None:
        """Undo our own claim after a transient failure, so the approver can try again."""
        self._client.update_item(
            TableName=self._table,
            Key={"approval_id": _s(approval_id)},
            UpdateExpression="SET #status = :pending REMOVE decided_at, reason, approved_space_key, removed, edited",
            ConditionExpression="#status = :claimed",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={":pending": _s(Status.PENDING.value), ":claimed": _s(status.value)},
        )

    def forget_token(self, approval_id: str) -> None:
        """Once Step Functions has the decision, the token has no further use: do not keep it."""
        self._client.update_item(
            TableName=self._table, Key={"approval_id": _s(approval_id)}, UpdateExpression="REMOVE task_token"
        )


def _s(value: str) -> dict[str, str]:
    return {"S": value}


def _n(value: int) -> dict[str, str]:
    return {"N": str(int(value))}


def _record(item: dict[str, Any]) -> ApprovalRecord:
    def text(key: str) -> str | None:
        return item[key]["S"] if key in item else None

    def names(key: str) -> tuple[str, ...]:
        raw = text(key)
        return tuple(json.loads(raw)) if raw else ()

    decided = item.get("decided_at")
    return ApprovalRecord(
        approval_id=item["approval_id"]["S"],
        job_id=item["job_id"]["S"],
        model_key=item["model_key"]["S"],
        space_key=item["space_key"]["S"],
        detection=json.loads(item["detection"]["S"]),
        snippets={k: Snippet.from_dict(v) for k, v in json.loads(item["snippets"]["S"]).items()},
        csrf_token=item["csrf_token"]["S"],
        status=Status(item["status"]["S"]),
        created_at=int(item["created_at"]["N"]),
        expires_at=int(item["expires_at"]["N"]),
        decided_at=None if decided is None else int(decided["N"]),
        reason=text("reason"),
        approved_space_key=text("approved_space_key"),
        removed=names("removed"),
        edited=names("edited"),
    )

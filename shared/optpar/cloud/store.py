"""The jobs table: one item per execution. While the instance runs, the item also holds the task token."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .exceptions import TaskTokenTimeoutError
from .types import Job, JobStatus

TOKEN = "task_token"


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def to_dynamo(value: Any) -> Any:
    """Plain JSON values with floats as Decimal (what DynamoDB accepts)."""
    return json.loads(json.dumps(value, default=str), parse_float=Decimal)


def from_dynamo(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: from_dynamo(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [from_dynamo(v) for v in value]
    if isinstance(value, set):
        return sorted(from_dynamo(v) for v in value)
    return value


class JobStore:
    """A thin layer over a boto3 DynamoDB `Table` resource."""

    def __init__(self, table: Any) -> None:
        self.table = table

    def get(self, job_id: str) -> dict[str, Any] | None:
        item = self.table.get_item(Key={"job_id": job_id}, ConsistentRead=True).get("Item")
        return None if item is None else from_dynamo(item)

    def record_launch(self, job: Job, execution_arn: str, launch: Mapping[str, Any]) -> None:
        """Add the launch (deduplicated by instance id: a retried launch returns the same instance)."""
        item = self.get(job.job_id) or {}
        launches = [x for x in item.get("launches", []) if x.get("instance_id") != launch["instance_id"]]
        launches.append(dict(launch))
        self.table.update_item(
            Key={"job_id": job.job_id},
            UpdateExpression="SET #s = :s, model_key = :m, execution_arn = :e, instance_id = :i, launches = :l, "
                             "updated_at = :u REMOVE " + TOKEN,
            ExpressionAttributeNames={"#s": "status"},
            ExpressionAttributeValues=to_dynamo({
                ":s": JobStatus.RUNNING.value, ":m": job.model_key, ":e": execution_arn,
                ":i": launch["instance_id"], ":l": launches, ":u": _now(),
            }),
        )

    def store_token(self, job_id: str, token: str, instance_id: str | None) -> None:
        self.table.update_item(
            Key={"job_id": job_id},
            UpdateExpression=f"SET {TOKEN} = :t, token_instance_id = :i, updated_at = :u",
            ExpressionAttributeValues={":t": token, ":i": instance_id or "", ":u": _now()},
        )

    def wait_for_token(self, job_id: str, *, timeout_s: float = 600.0, poll_s: float = 2.0) -> str:
        """The instance's side: poll the item until the wait state has stored its token.

        Raises:
            TaskTokenTimeoutError: no token within `timeout_s`.
        """
        deadline = time.monotonic() + timeout_s
        while True:
            item = self.table.get_item(Key={"job_id": job_id}, ConsistentRead=True).get("Item") or {}
            if item.get(TOKEN):
                return str(item[TOKEN])
            if time.monotonic() >= deadline:
                raise TaskTokenTimeoutError(f"job {job_id}: no task token after {timeout_s:.0f} s; is the execution running?")
            time.sleep(poll_s)

    def put_record(self, record: Mapping[str, Any]) -> None:
        """The execution's final item; replaces the running one, so the task token is gone."""
        self.table.put_item(Item=to_dynamo({k: v for k, v in record.items() if v is not None}))

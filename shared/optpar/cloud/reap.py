"""The reaper: nothing of ours is left running. Hourly, paginated, idempotent, with a report-only mode."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from . import constants as c
from .store import JobStore

_LIVE_STATES = ["pending", "running", "stopping", "stopped"]
_GONE_TOKEN = {"TaskTimedOut", "InvalidToken", "TaskDoesNotExist"}


@dataclass(frozen=True)
class ReapSettings:
    state_machine_arn: str
    max_instance_hours: float = c.DEFAULT_MAX_INSTANCE_HOURS
    report_only: bool = False
    grace_s: float = 900.0
    """A job whose instance was launched this recently is not failed for a missing instance (it may be booting)."""


def _tags(instance: dict[str, Any]) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in instance.get("Tags", [])}


def our_instances(ec2: Any) -> Iterator[dict[str, Any]]:
    for page in ec2.get_paginator("describe_instances").paginate(Filters=[
        {"Name": f"tag:{c.TAG_PROJECT}", "Values": [c.PROJECT]},
        {"Name": "instance-state-name", "Values": _LIVE_STATES},
    ]):
        for reservation in page["Reservations"]:
            yield from reservation["Instances"]


def execution_status(sfn: Any, arn: str | None, cache: dict[str, str]) -> str:
    if not arn:
        return "UNKNOWN"
    if arn not in cache:
        try:
            cache[arn] = sfn.describe_execution(executionArn=arn)["status"]
        except (sfn.exceptions.ExecutionDoesNotExist, sfn.exceptions.InvalidArn):
            cache[arn] = "MISSING"  # deleted with its state machine, or a tag that names none
    return cache[arn]


def _as_utc(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def instance_verdict(instance: dict[str, Any], status: str, settings: ReapSettings, now: dt.datetime) -> str | None:
    """Why this instance must go, or None to keep it."""
    age_h = (now - _as_utc(instance["LaunchTime"])).total_seconds() / 3600
    expires = _tags(instance).get(c.TAG_EXPIRES_AT)
    if age_h > settings.max_instance_hours:
        return f"older than MaxInstanceHours ({age_h:.1f} h > {settings.max_instance_hours:g} h)"
    if expires and now > _as_utc(expires):
        return f"past its expiry time {expires}"
    if status not in ("RUNNING", "UNKNOWN"):
        return f"its execution is {status}"
    return None


def reap(ec2: Any, sfn: Any, store: JobStore, settings: ReapSettings, now: dt.datetime | None = None) -> dict[str, Any]:
    """Terminate our instances that are too old or orphaned; fail executions whose instance is gone.

    Returns:
        `{"report_only", "checked_instances", "actions": [{"action", "reason", ...}]}`.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    statuses: dict[str, str] = {}
    actions: list[dict[str, Any]] = []
    live: set[str] = set()
    instances = list(our_instances(ec2))
    for instance in instances:
        tags = _tags(instance)
        reason = instance_verdict(instance, execution_status(sfn, tags.get(c.TAG_EXECUTION), statuses), settings, now)
        if reason is None:
            live.add(instance["InstanceId"])
            continue
        actions.append({"action": "terminate", "instance_id": instance["InstanceId"],
                        "job_id": tags.get(c.TAG_JOB_ID), "reason": reason})
    doomed = [a["instance_id"] for a in actions]
    if doomed and not settings.report_only:
        _terminate(ec2, doomed)
    actions += _orphaned_executions(sfn, store, settings, live, now)
    return {"report_only": settings.report_only, "checked_instances": len(instances), "actions": actions}


def _terminate(ec2: Any, ids: list[str]) -> None:
    for start in range(0, len(ids), 500):
        try:
            ec2.terminate_instances(InstanceIds=ids[start:start + 500])
        except ec2.exceptions.ClientError as exc:
            if exc.response.get("Error", {}).get("Code") != "InvalidInstanceID.NotFound":
                raise  # already gone is fine; anything else is worth an alarm


def _orphaned_executions(sfn: Any, store: JobStore, settings: ReapSettings, live: set[str],
                         now: dt.datetime) -> list[dict[str, Any]]:
    actions = []
    pages = sfn.get_paginator("list_executions").paginate(stateMachineArn=settings.state_machine_arn,
                                                            statusFilter="RUNNING")
    for page in pages:
        for execution in page["executions"]:
            item = store.get(execution["name"]) or {}
            instance_id = item.get("instance_id")
            if not instance_id or instance_id in live:
                continue  # not launched yet (detecting, waiting for approval), or alive
            launches = item.get("launches") or [{}]
            launched = launches[-1].get("launched_at")
            if launched and (now - _as_utc(launched)).total_seconds() < settings.grace_s:
                continue
            action = {"action": "fail_execution", "execution_arn": execution["executionArn"],
                      "job_id": execution["name"], "instance_id": instance_id,
                      "reason": f"its instance {instance_id} is gone"}
            actions.append(action)
            if not settings.report_only:
                _end_execution(sfn, execution["executionArn"], item.get("task_token"), action["reason"])
    return actions


def _end_execution(sfn: Any, arn: str, token: str | None, reason: str) -> None:
    """Fail the wait (so the failure path records and notifies), or stop the execution without a token."""
    if token:
        try:
            sfn.send_task_failure(taskToken=token, error=c.INSTANCE_LOST, cause=reason)
            return
        except sfn.exceptions.ClientError as exc:
            if exc.response.get("Error", {}).get("Code") not in _GONE_TOKEN:
                raise
    try:
        sfn.stop_execution(executionArn=arn, error=c.INSTANCE_LOST, cause=reason)
    except sfn.exceptions.ExecutionDoesNotExist:
        pass

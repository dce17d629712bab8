"""The collect and failure steps: one DynamoDB item per execution, a readable email, nothing left running."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from . import constants as c
from .store import JobStore
from .types import Job, JobStatus

_LIVE_STATES = ["pending", "running", "stopping", "stopped"]
_TIMEOUTS = {"States.Timeout", "States.HeartbeatTimeout", c.APPROVAL_TIMED_OUT}
_EXPLAINED = {
    "States.Timeout": "the instance stopped sending heartbeats, or the job ran past MaxInstanceHours",
    "States.HeartbeatTimeout": "the instance stopped sending heartbeats within HeartbeatSeconds",
    c.APPROVAL_REJECTED: "a person rejected the search space",
    c.APPROVAL_TIMED_OUT: "nobody approved or rejected the search space before the approval link expired",
    c.INSTANCE_LOST: "the instance disappeared while the job was running",
}


def _parse_time(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def estimated_cost(launches: Sequence[Mapping[str, Any]], end: dt.datetime) -> tuple[float | None, float]:
    """`(USD, instance hours)`: each launch runs until the next one starts, the last until `end`."""
    total, hours, known = 0.0, 0.0, False
    ordered = sorted(launches, key=lambda item: str(item.get("launched_at", "")))
    for index, launch in enumerate(ordered):
        start = _parse_time(launch.get("launched_at"))
        stop = _parse_time(ordered[index + 1].get("launched_at")) if index + 1 < len(ordered) else end
        if start is None or stop is None:
            continue
        h = max(0.0, (stop - start).total_seconds() / 3600)
        hours += h
        if launch.get("price_per_hour") is not None:
            total += h * float(launch["price_per_hour"])
            known = True
    return (round(total, 4) if known else None), round(hours, 4)


def terminate_job_instances(ec2: Any, job_id: str) -> list[str]:
    """Terminate whatever instance of this job still runs (idempotent)."""
    ids: list[str] = []
    for page in ec2.get_paginator("describe_instances").paginate(Filters=[
        {"Name": f"tag:{c.TAG_JOB_ID}", "Values": [job_id]},
        {"Name": f"tag:{c.TAG_PROJECT}", "Values": [c.PROJECT]},
        {"Name": "instance-state-name", "Values": _LIVE_STATES},
    ]):
        ids += [i["InstanceId"] for r in page["Reservations"] for i in r["Instances"]]
    if ids:
        ec2.terminate_instances(InstanceIds=ids)
    return ids


def improvement(best: float | None, original: float | None, mode: str) -> float | None:
    """Percent better than the original (positive is better, for either mode)."""
    if best is None or original is None or original == 0:
        return None
    change = (original - best) if mode == "min" else (best - original)
    return round(100.0 * change / abs(original), 2)


def _base_record(job: Job, item: Mapping[str, Any], execution_arn: str, started_at: str | None,
                 now: dt.datetime) -> dict[str, Any]:
    launches = list(item.get("launches", []))
    cost, hours = estimated_cost(launches, now)
    last = launches[-1] if launches else {}
    start = _parse_time(started_at)
    return {
        "job_id": job.job_id,
        "execution_arn": execution_arn,
        "model_key": job.model_key,
        "model_version_id": job.version_id,
        "started_at": started_at,
        "finished_at": now.isoformat(timespec="seconds"),
        "duration_s": None if start is None else round((now - start).total_seconds(), 1),
        "instance_type": last.get("instance_type"),
        "market": last.get("market"),
        "spot": None if not last else last.get("market") == "spot",
        "launches": launches,
        "instance_hours": hours,
        "estimated_cost_usd": cost,
    }


def collect_success(
    ec2: Any, sns: Any, store: JobStore, topic_arn: str, *, job: Job, result: Mapping[str, Any],
    space: Mapping[str, Any], execution_arn: str, started_at: str | None, now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Record a finished search and email its summary."""
    now = now or dt.datetime.now(dt.timezone.utc)
    terminate_job_instances(ec2, job.job_id)
    record = _base_record(job, store.get(job.job_id) or {}, execution_arn, started_at, now)
    keys = dict(result.get("keys") or {})
    mode = str(result.get("mode", "min"))
    record.update({
        "status": JobStatus.SUCCEEDED.value,
        "metric": result.get("metric"),
        "mode": mode,
        "best_values": result.get("best"),
        "best_metric": result.get("best_loss"),
        "original_values": result.get("original"),
        "original_metric": result.get("original_loss"),
        "improvement_pct": improvement(result.get("best_loss"), result.get("original_loss"), mode),
        "trials": result.get("trials"),
        "failed_trials": result.get("failed_trials"),
        "tuning_s": result.get("duration_s"),
        "algorithm": result.get("algorithm"),
        "test_metrics": result.get("test_metrics"),
        "space_key": space.get("space_key"),
        "space_approved": space.get("approved"),
        "report_key": keys.get("report"),
        "patched_script_key": keys.get("best_script"),
        "best_model_key": keys.get("best_model"),
        "results_key": keys.get("results"),
        "trials_key": keys.get("trials"),
    })
    store.put_record(record)
    sns.publish(TopicArn=topic_arn, Subject=_subject(job, record), Message=success_message(job, record))
    return record


def _subject(job: Job, record: Mapping[str, Any]) -> str:
    if record["status"] == JobStatus.SUCCEEDED.value:
        return f"optpar: {job.model_name} tuned"[:100]
    return f"optpar: {job.model_name} {record['status'].lower().replace('_', ' ')}: {record.get('error')}"[:100]


def _fmt(value: Any) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def success_message(job: Job, record: Mapping[str, Any]) -> str:
    best = record.get("best_values") or {}
    original = record.get("original_values") or {}
    lines = [f"optpar tuned s3://{job.bucket}/{job.model_key}", ""]
    metric = record.get("metric")
    lines.append(f"Best {metric}: {_fmt(record.get('best_metric'))} (original values: {_fmt(record.get('original_metric'))})")
    if record.get("improvement_pct") is not None:
        lines.append(f"Improvement over the original: {record['improvement_pct']:+.2f} %")
    lines += ["", "Best values (original in brackets):"]
    lines += [f"  {name} = {_fmt(value)}  [{_fmt(original.get(name))}]" for name, value in best.items()]
    lines += ["", f"Trials: {record.get('trials')} ({record.get('algorithm')})"]
    cost = record.get("estimated_cost_usd")
    lines.append(f"Instance: {record.get('instance_type')} ({record.get('market')}), "
                 f"{record.get('instance_hours')} h, estimated cost {'unknown' if cost is None else f'${cost:.2f}'}")
    lines += ["", "Files:"]
    for label, key in (("Report", "report_key"), ("Patched script", "patched_script_key"),
                       ("Best model", "best_model_key"), ("All results", "results_key")):
        if record.get(key):
            lines.append(f"  {label}: s3://{job.bucket}/{record[key]}")
    lines += ["", f"Execution: {record.get('execution_arn')}"]
    return "\n".join(lines) + "\n"


def readable_cause(cause: Any) -> str | None:
    """A Lambda error's message out of its JSON payload; other causes as they are."""
    if cause is None or cause == "":
        return None
    text = str(cause)
    try:
        data = json.loads(text)
    except ValueError:
        return text
    if isinstance(data, dict):
        return str(data.get("errorMessage") or data.get("cause") or data.get("message") or text)
    return text


def runner_error(s3: Any, job: Job) -> dict[str, Any] | None:
    """What the runner wrote before SendTaskFailure (the task failure's cause can be lost on the way)."""
    try:
        return json.loads(s3.get_object(Bucket=job.bucket, Key=job.key(c.RUNNER_ERROR_FILE))["Body"].read())
    except Exception:  # noqa: BLE001 - absent unless the runner failed
        return None


def record_failure(
    ec2: Any, sns: Any, s3: Any, store: JobStore, topic_arn: str, *, job: Job, error: Mapping[str, Any] | None,
    execution_arn: str, started_at: str | None, now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Record why the job failed (the error's name and a readable cause), stop its instances, email the user."""
    now = now or dt.datetime.now(dt.timezone.utc)
    error = dict(error or {})
    name = str(error.get("Error") or "Unknown")
    cause = readable_cause(error.get("Cause"))
    if cause is None:
        written = runner_error(s3, job)
        if written and written.get("error") == name:
            cause = written.get("cause")
    cause = cause or _EXPLAINED.get(name) or "no cause was given"
    terminated = terminate_job_instances(ec2, job.job_id)
    status = (JobStatus.REJECTED if name == c.APPROVAL_REJECTED
              else JobStatus.TIMED_OUT if name in _TIMEOUTS else JobStatus.FAILED)
    record = _base_record(job, store.get(job.job_id) or {}, execution_arn, started_at, now)
    line = re.search(r"\bline (\d+)", cause)
    record.update({
        "status": status.value,
        "error": name,
        "cause": cause[:4000],
        "error_line": int(line.group(1)) if line else None,
        "terminated_instances": terminated,
    })
    store.put_record(record)
    sns.publish(TopicArn=topic_arn, Subject=_subject(job, record), Message=failure_message(job, record))
    return {"status": status.value, "error": name, "cause": record["cause"]}


def failure_message(job: Job, record: Mapping[str, Any]) -> str:
    lines = [
        f"optpar could not tune s3://{job.bucket}/{job.model_key}",
        "",
        f"Status: {record['status']}",
        f"Error: {record['error']}",
        f"Cause: {record['cause']}",
    ]
    if record.get("launches"):
        lines.append(f"Instance hours: {record.get('instance_hours')}, estimated cost: {record.get('estimated_cost_usd')}")
    lines += ["", "Your upload is unchanged. Fix the cause and upload the script again to retry.",
              f"Execution: {record.get('execution_arn')}"]
    return "\n".join(lines) + "\n"

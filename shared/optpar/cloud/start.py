"""The start step: one execution per upload, named deterministically so duplicate events start one."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

from . import constants as c
from .exceptions import InvalidJobError
from .types import Job, PipelineConfig

_NAME_OK = re.compile(r"[^A-Za-z0-9_-]+")
_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}


def execution_name(bucket: str, key: str, version: str | None) -> str:
    """`<script stem>-<hash>`: readable in the console, and the same for the same object version.

    Example:
        >>> execution_name("b", "uploads/my_model.py", "v1")[:9]
        'my_model-'
    """
    digest = hashlib.sha256(f"{bucket}/{key}@{version or ''}".encode()).hexdigest()[:16]
    stem = key.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    stem = _NAME_OK.sub("_", stem).strip("_")[:50] or "upload"
    return f"{stem}-{digest}"


def job_from_event(event: Mapping[str, Any]) -> Job:
    """The job of an EventBridge "Object Created" event from S3.

    Raises:
        InvalidJobError: the event is not an S3 Object Created event.
    """
    detail = event.get("detail") or {}
    try:
        bucket = detail["bucket"]["name"]
        obj = detail["object"]
        key = obj["key"]
    except (KeyError, TypeError) as exc:
        raise InvalidJobError(f"expected an S3 'Object Created' event with detail.bucket.name and detail.object.key, got {sorted(event)}") from exc
    version = obj.get("version-id") or None
    etag = obj.get("etag") or None
    return Job(execution_name(bucket, key, version or etag), bucket, key, version, etag)


def approval_override(tags: Mapping[str, str], metadata: Mapping[str, str]) -> bool | None:
    """The upload's own `optpar-approval: true|false`, from its tags first, then its metadata."""
    for source in (tags, metadata):
        value = str(source.get(c.APPROVAL_TAG, "")).strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
    return None


def read_upload_settings(s3: Any, job: Job) -> tuple[dict[str, str], dict[str, str]]:
    """The upload's tags and user metadata (either may be missing)."""
    version = {"VersionId": job.version_id} if job.version_id else {}
    tags = s3.get_object_tagging(Bucket=job.bucket, Key=job.model_key, **version).get("TagSet", [])
    head = s3.head_object(Bucket=job.bucket, Key=job.model_key, **version)
    return {t["Key"]: t["Value"] for t in tags}, dict(head.get("Metadata") or {})


def start_job(sfn: Any, s3: Any, state_machine_arn: str, event: Mapping[str, Any], config: PipelineConfig) -> dict[str, Any]:
    """Start the execution for this upload; a duplicate event is a success that starts nothing.

    Returns:
        `{"execution_name", "execution_arn", "started": bool, "require_approval": bool}`.
    """
    job = job_from_event(event)
    tags, metadata = read_upload_settings(s3, job)
    override = approval_override(tags, metadata)
    if override is not None:
        config = PipelineConfig.from_dict({**config.to_dict(), "require_approval": override})
    arn = f"{state_machine_arn.replace(':stateMachine:', ':execution:')}:{job.job_id}"
    payload = json.dumps({"job": job.to_dict(), "config": config.to_dict()})
    if _exists(sfn, arn):
        started = False  # a duplicate event (EventBridge delivers at least once)
    else:
        try:
            arn = sfn.start_execution(stateMachineArn=state_machine_arn, name=job.job_id, input=payload)["executionArn"]
            started = True
        except sfn.exceptions.ExecutionAlreadyExists:
            started = False
    return {"execution_name": job.job_id, "execution_arn": arn, "started": started,
            "require_approval": config.require_approval}


def _exists(sfn: Any, execution_arn: str) -> bool:
    # StartExecution itself succeeds for a running execution with the same name and input, so ask first.
    try:
        sfn.describe_execution(executionArn=execution_arn)
    except sfn.exceptions.ExecutionDoesNotExist:
        return False
    return True


def upload_event(bucket: str, key: str, version_id: str | None, etag: str | None, size: int = 0) -> dict[str, Any]:
    """An EventBridge "Object Created" event as S3 sends it (for the local pipeline and tests)."""
    obj: dict[str, Any] = {"key": key, "size": size, "sequencer": "0"}
    if etag:
        obj["etag"] = etag.strip('"')
    if version_id:
        obj["version-id"] = version_id
    return {
        "version": "0",
        "detail-type": "Object Created",
        "source": "aws.s3",
        "detail": {"version": "0", "bucket": {"name": bucket}, "object": obj, "reason": "PutObject"},
    }

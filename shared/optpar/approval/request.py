"""The request function's work: store the task token behind a random id, email a signed link."""

from __future__ import annotations

import json
import logging
import secrets
from typing import Any

from ..exceptions import InputError, SpaceValidationError
from ..source import source_from_bytes
from ..space import validate_space
from ..types import Hyperparameter
from . import csrf, notify, signing
from .constants import ENV_API_URL, MAX_TIMEOUT_S, MIN_TIMEOUT_S
from .exceptions import ApprovalConfigError
from .snippets import snippets_for
from .store import ApprovalStore
from .types import ApprovalRecord, ApprovalRequest, Clients, RequestResult, Settings, Snippet, Status

log = logging.getLogger(__name__)


def request_approval(request: ApprovalRequest, settings: Settings, clients: Clients, *, now: int) -> RequestResult:
    """Store the approval and send the link.

    Raises:
        SpaceValidationError: the detected space.json is missing or invalid.
        ApprovalConfigError: no approval URL to put in the link.
    """
    if not settings.api_url:
        raise ApprovalConfigError(f"the request function needs {ENV_API_URL}, the URL the emailed links point to")
    detection = _read_space(clients.s3, settings.bucket, request.space_key)
    space = validate_space(Hyperparameter.from_dict(h) for h in detection["hyperparameters"])
    timeout = min(max(request.timeout_s or settings.timeout_s, MIN_TIMEOUT_S), MAX_TIMEOUT_S)
    record = ApprovalRecord(
        approval_id=secrets.token_urlsafe(18),
        job_id=request.job_id,
        model_key=request.model_key,
        space_key=request.space_key,
        detection=detection,
        snippets=_snippets(
            clients.s3, request.model_bucket or settings.model_bucket or settings.bucket, request.model_key, space
        ),
        csrf_token=csrf.new_token(),
        status=Status.PENDING,
        created_at=now,
        expires_at=now + timeout,
    )
    ApprovalStore(clients.dynamodb, settings.table).put(record, request.task_token)
    url = signing.link(settings.api_url, settings.secret, record.approval_id, record.expires_at)
    subject, body = notify.compose(record.model_name, record.job_id, len(space), url, record.expires_at)
    channel = notify.send(settings, clients, subject, body)
    return RequestResult(approval_id=record.approval_id, expires_at=record.expires_at, channel=channel)


def _read_space(s3: Any, bucket: str, key: str) -> dict[str, Any]:
    try:
        data = json.loads(s3.get_object(Bucket=bucket, Key=key)["Body"].read())
    except Exception as exc:  # boto3's errors are built at run time; any failure here means no usable space
        raise SpaceValidationError(f"cannot read the detected space s3://{bucket}/{key}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("hyperparameters"), list):
        raise SpaceValidationError(f"s3://{bucket}/{key} is not a space.json (no 'hyperparameters' list)")
    if not data["hyperparameters"]:
        raise SpaceValidationError(f"s3://{bucket}/{key} holds no hyperparameters: there is nothing to approve")
    return {
        "source": data.get("source", key),
        "hyperparameters": data["hyperparameters"],
        "warnings": list(data.get("warnings") or []),
    }


def _snippets(s3: Any, bucket: str, key: str, space: tuple[Hyperparameter, ...]) -> dict[str, Snippet]:
    # Snippets are a convenience: without the script the page still shows line numbers.
    try:
        data = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        return snippets_for(source_from_bytes(data, key), space)
    except InputError as exc:
        log.warning("no code snippets: the script cannot be read: %s", exc)
    except Exception as exc:  # noqa: BLE001 - S3 errors are dynamic classes
        log.warning("no code snippets: cannot fetch s3://%s/%s: %s", bucket, key, type(exc).__name__)
    return {}

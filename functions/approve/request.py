"""ApprovalRequestFunction: called by the waiting state with the task token; emails the review link.

Payload: {"job_id", "model_key", "space_key", "task_token"} (optional "model_bucket", "timeout_s").
The event holds the task token, so it is never logged.
"""

from __future__ import annotations

import os
import time
from functools import lru_cache
from typing import Any

import boto3
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from optpar.approval import ApprovalRequest, Clients, Settings, request_approval, settings_from_env
from optpar.approval.config import ENV_NAMES, clients_from

logger = Logger()
tracer = Tracer()
metrics = Metrics(namespace="optpar")  # explicit: the cold-start metric needs one even outside the stack


@lru_cache(maxsize=4)
def _deps(env: tuple[str | None, ...]) -> tuple[Settings, Clients]:
    # Once per container (and per configuration): the secret is fetched once, clients are reused.
    return settings_from_env(os.environ, boto3.client), clients_from(boto3.client)


@logger.inject_lambda_context(log_event=False)
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics(capture_cold_start_metric=True)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    request = ApprovalRequest.from_event(event)
    settings, clients = _deps(tuple(os.environ.get(name) for name in ENV_NAMES))
    result = request_approval(request, settings, clients, now=int(time.time()))
    logger.info(
        "approval requested",
        extra={"job_id": request.job_id, "approval_id": result.approval_id, "channel": result.channel.value},
    )
    metrics.add_metric(name="ApprovalsRequested", unit=MetricUnit.Count, value=1)
    return {"approval_id": result.approval_id, "expires_at": result.expires_at, "channel": result.channel.value}

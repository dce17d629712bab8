"""ApprovalPageFunction: GET and POST /approve/{approval_id} behind API Gateway (REST, proxy, v1 events).

The query string holds the link's signature, so the event is never logged.
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

from optpar.approval import Clients, Settings, handle, request_from_event, response_to_proxy, settings_from_env
from optpar.approval.config import ENV_NAMES, clients_from

logger = Logger()
tracer = Tracer()
metrics = Metrics(namespace="optpar")  # explicit: the cold-start metric needs one even outside the stack


@lru_cache(maxsize=4)
def _deps(env: tuple[str | None, ...]) -> tuple[Settings, Clients]:
    return settings_from_env(os.environ, boto3.client), clients_from(boto3.client)


@logger.inject_lambda_context(log_event=False)
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics(capture_cold_start_metric=True)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    request = request_from_event(event)
    settings, clients = _deps(tuple(os.environ.get(name) for name in ENV_NAMES))
    response = handle(request, settings, clients, now=int(time.time()))
    logger.info(
        "approval page",
        extra={"approval_id": request.approval_id, "method": request.method, "status": response.status},
    )
    metrics.add_metric(name=f"ApprovalPage{response.status}", unit=MetricUnit.Count, value=1)
    return response_to_proxy(response)

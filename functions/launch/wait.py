"""Wait for the instance: store this wait's task token in the job's item, where the instance fetches it.

The token is a credential for the execution: it is never logged or returned.
"""

from __future__ import annotations

import os

import boto3
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit

from optpar.cloud import constants as c
from optpar.cloud.store import JobStore

logger, tracer, metrics = Logger(), Tracer(), Metrics()
dynamodb = boto3.resource("dynamodb")


@logger.inject_lambda_context(log_event=False)
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics(capture_cold_start_metric=True)
def handler(event: dict, context: object) -> dict:
    store = JobStore(dynamodb.Table(os.environ[c.ENV_TABLE_NAME]))
    store.store_token(event["job_id"], event["task_token"], event.get("instance_id"))
    metrics.add_metric(name="WaitsStarted", unit=MetricUnit.Count, value=1)
    logger.info("task token stored for the instance", extra={"job_id": event["job_id"]})
    return {"job_id": event["job_id"], "instance_id": event.get("instance_id")}

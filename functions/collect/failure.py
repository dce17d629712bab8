"""Record the failure: the error's name and a readable cause in DynamoDB, instances terminated, user emailed."""

from __future__ import annotations

import os

import boto3
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit

from optpar.cloud import constants as c
from optpar.cloud.collect import record_failure
from optpar.cloud.store import JobStore
from optpar.cloud.types import Job

logger, tracer, metrics = Logger(), Tracer(), Metrics()
ec2, sns, s3 = boto3.client("ec2"), boto3.client("sns"), boto3.client("s3")
dynamodb = boto3.resource("dynamodb")


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def handler(event: dict, context: object) -> dict:
    job = Job.from_dict(event["job"])
    logger.append_keys(job_id=job.job_id)
    result = record_failure(
        ec2, sns, s3, JobStore(dynamodb.Table(os.environ[c.ENV_TABLE_NAME])), os.environ[c.ENV_TOPIC_ARN],
        job=job, error=event.get("error"), execution_arn=event["execution_arn"], started_at=event.get("started_at"),
    )
    metrics.add_metric(name="JobsFailed", unit=MetricUnit.Count, value=1)
    logger.warning("job failed", extra={"error": result["error"], "status": result["status"]})
    return result

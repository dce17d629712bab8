"""Collect: write the execution's DynamoDB record and email the summary (best values, improvement, files)."""

from __future__ import annotations

import os

import boto3
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit

from optpar.cloud import constants as c
from optpar.cloud.collect import collect_success
from optpar.cloud.store import JobStore
from optpar.cloud.types import Job

logger, tracer, metrics = Logger(), Tracer(), Metrics()
ec2, sns = boto3.client("ec2"), boto3.client("sns")
dynamodb = boto3.resource("dynamodb")


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def handler(event: dict, context: object) -> dict:
    job = Job.from_dict(event["job"])
    logger.append_keys(job_id=job.job_id)
    record = collect_success(
        ec2, sns, JobStore(dynamodb.Table(os.environ[c.ENV_TABLE_NAME])), os.environ[c.ENV_TOPIC_ARN],
        job=job, result=event["result"], space=event["space"], execution_arn=event["execution_arn"],
        started_at=event.get("started_at"),
    )
    metrics.add_metric(name="JobsSucceeded", unit=MetricUnit.Count, value=1)
    logger.info("collected", extra={"best_metric": record.get("best_metric"), "trials": record.get("trials")})
    return {k: record.get(k) for k in ("status", "best_values", "best_metric", "original_metric", "report_key",
                                       "patched_script_key")}

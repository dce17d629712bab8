"""Start: one Step Functions execution per upload, named from bucket, key and version (EventBridge target)."""

from __future__ import annotations

import os

import boto3
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit

from optpar.cloud import constants as c
from optpar.cloud.settings import pipeline_config
from optpar.cloud.start import start_job

logger, tracer, metrics = Logger(), Tracer(), Metrics()
s3, sfn = boto3.client("s3"), boto3.client("stepfunctions")


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def handler(event: dict, context: object) -> dict:
    result = start_job(sfn, s3, os.environ[c.ENV_STATE_MACHINE_ARN], event, pipeline_config(os.environ))
    metrics.add_metric(name="ExecutionsStarted" if result["started"] else "DuplicateUploads",
                       unit=MetricUnit.Count, value=1)
    logger.info("upload handled", extra={"execution": result["execution_name"], "started": result["started"]})
    return result

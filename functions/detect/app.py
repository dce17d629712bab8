"""Detect: read the upload from S3 and write its detection and search space. Never runs the user's code."""

from __future__ import annotations

import os

import boto3
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit

from optpar.cloud import constants as c
from optpar.cloud.steps import detect_upload
from optpar.cloud.types import Job

logger, tracer, metrics = Logger(), Tracer(), Metrics()
s3 = boto3.client("s3")


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def handler(event: dict, context: object) -> dict:
    job = Job.from_dict(event["job"])
    logger.append_keys(job_id=job.job_id)
    result = detect_upload(s3, job, metadata_path=os.environ.get(c.ENV_METADATA_PATH))
    metrics.add_metric(name="HyperparametersFound", unit=MetricUnit.Count, value=len(result["hyperparameters"]))
    logger.info("detected", extra={"hyperparameters": result["hyperparameters"]})
    return result

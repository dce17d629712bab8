"""Generate: write the tuning script and the job description (job.json) the instance reads."""

from __future__ import annotations

import os

import boto3
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit

from optpar.cloud import constants as c
from optpar.cloud.steps import generate_job
from optpar.cloud.types import Job, PipelineConfig

logger, tracer, metrics = Logger(), Tracer(), Metrics()
s3 = boto3.client("s3")


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def handler(event: dict, context: object) -> dict:
    job = Job.from_dict(event["job"])
    logger.append_keys(job_id=job.job_id)
    config = PipelineConfig.from_dict(event["config"])
    result = generate_job(s3, job, config, event["detection"], table=os.environ[c.ENV_TABLE_NAME])
    metrics.add_metric(name="ScriptsGenerated", unit=MetricUnit.Count, value=1)
    logger.info("generated", extra=result)
    return result

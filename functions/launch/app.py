"""Launch: start one (spot) instance for the job with RunInstances; a ClientToken makes retries safe."""

from __future__ import annotations

import os

import boto3
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit

from optpar.cloud import constants as c
from optpar.cloud.launch import launch_instance
from optpar.cloud.settings import launch_settings
from optpar.cloud.store import JobStore
from optpar.cloud.types import Job, LaunchState, PipelineConfig

logger, tracer, metrics = Logger(), Tracer(), Metrics()
ec2, s3 = boto3.client("ec2"), boto3.client("s3")
dynamodb = boto3.resource("dynamodb")


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def handler(event: dict, context: object) -> dict:
    job = Job.from_dict(event["job"])
    logger.append_keys(job_id=job.job_id)
    store = JobStore(dynamodb.Table(os.environ[c.ENV_TABLE_NAME]))
    result = launch_instance(
        ec2, s3, store, job=job, config=PipelineConfig.from_dict(event["config"]),
        state=LaunchState.from_dict(event["launch"]), space_key=event["space"]["space_key"],
        execution_arn=event["execution_arn"], settings=launch_settings(os.environ),
    )
    metrics.add_metric(name="InstancesLaunched", unit=MetricUnit.Count, value=1)
    logger.info("launched", extra=result)
    return result

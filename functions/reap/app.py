"""Reap (hourly): terminate our instances that are too old or orphaned; end executions whose instance is gone."""

from __future__ import annotations

import os

import boto3
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit

from optpar.cloud import constants as c
from optpar.cloud.reap import reap
from optpar.cloud.settings import reap_settings
from optpar.cloud.store import JobStore

logger, tracer, metrics = Logger(), Tracer(), Metrics()
ec2, sfn = boto3.client("ec2"), boto3.client("stepfunctions")
dynamodb = boto3.resource("dynamodb")


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def handler(event: dict, context: object) -> dict:
    settings = reap_settings(os.environ, event)
    report = reap(ec2, sfn, JobStore(dynamodb.Table(os.environ[c.ENV_TABLE_NAME])), settings)
    for kind in ("terminate", "fail_execution"):
        count = sum(a["action"] == kind for a in report["actions"])
        metrics.add_metric(name=f"Reaper_{kind}", unit=MetricUnit.Count, value=count)
    logger.info("reaped", extra=report)
    return report

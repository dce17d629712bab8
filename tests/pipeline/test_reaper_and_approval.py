"""The reaper and the approval wiring, on moto (no training: the instance never starts its runner)."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from typing import Any

import pytest

from .conftest import ASSETS, HERE, load_event

pytestmark = pytest.mark.aws
TINY = ASSETS.parent.parent / "assets" / "pipeline" / "tiny_model.py"


def _until(condition: Callable[[], Any], timeout_s: float = 30.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout_s
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def _run_instance(pipeline: Any, tags: dict[str, str]) -> str:
    ec2 = pipeline.boto["ec2"]
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    spec = [{"ResourceType": "instance", "Tags": [{"Key": k, "Value": v} for k, v in tags.items()]}] if tags else []
    return ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, InstanceType="t3.micro",
                             TagSpecifications=spec)["Instances"][0]["InstanceId"]


def _states(pipeline: Any) -> dict[str, str]:
    reservations = pipeline.boto["ec2"].describe_instances()["Reservations"]
    return {i["InstanceId"]: i["State"]["Name"] for r in reservations for i in r["Instances"]}


def test_the_reaper_terminates_only_our_old_or_orphaned_instances(make_pipeline: Any) -> None:
    import boto3

    from optpar.cloud.local import Faults
    from optpar.cloud.reap import ReapSettings, reap
    from optpar.cloud.store import JobStore

    pipeline = make_pipeline(heartbeat_seconds=60, faults=Faults(no_runner=True))
    started = pipeline.start(pipeline.upload(TINY))
    job_instance = _until(lambda: next(iter(pipeline.player.instances), None), what="the job's instance")
    _until(lambda: (pipeline.record(started["execution_name"]) or {}).get("task_token"), what="the wait state")
    gone_execution = started["execution_arn"].rsplit(":", 1)[0] + ":finished-long-ago"
    orphan = _run_instance(pipeline, {"optpar:project": "optpar", "optpar:job-id": "x",
                                      "optpar:execution": gone_execution})
    not_ours = _run_instance(pipeline, {})
    other_project = _run_instance(pipeline, {"optpar:project": "someone-else"})
    store = JobStore(boto3.resource("dynamodb", endpoint_url=pipeline.server.url,
                                    region_name="us-east-1").Table(pipeline.table))
    sfn, ec2 = pipeline.boto["stepfunctions"], pipeline.boto["ec2"]
    settings = ReapSettings(pipeline.state_machine_arn, max_instance_hours=24)
    now = dt.datetime.now(dt.timezone.utc)
    later = now + dt.timedelta(hours=25)

    preview = reap(ec2, sfn, store, ReapSettings(settings.state_machine_arn, 24, report_only=True), now=later)
    assert {a["instance_id"] for a in preview["actions"] if a["action"] == "terminate"} == {job_instance, orphan}
    assert set(_states(pipeline).values()) == {"running"}  # report only: nothing touched

    young = reap(ec2, sfn, store, settings, now=now)
    assert [(a["action"], a["instance_id"]) for a in young["actions"]] == [("terminate", orphan)]
    assert "its execution is MISSING" in young["actions"][0]["reason"]
    assert reap(ec2, sfn, store, settings, now=now)["actions"] == []  # idempotent

    old = reap(ec2, sfn, store, settings, now=later)
    assert [(a["action"], a.get("instance_id")) for a in old["actions"]] == [
        ("terminate", job_instance), ("fail_execution", job_instance)]
    states = _states(pipeline)
    assert states[not_ours] == "running" and states[other_project] == "running"
    assert states[job_instance] in ("shutting-down", "terminated") and states[orphan] == "terminated"
    # The execution whose instance is gone goes down the failure path: recorded and notified.
    assert pipeline.wait(started["execution_arn"], timeout_s=30) == "FAILED"
    record = pipeline.record(started["execution_name"])
    assert record["error"] == "Worker.InstanceLost" and record["status"] == "FAILED"
    assert len(pipeline.notifications()) == 1


def test_the_reaper_handler_reports_without_acting(make_pipeline: Any) -> None:
    pipeline = make_pipeline()
    orphan = _run_instance(pipeline, {"optpar:project": "optpar", "optpar:execution": "arn:aws:states:x:gone"})
    response = pipeline.boto["lambda"].invoke(FunctionName=pipeline.function_name("ReapFunction"),
                                              Payload=json.dumps(load_event("reap_report_only.json")).encode())
    report = json.loads(response["Payload"].read())
    assert "FunctionError" not in response
    assert report["report_only"] is True
    assert [a["instance_id"] for a in report["actions"]] == [orphan]
    assert _states(pipeline)[orphan] == "running"


def _approval_pipeline(make_pipeline: Any, **options: Any) -> tuple[Any, Any, dict[str, Any]]:
    from optpar.cloud.local import Faults
    from optpar.cloud.local.lambdas import HandlerSpec

    pipeline = make_pipeline(heartbeat_seconds=60, faults=Faults(no_runner=True), **options)
    name = pipeline.function_name("ApprovalRequestFunction")
    pipeline.handlers.register(name, HandlerSpec(HERE / "stubs", "approve.handler"))
    stub = pipeline.handlers.module(name)
    stub.TOKENS.clear()
    stub.EVENTS.clear()
    started = pipeline.start(pipeline.upload(TINY, tags={"optpar-approval": "true"}))
    assert started["require_approval"] is True  # RequireApproval is false; the upload's tag overrides it
    _until(lambda: started["execution_name"] in stub.TOKENS, what="the approval request")
    return pipeline, stub, started


def test_an_approved_space_is_the_one_the_instance_searches(make_pipeline: Any) -> None:
    pipeline, stub, started = _approval_pipeline(make_pipeline)
    job_id = started["execution_name"]
    [request] = stub.EVENTS
    assert set(request) == {"job_id", "model_key", "space_key", "timeout_s"} and request["job_id"] == job_id
    assert request["timeout_s"] == 259200  # the link expires when the wait does
    s3 = pipeline.boto["s3"]
    space = json.loads(s3.get_object(Bucket=pipeline.bucket, Key=request["space_key"])["Body"].read())
    space["hyperparameters"] = [h for h in space["hyperparameters"] if h["name"] != "batch_size"]
    approved_key = f"jobs/{job_id}/approved/space.json"
    s3.put_object(Bucket=pipeline.bucket, Key=approved_key, Body=json.dumps(space).encode())
    pipeline.boto["stepfunctions"].send_task_success(
        taskToken=stub.TOKENS[job_id], output=json.dumps({"approved": True, "space_key": approved_key}))

    _until(lambda: pipeline.player.instances, what="the launch")
    job = json.loads(s3.get_object(Bucket=pipeline.bucket, Key=f"jobs/{job_id}/job.json")["Body"].read())
    assert job["space_key"] == approved_key
    states = pipeline.states(started["execution_arn"])
    assert states[2:5] == ["Approval required?", "Wait for approval", "Use the approved space"]


def test_a_rejected_space_ends_the_job_as_rejected(make_pipeline: Any) -> None:
    pipeline, stub, started = _approval_pipeline(make_pipeline)
    pipeline.boto["stepfunctions"].send_task_failure(taskToken=stub.TOKENS[started["execution_name"]],
                                                     error="Approval.Rejected", cause="not this week")

    assert pipeline.wait(started["execution_arn"], timeout_s=30) == "FAILED"
    record = pipeline.record(started["execution_name"])
    assert record["status"] == "REJECTED" and record["error"] == "Approval.Rejected"
    assert pipeline.player.instances == {}
    [mail] = pipeline.notifications()
    assert "rejected" in mail["subject"]


def test_nobody_deciding_in_time_ends_the_job_saying_so(make_pipeline: Any) -> None:
    pipeline, _stub, started = _approval_pipeline(make_pipeline, parameters={"ApprovalTimeoutSeconds": 2})

    assert pipeline.wait(started["execution_arn"], timeout_s=30) == "FAILED"
    record = pipeline.record(started["execution_name"])
    assert record["status"] == "TIMED_OUT" and record["error"] == "Approval.TimedOut"
    assert "nobody approved or rejected" in record["cause"]
    assert "Nobody decided in time" in pipeline.states(started["execution_arn"])
    assert pipeline.player.instances == {}
    [mail] = pipeline.notifications()
    assert "nobody approved or rejected" in mail["message"]


def test_capacity_errors_try_the_next_instance_type_then_on_demand(make_pipeline: Any) -> None:
    from optpar.cloud.local import Faults

    pipeline = make_pipeline(instance_types=("g5.xlarge", "g4dn.xlarge"), heartbeat_seconds=60,
                             faults=Faults(no_runner=True, no_capacity=("g5.xlarge/spot", "g4dn.xlarge/spot")))
    started = pipeline.start(pipeline.upload(TINY))
    _until(lambda: (pipeline.record(started["execution_name"]) or {}).get("task_token"), what="the wait state")

    states = pipeline.states(started["execution_arn"])
    assert states.count("Try the next instance type") == 2 and states.count("Launch instance") == 3
    [launch] = pipeline.record(started["execution_name"])["launches"]
    assert (launch["instance_type"], launch["market"]) == ("g5.xlarge", "on-demand")


def test_no_capacity_anywhere_fails_the_job_with_a_readable_cause(make_pipeline: Any) -> None:
    from optpar.cloud.local import Faults

    pipeline = make_pipeline(instance_types=("g5.xlarge",), faults=Faults(
        no_runner=True, no_capacity=("g5.xlarge/spot", "g5.xlarge/on-demand")))
    report = pipeline.run(TINY)

    assert report["execution"]["status"] == "FAILED"
    record = report["record"]
    assert record["error"] == "NoCapacityError"
    assert "tried g5.xlarge (spot), g5.xlarge (on-demand)" in record["cause"]
    assert _states(pipeline) == {}

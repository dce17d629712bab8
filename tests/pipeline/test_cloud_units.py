"""The cloud core's pure logic: naming, launch requests, costs, causes, the wheel, the reaper's verdicts."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from optpar.cloud.collect import estimated_cost, improvement, readable_cause
from optpar.cloud.exceptions import InstanceCapacityError, InvalidJobError, NoCapacityError
from optpar.cloud.launch import LaunchSettings, candidates, client_token, launch_instance, user_data
from optpar.cloud.local.instance import decode_user_data, parse_user_data
from optpar.cloud.reap import ReapSettings, instance_verdict
from optpar.cloud.start import approval_override, execution_name, job_from_event
from optpar.cloud.types import Job, LaunchState, Market, PipelineConfig

from .conftest import load_event

NOW = dt.datetime(2026, 1, 2, 12, 0, tzinfo=dt.timezone.utc)


def test_execution_names_are_readable_valid_and_deterministic() -> None:
    name = execution_name("bucket", "uploads/team/my model (v2)Orig.py", "v1")
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,80}", name) and name.startswith("my_model_v2_Orig-")
    assert name == execution_name("bucket", "uploads/team/my model (v2)Orig.py", "v1")
    assert name != execution_name("bucket", "uploads/team/my model (v2)Orig.py", "v2")
    assert len(execution_name("b", "uploads/" + "x" * 300 + ".py", None)) <= 80


def test_the_job_comes_from_the_eventbridge_event() -> None:
    job = job_from_event(load_event("s3_object_created.json", BUCKET="my-bucket"))
    assert job.bucket == "my-bucket" and job.model_key == "uploads/my_model/my_modelOrig.py"
    assert job.version_id == "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e" and job.data_prefix == "uploads/my_model/"
    assert job.job_id.startswith("my_modelOrig-")
    with pytest.raises(InvalidJobError, match="Object Created"):
        job_from_event({"detail": {}})


@pytest.mark.parametrize(("tags", "metadata", "expected"), [
    ({}, {}, None),
    ({"optpar-approval": "true"}, {}, True),
    ({}, {"optpar-approval": "False"}, False),
    ({"optpar-approval": "no"}, {"optpar-approval": "true"}, False),  # the tag wins
    ({"optpar-approval": "maybe"}, {}, None),
])
def test_an_upload_can_override_require_approval(tags: dict[str, str], metadata: dict[str, str],
                                                 expected: bool | None) -> None:
    assert approval_override(tags, metadata) == expected


def test_candidates_try_each_type_on_spot_then_on_demand() -> None:
    assert candidates(["a", "b"], Market.SPOT) == [
        ("a", Market.SPOT), ("b", Market.SPOT), ("a", Market.ON_DEMAND), ("b", Market.ON_DEMAND)]
    assert candidates(["a", "b"], Market.ON_DEMAND) == [("a", Market.ON_DEMAND), ("b", Market.ON_DEMAND)]


def test_the_client_token_is_the_same_for_a_retry_and_new_for_a_relaunch() -> None:
    first = client_token("job", LaunchState(Market.SPOT, 0, 0))
    assert first == client_token("job", LaunchState(Market.SPOT, 0, 0)) and len(first) <= 64
    assert first != client_token("job", LaunchState(Market.SPOT, 0, 1))
    assert first != client_token("job", LaunchState(Market.SPOT, 1, 0))
    assert first != client_token("other", LaunchState(Market.SPOT, 0, 0))


def test_user_data_holds_no_secret_and_quotes_the_packages() -> None:
    script = user_data("s3://b/jobs/j/job.json", "s3://b/artifacts/h/optpar-0.1.0-py3-none-any.whl", "eu-west-1",
                       "tensorflow[and-cuda]>=2.16 keras>=3")
    assert "token" not in script.lower().replace("metadata-token", "")
    assert "'tensorflow[and-cuda]>=2.16' 'keras>=3'" in script  # unquoted, `>` would redirect
    assert "python -m optpar.runner" in script and "shutdown -h now" in script
    env, args = parse_user_data(decode_user_data(__import__("base64").b64encode(script.encode()).decode()))
    assert env["OPTPAR_JOB"] == "s3://b/jobs/j/job.json" and env["AWS_DEFAULT_REGION"] == "eu-west-1"
    assert args == ["--job", "s3://b/jobs/j/job.json"]


class _FakeEc2:
    """RunInstances that always reports no capacity."""

    from botocore.exceptions import ClientError

    class exceptions:
        from botocore.exceptions import ClientError

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []

    def run_instances(self, **request: Any) -> dict[str, Any]:
        self.requests.append(request)
        raise self.ClientError({"Error": {"Code": "InsufficientInstanceCapacity", "Message": "none left"}},
                               "RunInstances")


@pytest.mark.aws
def test_capacity_errors_name_the_type_and_exhaustion_names_them_all() -> None:
    import boto3
    from moto import mock_aws

    from optpar.cloud.steps import put_json

    job = Job("job-1", "bucket", "uploads/m/model.py")
    config = PipelineConfig(instance_types=("g5.xlarge", "g4dn.xlarge"))
    settings = LaunchSettings("lt-123", "us-east-1")
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="bucket")
        put_json(s3, "bucket", job.key("job.json"), {
            "job_id": job.job_id, "bucket": "bucket", "table": "t", "model_key": job.model_key,
            "data_prefix": "uploads/m/", "space_key": "jobs/job-1/space.json", "script_key": "s",
            "checkpoint_prefix": "c/", "results_prefix": "r/", "max_evals": 3})
        ec2 = _FakeEc2()
        kwargs: dict[str, Any] = {"job": job, "config": config, "space_key": "jobs/job-1/approved.json",
                                  "execution_arn": "arn:x", "settings": settings, "now": NOW}
        with pytest.raises(InstanceCapacityError, match=r"g4dn.xlarge \(spot\): InsufficientInstanceCapacity"):
            launch_instance(ec2, s3, None, state=LaunchState(Market.SPOT, 1, 0), **kwargs)  # type: ignore[arg-type]
        with pytest.raises(NoCapacityError, match="g5.xlarge \\(spot\\), g4dn.xlarge \\(spot\\), g5.xlarge"):
            launch_instance(ec2, s3, None, state=LaunchState(Market.SPOT, 4, 0), **kwargs)  # type: ignore[arg-type]
        description = json.loads(s3.get_object(Bucket="bucket", Key=job.key("job.json"))["Body"].read())
    [request] = ec2.requests
    assert request["InstanceType"] == "g4dn.xlarge"
    assert request["InstanceMarketOptions"]["SpotOptions"] == {
        "SpotInstanceType": "one-time", "InstanceInterruptionBehavior": "terminate"}
    assert request["MetadataOptions"]["HttpTokens"] == "required"
    assert request["InstanceInitiatedShutdownBehavior"] == "terminate"
    tags = {t["Key"]: t["Value"] for t in request["TagSpecifications"][0]["Tags"]}
    assert tags["optpar:project"] == "optpar" and tags["optpar:job-id"] == "job-1"
    assert tags["optpar:expires-at"] == "2026-01-03T12:00:00Z"
    assert description["space_key"] == "jobs/job-1/approved.json"  # the instance searches the approved space


def test_the_wheel_carries_the_metadata_csv_and_installs(tmp_path: Path) -> None:
    from optpar.cloud.wheel import build_wheel

    name, data = build_wheel()
    assert name == "optpar-0.1.0-py3-none-any.whl" and build_wheel()[1] == data  # reproducible
    wheel = tmp_path / name
    wheel.write_bytes(data)
    names = zipfile.ZipFile(wheel).namelist()
    assert "optpar/metadata/keras_hyperparameters.csv" in names and "optpar/runner.py" in names
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--target",
                    str(target), str(wheel)], check=True)
    # -S: no site-packages, so the import can only come from the installed wheel.
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import optpar, optpar.metadata as m; "
            "print(optpar.__file__); print(len(m.load_metadata().specs))")
    out = subprocess.run([sys.executable, "-S", "-c", code, str(target)], check=True, capture_output=True,
                         text=True).stdout.split()
    assert out[0].startswith(str(target)) and int(out[1]) > 50


def test_the_cost_counts_each_launch_until_the_next() -> None:
    launches = [
        {"launched_at": "2026-01-02T10:00:00+00:00", "price_per_hour": 0.5},
        {"launched_at": "2026-01-02T11:00:00+00:00", "price_per_hour": 1.0},
    ]
    assert estimated_cost(launches, NOW) == (1.5, 2.0)
    assert estimated_cost([{"launched_at": "2026-01-02T11:00:00+00:00", "price_per_hour": None}], NOW) == (None, 1.0)


def test_improvement_is_positive_when_better_in_either_mode() -> None:
    assert improvement(0.5, 1.0, "min") == 50.0
    assert improvement(0.9, 0.6, "max") == 50.0
    assert improvement(1.2, 1.0, "min") == -20.0
    assert improvement(None, 1.0, "min") is None


def test_a_lambda_error_payload_reads_as_its_message() -> None:
    payload = json.dumps({"errorMessage": "m.py, line 4, column 9: syntax error", "errorType": "ScriptParseError",
                          "stackTrace": ["..."]})
    assert readable_cause(payload) == "m.py, line 4, column 9: syntax error"
    assert readable_cause("plain words") == "plain words"
    assert readable_cause(None) is None


def test_the_reaper_keeps_young_instances_of_running_executions() -> None:
    settings = ReapSettings("arn:sm", max_instance_hours=24)
    young = {"LaunchTime": NOW - dt.timedelta(hours=2), "Tags": []}
    old = {"LaunchTime": NOW - dt.timedelta(hours=25), "Tags": []}
    expired = {"LaunchTime": NOW - dt.timedelta(hours=2),
               "Tags": [{"Key": "optpar:expires-at", "Value": "2026-01-02T11:00:00Z"}]}
    assert instance_verdict(young, "RUNNING", settings, NOW) is None
    assert "older than MaxInstanceHours" in str(instance_verdict(old, "RUNNING", settings, NOW))
    assert "past its expiry" in str(instance_verdict(expired, "RUNNING", settings, NOW))
    assert instance_verdict(young, "SUCCEEDED", settings, NOW) == "its execution is SUCCEEDED"


def test_the_local_resolver_evaluates_conditions_and_drops_no_value() -> None:
    from optpar.cloud.local.template import Resolver

    conditions = {"HasSender": {"Fn::Not": [{"Fn::Equals": [{"Ref": "Sender"}, ""]}]}}
    policy = {"Fn::If": ["HasSender", {"Statement": "ses"}, {"Ref": "AWS::NoValue"}]}
    without = Resolver({"Sender": ""}, conditions=conditions)
    with_sender = Resolver({"Sender": "me@example.com"}, conditions=conditions)
    assert without(["sns", policy]) == ["sns"]
    assert with_sender(["sns", policy]) == ["sns", {"Statement": "ses"}]
    assert without({"A": 1, "B": {"Ref": "AWS::NoValue"}}) == {"A": 1}


def test_ses_sending_is_granted_only_when_a_sender_is_configured() -> None:
    from optpar.cloud.local.template import load_template

    template = load_template(Path(__file__).resolve().parents[2] / "template.yaml")
    request = template["Resources"]["ApprovalRequestFunction"]["Properties"]
    conditional = [p for p in request["Policies"] if isinstance(p, dict) and "Fn::If" in p]
    assert len(conditional) == 1 and conditional[0]["Fn::If"][0] == "SendApprovalBySes"
    assert request["Environment"]["Variables"]["OPTPAR_APPROVAL_SES_SENDER"] == {"Ref": "ApprovalSenderEmail"}

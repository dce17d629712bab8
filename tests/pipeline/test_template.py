"""template.yaml and the ASL: what the issue asks of them, checked without AWS."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAMBDA_ERRORS = {"Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException"}
OURS = ("start", "detect", "generate", "launch", "collect", "reap")


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    from optpar.cloud.local.template import load_template

    return load_template(ROOT / "template.yaml")


@pytest.fixture(scope="module")
def asl() -> dict[str, Any]:
    return json.loads((ROOT / "statemachine" / "optpar.asl.json").read_text())


def _tasks(asl: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: s for name, s in asl["States"].items() if s["Type"] == "Task"}


def test_every_task_retries_transient_lambda_errors_with_backoff(asl: dict[str, Any]) -> None:
    for name, state in _tasks(asl).items():
        retry = [r for r in state.get("Retry", []) if LAMBDA_ERRORS <= set(r["ErrorEquals"])]
        assert retry, f"{name} does not retry the Lambda service errors"
        assert retry[0]["BackoffRate"] > 1 and retry[0]["MaxAttempts"] >= 2, name


def test_every_failure_goes_to_the_recording_failure_path(asl: dict[str, Any]) -> None:
    for name, state in _tasks(asl).items():
        catch_all = [c for c in state.get("Catch", []) if c["ErrorEquals"] == ["States.ALL"]]
        assert catch_all, f"{name} has no catch-all"
        expected = "Tuning failed" if name == "Record the failure" else "Record the failure"
        assert catch_all[0]["Next"] == expected, name
        assert state["Catch"][-1] is catch_all[0], f"{name}: the catch-all must come last"
    assert asl["States"]["Record the failure"]["Next"] == "Tuning failed"
    assert asl["States"]["Tuning failed"]["Type"] == "Fail"


def test_every_choice_has_a_default(asl: dict[str, Any]) -> None:
    choices = [s for s in asl["States"].values() if s["Type"] == "Choice"]
    assert len(choices) == 2 and all(s.get("Default") for s in choices)


def test_the_instance_wait_has_heartbeat_timeout_and_spot_relaunch(asl: dict[str, Any]) -> None:
    wait = asl["States"]["Wait for the instance"]
    assert wait["Resource"].endswith(".waitForTaskToken")
    assert wait["HeartbeatSecondsPath"] == "$.config.heartbeat_seconds"
    assert wait["TimeoutSecondsPath"] == "$.config.instance_timeout_seconds"
    assert wait["Catch"][0] == {"ErrorEquals": ["Worker.SpotInterrupted"], "ResultPath": "$.interruption",
                                "Next": "Count the spot interruption"}
    assert "task_token.$" in wait["Parameters"]["Payload"]
    launch = asl["States"]["Launch instance"]
    assert launch["Catch"][0]["ErrorEquals"] == ["InstanceCapacityError"]
    assert launch["Catch"][0]["Next"] == "Try the next instance type"
    assert asl["States"]["Fall back to on-demand"]["Parameters"]["market"] == "on-demand"


def test_the_approval_step_follows_the_contract(asl: dict[str, Any]) -> None:
    choice = asl["States"]["Approval required?"]
    assert choice["Choices"][0] == {"Variable": "$.config.require_approval", "BooleanEquals": True,
                                    "Next": "Wait for approval"}
    wait = asl["States"]["Wait for approval"]
    assert wait["Resource"] == "arn:aws:states:::lambda:invoke.waitForTaskToken"
    assert wait["Parameters"] == {"FunctionName": "${ApprovalRequestFunctionArn}", "Payload": {
        "job_id.$": "$.job.job_id", "model_key.$": "$.job.model_key", "space_key.$": "$.detection.space_key",
        "timeout_s.$": "$.config.approval_timeout_seconds", "task_token.$": "$$.Task.Token"}}
    assert wait["ResultPath"] == "$.approval" and wait["TimeoutSecondsPath"] == "$.config.approval_timeout_seconds"
    assert asl["States"]["Use the approved space"]["Parameters"]["space_key.$"] == "$.approval.space_key"


def test_substitutions_match_the_definition(template: dict[str, Any], asl: dict[str, Any]) -> None:
    used = set(re.findall(r"\$\{(\w+)\}", (ROOT / "statemachine" / "optpar.asl.json").read_text()))
    machine = template["Resources"]["OptparStateMachine"]["Properties"]
    assert used == set(machine["DefinitionSubstitutions"])
    assert machine["Logging"]["IncludeExecutionData"] is False  # execution data holds task tokens


def test_the_parameters_the_issue_names_exist(template: dict[str, Any]) -> None:
    params = template["Parameters"]
    for name in ("NotificationEmail", "RequireApproval", "InstanceTypes", "MaxEvals", "MaxInstanceHours",
                 "UploadPrefix", "UploadSuffix", "AmiId"):
        assert name in params, name
    assert params["MaxInstanceHours"]["Default"] == 24
    assert params["InstanceTypes"]["Type"] == "CommaDelimitedList"
    assert params["AmiId"]["Type"] == "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>"
    assert params["AmiId"]["Default"].startswith("/aws/service/deeplearning/")


def test_the_bucket_is_encrypted_private_and_tls_only(template: dict[str, Any]) -> None:
    resources = template["Resources"]
    bucket = resources["DataBucket"]["Properties"]
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert bucket["NotificationConfiguration"]["EventBridgeConfiguration"]["EventBridgeEnabled"] is True
    [statement] = resources["DataBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    assert statement["Effect"] == "Deny" and statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_uploads_under_the_prefix_with_the_suffix_start_the_pipeline(template: dict[str, Any]) -> None:
    rule = template["Resources"]["StartFunction"]["Properties"]["Events"]["Upload"]
    assert rule["Type"] == "EventBridgeRule"
    pattern = rule["Properties"]["Pattern"]
    assert pattern["detail-type"] == ["Object Created"]
    assert {"wildcard": {"Fn::Sub": "${UploadPrefix}*${UploadSuffix}"}} in pattern["detail"]["object"]["key"]


def test_instances_require_imdsv2_and_terminate_on_shutdown(template: dict[str, Any]) -> None:
    data = template["Resources"]["InstanceLaunchTemplate"]["Properties"]["LaunchTemplateData"]
    assert data["MetadataOptions"]["HttpTokens"] == "required"
    assert data["InstanceInitiatedShutdownBehavior"] == "terminate"
    assert data["BlockDeviceMappings"][0]["Ebs"]["Encrypted"] is True


def test_every_function_points_at_a_handler_that_exists(template: dict[str, Any]) -> None:
    functions = {k: r["Properties"] for k, r in template["Resources"].items()
                 if r["Type"] == "AWS::Serverless::Function"}
    assert len(functions) == 10
    for name, props in functions.items():
        module, _, attr = props["Handler"].rpartition(".")
        source = (ROOT / props["CodeUri"] / f"{module}.py").read_text()
        assert f"def {attr}(" in source, name


@pytest.mark.parametrize("path", sorted(p for d in OURS for p in (ROOT / "functions" / d).glob("*.py")),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_handlers_are_thin_and_use_powertools(path: Path) -> None:
    tree = ast.parse(path.read_text())
    [handler] = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "handler"]
    decorators = [ast.unparse(d) for d in handler.decorator_list]
    assert [d.split("(")[0] for d in decorators] == [
        "logger.inject_lambda_context", "tracer.capture_lambda_handler", "metrics.log_metrics"]
    assert handler.end_lineno - handler.lineno <= 30


def test_the_layer_puts_the_metadata_csv_where_the_handlers_look(template: dict[str, Any]) -> None:
    path = template["Globals"]["Function"]["Environment"]["Variables"]["OPTPAR_METADATA"]
    layer = template["Resources"]["OptparLayer"]["Properties"]
    assert path.startswith("/opt/python/") and layer["ContentUri"] == "shared/"
    # sam build copies shared/ to python/ in the layer, which Lambda mounts at /opt/python.
    csv = ROOT / "shared" / path.removeprefix("/opt/python/")
    assert csv.is_file() and csv.read_text().startswith("Layer,ParamName,")
    requirements = (ROOT / "shared" / "requirements.txt").read_text()
    assert "libcst" in requirements and "aws-lambda-powertools" in requirements

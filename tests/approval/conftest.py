"""Fixtures for the approval tests: moto in server mode (with the real state machine interpreter and
Lambda running our handlers in-process), the stack's resources, and the local approval server."""

from __future__ import annotations

import importlib.util
import io
import json
import socket
import time
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from optpar.approval import constants as C
from optpar.approval.local import LocalApi, LocalContext, sent_links, serve

ROOT = Path(__file__).resolve().parents[2]
ASSETS = Path(__file__).parent / "assets"
EVENTS = Path(__file__).parent / "events"
REGION = "us-east-1"
ACCOUNT = "123456789012"
SECRET = "test-signing-key-6f1d2c9a8b7e4f30a1b2c3d4e5f60718"
BUCKET = "optpar-data"
TABLE = "optpar-approvals"
JOB = "job-0001"
MODEL_KEY = "uploads/digits_mlp.py"
SPACE_KEY = f"jobs/{JOB}/space.json"


def load_handler(name: str) -> ModuleType:
    """functions/approve/<name>.py, imported by path as Lambda would (its folder is the code root)."""
    path = ROOT / "functions" / "approve" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"optpar_tests_approve_{name}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REQUEST = load_handler("request")
PAGE = load_handler("page")
HANDLERS: dict[str, Callable[[dict, Any], dict]] = {"request.handler": REQUEST.handler, "page.handler": PAGE.handler}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _invoke_in_process(self: Any, event: Any = None) -> tuple[str, bool, str]:
    # moto runs Lambda code in Docker; here it calls our handler instead (see /work/shared/NOTES.md).
    # The payload arrives as JSON text from lambda.invoke and as a dict from the state machine.
    handler = HANDLERS[self.handler]
    payload = json.loads(event) if isinstance(event, (str, bytes)) else dict(event or {})
    try:
        result = handler(payload, LocalContext(function_name=self.function_name))
        return json.dumps(result), False, ""
    except Exception as exc:  # noqa: BLE001 - the error's class name is what a Catch sees
        return json.dumps({"errorType": type(exc).__name__, "errorMessage": str(exc)}), True, ""


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    # Per module, so that test_pipeline_e2e.py (which brings its own server) runs with nothing of ours around.
    from moto.awslambda.models import LambdaFunction
    from moto.server import ThreadedMotoServer

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with pytest.MonkeyPatch.context() as mp:
        for name, value in {
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_SESSION_TOKEN": "testing",
            "AWS_DEFAULT_REGION": REGION,
            "AWS_ENDPOINT_URL": url,
            "MOTO_PORT": str(port),
            "POWERTOOLS_TRACE_DISABLED": "true",
            "POWERTOOLS_METRICS_DISABLED": "true",
        }.items():
            mp.setenv(name, value)
        mp.setattr(LambdaFunction, "_invoke_lambda", _invoke_in_process)
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        server.start()
        try:
            yield url
        finally:
            server.stop()


@pytest.fixture(scope="module")
def local_api(moto_url: str) -> Iterator[LocalApi]:
    api = serve(PAGE.handler)
    yield api
    api.stop()


@dataclass(frozen=True)
class Stack:
    """What the template would create, in moto, with clients to inspect it."""

    s3: Any
    dynamodb: Any
    sfn: Any
    sns: Any
    ses: Any
    lambda_arn: str
    topic_arn: str

    def item(self, approval_id: str) -> dict[str, Any]:
        return self.dynamodb.get_item(TableName=TABLE, Key={"approval_id": {"S": approval_id}})["Item"]

    def only_item(self) -> dict[str, Any]:
        items = self.dynamodb.scan(TableName=TABLE)["Items"]
        assert len(items) == 1, items
        return items[0]

    def keys(self, prefix: str = "") -> list[str]:
        return [o["Key"] for o in self.s3.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("Contents", [])]

    def state_machine(self, timeout_s: int = 120) -> str:
        text = (ASSETS / "approval.asl.json").read_text()
        text = text.replace("${ApprovalRequestFunctionArn}", self.lambda_arn).replace(
            "${TimeoutSeconds}", str(timeout_s)
        )
        return self.sfn.create_state_machine(
            name=f"approval-{timeout_s}", definition=text, roleArn=f"arn:aws:iam::{ACCOUNT}:role/sfn"
        )["stateMachineArn"]

    def start(self, *, timeout_s: int = 120) -> tuple[str, str]:
        """Start an execution that waits for approval; return (execution ARN, the emailed link)."""
        before = len(sent_links())
        arn = self.sfn.start_execution(
            stateMachineArn=self.state_machine(timeout_s),
            name=f"{JOB}-{time.monotonic_ns()}",
            input=json.dumps({"job_id": JOB, "model_key": MODEL_KEY, "space_key": SPACE_KEY}),
        )["executionArn"]
        link = wait_for(lambda: sent_links()[before] if len(sent_links()) > before else None, what="the emailed link")
        return arn, link

    def wait_status(self, arn: str, status: str, timeout: float = 20) -> dict[str, Any]:
        return wait_for(
            lambda: (d := self.sfn.describe_execution(executionArn=arn)) and d["status"] == status and d,
            what=f"execution {status}",
            timeout=timeout,
        )


def wait_for(probe: Callable[[], Any], *, what: str, timeout: float = 20) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("request.py", "# run in-process by the tests' Lambda patch\n")
    return buf.getvalue()


@pytest.fixture
def stack(moto_url: str, local_api: LocalApi, monkeypatch: pytest.MonkeyPatch) -> Iterator[Stack]:
    import boto3

    for path, body in (
        ("/moto-api/reset", b""),
        (
            "/moto-api/config",
            json.dumps({"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": True}}).encode(),
        ),
    ):
        urllib.request.urlopen(urllib.request.Request(moto_url + path, data=body, method="POST"), timeout=10).read()
    s3, dynamodb, sfn, sns, ses = (boto3.client(n) for n in ("s3", "dynamodb", "stepfunctions", "sns", "ses"))
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key=SPACE_KEY, Body=(ASSETS / "space.json").read_bytes())
    s3.put_object(Bucket=BUCKET, Key=MODEL_KEY, Body=(ASSETS / "digits_mlp.py").read_bytes())
    dynamodb.create_table(
        TableName=TABLE,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "approval_id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "approval_id", "KeyType": "HASH"}],
    )
    dynamodb.update_time_to_live(
        TableName=TABLE, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires_at"}
    )
    topic_arn = sns.create_topic(Name="optpar")["TopicArn"]
    secret_arn = boto3.client("secretsmanager").create_secret(Name="optpar-approval", SecretString=SECRET)["ARN"]
    role = boto3.client("iam").create_role(RoleName="fn", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    lambda_arn = boto3.client("lambda").create_function(
        FunctionName="ApprovalRequestFunction",
        Runtime="python3.11",
        Role=role,
        Handler="request.handler",
        Code={"ZipFile": _zip()},
    )["FunctionArn"]
    for name, value in {
        C.ENV_TABLE: TABLE,
        C.ENV_BUCKET: BUCKET,
        C.ENV_TOPIC_ARN: topic_arn,
        C.ENV_SECRET_NAME: secret_arn,
        C.ENV_API_URL: local_api.approve_url,
    }.items():
        monkeypatch.setenv(name, value)
    for name in (C.ENV_SES_SENDER, C.ENV_APPROVER_EMAIL, C.ENV_TIMEOUT_S, C.ENV_SECRET_PARAMETER):
        monkeypatch.delenv(name, raising=False)
    REQUEST._deps.cache_clear()
    PAGE._deps.cache_clear()
    yield Stack(s3=s3, dynamodb=dynamodb, sfn=sfn, sns=sns, ses=ses, lambda_arn=lambda_arn, topic_arn=topic_arn)
    # Leave no execution waiting for a decision that will never come.
    for machine in sfn.list_state_machines()["stateMachines"]:
        arn = machine["stateMachineArn"]
        for execution in sfn.list_executions(stateMachineArn=arn, statusFilter="RUNNING")["executions"]:
            sfn.stop_execution(executionArn=execution["executionArn"])

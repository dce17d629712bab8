"""`optpar local-pipeline`: the whole cloud pipeline on one machine, against moto in server mode.

It builds what template.yaml declares (buckets, tables, topic, functions with their real
handlers, the state machine from statemachine/ with its substitutions, the launch template),
uploads the model with its data, and starts the execution as the upload event would. The
instance is played by `InstancePlayer`, which runs the real runner in a subprocess.
"""

from __future__ import annotations

import contextlib
import io
import json
import time
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..start import upload_event
from ..store import from_dynamo
from .instance import Faults, InstancePlayer, capacity_shortage
from .lambdas import HandlerRunner, HandlerSpec
from .server import ACCOUNT, REGION, MotoServer
from .template import Resolver, load_template, parameter_defaults

PREFIX = "optpar-local"
LAYER_PATH = "/opt/python/"
_SKIPPED = {"AWS::S3::BucketPolicy", "AWS::Serverless::LayerVersion", "AWS::Serverless::HttpApi",
            "AWS::Serverless::Api", "AWS::Logs::LogGroup"}


def project_root() -> Path:
    """The checkout that holds template.yaml (this file is shared/optpar/cloud/local/pipeline.py)."""
    return Path(__file__).resolve().parents[4]


@dataclass(frozen=True)
class LocalOptions:
    max_evals: int = 3
    require_approval: bool = False
    heartbeat_seconds: int = 30
    max_spot_relaunches: int = 2
    instance_types: tuple[str, ...] = ("g5.xlarge", "g4dn.xlarge")
    timeout_s: float = 900.0
    faults: Faults = field(default_factory=Faults)
    parameters: Mapping[str, Any] = field(default_factory=dict)
    """Other template parameters to override."""


class LocalPipeline:
    """Use as a context manager: `with LocalPipeline(options) as p: report = p.run(model, data)`."""

    def __init__(self, options: LocalOptions = LocalOptions(), *, root: Path | None = None,
                 server: MotoServer | None = None) -> None:
        self.options = options
        self.root = root or project_root()
        self.template = load_template(self.root / "template.yaml")
        self._own_server = server is None
        self.server = server or MotoServer()
        self.handlers = HandlerRunner()
        self.resolver: Resolver | None = None
        self.player: InstancePlayer | None = None
        self.names: dict[str, str] = {}

    # ------------------------------------------------------------------ lifecycle
    def __enter__(self) -> LocalPipeline:  # noqa: PYI034 - not subclassed
        if self._own_server:
            self.server.start()
        import boto3

        self.boto = {name: boto3.client(name, endpoint_url=self.server.url, region_name=REGION)
                     for name in ("s3", "dynamodb", "stepfunctions", "lambda", "ec2", "sns", "sqs", "iam",
                                  "secretsmanager")}
        self.handlers.patch()
        self._shortage = capacity_shortage(self.options.faults.no_capacity)
        self._shortage.__enter__()
        self._create_resources()
        self.player = InstancePlayer(self.boto["ec2"], self.boto["s3"], self.bucket, self.options.faults)
        self.player.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.player is not None:
            self.player.stop()
        self.handlers.unpatch()
        self._shortage.__exit__(None, None, None)
        if self._own_server:
            self.server.stop()

    # ------------------------------------------------------------------ resources
    def _parameters(self) -> dict[str, Any]:
        params = parameter_defaults(self.template)
        images = self.boto["ec2"].describe_images(Owners=["amazon"])["Images"]
        o = self.options
        params.update({
            "NotificationEmail": "you@example.com",
            "RequireApproval": "true" if o.require_approval else "false",
            "MaxEvals": str(o.max_evals),
            "HeartbeatSeconds": str(o.heartbeat_seconds),
            "MaxSpotRelaunches": str(o.max_spot_relaunches),
            "InstanceTypes": list(o.instance_types),
            "AmiId": images[0]["ImageId"],
            "InstancePackages": "",
        })
        params.update(o.parameters)
        return params

    def _create_resources(self) -> None:
        self.resolver = Resolver(self._parameters(), pseudo={
            "AWS::Region": REGION, "AWS::AccountId": ACCOUNT, "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com", "AWS::StackName": PREFIX,
        }, conditions=dict(self.template.get("Conditions") or {}))
        pending = dict(self.template["Resources"])
        while pending:
            progressed = False
            for logical, resource in list(pending.items()):
                try:
                    self._create(logical, resource)
                except KeyError:
                    continue  # refers to something not created yet
                pending.pop(logical)
                progressed = True
            if not progressed:
                raise RuntimeError(f"cannot create {sorted(pending)} locally: unresolved references")
        self.bucket = self.resolver.refs["DataBucket"]
        self._inbox()

    def _physical(self, logical: str) -> str:
        return f"{PREFIX}-{logical.lower()}"

    def _create(self, logical: str, resource: Mapping[str, Any]) -> None:
        r = self.resolver
        assert r is not None
        kind = resource["Type"]
        props = r(resource.get("Properties") or {})
        name = self._physical(logical)
        b = self.boto
        if kind in _SKIPPED:
            r.refs[logical] = name
            r.attributes[logical] = {"Arn": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{name}"}
        elif kind == "AWS::S3::Bucket":
            b["s3"].create_bucket(Bucket=name)
            if (props.get("VersioningConfiguration") or {}).get("Status") == "Enabled":
                b["s3"].put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
            r.refs[logical] = name
            r.attributes[logical] = {"Arn": f"arn:aws:s3:::{name}"}
        elif kind == "AWS::DynamoDB::Table":
            b["dynamodb"].create_table(TableName=name, AttributeDefinitions=props["AttributeDefinitions"],
                                       KeySchema=props["KeySchema"], BillingMode=props.get("BillingMode", "PAY_PER_REQUEST"))
            ttl = props.get("TimeToLiveSpecification")
            if ttl:
                b["dynamodb"].update_time_to_live(TableName=name, TimeToLiveSpecification=ttl)
            r.refs[logical] = name
            r.attributes[logical] = {"Arn": f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{name}"}
        elif kind == "AWS::SecretsManager::Secret":
            arn = b["secretsmanager"].create_secret(Name=name, SecretString=_random_secret())["ARN"]
            r.refs[logical] = arn
        elif kind == "AWS::SNS::Topic":
            arn = b["sns"].create_topic(Name=name)["TopicArn"]
            for sub in props.get("Subscription") or []:
                b["sns"].subscribe(TopicArn=arn, Protocol=sub["Protocol"], Endpoint=sub["Endpoint"])
            r.refs[logical] = arn
            r.attributes[logical] = {"TopicName": name, "TopicArn": arn}
        elif kind == "AWS::IAM::Role":
            doc = json.dumps(props.get("AssumeRolePolicyDocument") or {})
            arn = b["iam"].create_role(RoleName=name, AssumeRolePolicyDocument=doc)["Role"]["Arn"]
            r.refs[logical] = name
            r.attributes[logical] = {"Arn": arn}
        elif kind == "AWS::IAM::InstanceProfile":
            arn = b["iam"].create_instance_profile(InstanceProfileName=name)["InstanceProfile"]["Arn"]
            for role in props.get("Roles") or []:
                b["iam"].add_role_to_instance_profile(InstanceProfileName=name, RoleName=role)
            r.refs[logical] = name
            r.attributes[logical] = {"Arn": arn}
        elif kind == "AWS::EC2::LaunchTemplate":
            data = dict(props["LaunchTemplateData"])
            data.pop("Monitoring", None)
            lt = b["ec2"].create_launch_template(LaunchTemplateName=name, LaunchTemplateData=data)
            r.refs[logical] = lt["LaunchTemplate"]["LaunchTemplateId"]
        elif kind == "AWS::Serverless::Function":
            self._create_function(logical, name, props)
        elif kind == "AWS::Serverless::StateMachine":
            self._create_state_machine(logical, name, props)
        else:
            r.refs[logical] = name  # declared but not needed to run the pipeline here

    def _lambda_role(self) -> str:
        if "role" not in self.names:
            doc = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                              "Principal": {"Service": "lambda.amazonaws.com"}}]})
            self.names["role"] = self.boto["iam"].create_role(RoleName=f"{PREFIX}-lambda",
                                                              AssumeRolePolicyDocument=doc)["Role"]["Arn"]
        return self.names["role"]

    def _create_function(self, logical: str, name: str, props: Mapping[str, Any]) -> None:
        r = self.resolver
        assert r is not None
        globals_ = (self.template.get("Globals") or {}).get("Function") or {}
        env = dict(r((globals_.get("Environment") or {}).get("Variables") or {}))
        env.update((props.get("Environment") or {}).get("Variables") or {})
        # The layer's files are at /opt/python in Lambda; here they are the checkout's shared/ folder.
        env = {k: str(v).replace(LAYER_PATH, f"{self.root / 'shared'}/") for k, v in env.items()}
        code = io.BytesIO()
        with zipfile.ZipFile(code, "w") as zf:
            zf.writestr("placeholder.py", "# the local pipeline runs the handler from the checkout\n")
        arn = self.boto["lambda"].create_function(
            FunctionName=name, Runtime=props.get("Runtime") or globals_.get("Runtime", "python3.11"),
            Role=self._lambda_role(), Handler=props["Handler"], Code={"ZipFile": code.getvalue()},
            Environment={"Variables": {k: str(v) for k, v in env.items()}},
            Timeout=int(props.get("Timeout") or globals_.get("Timeout", 60)),
        )["FunctionArn"]
        self.handlers.register(name, HandlerSpec(self.root / props["CodeUri"], props["Handler"]))
        r.refs[logical] = name
        r.attributes[logical] = {"Arn": arn}

    def _create_state_machine(self, logical: str, name: str, props: Mapping[str, Any]) -> None:
        r = self.resolver
        assert r is not None
        definition = (self.root / props["DefinitionUri"]).read_text(encoding="utf-8")
        for key, value in (props.get("DefinitionSubstitutions") or {}).items():
            definition = definition.replace("${" + key + "}", str(value))
        arn = self.boto["stepfunctions"].create_state_machine(
            name=name, definition=definition, roleArn=self._lambda_role())["stateMachineArn"]
        r.refs[logical] = arn
        r.attributes[logical] = {"Name": name, "Arn": arn}

    def _inbox(self) -> None:
        """An SQS queue on the topic: what the email subscriber would receive."""
        url = self.boto["sqs"].create_queue(QueueName=f"{PREFIX}-inbox")["QueueUrl"]
        arn = self.boto["sqs"].get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        self.boto["sns"].subscribe(TopicArn=self.topic_arn, Protocol="sqs", Endpoint=arn)
        self.inbox_url = url

    # ------------------------------------------------------------------ names
    @property
    def state_machine_arn(self) -> str:
        return self.resolver.refs["OptparStateMachine"]  # type: ignore[union-attr]

    @property
    def table(self) -> str:
        return self.resolver.refs["JobsTable"]  # type: ignore[union-attr]

    @property
    def topic_arn(self) -> str:
        return self.resolver.refs["NotificationTopic"]  # type: ignore[union-attr]

    def function_name(self, logical: str) -> str:
        return self.resolver.refs[logical]  # type: ignore[union-attr]

    @property
    def upload_prefix(self) -> str:
        return str(self.resolver.parameters["UploadPrefix"])  # type: ignore[union-attr]

    # ------------------------------------------------------------------ running
    def upload(self, model: Path, data_dir: Path | None = None, *, folder: str | None = None,
               tags: Mapping[str, str] | None = None) -> dict[str, Any]:
        """Upload the data first and the model last, under `<UploadPrefix><folder>/`, as a user would."""
        prefix = f"{self.upload_prefix}{folder or model.stem}/"
        s3 = self.boto["s3"]
        if data_dir is not None:
            # The script reads its data relative to its own folder: `--data data` uploads `data/...`.
            data_dir = Path(data_dir).resolve()
            base = data_dir if data_dir == model.resolve().parent else data_dir.parent
            for path in sorted(p for p in data_dir.rglob("*") if p.is_file() and p != model.resolve()):
                s3.upload_file(str(path), self.bucket, prefix + path.relative_to(base).as_posix())
        extra: dict[str, Any] = {}
        if tags:
            extra["Tagging"] = "&".join(f"{k}={v}" for k, v in tags.items())
        key = prefix + model.name
        put = s3.put_object(Bucket=self.bucket, Key=key, Body=model.read_bytes(), **extra)
        return upload_event(self.bucket, key, put.get("VersionId"), put.get("ETag"), model.stat().st_size)

    def start(self, event: Mapping[str, Any]) -> dict[str, Any]:
        """Deliver the upload event to the start function, as the EventBridge rule would."""
        response = self.boto["lambda"].invoke(FunctionName=self.function_name("StartFunction"),
                                              Payload=json.dumps(event).encode())
        body = json.loads(response["Payload"].read())
        if response.get("FunctionError"):
            raise RuntimeError(f"the start function failed: {body.get('errorType')}: {body.get('errorMessage')}")
        return body

    def wait(self, execution_arn: str, timeout_s: float | None = None) -> str:
        deadline = time.monotonic() + (timeout_s or self.options.timeout_s)
        sfn = self.boto["stepfunctions"]
        while True:
            status = sfn.describe_execution(executionArn=execution_arn)["status"]
            if status != "RUNNING":
                return status
            if time.monotonic() > deadline:
                raise TimeoutError(f"{execution_arn} still RUNNING after {timeout_s or self.options.timeout_s} s")
            time.sleep(0.25)

    def states(self, execution_arn: str) -> list[str]:
        names: list[str] = []
        for page in self.boto["stepfunctions"].get_paginator("get_execution_history").paginate(
                executionArn=execution_arn):
            for event in page["events"]:
                details = event.get("stateEnteredEventDetails")
                if details:
                    names.append(details["name"])
        return names

    def record(self, job_id: str) -> dict[str, Any] | None:
        import boto3

        table = boto3.resource("dynamodb", endpoint_url=self.server.url, region_name=REGION).Table(self.table)
        item = table.get_item(Key={"job_id": job_id}, ConsistentRead=True).get("Item")
        return None if item is None else from_dynamo(item)

    def notifications(self) -> list[dict[str, Any]]:
        """Messages published to the topic so far (drains the local inbox)."""
        out: list[dict[str, Any]] = []
        sqs = self.boto["sqs"]
        while True:
            batch = sqs.receive_message(QueueUrl=self.inbox_url, MaxNumberOfMessages=10).get("Messages", [])
            if not batch:
                return out
            for message in batch:
                body = json.loads(message["Body"])
                out.append({"subject": body.get("Subject"), "message": body.get("Message")})
                sqs.delete_message(QueueUrl=self.inbox_url, ReceiptHandle=message["ReceiptHandle"])

    def report(self, execution_arn: str) -> dict[str, Any]:
        sfn = self.boto["stepfunctions"]
        described = sfn.describe_execution(executionArn=execution_arn)
        return {
            "execution": {"name": described["name"], "status": described["status"],
                          "states": self.states(execution_arn)},
            "record": self.record(described["name"]),
        }

    def run(self, model: Path, data_dir: Path | None = None,
            announce: Callable[[str], None] = print) -> dict[str, Any]:
        """Upload, start, let a person approve if asked, wait, and report."""
        with contextlib.ExitStack() as stack:
            show_link = stack.enter_context(local_approval(self)) if self.options.require_approval else None
            started = self.start(self.upload(model, data_dir))
            if started.get("require_approval") and show_link is not None:
                announce(f"Review the search space: {show_link()}")
            self.wait(started["execution_arn"])
        return self.report(started["execution_arn"])


@contextlib.contextmanager
def local_approval(pipeline: LocalPipeline, timeout_s: float = 60.0) -> Iterator[Callable[[], str]]:
    """Serve the approval page on this machine (issue 5's `optpar.approval.local`) while the block runs.

    The request function's links point at the local page; the block gets a function that waits
    for the emailed link and returns it. The page calls SendTaskSuccess or SendTaskFailure itself.
    """
    from ...approval.local import sent_links, serve

    lam = pipeline.boto["lambda"]
    page, request = pipeline.function_name("ApprovalPageFunction"), pipeline.function_name("ApprovalRequestFunction")
    page_env = lam.get_function_configuration(FunctionName=page)["Environment"]["Variables"]
    api = serve(lambda event, context: pipeline.handlers.call(page, event, context, page_env))
    request_env = lam.get_function_configuration(FunctionName=request)["Environment"]["Variables"]
    lam.update_function_configuration(FunctionName=request, Environment={"Variables": {
        **request_env, "OPTPAR_APPROVAL_URL": api.approve_url}})
    before = len(sent_links())

    def link() -> str:
        deadline = time.monotonic() + timeout_s
        while len(links := sent_links()) <= before:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no approval link was sent within {timeout_s:.0f} s")
            time.sleep(0.2)
        return links[before]

    try:
        yield link
    finally:
        api.stop()


def _random_secret() -> str:
    import secrets

    return secrets.token_hex(32)

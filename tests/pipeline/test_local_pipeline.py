"""The whole pipeline on moto: the real handlers, the real ASL, the real runner in a subprocess."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from .conftest import ASSETS

pytestmark = [pytest.mark.aws, pytest.mark.slow]

SUCCESS_PATH = [
    "Detect hyperparameters", "Generate tuning script", "Approval required?", "Use the detected space",
    "Prepare the launch", "Launch instance", "Wait for the instance", "Collect results", "Tuning succeeded",
]


def _trials(pipeline: Any, key: str) -> list[dict[str, Any]]:
    body = pipeline.boto["s3"].get_object(Bucket=pipeline.bucket, Key=key)["Body"].read()
    return [json.loads(line) for line in body.splitlines() if line.strip()]


def _instance_states(pipeline: Any) -> dict[str, str]:
    reservations = pipeline.boto["ec2"].describe_instances()["Reservations"]
    return {i["InstanceId"]: i["State"]["Name"] for r in reservations for i in r["Instances"]}


@pytest.mark.tf
def test_upload_is_tuned_recorded_and_notified(make_pipeline: Any, tiny_model: Path) -> None:
    pipeline = make_pipeline(max_evals=3, heartbeat_seconds=20)
    report = pipeline.run(tiny_model, tiny_model.parent / "data")

    assert report["execution"]["status"] == "SUCCEEDED", pipeline.player.logs()
    assert report["execution"]["states"] == SUCCESS_PATH
    record = report["record"]
    assert record["status"] == "SUCCEEDED"
    assert record["trials"] == 3
    assert set(record["best_values"]) == {"dense_1.units", "dense_1.activation", "learning_rate", "batch_size"}
    assert record["original_values"]["learning_rate"] == 0.01
    assert isinstance(record["best_metric"], float) and record["best_metric"] <= record["original_metric"]
    assert record["instance_type"] == "g5.xlarge" and record["spot"] is True
    assert isinstance(record["estimated_cost_usd"], (int, float)) and record["duration_s"] > 0
    assert "task_token" not in record
    s3 = pipeline.boto["s3"]
    for key in ("report_key", "patched_script_key", "best_model_key", "results_key", "trials_key"):
        s3.head_object(Bucket=pipeline.bucket, Key=record[key])
    patched = s3.get_object(Bucket=pipeline.bucket, Key=record["patched_script_key"])["Body"].read().decode()
    assert "EPOCHS = int(\"2\")  # computed, so not tuned" in patched  # the user's file, comments kept
    assert len(_trials(pipeline, record["trials_key"])) == 3
    # Nothing lost: the upload and its data stay; nothing left running.
    s3.head_object(Bucket=pipeline.bucket, Key=record["model_key"])
    s3.head_object(Bucket=pipeline.bucket, Key="uploads/tiny_model/data/digits.npz")
    assert set(_instance_states(pipeline).values()) == {"terminated"}
    [mail] = pipeline.notifications()
    assert mail["subject"] == "optpar: tiny_model.py tuned"
    assert "Best values" in mail["message"] and record["report_key"] in mail["message"]
    assert record["patched_script_key"] in mail["message"]


def test_syntax_error_fails_with_a_record_naming_the_error_and_line(make_pipeline: Any, tmp_path: Path) -> None:
    pipeline = make_pipeline()
    report = pipeline.run(ASSETS / "syntax_error.py")

    assert report["execution"]["status"] == "FAILED"
    assert report["execution"]["states"] == ["Detect hyperparameters", "Record the failure", "Tuning failed"]
    record = report["record"]
    assert record["status"] == "FAILED"
    assert record["error"] == "ScriptParseError"
    assert record["error_line"] == 4
    assert "syntax_error.py, line 4" in record["cause"] and "never closed" in record["cause"]
    [mail] = pipeline.notifications()
    assert "ScriptParseError" in mail["subject"]
    assert "line 4" in mail["message"]
    assert _instance_states(pipeline) == {}


def test_a_script_without_hyperparameters_fails_as_nothing_to_tune(make_pipeline: Any) -> None:
    pipeline = make_pipeline()
    report = pipeline.run(ASSETS / "no_keras.py")

    assert report["execution"]["status"] == "FAILED"
    assert report["record"]["error"] == "NothingToTuneError"
    assert "no Keras or TensorFlow import" in report["record"]["cause"]
    assert len(pipeline.notifications()) == 1


@pytest.mark.tf
def test_a_runner_that_stops_heartbeating_ends_within_heartbeat_seconds(make_pipeline: Any, tiny_model: Path) -> None:
    from optpar.cloud.local import Faults

    heartbeat = 6
    pipeline = make_pipeline(max_evals=4, heartbeat_seconds=heartbeat, faults=Faults(kill_after_trials=1))
    started = pipeline.start(pipeline.upload(tiny_model, tiny_model.parent / "data"))
    deadline = time.monotonic() + 120
    while not any(sim.exit_code == -9 for sim in pipeline.player.instances.values()):
        assert time.monotonic() < deadline, pipeline.player.logs()
        time.sleep(0.1)
    killed_at = time.monotonic()
    status = pipeline.wait(started["execution_arn"], timeout_s=heartbeat * 3)
    took = time.monotonic() - killed_at

    assert status == "FAILED"
    assert took <= heartbeat + 3, f"the execution ended {took:.1f} s after the runner died"
    record = pipeline.record(started["execution_name"])
    assert record["status"] == "TIMED_OUT"
    assert record["error"] in ("States.Timeout", "States.HeartbeatTimeout")
    assert "heartbeat" in record["cause"]
    [instance] = record["terminated_instances"]  # the hung instance is not left running
    assert _instance_states(pipeline)[instance] in ("shutting-down", "terminated")
    assert "Wait for the instance" in pipeline.states(started["execution_arn"])
    [mail] = pipeline.notifications()
    assert "timed out" in mail["subject"]


@pytest.mark.tf
def test_a_spot_interruption_relaunches_and_resumes_every_trial_exactly_once(make_pipeline: Any,
                                                                             tiny_model: Path) -> None:
    from optpar.cloud.local import Faults

    pipeline = make_pipeline(max_evals=4, heartbeat_seconds=20, faults=Faults(spot_after_trials=2))
    report = pipeline.run(tiny_model, tiny_model.parent / "data")

    assert report["execution"]["status"] == "SUCCEEDED", pipeline.player.logs()
    states = report["execution"]["states"]
    assert states.count("Launch instance") == 2
    assert "Count the spot interruption" in states and "Relaunch on spot?" in states
    record = report["record"]
    assert [launch["market"] for launch in record["launches"]] == ["spot", "spot"]
    assert record["trials"] == 4
    final = _trials(pipeline, record["trials_key"])
    assert [t["number"] for t in final] == [0, 1, 2, 3]
    # The first instance stopped after two trials; the second replayed them from the checkpoint.
    _, second = pipeline.player.instances.values()
    assert "checkpoint files restored" in second.log_path.read_text()
    versions = pipeline.boto["s3"].list_object_versions(
        Bucket=pipeline.bucket, Prefix=f"jobs/{record['job_id']}/checkpoint/trials.jsonl")["Versions"]
    first_checkpoint = min(versions, key=lambda v: v["LastModified"])
    bodies = []
    for version in sorted(versions, key=lambda v: v["LastModified"]):
        body = pipeline.boto["s3"].get_object(Bucket=pipeline.bucket, Key=version["Key"],
                                              VersionId=version["VersionId"])["Body"].read()
        bodies.append([json.loads(line) for line in body.splitlines() if line.strip()])
    at_interruption = next(b for b in bodies if len(b) == 2)
    assert final[:2] == at_interruption  # same records: replayed, not retrained
    assert first_checkpoint is not None
    assert len({json.dumps(t["params"], sort_keys=True) for t in final}) == 4


def test_a_duplicate_upload_event_starts_one_execution(make_pipeline: Any, tiny_model: Path) -> None:
    from optpar.cloud.local import Faults

    pipeline = make_pipeline(heartbeat_seconds=2, faults=Faults(no_runner=True))
    event = pipeline.upload(tiny_model)
    first, second = pipeline.start(event), pipeline.start(event)

    assert first["started"] is True and second["started"] is False
    assert first["execution_arn"] == second["execution_arn"]
    executions = pipeline.boto["stepfunctions"].list_executions(stateMachineArn=pipeline.state_machine_arn)
    assert [e["name"] for e in executions["executions"]] == [first["execution_name"]]
    # A new version of the same key is a new job.
    third = pipeline.start(pipeline.upload(tiny_model))
    assert third["started"] is True and third["execution_name"] != first["execution_name"]


@pytest.mark.tf
def test_after_max_spot_relaunches_the_job_falls_back_to_on_demand(make_pipeline: Any, tiny_model: Path) -> None:
    from optpar.cloud.local import Faults

    pipeline = make_pipeline(max_evals=3, heartbeat_seconds=20, max_spot_relaunches=1,
                             faults=Faults(spot_after_trials=1, spot_interruptions=2))
    report = pipeline.run(tiny_model, tiny_model.parent / "data")

    assert report["execution"]["status"] == "SUCCEEDED", pipeline.player.logs()
    assert "Fall back to on-demand" in report["execution"]["states"]
    record = report["record"]
    assert [launch["market"] for launch in record["launches"]] == ["spot", "spot", "on-demand"]
    assert record["market"] == "on-demand" and record["spot"] is False and record["trials"] == 3
    assert [t["number"] for t in _trials(pipeline, record["trials_key"])] == [0, 1, 2]
    # Task tokens never reach a log: not the handlers', not the runner's.
    logs = "".join(pipeline.handlers.logs) + "".join(pipeline.player.logs().values())
    assert "task_token" not in logs and "taskToken" not in logs


def test_the_cli_prints_the_execution_and_its_record_as_json(moto_server: Any) -> None:
    from typer.testing import CliRunner

    from optpar.cli import app

    moto_server.reset()
    result = CliRunner().invoke(app, ["local-pipeline", str(ASSETS / "syntax_error.py"), "--json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["execution"]["status"] == "FAILED"
    assert report["execution"]["states"][-1] == "Tuning failed"
    assert report["record"]["error"] == "ScriptParseError"

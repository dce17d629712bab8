"""End to end on one machine: the pipeline (template.yaml's resources on moto, the real handlers and ASL,
the runner in a subprocess) waits for approval; a person approves in Chromium after unticking one
hyperparameter and narrowing one range; the search's trials.jsonl uses exactly that space."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from optpar.approval import constants as C
from optpar.approval.local import invoke_function, sent_links, serve

from .conftest import wait_for
from .test_browser import ARGS, CHROMIUM

pytestmark = [pytest.mark.aws, pytest.mark.browser, pytest.mark.slow, pytest.mark.tf]



def _env(pipeline: Any, logical: str) -> dict[str, str]:
    name = pipeline.function_name(logical)
    return pipeline.boto["lambda"].get_function_configuration(FunctionName=name)["Environment"]["Variables"]


def _failures(pipeline: Any, execution_arn: str) -> list[Any]:
    events = pipeline.boto["stepfunctions"].get_execution_history(executionArn=execution_arn)["events"]
    return [
        e.get("taskFailedEventDetails") or e.get("executionFailedEventDetails") for e in events if "Failed" in e["type"]
    ]


def test_the_search_uses_exactly_the_approved_space(tiny_model: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium: bash scripts/install_browser.sh")
    pytest.importorskip("keras", reason="the simulated instance trains the model: pip install 'optpar[tune]'")
    from playwright.sync_api import expect, sync_playwright

    from optpar.cloud.local import LocalOptions, LocalPipeline

    with LocalPipeline(LocalOptions(max_evals=3, require_approval=True, heartbeat_seconds=30)) as pipeline:
        # What `optpar local-pipeline` does when approval is on (docs/approval.md, "On one machine").
        page_fn = pipeline.function_name("ApprovalPageFunction")
        api = serve(invoke_function(pipeline.boto["lambda"], page_fn))
        try:
            request_fn = pipeline.function_name("ApprovalRequestFunction")
            env = {**_env(pipeline, "ApprovalRequestFunction"), C.ENV_API_URL: api.approve_url}
            pipeline.boto["lambda"].update_function_configuration(
                FunctionName=request_fn, Environment={"Variables": env}
            )
            before = len(sent_links())
            started = pipeline.start(pipeline.upload(tiny_model, tiny_model.parent / "data"))
            link = wait_for(lambda: sent_links()[before:], what="the emailed link", timeout=120)[0]

            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
                page = browser.new_page()
                page.goto(link)
                page.get_by_label("Tune batch_size").uncheck()
                page.get_by_label("learning_rate low").fill("0.005")
                page.get_by_label("learning_rate high").fill("0.02")
                page.get_by_role("button", name="Approve and start the search").click()
                expect(page.get_by_role("heading", name="Approved")).to_be_visible()
                browser.close()

            status = pipeline.wait(started["execution_arn"])
            report = pipeline.report(started["execution_arn"])
            assert status == "SUCCEEDED", (report, _failures(pipeline, started["execution_arn"]))
            assert "Use the approved space" in report["execution"]["states"]
            s3 = pipeline.boto["s3"]
            body = s3.get_object(Bucket=pipeline.bucket, Key=report["record"]["trials_key"])["Body"].read()
        finally:
            api.stop()

    trials = [json.loads(line) for line in body.splitlines() if line.strip()]
    assert len(trials) == 3
    for trial in trials:
        assert set(trial["params"]) == {"dense_1.units", "dense_1.activation", "learning_rate"}
        assert 0.005 <= trial["params"]["learning_rate"] <= 0.02

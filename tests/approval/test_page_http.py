"""The review page over HTTP, against the local approval server, moto, and a real waiting execution."""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from optpar.approval import signing
from optpar.space import apply_edits
from optpar.types import Hyperparameter

from .conftest import ASSETS, BUCKET, SECRET, SPACE_KEY, Stack
from .helpers import form_with, get

pytestmark = pytest.mark.aws

APPROVED_KEY = "jobs/job-0001/approved-space.json"
DETECTED = tuple(
    Hyperparameter.from_dict(h) for h in json.loads((ASSETS / "space.json").read_text())["hyperparameters"]
)


def approval_id(link: str) -> str:
    return urlsplit(link).path.rsplit("/", 1)[-1]


def signed(link: str, *, expires: int) -> str:
    """The same link with another expiry, genuinely signed (as if it had been sent long ago)."""
    base = link.split("?", 1)[0]
    sig = signing.sign(SECRET.encode(), approval_id(link), expires)
    return f"{base}?expires={expires}&sig={sig}"


def assert_nothing_decided(stack: Stack, arn: str, link: str) -> None:
    item = stack.item(approval_id(link))
    assert item["status"]["S"] == "pending" and "task_token" in item and "decided_at" not in item
    assert stack.sfn.describe_execution(executionArn=arn)["status"] == "RUNNING"
    assert stack.keys("jobs/") == [SPACE_KEY]


def test_the_link_carries_no_token_and_opening_it_changes_nothing(stack: Stack) -> None:
    arn, link = stack.start()
    token = stack.item(approval_id(link))["task_token"]["S"]
    assert set(parse_qs(urlsplit(link).query)) == {"expires", "sig"} and token not in link
    for _ in range(3):  # a mail scanner, a preview, the person
        page = get(link)
        assert page.status == 200
        assert "Review the search space for <code>digits_mlp.py</code>" in page.body
    assert token not in page.body and SECRET not in page.body
    assert page.headers["Cache-Control"] == "no-store"
    assert_nothing_decided(stack, arn, link)


@pytest.mark.parametrize("part", ["sig", "expires", "id"])
def test_a_forged_link_gets_a_clear_page_and_changes_nothing(stack: Stack, part: str) -> None:
    arn, link = stack.start()
    base, query = link.split("?", 1)
    forged = {
        "sig": link[:-4] + ("AAAA" if not link.endswith("AAAA") else "BBBB"),
        "expires": link.replace("expires=", "expires=9"),
        "id": base[:-1] + ("x" if not base.endswith("x") else "y") + "?" + query,
    }[part]
    page = get(forged)
    assert page.status == 403 and "This link is not valid" in page.body
    form = form_with(get(link).body, "approve")
    posted = form.submit(link, "approve", set_={"sig": "A" * 43})
    assert posted.status == 403 and "Nothing was decided" in posted.body
    assert_nothing_decided(stack, arn, link)


def test_an_expired_link_gets_a_clear_page_and_changes_nothing(stack: Stack) -> None:
    arn, link = stack.start()
    past = int(time.time()) - 5
    page = get(signed(link, expires=past))
    assert page.status == 410 and "This link has expired" in page.body
    form = form_with(get(link).body, "approve")  # opened in time, sent too late
    posted = form.submit(
        link, "approve", set_={"expires": str(past), "sig": signing.sign(SECRET.encode(), approval_id(link), past)}
    )
    assert posted.status == 410
    assert_nothing_decided(stack, arn, link)


@pytest.mark.parametrize(
    "change, origin",
    [({"csrf": ""}, "same"), ({"csrf": "guess"}, "same"), ({}, "https://evil.example"), ({}, None)],
    ids=["no-token", "wrong-token", "other-site", "no-origin"],
)
def test_a_cross_site_post_is_refused_and_changes_nothing(stack: Stack, change: dict, origin: str | None) -> None:
    arn, link = stack.start()
    form = form_with(get(link).body, "approve")
    posted = form.submit(link, "approve", set_=change, origin=origin)
    assert posted.status == 403 and "Request refused" in posted.body
    assert_nothing_decided(stack, arn, link)


def test_an_edit_that_drops_the_original_redisplays_the_form_and_decides_nothing(stack: Stack) -> None:
    arn, link = stack.start()
    form = form_with(get(link).body, "approve")
    posted = form.submit(link, "approve", set_={"hp-0-low": "64"})
    assert posted.status == 422
    assert "Nothing was decided." in posted.body and "units: the original value 32 must lie inside" in posted.body
    assert 'name="hp-0-low" value="64"' in posted.body
    assert_nothing_decided(stack, arn, link)
    # The redisplayed form still works once corrected.
    fixed = form_with(posted.body, "approve").submit(link, "approve", set_={"hp-0-low": "16"})
    assert fixed.status == 200 and "Approved" in fixed.body


def test_approve_with_edits_continues_with_exactly_the_edited_space(stack: Stack) -> None:
    arn, link = stack.start()
    form = form_with(get(link).body, "approve")
    posted = form.submit(link, "approve", untick=("hp-2-on",), set_={"hp-0-high": "64", "hp-5-add": "256"})
    assert posted.status == 200 and "The search starts with 5 hyperparameters" in posted.body
    output = json.loads(stack.wait_status(arn, "SUCCEEDED")["output"])
    assert output == {"space_key": APPROVED_KEY, "removed": ["rate"], "edited": ["units", "batch_size"]}
    approved = json.loads(stack.s3.get_object(Bucket=BUCKET, Key=APPROVED_KEY)["Body"].read())
    expected = apply_edits(
        DETECTED, {"rate": {"enabled": False}, "units": {"high": 64}, "batch_size": {"choices": [16, 32, 64, 128, 256]}}
    )
    assert tuple(Hyperparameter.from_dict(h) for h in approved["hyperparameters"]) == expected
    assert approved["source"] == "digits_mlp.py"
    item = stack.item(approval_id(link))
    assert item["status"]["S"] == "approved" and "task_token" not in item


def test_a_second_click_or_a_replay_is_already_decided_and_changes_nothing(stack: Stack) -> None:
    arn, link = stack.start()
    page = get(link).body
    assert form_with(page, "approve").submit(link, "approve").status == 200
    stack.wait_status(arn, "SUCCEEDED")
    before = stack.s3.head_object(Bucket=BUCKET, Key=APPROVED_KEY)["ETag"]
    item = stack.item(approval_id(link))

    again = form_with(page, "approve").submit(link, "approve", untick=("hp-0-on",))
    assert again.status == 409 and "Already decided" in again.body and "already approved" in again.body
    flip = form_with(page, "reject").submit(link, "reject", set_={"reason": "changed my mind"})
    assert flip.status == 409
    assert get(link).status == 200 and "Already decided" in get(link).body
    assert stack.s3.head_object(Bucket=BUCKET, Key=APPROVED_KEY)["ETag"] == before
    assert stack.item(approval_id(link)) == item


def test_reject_fails_the_execution_with_approval_rejected(stack: Stack) -> None:
    arn, link = stack.start()
    form = form_with(get(link).body, "reject")
    posted = form.submit(link, "reject", set_={"reason": "The learning rate is fixed by policy"})
    assert posted.status == 200 and "Rejected" in posted.body
    execution = stack.wait_status(arn, "FAILED")
    assert execution.get("error") == "Approval.Rejected"
    events = stack.sfn.get_execution_history(executionArn=arn)["events"]
    failed = [e["taskFailedEventDetails"] for e in events if e["type"] == "TaskFailed"]
    assert [f["error"] for f in failed] == ["Approval.Rejected"]  # moto drops the cause (NOTES.md)
    item = stack.item(approval_id(link))
    assert item["status"]["S"] == "rejected" and item["reason"]["S"] == "The learning rate is fixed by policy"
    assert "task_token" not in item and stack.keys("jobs/") == [SPACE_KEY]


def test_reject_needs_a_reason(stack: Stack) -> None:
    arn, link = stack.start()
    posted = form_with(get(link).body, "reject").submit(link, "reject", set_={"reason": "   "})
    assert posted.status == 422 and "write why you reject it" in posted.body
    assert_nothing_decided(stack, arn, link)


def test_a_decision_after_the_wait_timed_out_starts_nothing(stack: Stack) -> None:
    arn, link = stack.start(timeout_s=1)
    form = form_with(get(link).body, "approve")
    assert stack.wait_status(arn, "FAILED")["error"] == "Approval.TimedOut"
    posted = form.submit(link, "approve")
    assert posted.status == 410 and "no longer waits" in posted.body
    assert stack.item(approval_id(link))["status"]["S"] == "gone"
    assert stack.keys("jobs/") == [SPACE_KEY]
    assert "Already decided" in get(link).body


def test_only_the_approve_route_is_served(stack: Stack, local_api) -> None:
    assert get(local_api.base_url + "/").status == 404
    assert get(local_api.base_url + "/approve/x/y").status == 404

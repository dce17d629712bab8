"""The request function: stores the token server-side, emails the link by SES or SNS, logs neither."""

from __future__ import annotations

import io
import json

import pytest

from optpar.approval import constants as C
from optpar.approval.local import LocalContext, sent_links

from .conftest import ACCOUNT, BUCKET, JOB, MODEL_KEY, REGION, REQUEST, SPACE_KEY, TABLE, Stack
from .helpers import get

pytestmark = pytest.mark.aws

TOKEN = "AQCEAAAAKgAAAAMAAAAAAAAAAfake-task-token-sentinel"


def request(**extra: object) -> dict:
    event = {"job_id": JOB, "model_key": MODEL_KEY, "space_key": SPACE_KEY, "task_token": TOKEN, **extra}
    return REQUEST.handler(event, LocalContext(function_name="ApprovalRequestFunction"))


def topic_messages(stack: Stack) -> list[str]:
    from moto.sns.models import sns_backends

    return [m for _, m, *_ in sns_backends[ACCOUNT][REGION].topics[stack.topic_arn].sent_notifications]


def test_the_token_is_stored_behind_a_random_id_with_an_expiry(stack: Stack) -> None:
    result = request()
    item = stack.item(result["approval_id"])
    assert item["task_token"]["S"] == TOKEN and item["status"]["S"] == "pending"
    assert int(item["expires_at"]["N"]) == result["expires_at"]
    assert len(result["approval_id"]) >= 24 and TOKEN not in json.dumps(result)


def test_without_ses_the_link_goes_to_the_sns_topic(stack: Stack) -> None:
    result = request()
    (message,) = topic_messages(stack)
    assert result["channel"] == "sns"
    assert f"/approve/{result['approval_id']}?expires=" in message and TOKEN not in message


def test_with_an_ses_sender_the_link_goes_by_ses(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(C.ENV_SES_SENDER, "optpar@example.com")
    monkeypatch.setenv(C.ENV_APPROVER_EMAIL, "ds@example.com")
    stack.ses.verify_email_identity(EmailAddress="optpar@example.com")
    result = request()
    assert result["channel"] == "ses" and topic_messages(stack) == []
    assert sent_links()[-1].split("/approve/")[1].startswith(result["approval_id"])


def test_the_timeout_in_the_payload_sets_the_links_expiry(stack: Stack) -> None:
    result = request(timeout_s=3600)
    link = sent_links()[-1]
    assert f"expires={result['expires_at']}" in link
    item = stack.item(result["approval_id"])
    assert int(item["expires_at"]["N"]) - int(item["created_at"]["N"]) == 3600


def test_a_missing_space_fails_with_a_named_error(stack: Stack) -> None:
    from optpar.exceptions import SpaceValidationError

    with pytest.raises(SpaceValidationError, match="cannot read the detected space"):
        request(space_key="jobs/none/space.json")
    assert stack.dynamodb.scan(TableName=TABLE)["Items"] == []


def test_without_the_script_the_page_still_shows_line_numbers(stack: Stack) -> None:
    stack.s3.delete_object(Bucket=BUCKET, Key=MODEL_KEY)
    request()
    page = get(sent_links()[-1])
    assert page.status == 200 and "line 31" in page.body and "<mark>" not in page.body


def test_neither_the_token_nor_the_signature_reaches_the_logs(stack: Stack) -> None:
    handler = REQUEST.logger.registered_handler  # both functions log through this one (same service)
    logs = io.StringIO()
    previous = handler.setStream(logs)
    try:
        request()
        link = sent_links()[-1]
        get(link)
    finally:
        handler.setStream(previous)
    sig = link.rsplit("sig=", 1)[1]
    text = logs.getvalue()
    assert "approval requested" in text and "approval page" in text  # the logs are there...
    assert TOKEN not in text and sig not in text  # ...without the secrets


def test_an_ses_sender_without_a_recipient_is_a_configuration_error(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    from optpar.approval import ApprovalConfigError

    monkeypatch.setenv(C.ENV_SES_SENDER, "optpar@example.com")
    with pytest.raises(ApprovalConfigError, match=C.ENV_APPROVER_EMAIL):
        request()

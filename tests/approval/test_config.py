"""Settings come from the environment once, with the signing key from Secrets Manager or SSM."""

from __future__ import annotations

from typing import Any

import pytest

from optpar.approval import ApprovalConfigError, Channel, settings_from_env
from optpar.approval import constants as C

KEY = "0123456789abcdef0123456789abcdef"
BASE = {C.ENV_TABLE: "t", C.ENV_BUCKET: "b", C.ENV_TOPIC_ARN: "arn:topic"}


class FakeClients:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, service: str) -> Any:
        outer = self

        class Client:
            def get_secret_value(self, **kw: Any) -> dict[str, str]:
                outer.calls.append((service, kw))
                return {"SecretString": KEY}

            def get_parameter(self, **kw: Any) -> dict[str, dict[str, str]]:
                outer.calls.append((service, kw))
                return {"Parameter": {"Value": KEY}}

        return Client()


def test_the_key_comes_from_secrets_manager() -> None:
    clients = FakeClients()
    settings = settings_from_env({**BASE, C.ENV_SECRET_NAME: "arn:secret"}, clients)
    assert settings.secret == KEY.encode() and clients.calls == [("secretsmanager", {"SecretId": "arn:secret"})]
    assert settings.channel is Channel.SNS and KEY not in repr(settings)


def test_or_from_an_ssm_secure_string() -> None:
    clients = FakeClients()
    settings_from_env({**BASE, C.ENV_SECRET_PARAMETER: "/optpar/key"}, clients)
    assert clients.calls == [("ssm", {"Name": "/optpar/key", "WithDecryption": True})]


def test_missing_variables_are_named() -> None:
    with pytest.raises(ApprovalConfigError, match=f"{C.ENV_TABLE}.*{C.ENV_SECRET_NAME} or {C.ENV_SECRET_PARAMETER}"):
        settings_from_env({C.ENV_BUCKET: "b"}, FakeClients())


def test_ses_is_used_when_a_sender_and_a_recipient_are_set() -> None:
    env = {**BASE, C.ENV_SECRET_NAME: "s", C.ENV_SES_SENDER: "o@example.com", C.ENV_APPROVER_EMAIL: "a@x.org, b@x.org"}
    settings = settings_from_env(env, FakeClients())
    assert settings.channel is Channel.SES and settings.approver_emails == ("a@x.org", "b@x.org")


def test_a_short_key_is_refused() -> None:
    class Short(FakeClients):
        def __call__(self, service: str) -> Any:
            client = super().__call__(service)
            client.get_secret_value = lambda **kw: {"SecretString": "short"}
            return client

    with pytest.raises(ApprovalConfigError, match="shorter than 16"):
        settings_from_env({**BASE, C.ENV_SECRET_NAME: "s"}, Short())

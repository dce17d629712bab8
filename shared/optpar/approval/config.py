"""Settings from an environment mapping, resolved once per Lambda container by the handlers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .constants import (
    DEFAULT_TIMEOUT_S,
    ENV_API_URL,
    ENV_APPROVER_EMAIL,
    ENV_BUCKET,
    ENV_MODEL_BUCKET,
    ENV_SECRET_NAME,
    ENV_SECRET_PARAMETER,
    ENV_SES_SENDER,
    ENV_TABLE,
    ENV_TIMEOUT_S,
    ENV_TOPIC_ARN,
)
from .exceptions import ApprovalConfigError
from .types import Clients, Settings

ClientFactory = Callable[[str], Any]
"""`boto3.client`, or anything that makes a client from a service name."""


def settings_from_env(env: Mapping[str, str], client: ClientFactory) -> Settings:
    """Read the approval settings from `env` and fetch the signing secret.

    The approval URL is optional here (the page function can do without it);
    `request_approval` refuses to send a link without one.

    Raises:
        ApprovalConfigError: a required variable is missing or malformed.
    """
    missing = [name for name in (ENV_TABLE, ENV_BUCKET) if not env.get(name)]
    if not env.get(ENV_SECRET_NAME) and not env.get(ENV_SECRET_PARAMETER):
        missing.append(f"{ENV_SECRET_NAME} or {ENV_SECRET_PARAMETER}")
    if missing:
        raise ApprovalConfigError(f"the approval functions need {', '.join(missing)} in their environment")
    try:
        timeout = int(env.get(ENV_TIMEOUT_S) or DEFAULT_TIMEOUT_S)
    except ValueError:
        raise ApprovalConfigError(f"{ENV_TIMEOUT_S} must be whole seconds, got {env.get(ENV_TIMEOUT_S)!r}") from None
    emails = tuple(e.strip() for e in (env.get(ENV_APPROVER_EMAIL) or "").split(",") if e.strip())
    if env.get(ENV_SES_SENDER) and not emails:
        raise ApprovalConfigError(f"{ENV_SES_SENDER} is set, so the link goes by SES: set {ENV_APPROVER_EMAIL} too")
    return Settings(
        table=env[ENV_TABLE],
        bucket=env[ENV_BUCKET],
        api_url=(env.get(ENV_API_URL) or "").rstrip("/"),
        secret=load_secret(env, client),
        topic_arn=env.get(ENV_TOPIC_ARN) or None,
        ses_sender=env.get(ENV_SES_SENDER) or None,
        approver_emails=emails,
        timeout_s=timeout,
        model_bucket=env.get(ENV_MODEL_BUCKET) or None,
    )


def load_secret(env: Mapping[str, str], client: ClientFactory) -> bytes:
    """The HMAC key: a Secrets Manager secret's string, or an SSM SecureString parameter."""
    name = env.get(ENV_SECRET_NAME)
    if name:
        value = client("secretsmanager").get_secret_value(SecretId=name).get("SecretString") or ""
    else:
        value = client("ssm").get_parameter(Name=env[ENV_SECRET_PARAMETER], WithDecryption=True)["Parameter"]["Value"]
    if len(value) < 16:
        raise ApprovalConfigError("the approval signing secret is shorter than 16 characters; generate a longer one")
    return value.encode("utf-8")


def clients_from(client: ClientFactory) -> Clients:
    """The clients both approval functions use."""
    return Clients(
        dynamodb=client("dynamodb"), s3=client("s3"), sfn=client("stepfunctions"), sns=client("sns"), ses=client("ses")
    )


ENV_NAMES = (
    ENV_TABLE,
    ENV_BUCKET,
    ENV_API_URL,
    ENV_SECRET_NAME,
    ENV_SECRET_PARAMETER,
    ENV_TOPIC_ARN,
    ENV_SES_SENDER,
    ENV_APPROVER_EMAIL,
    ENV_TIMEOUT_S,
    ENV_MODEL_BUCKET,
)
"""Every variable the settings depend on: handlers cache settings per combination of their values."""

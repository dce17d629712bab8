"""Names and limits of the approval step. Handlers read these environment variables; core code never does."""

from __future__ import annotations

from ..constants import ENV_BUCKET, ENV_TOPIC_ARN

__all__ = [
    "ENV_API_URL",
    "ENV_APPROVER_EMAIL",
    "ENV_BUCKET",
    "ENV_MODEL_BUCKET",
    "ENV_SECRET_NAME",
    "ENV_SECRET_PARAMETER",
    "ENV_SES_SENDER",
    "ENV_TABLE",
    "ENV_TIMEOUT_S",
    "ENV_TOPIC_ARN",
]

# Environment variables (the shared bucket and topic names are re-exported above).
ENV_TABLE = "OPTPAR_APPROVALS_TABLE"
"""DynamoDB table of approvals: partition key `approval_id` (S), TTL attribute `expires_at`."""
ENV_MODEL_BUCKET = "OPTPAR_MODEL_BUCKET"
"""Bucket holding the user's script (for the code snippets); defaults to OPTPAR_BUCKET."""
ENV_SECRET_NAME = "OPTPAR_APPROVAL_SECRET_ARN"
"""Secrets Manager secret (name or ARN) whose string is the HMAC key for links."""
ENV_SECRET_PARAMETER = "OPTPAR_APPROVAL_SECRET_PARAMETER"
"""Alternative to ENV_SECRET_NAME: an SSM SecureString parameter name."""
ENV_API_URL = "OPTPAR_APPROVAL_URL"
"""The `/approve` route as people reach it, e.g. https://abc.execute-api.eu-west-1.amazonaws.com/approve.
Links are `{this}/{approval_id}?expires=..&sig=..`. The page function uses its origin to check POSTs
(without it, the request's Host header)."""
ENV_SES_SENDER = "OPTPAR_APPROVAL_SES_SENDER"
"""Verified SES sender. When set (with ENV_APPROVER_EMAIL) the link goes by SES, otherwise by the SNS topic."""
ENV_APPROVER_EMAIL = "OPTPAR_APPROVAL_EMAIL"
"""Who receives the SES email (comma-separated addresses)."""
ENV_TIMEOUT_S = "OPTPAR_APPROVAL_TIMEOUT_SECONDS"
"""How long a link works, in seconds. Keep it equal to the waiting state's TimeoutSeconds."""

DEFAULT_TIMEOUT_S = 24 * 3600
MIN_TIMEOUT_S = 60
MAX_TIMEOUT_S = 14 * 24 * 3600
"""Longer-lived links are riskier; two weeks covers a holiday."""

REJECTED_ERROR = "Approval.Rejected"
"""The error name SendTaskFailure sends on reject; the state machine's Catch routes on it."""

MAX_REASON_CHARS = 1000
MAX_SNIPPET_CHARS = 120
APPROVED_SPACE_NAME = "approved-space.json"
"""Written next to the detected space.json."""

SIGNATURE_CONTEXT = b"optpar-approval-link-v1"
"""Domain separation: a signature for a link is never valid for anything else signed with the same key."""

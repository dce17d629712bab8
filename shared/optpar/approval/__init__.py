"""Human approval of the detected search space before GPUs are spent.

The request function stores the Step Functions task token behind a random
approval id and emails a signed link; the page function shows the space and
turns one POST into SendTaskSuccess (with the edited space) or SendTaskFailure.
Nothing here imports boto3: clients are passed in.
"""

from __future__ import annotations

from .config import settings_from_env
from .exceptions import (
    AlreadyDecidedError,
    ApprovalConfigError,
    ApprovalError,
    ApprovalNotFoundError,
    CsrfError,
    ExecutionGoneError,
    ExpiredLinkError,
    ForgedLinkError,
)
from .http import request_from_event, response_to_proxy
from .page import handle
from .request import request_approval
from .types import ApprovalRequest, Channel, Clients, HttpRequest, HttpResponse, RequestResult, Settings, Status

__all__ = [
    "AlreadyDecidedError",
    "ApprovalConfigError",
    "ApprovalError",
    "ApprovalNotFoundError",
    "ApprovalRequest",
    "Channel",
    "Clients",
    "CsrfError",
    "ExecutionGoneError",
    "ExpiredLinkError",
    "ForgedLinkError",
    "HttpRequest",
    "HttpResponse",
    "RequestResult",
    "Settings",
    "Status",
    "handle",
    "request_approval",
    "request_from_event",
    "response_to_proxy",
    "settings_from_env",
]

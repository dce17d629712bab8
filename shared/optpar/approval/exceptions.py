"""Named errors of the approval step. Each maps to one clear page; none is shown with internals."""

from __future__ import annotations

from ..exceptions import OptparError


class ApprovalError(OptparError):
    """Base class of the approval step's errors."""


class ForgedLinkError(ApprovalError):
    """The link's signature does not match: it was altered or made up."""


class ExpiredLinkError(ApprovalError):
    """The link's signature is good but its time is up."""


class ApprovalNotFoundError(ApprovalError):
    """No approval has this id (never existed, or its item expired and was removed)."""


class AlreadyDecidedError(ApprovalError):
    """The approval was decided before: a second click or a replay."""

    def __init__(self, message: str, *, status: str) -> None:
        super().__init__(message)
        self.status = status


class CsrfError(ApprovalError):
    """A POST without the form's token, or sent from another site."""


class ExecutionGoneError(ApprovalError):
    """Step Functions no longer waits for this token (timed out or stopped)."""


class ApprovalConfigError(ApprovalError):
    """The function's configuration (environment) is missing or wrong."""

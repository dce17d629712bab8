"""Named errors of the cloud steps. Their class names are the state machine's error names."""

from __future__ import annotations

from ..exceptions import OptparError


class CloudError(OptparError):
    """Base class of the errors the cloud steps raise on purpose."""


class InstanceCapacityError(CloudError):
    """This instance type has no capacity in this market now: the state machine tries the next one."""


class NoCapacityError(CloudError):
    """No instance type of the list had capacity, on spot or on demand."""


class TransientLaunchError(CloudError):
    """RunInstances failed in a way that a retry may fix (throttling, an internal error)."""


class JobNotFoundError(CloudError):
    """The job's item or description is missing."""


class TaskTokenTimeoutError(CloudError):
    """The instance waited for its task token and none was stored."""


class InvalidJobError(CloudError):
    """A job description or event lacks a field the step needs."""

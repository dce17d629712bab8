"""The cloud half: the job model and the logic behind the Lambda handlers, the instance runner and the reaper.

Every function takes its boto3 clients as arguments; nothing here reads the environment
or imports boto3 at import time. `optpar.cloud.local` runs the whole pipeline against moto.
"""

from __future__ import annotations

from .exceptions import (
    CloudError,
    InstanceCapacityError,
    InvalidJobError,
    JobNotFoundError,
    NoCapacityError,
    TaskTokenTimeoutError,
    TransientLaunchError,
)
from .types import Job, JobDescription, JobStatus, LaunchState, Market, PipelineConfig

__all__ = [
    "CloudError",
    "InstanceCapacityError",
    "InvalidJobError",
    "Job",
    "JobDescription",
    "JobNotFoundError",
    "JobStatus",
    "LaunchState",
    "Market",
    "NoCapacityError",
    "PipelineConfig",
    "TaskTokenTimeoutError",
    "TransientLaunchError",
]

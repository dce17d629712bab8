"""The job model: what the state machine carries and what the instance reads."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from . import constants as c
from .exceptions import InvalidJobError


class JobStatus(str, enum.Enum):
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    TIMED_OUT = "TIMED_OUT"
    REJECTED = "REJECTED"


class Market(str, enum.Enum):
    SPOT = "spot"
    ON_DEMAND = "on-demand"


def _pick(cls: type, data: Mapping[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


@dataclass(frozen=True)
class Job:
    """One upload to tune. `job_id` is the execution's name."""

    job_id: str
    bucket: str
    model_key: str
    version_id: str | None = None
    etag: str | None = None

    @property
    def model_name(self) -> str:
        return self.model_key.rsplit("/", 1)[-1]

    @property
    def data_prefix(self) -> str:
        """The upload's folder: the script's data travels with it."""
        return self.model_key.rsplit("/", 1)[0] + "/" if "/" in self.model_key else ""

    def key(self, name: str) -> str:
        """Where this job's own files go: `jobs/<job id>/<name>`."""
        return f"{c.JOBS_PREFIX}{self.job_id}/{name}"

    def result_key(self, name: str) -> str:
        return f"{c.RESULTS_PREFIX}{self.job_id}/{name}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Job:
        try:
            return cls(**_pick(cls, data))
        except TypeError as exc:
            raise InvalidJobError(f"the job needs job_id, bucket and model_key; got {sorted(data)}") from exc


@dataclass(frozen=True)
class PipelineConfig:
    """Settings resolved once by the start step and carried in the execution's input."""

    require_approval: bool = False
    max_evals: int = c.DEFAULT_MAX_EVALS
    instance_types: tuple[str, ...] = c.DEFAULT_INSTANCE_TYPES
    max_spot_relaunches: int = c.DEFAULT_MAX_SPOT_RELAUNCHES
    heartbeat_seconds: int = c.DEFAULT_HEARTBEAT_SECONDS
    instance_timeout_seconds: int = int(c.DEFAULT_MAX_INSTANCE_HOURS * 3600)
    approval_timeout_seconds: int = c.DEFAULT_APPROVAL_TIMEOUT_SECONDS

    def __post_init__(self) -> None:
        if not self.instance_types:
            raise ValueError("instance_types must name at least one instance type")
        object.__setattr__(self, "instance_types", tuple(self.instance_types))

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["instance_types"] = list(self.instance_types)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PipelineConfig:
        return cls(**_pick(cls, data))


@dataclass(frozen=True)
class LaunchState:
    """Where the launch loop stands: which market, which candidate type, how many interruptions."""

    market: Market = Market.SPOT
    candidate: int = 0
    spot_interruptions: int = 0

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LaunchState:
        return cls(Market(data.get("market", "spot")), int(data.get("candidate", 0)), int(data.get("spot_interruptions", 0)))


@dataclass(frozen=True)
class JobDescription:
    """`jobs/<id>/job.json`: everything the instance runner needs, and nothing secret."""

    job_id: str
    bucket: str
    table: str
    model_key: str
    data_prefix: str
    space_key: str
    script_key: str
    checkpoint_prefix: str
    results_prefix: str
    max_evals: int
    heartbeat_interval_s: float = 60.0
    spot_poll_s: float = 5.0
    seed: int | None = None
    execution_arn: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> JobDescription:
        try:
            return cls(**_pick(cls, data))
        except TypeError as exc:
            raise InvalidJobError(f"job.json is incomplete: {exc}") from exc

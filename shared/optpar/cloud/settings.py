"""Handler settings from the environment mapping the handler passes in (core code never reads os.environ)."""

from __future__ import annotations

from collections.abc import Mapping

from . import constants as c
from .launch import LaunchSettings
from .reap import ReapSettings
from .types import PipelineConfig


def _flag(value: str | None, default: bool = False) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in ("true", "1", "yes", "on")


def pipeline_config(env: Mapping[str, str]) -> PipelineConfig:
    """The start step's config: the template's parameters, as the functions' environment carries them."""
    types = tuple(t.strip() for t in env.get(c.ENV_INSTANCE_TYPES, "").split(",") if t.strip())
    hours = float(env.get(c.ENV_MAX_INSTANCE_HOURS, c.DEFAULT_MAX_INSTANCE_HOURS))
    return PipelineConfig(
        require_approval=_flag(env.get(c.ENV_REQUIRE_APPROVAL)),
        max_evals=int(env.get(c.ENV_MAX_EVALS, c.DEFAULT_MAX_EVALS)),
        instance_types=types or c.DEFAULT_INSTANCE_TYPES,
        max_spot_relaunches=int(env.get(c.ENV_MAX_SPOT_RELAUNCHES, c.DEFAULT_MAX_SPOT_RELAUNCHES)),
        heartbeat_seconds=int(env.get(c.ENV_HEARTBEAT_SECONDS, c.DEFAULT_HEARTBEAT_SECONDS)),
        instance_timeout_seconds=int(hours * 3600),
        approval_timeout_seconds=int(env.get(c.ENV_APPROVAL_TIMEOUT_SECONDS, c.DEFAULT_APPROVAL_TIMEOUT_SECONDS)),
    )


def launch_settings(env: Mapping[str, str]) -> LaunchSettings:
    return LaunchSettings(
        launch_template_id=env[c.ENV_LAUNCH_TEMPLATE_ID],
        region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1",
        max_instance_hours=float(env.get(c.ENV_MAX_INSTANCE_HOURS, c.DEFAULT_MAX_INSTANCE_HOURS)),
        instance_packages=env.get(c.ENV_INSTANCE_PACKAGES, ""),
    )


def reap_settings(env: Mapping[str, str], event: Mapping[str, object] | None = None) -> ReapSettings:
    """`{"report_only": true}` in the event overrides the environment for one run."""
    report_only = _flag(env.get(c.ENV_REAPER_REPORT_ONLY))
    if event and "report_only" in event:
        report_only = bool(event["report_only"])
    return ReapSettings(
        state_machine_arn=env[c.ENV_STATE_MACHINE_ARN],
        max_instance_hours=float(env.get(c.ENV_MAX_INSTANCE_HOURS, c.DEFAULT_MAX_INSTANCE_HOURS)),
        report_only=report_only,
    )

"""The launch step: one (spot) instance per attempt, idempotent, tagged, told only where its job is."""

from __future__ import annotations

import datetime as dt
import hashlib
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from . import constants as c
from .exceptions import InstanceCapacityError, NoCapacityError, TransientLaunchError
from .steps import get_json, heartbeat_interval, put_json
from .store import JobStore
from .types import Job, JobDescription, LaunchState, Market, PipelineConfig
from .wheel import ensure_wheel

# RunInstances error codes that mean "not this type or market now": try the next candidate.
CAPACITY_ERRORS = frozenset({
    "InsufficientInstanceCapacity", "InsufficientCapacity", "InsufficientHostCapacity",
    "InsufficientReservedInstanceCapacity", "SpotMaxPriceTooLow", "MaxSpotInstanceCountExceeded",
    "Unsupported", "InstanceLimitExceeded", "VcpuLimitExceeded", "InsufficientFreeAddressesInSubnet",
})
TRANSIENT_ERRORS = frozenset({"RequestLimitExceeded", "InternalError", "ServiceUnavailable", "Unavailable"})


@dataclass(frozen=True)
class LaunchSettings:
    launch_template_id: str
    region: str
    max_instance_hours: float = c.DEFAULT_MAX_INSTANCE_HOURS
    instance_packages: str = ""


def candidates(instance_types: Sequence[str], market: Market) -> list[tuple[str, Market]]:
    """Spot on each type in order, then on demand on each; after the spot fallback, on demand only."""
    on_demand = [(t, Market.ON_DEMAND) for t in instance_types]
    return on_demand if market is Market.ON_DEMAND else [(t, Market.SPOT) for t in instance_types] + on_demand


def client_token(job_id: str, state: LaunchState) -> str:
    """The same attempt gives the same token, so a retried RunInstances returns the same instance."""
    key = f"{job_id}|{state.market.value}|{state.candidate}|{state.spot_interruptions}"
    return "optpar-" + hashlib.sha256(key.encode()).hexdigest()[:40]


def user_data(job_uri: str, wheel_uri: str, region: str, packages: str) -> str:
    """The boot script: install optpar and the frameworks, run the runner, then power off (terminate).

    It holds no secret: the runner fetches its task token from the job's DynamoDB item.
    """
    q = shlex.quote
    return "\n".join([
        "#!/bin/bash",
        "# optpar instance: runs one tuning job, then shuts down (InstanceInitiatedShutdownBehavior=terminate).",
        "set -uo pipefail",
        f"export AWS_DEFAULT_REGION={q(region)}",
        f"export OPTPAR_JOB={q(job_uri)}",
        f"export OPTPAR_WHEEL={q(wheel_uri)}",
        "exec > >(tee -a /var/log/optpar-runner.log) 2>&1",
        "trap 'shutdown -h now' EXIT",
        "python3 -m venv /opt/optpar && . /opt/optpar/bin/activate",
        "pip install -q --upgrade pip boto3",
        ('python -c "import boto3,sys; b,k=sys.argv[1][5:].split(\'/\',1); '
         'boto3.client(\'s3\').download_file(b,k,\'/tmp/\'+k.rsplit(\'/\',1)[-1])" "$OPTPAR_WHEEL"'),
        f'pip install -q "/tmp/${{OPTPAR_WHEEL##*/}}" {" ".join(q(p) for p in packages.split())}'.rstrip(),
        'python -m optpar.runner --job "$OPTPAR_JOB"',
        "",
    ])


def launch_instance(
    ec2: Any, s3: Any, store: JobStore, *, job: Job, config: PipelineConfig, state: LaunchState,
    space_key: str, execution_arn: str, settings: LaunchSettings, now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Start the instance for this attempt and record it on the job's item.

    Returns:
        `{"instance_id", "instance_type", "market", "price_per_hour"}`.

    Raises:
        InstanceCapacityError: this candidate has no capacity (the state machine tries the next).
        NoCapacityError: every candidate was tried.
        TransientLaunchError: throttled or an EC2 internal error (the state machine retries).
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    options = candidates(config.instance_types, state.market)
    if state.candidate >= len(options):
        tried = ", ".join(f"{t} ({m.value})" for t, m in options)
        raise NoCapacityError(f"no capacity for any instance type: tried {tried}. Add types to InstanceTypes or retry later")
    instance_type, market = options[state.candidate]
    job_key = finalize_description(s3, job, space_key, execution_arn, config)
    wheel_key = ensure_wheel(s3, job.bucket, c.ARTIFACTS_PREFIX)
    expires = now + dt.timedelta(hours=settings.max_instance_hours)
    tags = [
        {"Key": c.TAG_PROJECT, "Value": c.PROJECT},
        {"Key": c.TAG_JOB_ID, "Value": job.job_id},
        {"Key": c.TAG_EXECUTION, "Value": execution_arn},
        {"Key": c.TAG_EXPIRES_AT, "Value": expires.strftime("%Y-%m-%dT%H:%M:%SZ")},
        {"Key": c.TAG_NAME, "Value": f"optpar {job.job_id}"[:255]},
    ]
    request: dict[str, Any] = {
        "LaunchTemplate": {"LaunchTemplateId": settings.launch_template_id},
        "InstanceType": instance_type,
        "MinCount": 1,
        "MaxCount": 1,
        "ClientToken": client_token(job.job_id, state),
        "InstanceInitiatedShutdownBehavior": "terminate",
        "MetadataOptions": {"HttpTokens": "required", "HttpEndpoint": "enabled"},
        "UserData": user_data(f"s3://{job.bucket}/{job_key}", f"s3://{job.bucket}/{wheel_key}", settings.region,
                              settings.instance_packages),
        "TagSpecifications": [{"ResourceType": "instance", "Tags": tags}],
    }
    if market is Market.SPOT:
        request["InstanceMarketOptions"] = {
            "MarketType": "spot",
            "SpotOptions": {"SpotInstanceType": "one-time", "InstanceInterruptionBehavior": "terminate"},
        }
    try:
        instance = ec2.run_instances(**request)["Instances"][0]
    except ec2.exceptions.ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        message = exc.response.get("Error", {}).get("Message", str(exc))
        if code in CAPACITY_ERRORS:
            raise InstanceCapacityError(f"{instance_type} ({market.value}): {code}: {message}") from exc
        if code in TRANSIENT_ERRORS:
            raise TransientLaunchError(f"{instance_type} ({market.value}): {code}: {message}") from exc
        raise
    price = price_per_hour(ec2, instance_type, market, instance.get("Placement", {}).get("AvailabilityZone"))
    launch = {
        "instance_id": instance["InstanceId"],
        "instance_type": instance_type,
        "market": market.value,
        "price_per_hour": price,
    }
    store.record_launch(job, execution_arn, {**launch, "launched_at": now.isoformat()})
    return launch


def finalize_description(s3: Any, job: Job, space_key: str, execution_arn: str, config: PipelineConfig) -> str:
    """Point `job.json` at the space to search (the approved one, if a person edited it)."""
    key = job.key(c.JOB_FILE)
    description = JobDescription.from_dict(get_json(s3, job.bucket, key))
    updated = replace(description, space_key=space_key, execution_arn=execution_arn,
                      heartbeat_interval_s=heartbeat_interval(config.heartbeat_seconds))
    if updated != description:
        put_json(s3, job.bucket, key, updated.to_dict())
    return key


def price_per_hour(ec2: Any, instance_type: str, market: Market, zone: str | None) -> float | None:
    """The latest spot price of the type (in its zone), or the on-demand list price."""
    if market is Market.SPOT:
        try:
            kwargs: dict[str, Any] = {"InstanceTypes": [instance_type], "ProductDescriptions": ["Linux/UNIX"],
                                      "MaxResults": 10}
            if zone:
                kwargs["AvailabilityZone"] = zone
            history = ec2.describe_spot_price_history(**kwargs).get("SpotPriceHistory", [])
            if history:
                return round(float(history[0]["SpotPrice"]), 4)
        except Exception:  # noqa: BLE001, S110 - the price is an estimate; never fail a launch for it
            pass
    return c.ON_DEMAND_USD_PER_HOUR.get(instance_type)

"""The detect and generate steps: read the upload from S3, write what they find next to the job."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from .. import constants as core
from ..types import Detection, Hyperparameter
from . import constants as c
from .types import Job, JobDescription, PipelineConfig


def read_upload(s3: Any, job: Job) -> bytes:
    version = {"VersionId": job.version_id} if job.version_id else {}
    return s3.get_object(Bucket=job.bucket, Key=job.model_key, **version)["Body"].read()


def put_json(s3: Any, bucket: str, key: str, data: Any) -> None:
    s3.put_object(Bucket=bucket, Key=key, Body=json.dumps(data, indent=2).encode(), ContentType="application/json")


def get_json(s3: Any, bucket: str, key: str) -> Any:
    return json.loads(s3.get_object(Bucket=bucket, Key=key)["Body"].read())


def detect_upload(s3: Any, job: Job, *, metadata_path: str | None = None) -> dict[str, Any]:
    """Detect the upload's hyperparameters (LibCST only: the user's code is never run).

    Returns:
        `{"detection_key", "space_key", "hyperparameters": [names], "warnings": [...]}`.

    Raises:
        InputError: a subclass naming the problem and its line (ScriptParseError, ...).
        NothingToTuneError: no hyperparameters were found; the message says why.
    """
    from ..detect import detect_bytes
    from ..metadata import load_metadata
    from ..space import space_to_json
    from ..tuning.exceptions import NothingToTuneError

    metadata = load_metadata(metadata_path) if metadata_path else None
    detection = detect_bytes(read_upload(s3, job), job.model_name, metadata=metadata)
    if not detection.hyperparameters:
        raise NothingToTuneError(f"{job.model_name}: nothing to tune: {detection.reason or 'no hyperparameters found'}")
    detection_key, space_key = job.key(c.DETECTION_FILE), job.key(c.SPACE_FILE)
    put_json(s3, job.bucket, detection_key, detection.to_dict())
    s3.put_object(Bucket=job.bucket, Key=space_key, Body=space_to_json(detection).encode(), ContentType="application/json")
    return {
        "detection_key": detection_key,
        "space_key": space_key,
        "hyperparameters": list(detection.names),
        "warnings": list(detection.warnings),
    }


def load_space_from_s3(s3: Any, bucket: str, key: str) -> tuple[Hyperparameter, ...]:
    from ..space import validate_space

    data = get_json(s3, bucket, key)
    entries = data["hyperparameters"] if isinstance(data, dict) else data
    return validate_space(Hyperparameter.from_dict(e) for e in entries)


def generate_job(
    s3: Any, job: Job, config: PipelineConfig, detection_keys: Mapping[str, str], *, table: str
) -> dict[str, Any]:
    """Write the tuning script (`tuned.py`) and the job description (`job.json`) for the instance.

    Returns:
        `{"script_key", "job_key"}`.
    """
    from ..generate import generate_script
    from ..source import source_from_bytes

    source = source_from_bytes(read_upload(s3, job), job.model_name)
    detection = Detection.from_dict(get_json(s3, job.bucket, detection_keys["detection_key"]))
    space = load_space_from_s3(s3, job.bucket, detection_keys["space_key"])
    generated = generate_script(source, detection, space)
    script_key = job.key(c.SCRIPT_FILE)
    s3.put_object(Bucket=job.bucket, Key=script_key, Body=generated.code.encode(), ContentType="text/x-python")
    description = JobDescription(
        job_id=job.job_id,
        bucket=job.bucket,
        table=table,
        model_key=job.model_key,
        data_prefix=job.data_prefix,
        space_key=detection_keys["space_key"],
        script_key=script_key,
        checkpoint_prefix=job.key(c.CHECKPOINT_DIR),
        results_prefix=job.result_key(""),
        max_evals=config.max_evals,
        heartbeat_interval_s=heartbeat_interval(config.heartbeat_seconds),
        seed=job_seed(job.job_id),
        extra={"version_id": job.version_id, "metadata_file": core.METADATA_FILENAME},
    )
    job_key = job.key(c.JOB_FILE)
    put_json(s3, job.bucket, job_key, description.to_dict())
    return {"script_key": script_key, "job_key": job_key}


def heartbeat_interval(heartbeat_seconds: int) -> float:
    """Four heartbeats per HeartbeatSeconds, so one lost call does not fail the job."""
    return max(0.5, min(60.0, heartbeat_seconds / 4))


def job_seed(job_id: str) -> int:
    """A fixed seed per job: a relaunched instance proposes the same points as the first."""
    return int(hashlib.sha256(job_id.encode()).hexdigest()[:8], 16) % 2**31

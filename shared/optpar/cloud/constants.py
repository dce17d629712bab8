"""Names shared by the cloud steps: environment variables, S3 layout, tags, error names."""

from __future__ import annotations

from ..constants import ENV_BUCKET, ENV_METADATA_PATH, ENV_TABLE_NAME, ENV_TOPIC_ARN

# Environment variables, read only by the handlers and the runner's entry point.
ENV_STATE_MACHINE_ARN = "OPTPAR_STATE_MACHINE_ARN"
ENV_REQUIRE_APPROVAL = "OPTPAR_REQUIRE_APPROVAL"
ENV_MAX_EVALS = "OPTPAR_MAX_EVALS"
ENV_INSTANCE_TYPES = "OPTPAR_INSTANCE_TYPES"
ENV_MAX_SPOT_RELAUNCHES = "OPTPAR_MAX_SPOT_RELAUNCHES"
ENV_HEARTBEAT_SECONDS = "OPTPAR_HEARTBEAT_SECONDS"
ENV_MAX_INSTANCE_HOURS = "OPTPAR_MAX_INSTANCE_HOURS"
ENV_APPROVAL_TIMEOUT_SECONDS = "OPTPAR_APPROVAL_TIMEOUT_SECONDS"
ENV_LAUNCH_TEMPLATE_ID = "OPTPAR_LAUNCH_TEMPLATE_ID"
ENV_INSTANCE_PACKAGES = "OPTPAR_INSTANCE_PACKAGES"
ENV_REAPER_REPORT_ONLY = "OPTPAR_REAPER_REPORT_ONLY"
ENV_IMDS_ENDPOINT = "OPTPAR_IMDS_ENDPOINT"
"""The runner's instance metadata endpoint; only the local pipeline changes it."""

__all__ = ["ENV_BUCKET", "ENV_METADATA_PATH", "ENV_TABLE_NAME", "ENV_TOPIC_ARN"]

# S3 layout: uploads stay where the user put them; everything we write is under jobs/ or results/.
JOBS_PREFIX = "jobs/"
RESULTS_PREFIX = "results/"
ARTIFACTS_PREFIX = "artifacts/"
DETECTION_FILE = "detection.json"
SPACE_FILE = "space.json"
SCRIPT_FILE = "tuned.py"
JOB_FILE = "job.json"
CHECKPOINT_DIR = "checkpoint/"
RUNNER_ERROR_FILE = "runner_error.json"
CHECKPOINT_FILES = ("trials.jsonl", "best_model.keras", "best_model.json", "space.json")

# Instance tags.
TAG_PROJECT = "optpar:project"
PROJECT = "optpar"
TAG_JOB_ID = "optpar:job-id"
TAG_EXECUTION = "optpar:execution"
TAG_EXPIRES_AT = "optpar:expires-at"
TAG_NAME = "Name"

# Upload overrides of RequireApproval (S3 object tag or user metadata).
APPROVAL_TAG = "optpar-approval"

# Error names that cross the state machine (besides our exception class names).
SPOT_INTERRUPTED = "Worker.SpotInterrupted"
INSTANCE_LOST = "Worker.InstanceLost"
APPROVAL_REJECTED = "Approval.Rejected"
APPROVAL_TIMED_OUT = "Approval.TimedOut"

# Defaults (the template's parameters override them).
DEFAULT_INSTANCE_TYPES = ("g5.xlarge", "g6.xlarge", "g4dn.xlarge")
DEFAULT_MAX_EVALS = 50
DEFAULT_HEARTBEAT_SECONDS = 900
DEFAULT_MAX_INSTANCE_HOURS = 24.0
DEFAULT_MAX_SPOT_RELAUNCHES = 2
DEFAULT_APPROVAL_TIMEOUT_SECONDS = 3 * 24 * 3600

# Rough on-demand prices (USD per hour, us-east-1) for the cost estimate when the
# price cannot be read; the spot price comes from DescribeSpotPriceHistory.
ON_DEMAND_USD_PER_HOUR = {
    "g4dn.xlarge": 0.526,
    "g4dn.2xlarge": 0.752,
    "g5.xlarge": 1.006,
    "g5.2xlarge": 1.212,
    "g6.xlarge": 0.805,
    "g6.2xlarge": 0.978,
    "p3.2xlarge": 3.06,
}

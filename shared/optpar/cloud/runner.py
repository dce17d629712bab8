"""The instance runner: the same search as `optpar tune`, checkpointed to S3, reporting to the state machine.

It downloads the script with its data, the space and any checkpoint, then calls
`optpar.tuning.tune_file` with hooks: after every trial the checkpoint goes to S3,
and a spot interruption notice stops the search between trials. A heartbeat thread
keeps the state machine's wait alive. The task token is read from the job's item,
held in memory, and never logged.
"""

from __future__ import annotations

import json
import logging
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import constants as c
from .imds import DEFAULT_ENDPOINT, Imds
from .steps import get_json, load_space_from_s3, put_json
from .store import JobStore
from .types import JobDescription

log = logging.getLogger("optpar.runner")
_GONE = {"TaskTimedOut", "InvalidToken", "TaskDoesNotExist"}


@dataclass(frozen=True)
class RunnerSettings:
    job_uri: str
    imds_endpoint: str = DEFAULT_ENDPOINT
    work_dir: Path | None = None
    token_timeout_s: float = 900.0


def split_s3_uri(uri: str) -> tuple[str, str]:
    if not uri.startswith("s3://") or "/" not in uri[5:]:
        raise ValueError(f"expected s3://bucket/key, got {uri!r}")
    bucket, key = uri[5:].split("/", 1)
    return bucket, key


class Heartbeat(threading.Thread):
    """Sends SendTaskHeartbeat every `interval_s`; notices when the execution has given up on us."""

    def __init__(self, sfn: Any, token: str, interval_s: float) -> None:
        super().__init__(name="optpar-heartbeat", daemon=True)
        self._sfn, self._token, self._interval = sfn, token, interval_s
        self._stop_event = threading.Event()
        self.lost = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            try:
                self._sfn.send_task_heartbeat(taskToken=self._token)
            except self._sfn.exceptions.ClientError as exc:
                if exc.response.get("Error", {}).get("Code") in _GONE:
                    log.warning("the execution no longer waits for this instance; stopping")
                    self.lost.set()
                    return
                log.warning("heartbeat failed: %s", exc.response.get("Error", {}).get("Code"))
            except Exception as exc:  # noqa: BLE001 - a network blip must not kill the heartbeat
                log.warning("heartbeat failed: %s", type(exc).__name__)
            self._stop_event.wait(self._interval)

    def stop(self) -> None:
        self._stop_event.set()


class SpotWatch(threading.Thread):
    """Polls IMDS for the two-minute spot interruption notice."""

    def __init__(self, imds: Imds, interval_s: float) -> None:
        super().__init__(name="optpar-spot-watch", daemon=True)
        self.imds, self.interval = imds, interval_s
        self.notice: dict[str, Any] | None = None
        self.noticed = threading.Event()
        self._stop_event = threading.Event()

    def check(self) -> bool:
        if not self.noticed.is_set():
            notice = self.imds.spot_notice()
            if notice is not None:
                self.notice = notice
                self.noticed.set()
        return self.noticed.is_set()

    def run(self) -> None:
        while not self._stop_event.is_set() and not self.check():
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()


class Checkpoint:
    """Mirrors the output folder's checkpoint files to `jobs/<id>/checkpoint/`."""

    def __init__(self, s3: Any, job: JobDescription, out_dir: Path) -> None:
        self.s3, self.job, self.out_dir = s3, job, out_dir
        self._sent: dict[str, float] = {}

    def restore(self) -> int:
        """Download a previous instance's checkpoint; returns the number of files found."""
        found = 0
        for name in c.CHECKPOINT_FILES:
            try:
                self.s3.download_file(self.job.bucket, self.job.checkpoint_prefix + name, str(self.out_dir / name))
                found += 1
            except Exception:  # noqa: BLE001, S112 - a first launch has no checkpoint
                continue
        return found

    def upload(self, *_: object) -> None:
        for name in c.CHECKPOINT_FILES:
            path = self.out_dir / name
            if not path.exists():
                continue
            stamp = path.stat().st_mtime_ns
            if self._sent.get(name) == stamp:
                continue
            self.s3.upload_file(str(path), self.job.bucket, self.job.checkpoint_prefix + name)
            self._sent[name] = stamp


def download_inputs(s3: Any, job: JobDescription, data_dir: Path) -> Path:
    """The upload's folder (script and data) into `data_dir`; returns the script's path there."""
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=job.bucket, Prefix=job.data_prefix):
        for obj in page.get("Contents", []):
            rel = obj["Key"][len(job.data_prefix):]
            if not rel or rel.endswith("/") or ".." in Path(rel).parts:
                continue
            target = data_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            s3.download_file(job.bucket, obj["Key"], str(target))
    version = job.extra.get("version_id")
    model = data_dir / job.model_key[len(job.data_prefix):]
    # The exact version that started the job, even if the user uploaded again since.
    s3.download_file(job.bucket, job.model_key, str(model), ExtraArgs={"VersionId": version} if version else None)
    return model


def summarize(result: Any, keys: dict[str, str], identity: dict[str, Any]) -> dict[str, Any]:
    trials = list(result.trials)
    return json.loads(json.dumps({
        "best": None if result.best is None else dict(result.best),
        "best_loss": result.best_loss,
        "best_trial": result.best_trial,
        "original": dict(result.original),
        "original_loss": result.original_loss,
        "metric": result.metric,
        "mode": result.mode.value,
        "trials": len(trials),
        "failed_trials": sum(not t.ok for t in trials),
        "duration_s": round(result.duration_s, 1),
        "algorithm": result.algorithm,
        "stop_reason": result.stop_reason.value,
        "test_metrics": None if result.test_metrics is None else dict(result.test_metrics),
        "keys": keys,
        "instance": identity,
    }, default=str))


def upload_results(s3: Any, job: JobDescription, result: Any) -> dict[str, str]:
    """Every file of the output folder under `results/<id>/`; returns the keys by role."""
    out_dir = Path(result.out_dir)
    for path in sorted(out_dir.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            s3.upload_file(str(path), job.bucket, job.results_prefix + path.name)
    files = dict(result.files)
    roles = {"report": files.get("report"), "best_script": files.get("best_script"), "results": files.get("results"),
             "trials": files.get("trials.jsonl"), "best_model": files.get("best_model.keras"),
             "space": files.get("space"), "script": files.get("script")}
    return {role: job.results_prefix + name for role, name in roles.items() if name}


def run_job(settings: RunnerSettings, *, clients: Callable[[], tuple[Any, Any, Any]] | None = None) -> int:
    """Run one job to its end and report it. Returns the process exit code."""
    s3, sfn, dynamodb = (clients or _clients)()
    bucket, key = split_s3_uri(settings.job_uri)
    job = JobDescription.from_dict(get_json(s3, bucket, key))
    store = JobStore(dynamodb.Table(job.table))
    token = store.wait_for_token(job.job_id, timeout_s=settings.token_timeout_s)
    heartbeat = Heartbeat(sfn, token, job.heartbeat_interval_s)
    heartbeat.start()
    imds = Imds(settings.imds_endpoint)
    spot = SpotWatch(imds, job.spot_poll_s)
    spot.start()
    work = Path(settings.work_dir or tempfile.mkdtemp(prefix="optpar-"))
    out_dir, data_dir = work / "out", work / "data"
    out_dir.mkdir(parents=True, exist_ok=True)
    checkpoint = Checkpoint(s3, job, out_dir)
    try:
        return _run(s3, sfn, job, token, checkpoint, data_dir, heartbeat, spot, imds)
    finally:
        spot.stop()
        heartbeat.stop()


def _run(s3: Any, sfn: Any, job: JobDescription, token: str, checkpoint: Checkpoint, data_dir: Path,
         heartbeat: Heartbeat, spot: SpotWatch, imds: Imds) -> int:
    from ..tuning import SearchHooks, StopReason, TuneConfig, tune_file

    try:
        model = download_inputs(s3, job, data_dir)
        space = load_space_from_s3(s3, job.bucket, job.space_key)
        restored = checkpoint.restore()
        log.info("job %s: %d checkpoint files restored", job.job_id, restored)
        hooks = SearchHooks(on_trial=checkpoint.upload,
                            should_stop=lambda: heartbeat.lost.is_set() or spot.check())
        config = TuneConfig(out_dir=checkpoint.out_dir, max_evals=job.max_evals, seed=job.seed, progress=False)
        result = tune_file(model, config, data_dir=data_dir, space=space, hooks=hooks)
        checkpoint.upload()
    except Exception as exc:
        log.exception("job %s failed", job.job_id)
        _safe(checkpoint.upload)
        return _fail(s3, sfn, job, token, type(exc).__name__, str(exc) or repr(exc))
    if heartbeat.lost.is_set():
        return 1
    if result.stop_reason is StopReason.STOPPED:
        notice = spot.notice or {}
        cause = (f"spot interruption notice ({notice.get('action', 'terminate')} at {notice.get('time')}); "
                 f"{len(result.trials)} trials are checkpointed and the next instance resumes from them")
        _fail(s3, sfn, job, token, c.SPOT_INTERRUPTED, cause)
        return 0
    keys = upload_results(s3, job, result)
    sfn.send_task_success(taskToken=token, output=json.dumps(summarize(result, keys, imds.identity())))
    return 0


def _fail(s3: Any, sfn: Any, job: JobDescription, token: str, error: str, cause: str) -> int:
    _safe(lambda: put_json(s3, job.bucket, f"{c.JOBS_PREFIX}{job.job_id}/{c.RUNNER_ERROR_FILE}",
                           {"error": error, "cause": cause}))
    sfn.send_task_failure(taskToken=token, error=error[:256], cause=cause[:32768])
    return 1


def _safe(call: Callable[[], Any]) -> None:
    try:
        call()
    except Exception as exc:  # noqa: BLE001 - best effort while already failing
        log.warning("ignored while failing: %s: %s", type(exc).__name__, exc)


def _clients() -> tuple[Any, Any, Any]:
    import boto3

    return boto3.client("s3"), boto3.client("stepfunctions"), boto3.resource("dynamodb")

"""Play the EC2 instance: when RunInstances starts one on moto, run its user data's runner for real.

Each simulated instance gets its own IMDSv2 endpoint (instance id, type, lifecycle, and
the spot interruption notice), and runs `python -m optpar.runner` in a subprocess with the
environment its user data exports. When the runner exits, the instance terminates, as the
user data's `shutdown` would make it (InstanceInitiatedShutdownBehavior=terminate).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from .. import constants as c


@dataclass(frozen=True)
class Faults:
    """What can go wrong with the simulated instances (tests use these; production has the real thing)."""

    spot_after_trials: int | None = None
    """The first `spot_interruptions` spot instances get an interruption notice once this many trials are checkpointed."""
    spot_interruptions: int = 1
    kill_after_trials: int | None = None
    """Kill the first instance's runner (it stops heartbeating) once this many trials are checkpointed."""
    no_runner: bool = False
    """Instances boot but never start the runner."""
    no_capacity: tuple[str, ...] = ()
    """`"<type>/<spot|on-demand>"` pairs for which RunInstances answers InsufficientInstanceCapacity."""


@contextlib.contextmanager
def capacity_shortage(no_capacity: tuple[str, ...]) -> Iterator[None]:
    """Make moto's RunInstances fail as EC2 does when a type has no capacity in a market."""
    if not no_capacity:
        yield
        return
    from moto.ec2.exceptions import EC2ClientError
    from moto.ec2.models.instances import InstanceBackend

    original = InstanceBackend.run_instances

    def run_instances(self: Any, *args: Any, **kwargs: Any) -> Any:
        market = "spot" if kwargs.get("instance_market_options") else "on-demand"
        if f"{kwargs.get('instance_type')}/{market}" in no_capacity:
            raise EC2ClientError("InsufficientInstanceCapacity",
                                 f"We currently do not have sufficient {kwargs.get('instance_type')} capacity.")
        return original(self, *args, **kwargs)

    InstanceBackend.run_instances = run_instances  # type: ignore[method-assign]
    try:
        yield
    finally:
        InstanceBackend.run_instances = original  # type: ignore[method-assign]


class FakeImds:
    """An IMDSv2 endpoint for one instance: PUT a token, then GET metadata with it."""

    def __init__(self, identity: dict[str, Any], spot_notice: Callable[[], bool]) -> None:
        self.identity = identity
        self.spot_notice = spot_notice
        self.token = uuid.uuid4().hex
        imds = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _send(self, code: int, body: str = "") -> None:
                data = body.encode()
                self.send_response(code)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_PUT(self) -> None:
                if self.path == "/latest/api/token" and self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
                    self._send(200, imds.token)
                else:
                    self._send(400)

            def do_GET(self) -> None:
                if self.headers.get("X-aws-ec2-metadata-token") != imds.token:
                    self._send(401)  # IMDSv2 only: no token, no metadata
                    return
                path = self.path.removeprefix("/latest/meta-data/")
                if path == "spot/instance-action":
                    if imds.spot_notice():
                        when = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
                        self._send(200, json.dumps({"action": "terminate", "time": when}))
                    else:
                        self._send(404)
                elif path in imds.identity:
                    value = imds.identity[path]
                    self._send(200, value() if callable(value) else value)
                else:
                    self._send(404)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True, name="fake-imds").start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def decode_user_data(value: str) -> str:
    """moto hands user data back base64-encoded twice; AWS once. Decode until it reads as a script."""
    text = value
    for _ in range(3):
        if text.startswith("#!"):
            return text
        try:
            text = base64.b64decode(text, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError, ValueError):
            break
    return text


def parse_user_data(script: str) -> tuple[dict[str, str], list[str] | None]:
    """The variables the script exports, and the runner's arguments (variables expanded)."""
    env: dict[str, str] = {}
    args: list[str] | None = None
    for line in script.splitlines():
        line = line.strip()
        if line.startswith("export "):
            name, _, value = shlex.split(line[len("export "):])[0].partition("=")
            env[name] = value
        elif "-m optpar.runner" in line:
            words = shlex.split(line)
            rest = words[words.index("optpar.runner") + 1:]
            args = [re.sub(r"\$\{?(\w+)\}?", lambda m: env.get(m.group(1), ""), w) for w in rest]
    return env, args


class SimulatedInstance:
    def __init__(self, player: InstancePlayer, instance: dict[str, Any], ordinal: int) -> None:
        self.player = player
        self.instance_id = instance["InstanceId"]
        self.tags = {t["Key"]: t["Value"] for t in instance.get("Tags", [])}
        self.job_id = self.tags.get(c.TAG_JOB_ID, "")
        self.ordinal = ordinal
        self._lifecycle: str | None = None
        self.imds = FakeImds(
            {"instance-id": self.instance_id, "instance-type": instance.get("InstanceType", ""),
             "instance-life-cycle": lambda: "spot" if self.spot else "on-demand"},
            self._spot_notice,
        )
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = Path(tempfile.mkdtemp(prefix=f"optpar-{self.instance_id}-")) / "runner.log"
        self.exit_code: int | None = None

    def trials_checkpointed(self) -> int:
        key = f"{c.JOBS_PREFIX}{self.job_id}/{c.CHECKPOINT_DIR}trials.jsonl"
        try:
            body = self.player.s3.get_object(Bucket=self.player.bucket, Key=key)["Body"].read()
        except Exception:  # noqa: BLE001 - no checkpoint yet
            return 0
        return sum(1 for line in body.splitlines() if line.strip())

    @property
    def spot(self) -> bool:
        # Read when asked, and cached only once spot: moto marks the instance spot a moment after
        # it appears in DescribeInstances.
        if self._lifecycle != "spot":
            reservations = self.player.ec2.describe_instances(InstanceIds=[self.instance_id])["Reservations"]
            self._lifecycle = reservations[0]["Instances"][0].get("InstanceLifecycle") or "on-demand"
        return self._lifecycle == "spot"

    @property
    def interrupt(self) -> bool:
        """This instance gets a notice: it is spot, and fewer than `spot_interruptions` spot instances came before."""
        faults = self.player.faults
        if faults.spot_after_trials is None or not self.spot:
            return False
        earlier = [i for i in self.player.instances.values() if i.ordinal < self.ordinal and i.spot]
        return len(earlier) < faults.spot_interruptions

    def _spot_notice(self) -> bool:
        return self.interrupt and self.trials_checkpointed() >= (self.player.faults.spot_after_trials or 0)

    def boot(self) -> None:
        raw = self.player.ec2.describe_instance_attribute(InstanceId=self.instance_id, Attribute="userData")
        env_vars, args = parse_user_data(decode_user_data(raw.get("UserData", {}).get("Value", "")))
        if args is None or self.player.faults.no_runner:
            return
        env = {**os.environ, **env_vars, c.ENV_IMDS_ENDPOINT: self.imds.url, "PYTHONUNBUFFERED": "1",
               "TF_CPP_MIN_LOG_LEVEL": "2"}
        work = self.log_path.parent / "work"
        log = open(self.log_path, "wb")  # noqa: SIM115 - closed when the process ends
        self.process = subprocess.Popen([sys.executable, "-m", "optpar.runner", *args, "--work-dir", str(work)],
                                        env=env, stdout=log, stderr=subprocess.STDOUT)
        threading.Thread(target=self._watch, args=(log,), daemon=True, name=f"watch-{self.instance_id}").start()

    def _watch(self, log: Any) -> None:
        assert self.process is not None
        kill_after = self.player.faults.kill_after_trials if self.ordinal == 0 else None
        while self.process.poll() is None:
            if kill_after is not None and self.trials_checkpointed() >= kill_after:
                self.process.kill()  # the machine hangs: no heartbeat, no shutdown
                self.process.wait()
                log.close()
                self.exit_code = -9
                return
            time.sleep(0.2)
        log.close()
        self.exit_code = self.process.returncode
        self.player.terminate(self.instance_id)  # the user data's `shutdown -h now`

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.imds.close()


class InstancePlayer(threading.Thread):
    """Watches moto for our new instances and plays each one."""

    def __init__(self, ec2: Any, s3: Any, bucket: str, faults: Faults, poll_s: float = 0.2) -> None:
        super().__init__(daemon=True, name="instance-player")
        self.ec2, self.s3, self.bucket, self.faults, self.poll_s = ec2, s3, bucket, faults, poll_s
        self.instances: dict[str, SimulatedInstance] = {}
        self._stop_event = threading.Event()
        self.errors: list[str] = []

    def run(self) -> None:
        while not self._stop_event.is_set():
            try:
                self._scan()
            except Exception as exc:  # noqa: BLE001 - keep playing; the test sees the errors
                self.errors.append(f"{type(exc).__name__}: {exc}")
            self._stop_event.wait(self.poll_s)

    def _scan(self) -> None:
        pages = self.ec2.get_paginator("describe_instances").paginate(Filters=[
            {"Name": f"tag:{c.TAG_PROJECT}", "Values": [c.PROJECT]},
            {"Name": "instance-state-name", "Values": ["pending", "running"]},
        ])
        for page in pages:
            for reservation in page["Reservations"]:
                for instance in reservation["Instances"]:
                    if instance["InstanceId"] not in self.instances:
                        sim = SimulatedInstance(self, instance, len(self.instances))
                        self.instances[sim.instance_id] = sim
                        sim.boot()

    def terminate(self, instance_id: str) -> None:
        try:
            self.ec2.terminate_instances(InstanceIds=[instance_id])
        except Exception:  # noqa: BLE001, S110 - already terminated by the failure path
            pass

    def stop(self) -> None:
        self._stop_event.set()
        for sim in self.instances.values():
            sim.stop()

    def logs(self) -> dict[str, str]:
        return {i: s.log_path.read_text(errors="replace") if s.log_path.exists() else ""
                for i, s in self.instances.items()}

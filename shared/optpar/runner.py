"""`python -m optpar.runner --job s3://BUCKET/jobs/ID/job.json`: the tuning instance's entry point.

The work is in `optpar.cloud.runner`; this file only reads the command line and the environment.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from .cloud.constants import ENV_IMDS_ENDPOINT
from .cloud.imds import DEFAULT_ENDPOINT


def main(argv: list[str] | None = None) -> int:
    from .cloud.runner import RunnerSettings, run_job

    parser = argparse.ArgumentParser(prog="python -m optpar.runner", description=__doc__.splitlines()[0])
    parser.add_argument("--job", default=os.environ.get("OPTPAR_JOB"), help="s3:// URI of the job's job.json")
    parser.add_argument("--work-dir", type=Path, default=None, help="where to put the data and the output folder")
    args = parser.parse_args(argv)
    if not args.job:
        parser.error("--job (or OPTPAR_JOB) is required")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("botocore").setLevel(logging.WARNING)
    settings = RunnerSettings(args.job, os.environ.get(ENV_IMDS_ENDPOINT, DEFAULT_ENDPOINT), args.work_dir)
    return run_job(settings)


if __name__ == "__main__":
    sys.exit(main())

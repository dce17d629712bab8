"""Build the optpar wheel from the installed package, so the instance runs the code the Lambda layer runs.

The package folder includes `metadata/keras_hyperparameters.csv`, so the CSV travels in the wheel.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

NAME = "optpar"
REQUIRES = ("libcst>=1.1", "boto3>=1.34")
_EPOCH = (2020, 1, 1, 0, 0, 0)  # fixed timestamps: the same code gives the same wheel


def package_dir() -> Path:
    return Path(__file__).resolve().parents[1]


def _files(root: Path) -> Iterator[tuple[str, bytes]]:
    # os.walk follows the metadata symlink of a source checkout; Path.rglob would skip it.
    for folder, dirs, names in sorted(os.walk(root, followlinks=True)):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            path = Path(folder) / name
            if path.suffix not in (".pyc", ".pyo"):
                yield path.relative_to(root.parent).as_posix(), path.read_bytes()


def _digest(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def build_wheel(root: Path | None = None, version: str | None = None) -> tuple[str, bytes]:
    """`(file name, bytes)` of a pure-Python wheel of the package at `root` (default: this one)."""
    from .. import __version__

    root = root or package_dir()
    version = version or __version__
    dist = f"{NAME}-{version}.dist-info"
    meta = ["Metadata-Version: 2.1", f"Name: {NAME}", f"Version: {version}"]
    meta += [f"Requires-Dist: {r}" for r in REQUIRES]
    entries = list(_files(root))
    entries.append((f"{dist}/METADATA", ("\n".join(meta) + "\n").encode()))
    entries.append((f"{dist}/WHEEL", b"Wheel-Version: 1.0\nGenerator: optpar\nRoot-Is-Purelib: true\nTag: py3-none-any\n"))
    record = "".join(f"{name},{_digest(data)},{len(data)}\n" for name, data in entries) + f"{dist}/RECORD,,\n"
    entries.append((f"{dist}/RECORD", record.encode()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, _EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return f"{NAME}-{version}-py3-none-any.whl", buffer.getvalue()


def ensure_wheel(s3: Any, bucket: str, prefix: str = "artifacts/") -> str:
    """Upload the wheel under a content-addressed key unless it is there; returns the key."""
    name, data = build_wheel()
    key = f"{prefix}{hashlib.sha256(data).hexdigest()[:16]}/{name}"
    try:
        s3.head_object(Bucket=bucket, Key=key)
    except s3.exceptions.ClientError:
        s3.put_object(Bucket=bucket, Key=key, Body=data, ContentType="application/zip")
    return key

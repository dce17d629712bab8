"""Find the tunable values in Keras code, by parsing it: the code never runs."""

from __future__ import annotations

from .api import detect_bytes, detect_path, detect_source, parse_tree

__all__ = ["detect_bytes", "detect_path", "detect_source", "parse_tree"]

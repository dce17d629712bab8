"""The whole pipeline on one machine: moto in server mode, the real handlers and ASL, a simulated instance."""

from __future__ import annotations

from .instance import Faults
from .pipeline import LocalOptions, LocalPipeline

__all__ = ["Faults", "LocalOptions", "LocalPipeline"]

"""Names and limits shared across the package. Environment variable names live here too."""

from __future__ import annotations

MAX_SOURCE_BYTES = 2_000_000
"""Largest script or notebook we analyse; real model scripts are far smaller."""

MAX_NOTEBOOK_BYTES = 50_000_000
"""Notebooks carry their outputs (images); only their code counts against MAX_SOURCE_BYTES."""

METADATA_FILENAME = "keras_hyperparameters.csv"

# Environment variables read by handlers and the CLI (never by core code).
ENV_METADATA_PATH = "OPTPAR_METADATA"
ENV_TABLE_NAME = "OPTPAR_TABLE"
ENV_BUCKET = "OPTPAR_BUCKET"
ENV_TOPIC_ARN = "OPTPAR_TOPIC_ARN"

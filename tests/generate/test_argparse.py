"""Scripts configured by argparse: the tuned defaults reach each trial, and optpar's own options don't reach the parser."""

from __future__ import annotations

import ast

from optpar.detect import detect_source

from .helpers import generate, script

CODE = """
import argparse
import keras
import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("--hidden", default=32, type=int)
parser.add_argument("--epochs", default=3, type=int)
args = parser.parse_args()

x = np.random.rand(50, 4)
model = keras.Sequential([keras.layers.Dense(args.hidden), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, x[:, 0], epochs=args.epochs, validation_split=0.2)
"""


def _trial_source(code: str) -> str:
    tree = ast.parse(code)
    trial = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "build_and_train")
    return ast.unparse(trial)


def test_parser_is_rebuilt_in_each_trial_and_reads_no_command_line() -> None:
    source = script(CODE)
    detection = detect_source(source)
    assert {"hidden", "epochs"} <= set(detection.names)
    generated = generate(source, *detection.hyperparameters)
    trial = _trial_source(generated.code)
    assert "parser = argparse.ArgumentParser()" in trial  # a fresh parser: no conflicting options
    assert "default=OPTPAR_HP['hidden']" in trial.replace('"', "'") or "default=HP['hidden']" in trial
    assert "parser.parse_args([])" in trial
    assert "x = np.random.rand(50, 4)" not in trial  # data still loads once
    assert any("parse_args([])" in w for w in generated.warnings)

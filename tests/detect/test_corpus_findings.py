"""Wrong knobs found by running detection over real Keras code (docs/corpus-report.md).

Each fixture is our own code reproducing one pattern; the test names what must stay untouched
and what must still be found.
"""

from __future__ import annotations

import pytest

from .helpers import ASSETS, detect_path

CORPUS = ASSETS / "corpus"

# fixture, (call, param, original) triples that must never be tuned, names that must still be tuned
CASES = [
    ("output_behind_activation.py", [("Conv2D", "filters", 3), ("Activation", "activation", "tanh")], ["conv2d_1.filters"]),
    ("output_alias_scaled.py", [("Dense", "units", 2), ("Dense", "activation", "tanh")], ["dense_1.units"]),
    ("output_in_wrapper.py", [("Dense", "activation", "softmax"), ("Dense", "units", 5)], ["lstm_1.units"]),
    ("sequential_name_reused.py", [("Dense", "units", 3), ("Dense", "activation", "sigmoid")], ["dense_1.units", "dense_3.units"]),
    ("residual_add_channels.py", [("Conv2D", "filters", 3), ("Dense", "units", 24)], ["dense_1.units"]),
    ("residual_shortcut_strides.py", [("Conv2D", "strides", 2)], ["dropout_1.rate"]),
    ("residual_valid_conv.py", [("Conv1D", "kernel_size", 1)], ["learning_rate"]),
    ("gate_activation.py", [("Dense", "activation", "sigmoid")], ["learning_rate"]),
    ("distribution_params.py", [("Dense", "units", 2)], ["dense_1.units"]),
]


@pytest.mark.parametrize(("fixture", "forbidden", "expected"), CASES, ids=[c[0] for c in CASES])
def test_corpus_pattern_is_left_alone(fixture: str, forbidden: list, expected: list[str]) -> None:
    detection = detect_path(CORPUS / fixture)
    tuned = {(h.call, h.param, h.original) for h in detection.hyperparameters}
    for pair in forbidden:
        assert pair not in tuned, f"{fixture}: {pair} must be left alone"
    for name in expected:
        assert name in detection.names, f"{fixture}: {name} should still be tuned"


def test_encoder_decoder_resampling_is_left_alone() -> None:
    detection = detect_path(CORPUS / "encoder_decoder_pooling.py")
    assert not {h.param for h in detection.hyperparameters} & {"strides", "pool_size"}
    assert "conv2d_1.filters" in detection.names


def test_reshape_in_another_model_does_not_block_a_width() -> None:
    assert "conv2d_1.filters" in detect_path(CORPUS / "reshape_value_coincidence.py").names


def test_shell_line_continued_with_backslash_is_skipped() -> None:
    detection = detect_path(CORPUS / "ipython_line_continuation.ipynb")
    assert detection.hyperparameters

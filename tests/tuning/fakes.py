"""Trial functions that need no training: a known loss surface, and failures on demand."""

from __future__ import annotations

from typing import Any


def fake_loss(params: dict[str, Any]) -> float:
    """A deterministic val_loss with a known optimum: units 64, tanh, lr 0.01, kernel (3, 3)."""
    import math

    return (
        abs(params["units"] - 64) / 64
        + (0.0 if params["activation"] == "tanh" else 0.5)
        + abs(math.log10(params["lr"]) + 2)
        + (0.0 if params["kernel"] == (3, 3) else 0.3)
    )


class FakeTrainer:
    """`build_and_train` without Keras: records its calls and returns a history dict."""

    def __init__(self, fail_when: Any = None) -> None:
        self.calls: list[dict[str, Any]] = []
        self.fail_when = fail_when

    def __call__(self, params: dict[str, Any], callbacks: list) -> tuple[None, dict[str, list[float]]]:
        self.calls.append(params)
        if self.fail_when is not None and self.fail_when(params):
            raise ValueError(f"Negative dimension size caused by kernel {params['kernel']}")
        loss = fake_loss(params)
        return None, {"val_loss": [loss + 0.1, loss], "loss": [1.0, 0.9]}

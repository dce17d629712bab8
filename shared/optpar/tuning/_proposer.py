"""hyperopt driven one trial at a time, so the runner decides when to stop, resume or record.

`fmin` runs the whole loop itself; here each step is: ask for a point, train it
(or replay it from the checkpoint), tell the result. With the same seed and the
same history, hyperopt proposes the same next point, which is what resuming uses.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from typing import Any

from ..space import cast_params, to_hyperopt, to_point
from ..types import Hyperparameter, Kind
from .types import Algo, Mode


class Proposer:
    """Proposes points in order: the user's original values first, then `algo`'s."""

    def __init__(
        self, space: Sequence[Hyperparameter], original: Mapping[str, Any], algo: Algo, n_startup_jobs: int, seed: int
    ) -> None:
        import numpy as np
        from hyperopt import base, rand, tpe
        from hyperopt.fmin import generate_trials_to_calculate

        self._space = tuple(space)
        self._expr = to_hyperopt(self._space)
        self._domain = base.Domain(lambda _: 0.0, self._expr)
        self._trials = generate_trials_to_calculate([to_point(self._space, original)])
        self._rstate = np.random.default_rng(seed)
        self._algo = functools.partial(tpe.suggest, n_startup_jobs=n_startup_jobs) if algo is Algo.TPE else rand.suggest
        self._base = base

    def next_params(self) -> dict[str, Any]:
        """The next point, decoded: choices as values, ints where the original was an int."""
        trials = self._trials
        if not any(doc["state"] == self._base.JOB_STATE_NEW for doc in trials._dynamic_trials):
            new_ids = trials.new_trial_ids(1)
            trials.refresh()
            docs = self._algo(new_ids, self._domain, trials, self._rstate.integers(2**31 - 1))
            trials.insert_trial_docs(docs)
            trials.refresh()
        doc = self._pending()
        doc["state"] = self._base.JOB_STATE_RUNNING
        return self._decode(self._base.spec_from_misc(doc["misc"]))

    def tell(self, value: float | None, mode: Mode) -> None:
        """Record the running trial's result; None marks it failed (TPE then ignores it)."""
        from hyperopt import STATUS_FAIL, STATUS_OK

        doc = next(d for d in self._trials._dynamic_trials if d["state"] == self._base.JOB_STATE_RUNNING)
        if value is None:
            doc["result"] = {"status": STATUS_FAIL}
        else:
            doc["result"] = {"status": STATUS_OK, "loss": value if mode is Mode.MIN else -value}
        doc["state"] = self._base.JOB_STATE_DONE
        self._trials.refresh()

    def _pending(self) -> dict[str, Any]:
        return next(d for d in self._trials._dynamic_trials if d["state"] == self._base.JOB_STATE_NEW)

    def _decode(self, spec: Mapping[str, Any]) -> dict[str, Any]:
        from hyperopt import space_eval

        flat = {name: (v[0] if isinstance(v, list) else v) for name, v in spec.items()}
        values = space_eval(self._expr, flat)
        return cast_params(self._space, {h.name: _plain(values[h.name]) for h in self._space})


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


def decode_recorded(space: Sequence[Hyperparameter], params: Mapping[str, Any]) -> dict[str, Any]:
    """Params read back from JSON, with choices restored to the exact values (tuples stay tuples)."""
    out: dict[str, Any] = {}
    for h in space:
        value = params.get(h.name, h.original)
        if h.kind is Kind.CHOICE:
            for choice in h.choices or ():
                if _same(choice, value):
                    value = choice
                    break
        out[h.name] = value
    return cast_params(space, out)


def _same(a: Any, b: Any) -> bool:
    # JSON has no tuples: (3, 3) comes back as [3, 3]; True and 1 stay apart.
    return json.dumps(a, default=repr) == json.dumps(b, default=repr)

"""The dataflow split: which top-level statements run once, in each trial, or after the search.

A statement runs in the trial when it builds a Keras object, reads the
hyperparameter dict, reads a name whose reaching definition runs in the
trial, or calls a helper that does any of these. Everything else (imports,
data loading, definitions) runs once at import. Trial statements after the
tuned `fit` that evaluate the model move to `evaluate_best`.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from ._facts import ModuleFacts, StatementFacts
from .exceptions import NoFitCallError


@dataclass(frozen=True)
class Split:
    trial: frozenset[int]
    evaluate: frozenset[int]
    fit: cst.Call
    fit_statement: int
    """The trial statement that runs the tuned fit (directly or through a helper)."""
    fit_owner: int
    """The top-level statement whose code holds the fit call (a helper's `def` when deferred)."""
    fit_deferred: bool
    """The tuned fit is inside a helper function rather than in a trial statement."""
    model_name: str | None
    globals: tuple[str, ...]
    warnings: tuple[str, ...]
    evaluate_globals: tuple[str, ...] = ()
    """Names `evaluate_best` binds that helpers read as globals (a plot helper reading predictions)."""

    def once(self, count: int) -> list[int]:
        return [i for i in range(count) if i not in self.trial and i not in self.evaluate]


class _Flow:
    def __init__(self, facts: ModuleFacts, hp_name: str) -> None:
        self.facts = facts.statements
        self.hp_name = hp_name
        self.binders: dict[str, list[int]] = {}
        self.deferred_reads: dict[str, set[str]] = {}
        self.deferred_builds: dict[str, bool] = {}
        for f in self.facts:
            for name in f.binds:
                self.binders.setdefault(name, []).append(f.index)
                self.deferred_reads.setdefault(name, set()).update(f.deferred_reads)
                self.deferred_builds[name] = self.deferred_builds.get(name, False) or f.deferred_builds
        self.trial: set[int] = set()

    def reaching(self, index: int, name: str) -> int | None:
        """The statement whose binding of `name` a read at `index` sees (the last one before it)."""
        binders = self.binders.get(name, [])
        before = [j for j in binders if j < index]
        return before[-1] if before else (binders[-1] if binders else None)

    def in_trial(self, name: str) -> bool:
        return name == self.hp_name or any(j in self.trial for j in self.binders.get(name, ()))

    def active(self) -> set[str]:
        """Helpers whose call depends on the trial: they build Keras objects or read trial values."""
        active = {n for n, builds in self.deferred_builds.items() if builds}
        changed = True
        while changed:
            changed = False
            for name, reads in self.deferred_reads.items():
                if name not in active and any(self.in_trial(r) or r in active for r in reads if r != name):
                    active.add(name)
                    changed = True
        return active

    def needs_trial(self, f: StatementFacts, active: set[str]) -> bool:
        if f.builds or self.hp_name in f.reads:
            return True
        return any(self.reaching(f.index, n) in self.trial or n in active for n in f.reads)

    def run(self) -> None:
        changed = True
        while changed:
            changed = False
            active = self.active()
            for f in self.facts:
                if f.index not in self.trial and self.needs_trial(f, active):
                    self.trial.add(f.index)
                    changed = True
            changed = self._pull_shadowed() or changed
            changed = self._pull_mutated() or changed

    def _pull_mutated(self) -> bool:
        """`parser.add_argument(..., default=HP[...])` in the trial changes an object built once:
        build it in the trial too, so each trial starts from a fresh one (and later reads follow)."""
        pulled = False
        for i in sorted(self.trial):
            receiver = _mutated_receiver(self.facts[i].node)
            j = self.reaching(i, receiver) if receiver else None
            if j is not None and j not in self.trial:
                self.trial.add(j)
                pulled = True
        return pulled

    def _pull_shadowed(self) -> bool:
        """A trial statement reading a once value of a name the trial rebinds would see the trial's
        local (or the last trial's global): recompute that value in the trial instead."""
        pulled = False
        for i in sorted(self.trial):
            for name in self.facts[i].reads:
                j = self.reaching(i, name)
                if j is not None and j not in self.trial and any(k in self.trial for k in self.binders[name]):
                    self.trial.add(j)
                    pulled = True
        return pulled


def _mutated_receiver(node: cst.BaseStatement) -> str | None:
    """`x.method(...)` as a statement of its own: the name of `x`."""
    if isinstance(node, cst.SimpleStatementLine) and len(node.body) == 1 and isinstance(node.body[0], cst.Expr):
        call = node.body[0].value
        if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and isinstance(call.func.value, cst.Name):
            return call.func.value.value
    return None


def split_statements(facts: ModuleFacts, hp_name: str) -> Split:
    """Classify the statements of `facts`.

    Raises:
        NoFitCallError: no trial statement or helper calls `fit`.
    """
    flow = _Flow(facts, hp_name)
    flow.run()
    warnings: list[str] = []
    fit, fit_index, owner, deferred = _choose_fit(flow, warnings)
    model_name = None
    if not deferred and isinstance(fit.func, cst.Attribute) and isinstance(fit.func.value, cst.Name):
        model_name = fit.func.value.value
    evaluate = _evaluate_statements(flow, fit_index, model_name)
    trial = frozenset(flow.trial - evaluate)
    names = _globals(flow, trial, evaluate, model_name, warnings)
    helper_reads = {n for f in flow.facts for n in f.deferred_reads}
    evaluate_bound = {n for i in evaluate for n in flow.facts[i].binds}
    # Also names the trial set (globally) that the evaluation updates (`total += ...`).
    trial_bound = {n for i in trial for n in flow.facts[i].binds}
    evaluate_globals = tuple(sorted(evaluate_bound & (helper_reads | (trial_bound & set(names))) - {"model", model_name}))
    return Split(trial, evaluate, fit, fit_index, owner, deferred, model_name, names, tuple(warnings), evaluate_globals)


def _choose_fit(flow: _Flow, warnings: list[str]) -> tuple[cst.Call, int, int, bool]:
    immediate = [(call, f.index, f.index) for f in flow.facts if f.index in flow.trial for call in f.fits]
    active = flow.active()
    deferred: list[tuple[cst.Call, int, int]] = []
    for f in flow.facts:
        if f.index in flow.trial:
            for name in sorted(f.reads & active):
                for j in flow.binders.get(name, []):
                    deferred.extend((call, f.index, j) for call in flow.facts[j].deferred_fits)
    candidates = immediate or deferred
    if not candidates:
        raise NoFitCallError(
            "found no `fit` call that trains the model; optpar optimises a validation metric of fit's history, "
            "so the script must train the model with model.fit(...)"
        )
    count = len({id(c[0]) for c in immediate + deferred})
    if count > 1:
        warnings.append(f"the script calls fit {count} times; optpar tunes the last one that trains in the trial")
    call, index, owner = candidates[-1]
    return call, index, owner, not immediate


def _evaluate_statements(flow: _Flow, fit_index: int, model_name: str | None) -> frozenset[int]:
    evaluate: set[int] = set()
    bound: set[str] = set()
    for f in flow.facts[fit_index + 1:]:
        i = f.index
        # Reads what the evaluation computed, directly or through a helper (a plot of predictions).
        uses_evaluation = bool(f.reads & bound) or any(flow.deferred_reads.get(n, set()) & bound for n in f.reads)
        if i not in flow.trial:
            if uses_evaluation:
                evaluate.add(i)
                bound |= f.binds
            continue
        from_trial = {n for n in f.reads if flow.reaching(i, n) in flow.trial}
        if f.evaluates or (model_name is not None and model_name in from_trial) or from_trial & bound or uses_evaluation:
            evaluate.add(i)
            bound |= f.binds
    return frozenset(evaluate)


def _globals(
    flow: _Flow, trial: frozenset[int], evaluate: frozenset[int], model_name: str | None, warnings: list[str]
) -> tuple[str, ...]:
    """Trial names that helpers (or `evaluate_best`) read as globals, so the trial must bind them globally."""
    bound = {n for i in trial for n in flow.facts[i].binds}
    helper_reads = {n for f in flow.facts for n in f.deferred_reads}
    eval_reads = {n for i in evaluate for n in flow.facts[i].reads if flow.reaching(i, n) in trial} - {model_name}
    late = sorted(bound & eval_reads - helper_reads)
    if late:
        warnings.append(
            f"evaluate_best reads {', '.join(late)}, set by each trial: it sees the last trial's value, "
            "not the best trial's"
        )
    return tuple(sorted(bound & (helper_reads | eval_reads)))

"""`report.html`: one self-contained file, plots embedded as base64 PNG, every text escaped."""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from html import escape
from typing import Any

from ..types import Hyperparameter, Kind
from .types import Mode, TrialRecord, TuneResult

TOP_TRIALS = 10

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}
th{background:#f3f3f3}tr.original{background:#fff6d6}tr.best{background:#e3f6e3}
.plots img{max-width:100%}.small{display:inline-block;margin:4px}.small img{width:320px}
code{background:#f5f5f5;padding:1px 3px}
"""


def build_report(result: TuneResult, space: Sequence[Hyperparameter], title: str = "optpar tuning report") -> str:
    """The report as one HTML string."""
    parts = [
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title>",
        f"<style>{_STYLE}</style></head><body><h1>{escape(title)}</h1>",
        _summary(result),
    ]
    try:
        parts += _plots(result, space)
    except ImportError:  # a bare tuning install without matplotlib still gets the tables
        parts.append("<p>Plots need matplotlib: <code>pip install matplotlib</code>.</p><div>")
    parts += ["</div><h2>Top trials and the original</h2>", _table(result, space), _failures(result)]
    parts.append("</body></html>")
    return "\n".join(parts)


def _plots(result: TuneResult, space: Sequence[Hyperparameter]) -> list[str]:
    ok = [t for t in result.trials if t.ok]
    parts = [
        "<h2>Metric per trial</h2><div class='plots'>",
        _img(_history_plot(result), f"{result.metric} per trial"),
        "</div><h2>Each hyperparameter against the metric</h2><div>",
    ]
    for hp in space:
        parts.append(f"<div class='small'>{_img(_param_plot(hp, ok, result.metric), hp.name)}</div>")
    return parts


def _summary(result: TuneResult) -> str:
    rows = [
        ("metric", f"{result.metric} ({'lower' if result.mode is Mode.MIN else 'higher'} is better)"),
        ("best", f"{_fmt(result.best_loss)} (trial {result.best_trial})"),
        ("original", _fmt(result.original_loss)),
        ("trials", f"{len(result.trials)} of {result.max_evals} ({sum(not t.ok for t in result.trials)} failed)"),
        ("algorithm", result.algorithm),
        ("seed", str(result.seed)),
        ("stopped", result.stop_reason.value),
        ("duration", f"{result.duration_s:.1f} s"),
    ]
    if result.test_metrics:
        rows.append(("test (best model)", ", ".join(f"{k}={_fmt(v)}" for k, v in result.test_metrics.items())))
    if result.test_error:
        rows.append(("test", result.test_error))
    rows += [("warning", w) for w in result.warnings]
    body = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    return f"<table>{body}</table>"


def _table(result: TuneResult, space: Sequence[Hyperparameter]) -> str:
    ok = [t for t in result.trials if t.ok]
    ranked = sorted(ok, key=lambda t: t.loss if result.mode is Mode.MIN else -t.loss)[:TOP_TRIALS]  # type: ignore
    shown = ranked + [t for t in result.trials[:1] if t not in ranked]
    names = [hp.name for hp in space]
    head = "".join(f"<th>{escape(n)}</th>" for n in ["trial", result.metric, "epochs", "seconds", *names])
    rows = []
    for t in shown:
        css = "best" if t.number == result.best_trial else ("original" if t.number == 0 else "")
        label = f"{t.number} (original)" if t.number == 0 else str(t.number)
        cells = [label, _fmt(t.loss), str(t.epochs_run), f"{t.duration_s:.1f}"] + [_fmt(t.params.get(n)) for n in names]
        rows.append(f"<tr class='{css}'>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _failures(result: TuneResult) -> str:
    failed = [t for t in result.trials if not t.ok]
    if not failed:
        return ""
    items = "".join(f"<li>trial {t.number}: <code>{escape(str(t.error))}</code></li>" for t in failed)
    return f"<h2>Failed trials</h2><ul>{items}</ul>"


def _history_plot(result: TuneResult) -> Any:
    fig, ax = _figure(8, 3.5)
    ok = [t for t in result.trials if t.ok]
    ax.scatter([t.number for t in ok], [t.loss for t in ok], s=18, label="trial")
    xs: list[int] = []
    ys: list[float] = []
    better = min if result.mode is Mode.MIN else max
    for t in ok:
        loss = float(t.loss or 0.0)  # ok trials always have a loss
        ys.append(loss if not ys else better(ys[-1], loss))
        xs.append(t.number)
    if xs:
        ax.step(xs, ys, where="post", color="tab:green", label="best so far")
    if result.original_loss is not None:
        ax.axhline(result.original_loss, color="tab:orange", linestyle="--", label="original")
    ax.set_xlabel("trial")
    ax.set_ylabel(result.metric)
    ax.legend(loc="best")
    fig.tight_layout()
    return fig


def _param_plot(hp: Hyperparameter, ok: Sequence[TrialRecord], metric: str) -> Any:
    fig, ax = _figure(4, 3)
    losses = [t.loss for t in ok]
    if hp.kind is Kind.CHOICE:
        labels = [_fmt(c) for c in hp.choices or ()]
        shown = [_fmt(t.params.get(hp.name)) for t in ok]
        xs: list[Any] = [labels.index(v) if v in labels else -1 for v in shown]
        ax.set_xticks(range(len(labels)), labels, rotation=30, fontsize=8)
    else:
        xs = [t.params.get(hp.name) for t in ok]
        if hp.kind in (Kind.LOGUNIFORM, Kind.QLOGUNIFORM):
            ax.set_xscale("log")
    ax.scatter(xs, losses, s=16)
    ax.set_title(hp.name, fontsize=9)
    ax.set_ylabel(metric, fontsize=8)
    fig.tight_layout()
    return fig


def _figure(width: float, height: float) -> tuple[Any, Any]:
    # A bare Figure renders with Agg and touches no pyplot state or GUI backend the user set up.
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    return fig, fig.subplots()


def _img(fig: Any, alt: str) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=80)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f"<img alt='{escape(alt, quote=True)}' src=\"data:image/png;base64,{data}\">"


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list):
        return "(" + ", ".join(_fmt(v) for v in value) + ")"
    return str(value)

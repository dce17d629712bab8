"""Plain HTML pages: the review form and one clear page per outcome. Everything shown is escaped."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Any

from ..types import Hyperparameter, Kind
from ._style import CSS, SECURITY_HEADERS
from .constants import MAX_REASON_CHARS
from .forms import field
from .types import ApprovalRecord, HttpResponse, Snippet

Form = Mapping[str, Sequence[str]]
_INVALID_ROW = ' class="invalid"'
_INVALID_INPUT = ' aria-invalid="true"'


def html_response(status: int, title: str, body: str) -> HttpResponse:
    page = (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta name="robots" content="noindex,nofollow">'
        f"<title>{escape(title)} · optpar</title><style>{CSS}</style></head>"
        f"<body><main>{body}<footer>optpar · hyperparameter search approval</footer></main></body></html>\n"
    )
    return HttpResponse(status=status, body=page, headers=dict(SECURITY_HEADERS))


def message_page(status: int, title: str, message: str, *, tone: str = "notice", details: str = "") -> HttpResponse:
    """One of the outcome pages (forged, expired, already decided, approved, ...). `details` is trusted HTML."""
    body = (
        '<p class="eyebrow">optpar · approval</p>'
        f"<h1>{escape(title)}</h1>"
        f'<div class="alert {escape(tone)}" role="status"><p>{escape(message)}</p></div>{details}'
    )
    return html_response(status, title, body)


def review_page(
    record: ApprovalRecord,
    *,
    action: str,
    expires: int,
    signature: str,
    form: Form | None = None,
    error: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """The review form. `form` re-fills the approver's input after a validation error."""
    hps = record.hyperparameters
    hidden = _hidden(expires, signature, record.csrf_token)
    rows = "".join(_row(i, hp, record.snippets.get(hp.name), form, error) for i, hp in enumerate(hps))
    count = len(hps)
    warnings = record.detection.get("warnings") or []
    body = (
        '<p class="eyebrow">optpar · approval</p>'
        f"<h1>Review the search space for <code>{escape(record.model_name)}</code></h1>"
        f'<p class="lede">optpar found {count} hyperparameter{"s" if count != 1 else ""} to tune. '
        "Untick any you know are right, narrow a range or the choices, then approve to start the search "
        "on a GPU instance, or reject it. Nothing happens until you press a button.</p>"
        f'<dl class="facts"><dt>Model</dt><dd><code>{escape(record.model_key)}</code></dd>'
        f"<dt>Job</dt><dd><code>{escape(record.job_id)}</code></dd>"
        f"<dt>Link works until</dt><dd>{_when(record.expires_at)}</dd></dl>"
        + (
            f'<div class="alert" role="alert" id="error"><p><strong>Nothing was decided.</strong> {escape(error)}</p></div>'
            if error
            else ""
        )
        + f'<form method="post" action="{escape(action)}" class="card" aria-describedby="space-caption">{hidden}'
        '<div class="table-wrap"><table><caption id="space-caption">Detected hyperparameters</caption>'
        '<thead><tr><th scope="col">Tune</th><th scope="col">Hyperparameter</th><th scope="col">From</th>'
        '<th scope="col">Original</th><th scope="col">Kind</th><th scope="col">Range or choices</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
        + _warnings(warnings)
        + '<div class="actions"><button type="submit" class="primary" name="decision" value="approve">'
        "Approve and start the search</button>"
        '<span class="hint">The original values always stay inside the space.</span></div></form>'
        f'<form method="post" action="{escape(action)}" class="card">{hidden}'
        '<h2>Reject</h2><p class="hint">The execution stops and nothing is spent on GPUs.</p>'
        f'<label for="reason">Reason (sent with the notification)</label>'
        f'<textarea id="reason" name="reason" required maxlength="{MAX_REASON_CHARS}">'
        f"{escape(_first(form, 'reason'))}</textarea>"
        '<div class="actions"><button type="submit" class="danger" name="decision" value="reject">'
        "Reject</button></div></form>"
    )
    return html_response(status, f"Review {record.model_name}", body)


def _hidden(expires: int, signature: str, csrf: str) -> str:
    return (
        f'<input type="hidden" name="expires" value="{int(expires)}">'
        f'<input type="hidden" name="sig" value="{escape(signature)}">'
        f'<input type="hidden" name="csrf" value="{escape(csrf)}">'
    )


def _row(index: int, hp: Hyperparameter, snippet: Snippet | None, form: Form | None, error: str | None) -> str:
    invalid = bool(error and error.startswith(f"{hp.name}:"))
    on_id = field(index, "on")
    ticked = True if form is None else bool(form.get(on_id))
    where = f"cell {hp.cell}, line {hp.line}" if hp.cell is not None else f"line {hp.line}"
    if hp.variable and hp.uses:
        lines = ", ".join(str(u.line) for u in hp.uses)
        where += f" · <code>{escape(hp.variable)}</code> used on line{'s' if len(hp.uses) > 1 else ''} {lines}"
    return (
        f"<tr{_INVALID_ROW if invalid else ''}>"
        f'<td><input type="checkbox" class="tune" id="{on_id}" name="{on_id}" value="1"'
        f'{" checked" if ticked else ""}><label class="sr-only" for="{on_id}">Tune {escape(hp.name)}</label></td>'
        f'<th scope="row"><span class="name">{escape(hp.name)}</span>'
        f'<div class="call">{escape(hp.call)}({escape(hp.param)}=…)</div></th>'
        f'<td><span class="where">{where}</span>{_snippet(snippet)}</td>'
        f"<td><code>{escape(_show(hp.original))}</code></td>"
        f'<td><span class="kind">{escape(hp.kind.value)}</span></td>'
        f"<td>{_choices(index, hp, form, invalid) if hp.kind is Kind.CHOICE else _range(index, hp, form, invalid)}</td>"
        "</tr>"
    )


def _snippet(snippet: Snippet | None) -> str:
    if snippet is None:
        return ""
    text, start, end = snippet.text, snippet.start, snippet.end
    if 0 <= start < end <= len(text):
        inner = f"{escape(text[:start])}<mark>{escape(text[start:end])}</mark>{escape(text[end:])}"
    else:
        inner = escape(text)
    return f'<pre class="snippet"><code>{inner}</code></pre>'


def _range(index: int, hp: Hyperparameter, form: Form | None, invalid: bool) -> str:
    parts = []
    for key, value in (("low", hp.low), ("high", hp.high)):
        name = field(index, key)
        shown = _show(value) if form is None else _first(form, name)
        parts.append(
            f'<label for="{name}">{key}</label><input type="number" step="any" inputmode="decimal" '
            f'id="{name}" name="{name}" value="{escape(shown)}" aria-label="{escape(hp.name)} {key}"'
            f"{_INVALID_INPUT if invalid else ''}>"
        )
    notes = []
    if hp.q is not None:
        notes.append(f"step {escape(_show(hp.q))}")
    if hp.kind in (Kind.LOGUNIFORM, Kind.QLOGUNIFORM):
        notes.append("log scale")
    note = f'<div class="hint">{", ".join(notes)}</div>' if notes else ""
    return f'<div class="range">{"".join(parts)}</div>{note}'


def _choices(index: int, hp: Hyperparameter, form: Form | None, invalid: bool) -> str:
    name = field(index, "choice")
    kept = None if form is None else set(form.get(name, ()))
    boxes = []
    for j, value in enumerate(hp.choices or ()):
        box_id = f"{name}-{j}"
        is_original = repr(value) == repr(hp.original)
        checked = is_original or kept is None or str(j) in kept
        # The original must stay: its box is shown ticked and fixed, and a hidden field carries it.
        extra = (
            f' disabled title="the original value stays"><input type="hidden" name="{name}" value="{j}"'
            if is_original
            else ""
        )
        boxes.append(
            f'<label for="{box_id}"><input type="checkbox" id="{box_id}" name="{name}" value="{j}"'
            f"{' checked' if checked else ''}{extra}><code>{escape(_show(value))}</code>"
            + ('<span class="original-tag">(original)</span>' if is_original else "")
            + "</label>"
        )
    add = field(index, "add")
    return (
        f'<fieldset class="choices"><legend class="sr-only">Choices for {escape(hp.name)}</legend>{"".join(boxes)}</fieldset>'
        f'<label class="hint" for="{add}">Add choices (comma-separated)</label> '
        f'<input type="text" id="{add}" name="{add}" value="{escape(_first(form, add))}" '
        f'placeholder="e.g. {escape(_example(hp))}"' + (_INVALID_INPUT if invalid else "") + ">"
    )


def _warnings(warnings: Iterable[str]) -> str:
    items = "".join(f"<li>{escape(str(w))}</li>" for w in warnings)
    return f"<details><summary>Detection notes</summary><ul>{items}</ul></details>" if items else ""


def _example(hp: Hyperparameter) -> str:
    original = hp.original
    if isinstance(original, bool):
        return "True, False"
    if isinstance(original, int):
        return f"{original * 2}, {original * 4}"
    if isinstance(original, float):
        return f"{original / 10:g}"
    return "elu, selu" if isinstance(original, str) else ""


def _show(value: Any) -> str:
    if isinstance(value, float):
        text = repr(value)
        return text.removesuffix(".0")
    if isinstance(value, (list, tuple)):
        return "(" + ", ".join(_show(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    return repr(value) if isinstance(value, str) else str(value)


def _first(form: Form | None, key: str) -> str:
    if not form:
        return ""
    values = form.get(key) or ("",)
    return values[0]


def _when(epoch: int) -> str:
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(epoch))
    iso = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))
    return f'<time datetime="{iso}">{stamp}</time>'

"""The review page: escaped, labelled, with the snippet's literal marked, and no secrets in it."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from optpar.approval.render import message_page, review_page
from optpar.approval.types import ApprovalRecord, Snippet, Status

DETECTION = json.loads((Path(__file__).parent / "assets" / "space.json").read_text())


def record(**changes: object) -> ApprovalRecord:
    base = ApprovalRecord(
        approval_id="abc",
        job_id="job-1",
        model_key="uploads/digits_mlp.py",
        space_key="jobs/job-1/space.json",
        detection=DETECTION,
        snippets={"rate": Snippet("layers.Dropout(0.2),", 15, 18)},
        csrf_token="csrf-token-value",
        status=Status.PENDING,
        created_at=0,
        expires_at=1_900_000_000,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def render(rec: ApprovalRecord, **kw: object) -> str:
    return review_page(rec, action="abc", expires=1_900_000_000, signature="sig-value", **kw).body  # type: ignore[arg-type]


def test_the_page_lists_every_hyperparameter_with_its_line_original_and_kind() -> None:
    html = render(record())
    assert "digits_mlp.py" in html
    for hp in DETECTION["hyperparameters"]:
        assert f'<span class="name">{hp["name"]}</span>' in html
        assert f"line {hp['line']}" in html
    assert '<span class="kind">loguniform</span>' in html
    assert "layers.Dropout(<mark>0.2</mark>)," in html


def test_every_control_has_a_label() -> None:
    html = render(record())
    assert '<label class="sr-only" for="hp-0-on">Tune units</label>' in html
    assert '<label for="hp-0-low">low</label>' in html
    assert '<label for="reason">' in html
    assert '<caption id="space-caption">' in html


def test_both_forms_carry_the_csrf_token_and_the_signature() -> None:
    html = render(record())
    assert html.count('name="csrf" value="csrf-token-value"') == 2
    assert html.count('name="sig" value="sig-value"') == 2


def test_names_snippets_and_keys_are_escaped() -> None:
    evil = "<script>alert(1)</script>"
    hps = [dict(DETECTION["hyperparameters"][2], name=evil, call=evil)]
    rec = record(
        detection={"source": evil, "hyperparameters": hps, "warnings": [evil]},
        snippets={evil: Snippet(evil, 0, 8)},
        model_key=f"uploads/{evil}.py",
        job_id=evil,
    )
    html = render(rec, form={"reason": [evil]}, error=f"{evil}: bad")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_an_error_is_announced_and_the_approvers_input_is_kept() -> None:
    form = {"hp-0-on": ["1"], "hp-0-low": ["64"], "hp-0-high": ["128"], "reason": ["too wide"]}
    html = render(record(), form=form, error="units: the original value 32 must lie inside [64, 128]", status=422)
    assert 'role="alert"' in html and "Nothing was decided." in html
    assert 'name="hp-0-low" value="64"' in html
    assert '<tr class="invalid">' in html
    assert 'id="hp-2-on" name="hp-2-on" value="1">' in html  # unticked rows stay unticked
    assert "too wide</textarea>" in html


def test_the_page_is_not_cached_framed_or_scripted() -> None:
    response = message_page(403, "This link is not valid", "changed")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp and "script-src" not in csp
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "same-origin"

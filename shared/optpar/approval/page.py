"""The review page: GET shows, POST decides. Every failure is a clear page that changed nothing.

GET never changes anything, because mail scanners open links before people do.
"""

from __future__ import annotations

import logging
from html import escape
from urllib.parse import quote

from ..exceptions import SpaceValidationError
from . import csrf, decide, signing
from .constants import MAX_REASON_CHARS
from .exceptions import (
    AlreadyDecidedError,
    ApprovalNotFoundError,
    CsrfError,
    ExecutionGoneError,
    ExpiredLinkError,
    ForgedLinkError,
)
from .forms import review_from_form
from .render import message_page, review_page
from .store import ApprovalStore
from .types import ApprovalRecord, Clients, HttpRequest, HttpResponse, Settings, Status

log = logging.getLogger(__name__)


def handle(request: HttpRequest, settings: Settings, clients: Clients, *, now: int) -> HttpResponse:
    """Answer one request to `/approve/{approval_id}`."""
    if request.method not in ("GET", "POST"):
        return message_page(405, "Method not allowed", "Open the link from your email.", tone="warn")
    try:
        expires = signing.verify(
            settings.secret, request.approval_id, request.value("expires"), request.value("sig"), now=now
        )
        record = ApprovalStore(clients.dynamodb, settings.table).get(request.approval_id)
        if record.status is not Status.PENDING:
            return decided_page(record, status=200 if request.method == "GET" else 409)
        if record.expires_at <= now:
            raise ExpiredLinkError("the approval has expired")
        if request.method == "GET":
            return _form(record, request, expires)
        return _post(record, request, expires, settings, clients, now)
    except ForgedLinkError:
        return message_page(
            403,
            "This link is not valid",
            "The link was changed or is incomplete, so it cannot be used. Nothing was decided. "
            "Open the link exactly as it appears in the email.",
            tone="warn",
        )
    except ExpiredLinkError:
        return message_page(
            410,
            "This link has expired",
            "The time to review this search space has run out. Nothing was decided; "
            "the execution ends with a notification saying that no one decided in time.",
            tone="warn",
        )
    except ApprovalNotFoundError:
        return message_page(
            404, "No such approval", "There is no approval waiting behind this link. Nothing was decided.", tone="warn"
        )
    except AlreadyDecidedError as exc:
        return message_page(409, "Already decided", f"This search space was already {exc.status}. Nothing changed.")


def _form(record: ApprovalRecord, request: HttpRequest, expires: int, **kw: object) -> HttpResponse:
    return review_page(record, action=_action(request), expires=expires, signature=request.value("sig"), **kw)  # type: ignore[arg-type]


def _action(request: HttpRequest) -> str:
    # Relative to the page (`/approve/{id}`), so it works behind any stage prefix or custom domain.
    return quote(request.approval_id, safe="")


def _post(
    record: ApprovalRecord, request: HttpRequest, expires: int, settings: Settings, clients: Clients, now: int
) -> HttpResponse:
    try:
        csrf.check(record.csrf_token, request.value("csrf"), request.headers, settings.api_url)
    except CsrfError as exc:
        return message_page(
            403, "Request refused", f"{exc}. Nothing was decided. Open the link from your email again.", tone="warn"
        )
    decision = request.form.get("decision", ("",))[0]
    try:
        if decision == "approve":
            try:
                review = review_from_form(record.hyperparameters, request.form)
            except SpaceValidationError as exc:
                return _form(record, request, expires, form=request.form, error=str(exc), status=422)
            outcome = decide.approve(record, review, settings, clients, now=now)
            kept = ", ".join(outcome.kept)
            return message_page(
                200,
                "Approved",
                f"The search starts with {len(outcome.kept)} hyperparameter"
                f"{'s' if len(outcome.kept) != 1 else ''}: {kept}.",
                tone="ok",
                details=_changes(review.removed, review.edited),
            )
        if decision == "reject":
            reason = request.form.get("reason", ("",))[0].strip()
            if not reason or len(reason) > MAX_REASON_CHARS:
                error = f"reason: write why you reject it, in at most {MAX_REASON_CHARS} characters"
                return _form(record, request, expires, form=request.form, error=error, status=422)
            decide.reject(record, reason, settings, clients, now=now)
            return message_page(
                200, "Rejected", "The execution stops and nothing is spent on GPUs. A notification says why.", tone="ok"
            )
    except ExecutionGoneError:
        return message_page(
            410,
            "The execution no longer waits",
            "It timed out or was stopped before your decision arrived, so nothing was started.",
            tone="warn",
        )
    except (AlreadyDecidedError, ExpiredLinkError):
        raise
    except Exception:  # an AWS call failed; the claim was given back (decide.py), so a retry can work
        log.exception("the decision could not be recorded")
        return message_page(
            503,
            "Please try again",
            "The decision could not be recorded just now. Nothing was decided.",
            tone="warn",
        )
    return message_page(400, "Unknown decision", "Use the Approve or Reject button on the review page.", tone="warn")


def decided_page(record: ApprovalRecord, *, status: int) -> HttpResponse:
    when = ""
    if record.status is Status.GONE:
        message = "A decision was made, but the execution had already stopped waiting. Nothing changed."
    else:
        message = f"This search space was already {record.status.value}. Nothing changed."
    if record.status is Status.APPROVED:
        when = _changes(record.removed, record.edited)
    return message_page(status, "Already decided", message, details=when)


def _changes(removed: tuple[str, ...], edited: tuple[str, ...]) -> str:
    parts = []
    if removed:
        parts.append(f"<p>Removed: {escape(', '.join(removed))}</p>")
    if edited:
        parts.append(f"<p>Edited: {escape(', '.join(edited))}</p>")
    return "".join(parts)

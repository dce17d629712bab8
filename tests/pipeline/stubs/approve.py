"""A stand-in for the approval request handler: keeps the task token where the test can find it.

The real handler (issue 5) emails a signed link; the tests play the person who clicks it.
"""

from __future__ import annotations

TOKENS: dict[str, str] = {}
EVENTS: list[dict] = []


def handler(event: dict, context: object) -> dict:
    TOKENS[event["job_id"]] = event["task_token"]
    EVENTS.append({k: v for k, v in event.items() if k != "task_token"})
    return {"requested": True}

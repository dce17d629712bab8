"""Placeholder so that `sam build` finds the handler: issue 5 (human approval) replaces this file."""

from __future__ import annotations


def handler(event: dict, context: object) -> dict:
    raise NotImplementedError("the approval handlers are not implemented yet (issue 5)")

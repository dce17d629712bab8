"""The review page in a real browser: Debian's Chromium driven by Playwright, over HTTP to the local server."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from optpar.space import apply_edits
from optpar.types import Hyperparameter

from .conftest import BUCKET, ROOT, Stack
from .test_page_http import APPROVED_KEY, DETECTED

pytestmark = [pytest.mark.aws, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT = ROOT / "docs" / "approval-page.png"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium: bash scripts/install_browser.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield chromium
        chromium.close()


def test_untick_narrow_and_approve_in_a_browser(stack: Stack, browser: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    arn, link = stack.start()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Review the search space for digits_mlp.py")

    page.get_by_label("Tune rate").uncheck()
    page.get_by_label("units high").fill("64")
    # OPTPAR_UPDATE_SCREENSHOT=1 refreshes the README's picture; otherwise it is only proof the page renders.
    shot = SCREENSHOT if os.environ.get("OPTPAR_UPDATE_SCREENSHOT") == "1" else tmp_path / "approval-page.png"
    page.screenshot(path=str(shot), full_page=True)
    page.get_by_role("button", name="Approve and start the search").click()

    expect(page.get_by_role("heading", name="Approved")).to_be_visible()
    expect(page.get_by_text("Removed: rate")).to_be_visible()
    output = json.loads(stack.wait_status(arn, "SUCCEEDED")["output"])
    assert output == {"space_key": APPROVED_KEY, "removed": ["rate"], "edited": ["units"]}
    approved = json.loads(stack.s3.get_object(Bucket=BUCKET, Key=APPROVED_KEY)["Body"].read())
    expected = apply_edits(DETECTED, {"rate": {"enabled": False}, "units": {"high": 64}})
    assert tuple(Hyperparameter.from_dict(h) for h in approved["hyperparameters"]) == expected

    page.go_back()  # the page is never cached, so going back asks again and shows the decision, not the form
    expect(page.get_by_role("heading", name="Already decided")).to_be_visible()
    expect(page.get_by_role("button", name="Approve and start the search")).to_have_count(0)


def test_an_invalid_range_is_explained_in_the_browser(stack: Stack, browser: Any) -> None:
    from playwright.sync_api import expect

    arn, link = stack.start()
    page = browser.new_page()
    page.goto(link)
    page.get_by_label("learning_rate low").fill("0.01")  # above the original 0.001
    page.get_by_role("button", name="Approve and start the search").click()
    expect(page.get_by_role("alert")).to_contain_text("learning_rate: the original value 0.001 must lie inside")
    expect(page.get_by_label("learning_rate low")).to_have_value("0.01")
    assert stack.sfn.describe_execution(executionArn=arn)["status"] == "RUNNING"

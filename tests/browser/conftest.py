"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Chromium comes from the system (`CHROMIUM_PATH`, default /usr/bin/chromium); Playwright's own
browser downloads are never used. Without Chromium the tests say so loudly and skip, except with
CI=true, where they fail.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright
from pytest_django.live_server_helper import LiveServer

from tests.browser.steps import sign_in_through_form
from tests.cast import Cast, make_cast

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TABLET: ViewportSize = {"width": 1024, "height": 768}
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session (per xdist worker)."""
    if not Path(CHROMIUM).is_file():
        message = (
            f"\n{'!' * 78}\n"
            f"!! Chromium not found at {CHROMIUM}: the browser tests cannot run.\n"
            "!! Install Debian's `chromium` package or set CHROMIUM_PATH.\n"
            f"{'!' * 78}\n"
        )
        print(message, file=sys.stderr)
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message.strip())
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A fresh browser context (no cookies) at tablet size, pointed at the live server."""
    context = browser.new_context(
        viewport=TABLET, base_url=live_server.url, locale="en-GB", timezone_id="Europe/London"
    )
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def cast(transactional_db: None) -> Cast:
    """The named cast, committed so that the live server's thread sees it."""
    return make_cast()


@pytest.fixture
def sign_in(page: Page) -> Callable[[str], None]:
    """Sign in through the real form as the person with this e-mail address."""

    def sign_in_as(email: str) -> None:
        sign_in_through_form(page, email)

    return sign_in_as


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go (git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS

"""Steps several browser tests take."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.cast import PASSWORD

SIGN_IN = "/accounts/sign-in/"


def sign_in_through_form(page: Page, email: str) -> None:
    """Sign in with the real form and wait until the page after it has loaded."""
    page.goto(SIGN_IN)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: SIGN_IN not in url)
    page.wait_for_load_state()

"""Signing in and moving about with the keyboard alone."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.cast import PASSWORD, Cast


def focused(page: Page) -> str:
    """A short description of the element that has the keyboard focus."""
    description: str = page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return "body";
            return el.id ? `#${el.id}` : `${el.tagName.toLowerCase()}:${el.textContent.trim()}`;
        }"""
    )
    return description


@pytest.mark.browser
def test_keyboard_only_sign_in(page: Page, cast: Cast, live_server: LiveServer) -> None:
    page.goto("/accounts/sign-in/")
    # The e-mail field has the focus on arrival...
    assert focused(page) == "#id_email"
    # ...and before it, from the top of the page, come the skip link, the logo and the library.
    for _ in range(3):
        page.keyboard.press("Shift+Tab")
    assert focused(page) == "a:Skip to content"
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_in_viewport()  # shown when focused, not left off-screen

    # Now forward from the top: skip link, logo, library, e-mail, password, Enter.
    page.keyboard.press("Tab")
    assert focused(page) == "a:Stretchwise"
    page.keyboard.press("Tab")
    assert focused(page) == "a:Stretch library"
    page.keyboard.press("Tab")
    assert focused(page) == "#id_email"
    page.keyboard.type("theo@riverside.example")
    page.keyboard.press("Tab")
    assert focused(page) == "#id_password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Today at Riverside")


@pytest.mark.browser
def test_wrong_password_keeps_the_address_and_says_so(page: Page, cast: Cast) -> None:
    page.goto("/accounts/sign-in/")
    page.keyboard.type("theo@riverside.example")
    page.keyboard.press("Tab")
    page.keyboard.type("not the password")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("do not match")
    expect(page.get_by_label("E-mail address")).to_have_value("theo@riverside.example")


@pytest.mark.browser
def test_skip_link_jumps_past_the_navigation(
    page: Page, cast: Cast, sign_in: Callable[[str], None]
) -> None:
    sign_in("theo@riverside.example")
    page.goto("/clients/")
    page.keyboard.press("Tab")
    assert focused(page) == "a:Skip to content"
    expect(page.get_by_role("link", name="Skip to content")).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert focused(page) == "#main"
    # The next Tab lands in the page's content (its primary action), not in the top bar.
    page.keyboard.press("Tab")
    assert focused(page) == "a:Add a client"
    expect(page.get_by_role("link", name="Skip to content")).not_to_be_in_viewport()
    # The focus is visible: a keyboard user can see where they are.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), outline

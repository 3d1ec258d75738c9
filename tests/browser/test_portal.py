"""A client's own login: their records and those in their care, nobody else's."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.cast import Cast


@pytest.mark.browser
def test_client_login_sees_own_records_only(
    page: Page, cast: Cast, sign_in: Callable[[str], None]
) -> None:
    sign_in("pia@home.example")
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Pia")
    records = page.get_by_role("main").get_by_role("link")
    expect(records).to_have_count(2)
    expect(page.get_by_role("heading", level=2)).to_have_text(["Kit Pearson", "Pia Pearson"])
    # No clinic navigation for a client: only the public library.
    expect(page.get_by_role("navigation", name="Main").get_by_role("link")).to_have_text(
        ["Stretch library"]
    )

    records.filter(has_text="Kit Pearson").click()
    expect(page).to_have_url(re.compile(f"/me/{cast.kit.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kit Pearson")
    expect(page.get_by_text("29 February 2016")).to_be_visible()

    response = page.goto(f"/me/{cast.cal.pk}/")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_text("Cal Cooper")).to_have_count(0)

    # The clinic's own page for a record sends a client login back to their pages.
    page.goto(f"/clients/{cast.cal.pk}/")
    expect(page).to_have_url(re.compile(r"/me/$"))

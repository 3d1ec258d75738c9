"""A therapist's round trip: sign in, add a client, find them, open their page, sign out."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from stretchwise.clients.models import Client
from tests.cast import Cast

THERAPIST = "theo@riverside.example"


@pytest.mark.browser
def test_add_find_open_and_sign_out(page: Page, cast: Cast, sign_in: Callable[[str], None]) -> None:
    sign_in(THERAPIST)
    expect(page.get_by_role("heading", level=1)).to_have_text("Today at Riverside")

    page.get_by_role("link", name="Add a client").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a client")
    page.get_by_label("First name").fill("Maren")
    page.get_by_label("Last name").fill("Lindqvist")
    page.get_by_label("Date of birth").fill("1975-03-14")
    page.get_by_label("Sex").select_option(label="Female")
    page.get_by_label("Phone", exact=False).first.fill("07700 900222")
    page.locator("#id_email").fill("maren@home.example")
    page.locator("#id_emergency_contact_name").fill("Jon Lindqvist")
    page.locator("#id_emergency_contact_phone").fill("07700 900333")
    page.get_by_role("button", name="Add client").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Maren Lindqvist")
    expect(page.get_by_role("status").first).to_contain_text("Maren Lindqvist is added")
    added = Client.objects.get(last_name="Lindqvist")
    assert added.clinic == cast.clinic
    assert added.primary_therapist == cast.therapist

    # Live search: htmx swaps the results in place, without loading a new page.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Clients").click()
    expect(page.get_by_role("link", name="Pearson, Pia")).to_be_visible()
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Search by name, e-mail or phone").fill("lindq")
    results = page.locator("#client-results")
    expect(results.get_by_role("link", name="Lindqvist, Maren")).to_be_visible()
    expect(results.get_by_role("link", name="Pearson, Pia")).to_have_count(0)
    assert page.evaluate("window.stillTheSamePage") is True
    expect(page).to_have_url(f"{page.url.split('?')[0]}?q=lindq")

    page.get_by_label("Search by name, e-mail or phone").fill("no such person")
    expect(results).to_contain_text("No client matches")

    # The same search by pressing Enter (what works without JavaScript too).
    page.goto("/clients/")
    search = page.get_by_label("Search by name, e-mail or phone")
    search.press_sequentially("Maren")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q=Maren"))
    expect(results.get_by_role("link", name="Lindqvist, Maren")).to_be_visible()
    expect(results.get_by_role("row")).to_have_count(2)  # the header row and Maren's

    results.get_by_role("link", name="Lindqvist, Maren").click()
    expect(page).to_have_url(re.compile(f"/clients/{added.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Maren Lindqvist")
    banner = page.get_by_role("status", name="Clearance")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Not yet screened")
    expect(page.get_by_text("07700 900222")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    page.goto(f"/clients/{added.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


@pytest.mark.browser
def test_form_errors_show_beside_the_field_and_in_the_summary(
    page: Page, cast: Cast, sign_in: Callable[[str], None]
) -> None:
    before = Client.objects.count()
    sign_in(THERAPIST)
    page.goto("/clients/new/")
    page.get_by_label("First name").fill("Future")
    page.get_by_label("Last name").fill("Person")
    page.get_by_label("Date of birth").fill("2099-01-01")
    page.locator("#id_phone").fill("call me maybe")
    page.get_by_role("button", name="Add client").click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("Please fix 2 problems")
    expect(summary).to_contain_text("The date of birth cannot be in the future.")
    expect(summary.get_by_role("link", name="Date of birth")).to_have_attribute(
        "href", "#id_date_of_birth"
    )
    expect(summary.get_by_role("link", name="Phone")).to_have_attribute("href", "#id_phone")

    born = page.locator(".field", has=page.locator("#id_date_of_birth"))
    expect(born.locator(".error")).to_have_text("The date of birth cannot be in the future.")
    date_input = page.get_by_label("Date of birth")
    expect(date_input).to_have_attribute("aria-invalid", "true")
    # The message is the field's accessible description, so a screen reader reads it out.
    expect(date_input).to_have_accessible_description("The date of birth cannot be in the future.")
    phone = page.locator(".field", has=page.locator("#id_phone"))
    expect(phone.locator(".error")).to_contain_text("Enter a phone number of 6 to 16 digits")
    # What was typed is kept, so nothing has to be entered twice.
    expect(page.get_by_label("First name")).to_have_value("Future")
    expect(page.get_by_label("Last name")).to_have_value("Person")

    assert Client.objects.count() == before
    assert not Client.objects.filter(last_name="Person").exists()

"""A visitor filters the public library and opens a stretch; no sign-in needed."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from stretchwise.library.knowledge import knowledge_base


@pytest.mark.browser
def test_a_visitor_filters_the_library_and_opens_a_stretch(page: Page) -> None:
    page.goto("/library/")
    expect(page.get_by_role("heading", name="Stretch library")).to_be_visible()
    calf = sum(1 for s in knowledge_base().assisted if s.region == "calf")
    page.get_by_label("Region").select_option("calf")
    # htmx swaps the results in place when a filter changes; wait for the new count.
    expect(page.locator("#stretch-results > p.muted")).to_have_text(f"{calf} stretches")
    first = page.locator("#stretch-results .card h2 a").first
    expect(first).to_be_visible()
    names = page.locator("#stretch-results .card .muted").all_inner_texts()
    assert names
    assert all(n.startswith("Calf") for n in names)
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("heading", name="Who must not receive it")).to_be_visible()
    expect(page.get_by_role("heading", name="Dosing by technique")).to_be_visible()

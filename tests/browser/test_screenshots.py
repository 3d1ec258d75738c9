"""Screenshots of the main pages at tablet, phone and laptop sizes, for people to look at.

They go to test-artifacts/ (git-ignored). The test also measures the touch targets: every
button and form control must be at least 44 x 44 px at every size (UI.md).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize
from pytest_django.live_server_helper import LiveServer

from stretchwise.clients.models import ConsentKind, ConsentMethod, GivenBy, record_consent
from stretchwise.visits.models import Visit, VisitStatus
from tests.browser.steps import sign_in_through_form
from tests.cast import Cast

SIZES: dict[str, ViewportSize] = {
    "tablet": {"width": 1024, "height": 768},
    "phone": {"width": 390, "height": 844},
    "laptop": {"width": 1440, "height": 900},
}
MIN_TARGET = 44

# Every small target fails the test; nothing is waved through.
KNOWN_SMALL: tuple[str, ...] = ()

# Controls the finger must hit. Links inside running text are exempt (WCAG 2.5.8).
SMALL_TARGETS = """(MIN) => {
    const controls = document.querySelectorAll(
        "button, .button, input:not([type=hidden]), select, textarea, summary, .nav a"
    );
    const small = [];
    for (const el of controls) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;  // not shown
        if (el.closest(".visually-hidden, .skip-link")) continue;
        const radioOrCheck = el.matches("input[type=radio], input[type=checkbox]");
        // A radio or tick box counts with its label, which is part of the target.
        const label = radioOrCheck && el.labels.length ? el.labels[0].getBoundingClientRect() : box;
        const height = Math.max(box.height, label.height);
        const width = radioOrCheck ? box.width + label.width : box.width;
        if (height < MIN || width < MIN) {
            const size = `${Math.round(width)} x ${Math.round(height)}`;
            small.push(`${el.outerHTML.slice(0, 90)} is ${size}`);
        }
    }
    return small;
}"""

OVERFLOW = """() => document.documentElement.scrollWidth > document.documentElement.clientWidth"""


def give_the_cast_some_history(cast: Cast) -> None:
    """A few visits and a consent, so the pages show what they look like in use."""
    clinic = cast.clinic
    today = clinic.today()
    at = datetime.combine(today, time(15, 30), tzinfo=clinic.tz)
    Visit.objects.create(client=cast.pia, therapist=cast.therapist, starts_at=at, minutes=60)
    Visit.objects.create(
        client=cast.kit, therapist=cast.therapist, starts_at=at + timedelta(days=1), minutes=45
    )
    Visit.objects.create(
        client=cast.pia,
        therapist=cast.therapist,
        starts_at=at - timedelta(days=6),
        status=VisitStatus.ATTENDED,
    )
    record_consent(
        cast.pia,
        kind=ConsentKind.TREATMENT,
        given_by=GivenBy.CLIENT,
        given_by_name="Pia Pearson",
        method=ConsentMethod.choices[0][0],
        given_on=today - timedelta(days=6),
        by=cast.therapist,
    )


def submit(page: Page) -> None:
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.browser
def test_screenshots_at_three_sizes(
    browser: Browser, live_server: LiveServer, cast: Cast, artifacts: Path
) -> None:
    give_the_cast_some_history(cast)
    problems: list[str] = []
    shots: list[Path] = []
    for size_name, viewport in SIZES.items():
        context = browser.new_context(
            viewport=viewport,
            base_url=live_server.url,
            locale="en-GB",  # the cast's clinic is in London
            timezone_id="Europe/London",
        )
        context.set_default_timeout(10_000)
        page = context.new_page()

        def shoot(name: str, page: Page = page, size_name: str = size_name) -> None:
            path = artifacts / f"{size_name}-{name}.png"
            page.screenshot(path=str(path), full_page=True)
            shots.append(path)
            small: list[str] = page.evaluate(SMALL_TARGETS, MIN_TARGET)
            problems.extend(f"{size_name} {name}: {s}" for s in small)
            if page.evaluate(OVERFLOW):
                problems.append(f"{size_name} {name}: the page scrolls sideways")

        pages: list[tuple[str, str, Any]] = [
            ("dashboard", "/", None),
            ("client-list", "/clients/", None),
            ("client-page", f"/clients/{cast.pia.pk}/", None),
            ("client-page-minor", f"/clients/{cast.kit.pk}/", None),
            ("client-form-errors", "/clients/new/", submit),
            ("consent-form", f"/clients/{cast.pia.pk}/consents/sensitive_contact/new/", None),
            ("team", "/team/", None),
            ("settings", "/settings/", None),
        ]
        page.goto("/accounts/sign-in/")
        shoot("sign-in")
        sign_in_through_form(page, cast.admin.email)
        for name, path, then in pages:
            page.goto(path)
            if then is not None:
                then(page)
            shoot(name)
        context.clear_cookies()
        sign_in_through_form(page, cast.client_login.email)
        shoot("portal")
        page.goto(f"/me/{cast.pia.pk}/")
        shoot("portal-record")
        context.close()

    assert all(path.stat().st_size > 0 for path in shots)
    known = [p for p in problems if any(k in p for k in KNOWN_SMALL)]
    (artifacts / "touch-targets.txt").write_text("\n".join(problems) + "\n")
    print(f"{len(shots)} screenshots in {artifacts}; {len(known)} known small targets:")
    print("\n".join(known))
    new = [p for p in problems if p not in known]
    assert not new, "Touch targets or layout:\n" + "\n".join(new)

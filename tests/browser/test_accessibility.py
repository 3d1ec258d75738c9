"""axe-core finds no serious or critical violations on the main pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from stretchwise.library.knowledge import knowledge_base
from tests.cast import Cast

BLOCKING = {"serious", "critical"}
ANYONE = ""


def submit_empty(page: Page) -> None:
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_selector("#form-problems")


def submit_future_birth(page: Page) -> None:
    page.get_by_label("First name").fill("Future")
    page.get_by_label("Last name").fill("Person")
    page.get_by_label("Date of birth").fill("2099-01-01")
    page.locator("#id_phone").fill("call me maybe")
    submit_empty(page)


def search_for_pearson(page: Page) -> None:
    page.get_by_label("Search by name, e-mail or phone").fill("Pearson")
    page.get_by_role("link", name="Pearson, Kit").wait_for()
    page.get_by_role("link", name="Cooper, Cal").wait_for(state="detached")


def wrong_password(page: Page) -> None:
    page.get_by_label("E-mail address").fill("theo@riverside.example")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("#form-problems")


@dataclass(frozen=True)
class Screen:
    """A page to check: who looks at it, where it is, and what they do first."""

    name: str
    who: str
    path: Callable[[Cast], str]
    then: Callable[[Page], None] | None = field(default=None)


SCREENS = [
    Screen("sign-in", ANYONE, lambda c: "/accounts/sign-in/"),
    Screen("sign-in with an error", ANYONE, lambda c: "/accounts/sign-in/", wrong_password),
    Screen("password reset", ANYONE, lambda c: "/accounts/password-reset/"),
    Screen("dashboard", "theo@riverside.example", lambda c: "/"),
    Screen("dashboard (admin)", "ada@riverside.example", lambda c: "/"),
    Screen("client list", "theo@riverside.example", lambda c: "/clients/"),
    Screen(
        "client list, searched", "theo@riverside.example", lambda c: "/clients/", search_for_pearson
    ),
    Screen("client page", "theo@riverside.example", lambda c: f"/clients/{c.pia.pk}/"),
    Screen("client page, a minor", "theo@riverside.example", lambda c: f"/clients/{c.kit.pk}/"),
    Screen("client form", "theo@riverside.example", lambda c: "/clients/new/"),
    Screen(
        "client form, empty sent",
        "theo@riverside.example",
        lambda c: "/clients/new/",
        submit_empty,
    ),
    Screen(
        "client form, future birth",
        "theo@riverside.example",
        lambda c: "/clients/new/",
        submit_future_birth,
    ),
    Screen(
        "consent form",
        "theo@riverside.example",
        lambda c: f"/clients/{c.pia.pk}/consents/sensitive_contact/new/",
    ),
    Screen(
        "consent form with errors",
        "theo@riverside.example",
        lambda c: f"/clients/{c.pia.pk}/consents/sensitive_contact/new/",
        submit_empty,
    ),
    Screen("team", "ada@riverside.example", lambda c: "/team/"),
    Screen("invite", "ada@riverside.example", lambda c: "/team/invite/"),
    Screen("invite with errors", "ada@riverside.example", lambda c: "/team/invite/", submit_empty),
    Screen("settings", "ada@riverside.example", lambda c: "/settings/"),
    Screen("portal", "pia@home.example", lambda c: "/me/"),
    Screen("portal record", "pia@home.example", lambda c: f"/me/{c.kit.pk}/"),
    Screen("library", "", lambda c: "/library/?region=hamstrings"),
    Screen(
        "library stretch",
        "",
        lambda c: f"/library/stretches/{next(iter(knowledge_base().stretches))}/",
    ),
    Screen("library safety", "", lambda c: "/library/safety/hip-replacement-posterior/"),
    Screen("library technique", "", lambda c: "/library/techniques/pnf-crac/"),
    Screen("library conditions", "", lambda c: "/library/conditions/sciatica/"),
    Screen("library references", "", lambda c: "/library/references/"),
]


def describe(violations: list[dict[str, Any]]) -> str:
    """axe's findings as a reader would want them: rule, impact, help, and where."""
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']}\n"
            f"    {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(node['target'])}")
            lines.append(f"       {node['html'][:160]}")
            summary = node.get("failureSummary", "").replace("\n", "\n         ")
            lines.append(f"       {summary}")
    return "\n".join(lines)


@pytest.mark.browser
@pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])
def test_no_serious_axe_violations(
    page: Page, cast: Cast, sign_in: Callable[[str], None], screen: Screen
) -> None:
    if screen.who:
        sign_in(screen.who)
    path = screen.path(cast)
    response = page.goto(path)
    assert response is not None
    assert response.ok, f"{screen.name}: {response.status} at {response.url}"
    assert response.url.endswith(path), f"{screen.name}: sent on to {response.url}"
    if screen.then is not None:
        screen.then(page)

    results = Axe().run(page)
    violations: list[dict[str, Any]] = results.response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    minor = [v for v in violations if v["impact"] not in BLOCKING]
    if minor:
        print(f"{screen.name}: minor axe findings (not failing):\n{describe(minor)}")
    assert not blocking, f"axe on {screen.name} ({page.url}):\n{describe(blocking)}"

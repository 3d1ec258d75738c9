"""The intake in a browser: a client fills it in through their private link (partly with the
keyboard alone) and the therapist sees the clearance; an emergency answer says what to do at once
and the letter to the doctor downloads as a PDF; axe finds nothing serious on these pages.

Every wait is for something the page shows or a request the page makes: htmx saves the draft
600 ms after a change, so a test waits for that request (or for what it swaps in), never a sleep.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

from stretchwise.clients.models import Client
from stretchwise.screening import intake_form
from stretchwise.screening.messages import client_instruction
from stretchwise.screening.models import Alert, IntakeLink, IntakeVersion, Source, submit_intake
from tests.browser.test_accessibility import BLOCKING, describe
from tests.cast import Cast, fine_answers, fractured_wrist

THERAPIST = "theo@riverside.example"
SADDLE = "ces-saddle-numbness"
CLIENT_URGENT = "Please get medical advice now"
THERAPIST_URGENT = "Emergency: send the client to the emergency department now"


# ---------------------------------------------------------------- steps


def private_link(cast: Cast, client: Client | None = None) -> str:
    """A fresh private intake link, as the therapist would send it."""
    _, token = IntakeLink.issue(client or cast.pia, cast.therapist, 14)
    return f"/intake/{token}/"


def radio(page: Page, name: str, value: str) -> Locator:
    return page.locator(f'input[type="radio"][name="{name}"][value="{value}"]')


@contextmanager
def draft_saved(page: Page) -> Iterator[None]:
    """Wait, after what the block does, for the htmx draft request to come back."""
    with page.expect_response(
        lambda r: r.url.endswith("/draft/") and r.request.method == "POST"
    ) as saved:
        yield
    assert saved.value.ok, saved.value.status


def focused_name(page: Page) -> str:
    name: str = page.evaluate(
        "() => `${document.activeElement?.getAttribute('name')}=`"
        " + `${document.activeElement?.getAttribute('value') ?? ''}`"
    )
    return name


def answer_no_by_keyboard(page: Page, questions: list[str]) -> None:
    """Keyboard only: into each radio group with Tab, then the arrow key moves on to "No".

    The first group is reached by focusing its first radio (as a Tab from the field before it
    would); each next group is one Tab away because nothing in it is checked yet.
    """
    radio(page, f"q_{questions[0]}", "yes").focus()
    for n, question in enumerate(questions):
        if n:
            page.keyboard.press("Tab")
        assert focused_name(page) == f"q_{question}=yes", focused_name(page)
        page.keyboard.press("ArrowRight")
        expect(radio(page, f"q_{question}", "no")).to_be_checked()
        expect(radio(page, f"q_{question}", "yes")).not_to_be_checked()


def answer_the_rest_no(page: Page, skip: set[str]) -> None:
    """Every safety question not yet answered, answered "No" with a tap."""
    for question in fine_answers():
        if question in skip:
            continue
        if not radio(page, f"q_{question}", "no").is_checked():
            radio(page, f"q_{question}", "no").check()


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout


def urgent_questions() -> list[str]:
    return next(ids for sid, _, ids in intake_form.SECTIONS if sid == "urgent")


# ---------------------------------------------------------------- a client at home


@pytest.mark.browser
def test_a_client_fills_the_intake_through_their_link_and_the_therapist_sees_the_clearance(
    page: Page, cast: Cast, sign_in: Callable[[str], None]
) -> None:
    page.goto(private_link(cast))
    expect(page.get_by_role("heading", level=1)).to_have_text("Health questions")
    expect(page.get_by_text("For Pia, before your first visit at Riverside")).to_be_visible()
    # What the clinic already knows is filled in.
    expect(page.locator("#date_of_birth")).to_have_value("1980-05-17")
    expect(radio(page, "sex", "female")).to_be_checked()

    # Pain scores typed into the number fields, moving on with Tab.
    page.get_by_label("Pain right now (0-10)").focus()
    page.keyboard.type("3")
    page.keyboard.press("Tab")
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    page.keyboard.type("6")
    expect(page.get_by_label("Pain right now (0-10)")).to_have_value("3")
    expect(page.get_by_label("Average over the last week (0-10)")).to_have_value("2")
    expect(page.get_by_label("Worst over the last week (0-10)")).to_have_value("6")

    # The body map: tapping a shape ticks its box and fills the shape; a second tap undoes it.
    neck = page.locator('.bodymap [data-area="neck"]').first
    neck.click()
    expect(page.locator('input[name="pain_regions"][value="neck"]')).to_be_checked()
    expect(neck).to_have_class(re.compile(r"\bon\b"))
    page.locator('.bodymap [data-area="lumbar-spine"]').click()
    expect(page.locator('input[name="pain_regions"][value="lumbar-spine"]')).to_be_checked()
    knee = page.locator('.bodymap [data-area="knee"]').first
    knee.click()
    expect(page.locator('input[name="pain_regions"][value="knee"]')).to_be_checked()
    knee.click()
    expect(page.locator('input[name="pain_regions"][value="knee"]')).not_to_be_checked()
    expect(knee).not_to_have_class(re.compile(r"\bon\b"))
    # Ticking the box fills the shape as well.
    page.locator('input[name="pain_regions"][value="calf"]').check()
    expect(page.locator('.bodymap [data-area="calf"]').first).to_have_class(re.compile(r"\bon\b"))
    page.locator('input[name="pain_regions"][value="calf"]').uncheck()

    # Radio groups with the keyboard: Space chooses, an arrow key moves to the next answer.
    radio(page, "pain_radiates", "yes").focus()
    page.keyboard.press("Space")
    expect(radio(page, "pain_radiates", "yes")).to_be_checked()
    page.keyboard.press("ArrowRight")
    expect(radio(page, "pain_radiates", "no")).to_be_checked()
    expect(radio(page, "pain_radiates", "yes")).not_to_be_checked()

    # Every urgent warning sign answered "No" with the keyboard alone.
    with draft_saved(page):
        answer_no_by_keyboard(page, urgent_questions())
    expect(page.locator("#draft-status")).to_contain_text("Draft saved at")
    expect(page.locator("#urgent-slot")).to_be_empty()

    # A calf strain last week, with where it is; everything else "No".
    radio(page, "q_acute-injury", "yes").check()
    page.locator("#site_acute-injury_0_area").select_option("calf")
    page.locator("#site_acute-injury_0_side").select_option("left")
    answer_the_rest_no(page, skip={*urgent_questions(), "acute-injury"})

    # Goals and hard activities typed; then Tab to the consent box and tick it with Space.
    page.get_by_label("Goal 1").focus()
    page.keyboard.type("Walk the dog without my calf tightening")
    page.get_by_label("Activity 1").focus()
    page.keyboard.type("Climbing stairs")
    consent = page.get_by_label("I agree that my answers are stored")
    for _ in range(3):
        page.keyboard.press("Tab")
    expect(consent).to_be_focused()
    page.keyboard.press("Space")
    expect(consent).to_be_checked()

    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you, Pia")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Thank you")).to_contain_text(
        "Your answers have reached Riverside"
    )

    version = IntakeVersion.objects.get(client=cast.pia)
    assert version.number == 1
    assert version.source == Source.CLIENT_LINK
    intake = version.intake
    assert (intake.pain.now, intake.pain.average, intake.pain.worst) == (3, 2, 6)
    assert intake.pain.regions == ["neck", "lumbar-spine"]
    assert intake.pain.radiates_into_limb == "no"
    assert all(intake.answers[q] == "no" for q in urgent_questions())
    assert intake.answers["acute-injury"] == "yes"
    assert [(s.area, s.side) for s in intake.sites] == [("calf", "left")]
    assert intake.goals == ["Walk the dog without my calf tightening"]
    assert intake.hard_activities == ["Climbing stairs"]
    assert intake.consent_confirmed
    assert not Alert.objects.exists()
    # The link has done its job.
    page.reload()
    expect(page.get_by_role("heading", name="This link no longer works")).to_be_visible()

    # The therapist sees the clearance at the top of Pia's page, and the whole of it behind it.
    sign_in(THERAPIST)
    page.goto(f"/clients/{cast.pia.pk}/")
    banner = page.get_by_role("status", name="Clearance")
    expect(banner).to_be_visible()
    expect(banner.get_by_role("heading")).to_have_text("Cleared with 2 restrictions")
    expect(banner).to_contain_text("Leave out the calf, left side")
    expect(banner).to_contain_text("No deep pressure on the calf, left side")
    banner.get_by_role("link", name="See all").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Clearance")
    expect(
        page.get_by_text(re.compile(r"intake version 1 \(.*client, through a private link"))
    ).to_be_visible()
    findings = page.get_by_role("region", name="Findings")
    expect(findings).to_contain_text("Acute injury, inflammation or joint swelling")
    restrictions = page.get_by_role("region", name=re.compile(r"Restrictions in force \(2\)"))
    expect(restrictions.get_by_role("row")).to_have_count(3)  # the header and two restrictions
    expect(page.get_by_role("link", name=re.compile("Letter"))).to_have_count(0)


# ---------------------------------------------------------------- an emergency answer


@pytest.mark.browser
def test_a_red_flag_says_what_to_do_now_and_the_letter_downloads_as_a_pdf(
    page: Page, cast: Cast, sign_in: Callable[[str], None], tmp_path: Path
) -> None:
    page.goto(private_link(cast))
    urgent = page.locator("#urgent-slot")
    expect(urgent).to_be_empty()

    # Saddle numbness: "Yes", with the keyboard. The draft save swaps in what to do, at once.
    radio(page, f"q_{SADDLE}", "yes").focus()
    with draft_saved(page):
        page.keyboard.press("Space")
    expect(urgent.get_by_role("alert")).to_be_visible()
    expect(urgent.get_by_role("heading")).to_have_text(CLIENT_URGENT)
    expect(urgent).to_contain_text(client_instruction("emergency"))
    expect(urgent).not_to_contain_text(THERAPIST_URGENT)
    alert = Alert.objects.get(client=cast.pia)
    assert (alert.urgency, alert.findings) == ("emergency", ["cauda-equina-signs"])

    # Going on filling in saves the draft again, but the clinic is not alerted twice.
    with draft_saved(page):
        page.get_by_label("Pain right now (0-10)").fill("7")
        page.get_by_label("Pain right now (0-10)").press("Tab")
    expect(urgent).to_contain_text(CLIENT_URGENT)
    assert Alert.objects.filter(client=cast.pia).count() == 1

    page.get_by_label("I agree that my answers are stored").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name=CLIENT_URGENT)).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text(client_instruction("emergency"))
    expect(page.get_by_text("Thank you, Pia")).to_have_count(0)
    assert IntakeVersion.objects.get(client=cast.pia).intake.answers[SADDLE] == "yes"

    # The therapist: Pia's page cannot be opened without the red banner.
    sign_in(THERAPIST)
    page.goto(f"/clients/{cast.pia.pk}/")
    banner = page.get_by_role("alert", name="Clearance")
    expect(banner.get_by_role("heading")).to_have_text("Urgent referral: emergency department now")
    expect(banner).to_contain_text("No stretching, no physical tests.")

    # The therapist's own form says it in the therapist's words, while filling in, too.
    page.goto(f"/clients/{cast.pia.pk}/intake/")
    expect(radio(page, f"q_{SADDLE}", "yes")).to_be_checked()
    with draft_saved(page):
        page.get_by_label("Pain right now (0-10)").fill("6")
        page.get_by_label("Pain right now (0-10)").press("Tab")
    therapist_urgent = page.locator("#urgent-slot")
    expect(therapist_urgent.get_by_role("heading")).to_have_text(THERAPIST_URGENT)
    expect(therapist_urgent).to_contain_text("emergency department today, now")
    expect(therapist_urgent).not_to_contain_text(client_instruction("emergency"))

    # The clearance page: the alert to act on, and the letter to the GP as a PDF.
    page.goto(f"/clients/{cast.pia.pk}/clearance/")
    expect(page.get_by_role("button", name="I have contacted the client")).to_have_count(1)
    what_to_do = page.get_by_role("region", name="What to do now")
    expect(what_to_do).to_contain_text("emergency department today, now")
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Letter to the GP (PDF)").first.click()
    download = downloading.value
    today = cast.clinic.today().isoformat()
    assert download.suggested_filename == f"referral-pearson-{today}.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    text = " ".join(pdf_text(saved).split())
    assert "Re: Pia Pearson, born 17 May 1980" in text
    assert "Cauda equina warning signs" in text
    assert "emergency department immediately" in text
    assert "Theo Therapist" in text

    # Acknowledged, the alert goes; the clearance stays urgent.
    page.get_by_role("button", name="I have contacted the client").click()
    expect(page.get_by_role("button", name="I have contacted the client")).to_have_count(0)
    expect(page.get_by_role("alert", name="Clearance")).to_contain_text("emergency department now")


# ---------------------------------------------------------------- accessibility


def submit_empty_intake(page: Page) -> None:
    page.get_by_label("Pain right now (0-10)").fill("11")
    page.get_by_role("button", name=re.compile("Send my answers|Save and screen")).click()
    expect(page.locator("#problems")).to_be_focused()


def answer_saddle_yes(page: Page) -> None:
    with draft_saved(page):
        radio(page, f"q_{SADDLE}", "yes").check()
    expect(page.locator("#urgent-slot").get_by_role("alert")).to_be_visible()


def urgent_intake(cast: Cast) -> None:
    submit_intake(cast.pia, fractured_wrist(cast.clinic.today()), "therapist", cast.therapist)
    intake = fractured_wrist(cast.clinic.today())
    answers = dict(intake.answers) | {SADDLE: "yes"}
    submit_intake(
        cast.pia, intake.model_copy(update={"answers": answers}), "therapist", cast.therapist
    )


def restricted_intake(cast: Cast) -> None:
    submit_intake(cast.pia, fractured_wrist(cast.clinic.today()), "therapist", cast.therapist)


@dataclass(frozen=True)
class Screen:
    name: str
    who: str
    path: Callable[[Cast], str]
    before: Callable[[Cast], None] | None = None
    then: Callable[[Page], None] | None = None


SCREENS = [
    Screen("intake by link", "", private_link),
    Screen("intake by link with errors", "", private_link, then=submit_empty_intake),
    Screen("intake by link, emergency answer", "", private_link, then=answer_saddle_yes),
    Screen("intake by the therapist", THERAPIST, lambda c: f"/clients/{c.pia.pk}/intake/"),
    Screen(
        "intake by the therapist with errors",
        THERAPIST,
        lambda c: f"/clients/{c.pia.pk}/intake/",
        then=submit_empty_intake,
    ),
    Screen("clearance, not yet screened", THERAPIST, lambda c: f"/clients/{c.pia.pk}/clearance/"),
    Screen(
        "clearance with restrictions",
        THERAPIST,
        lambda c: f"/clients/{c.pia.pk}/clearance/",
        before=restricted_intake,
    ),
    Screen(
        "clearance, urgent",
        THERAPIST,
        lambda c: f"/clients/{c.pia.pk}/clearance/",
        before=urgent_intake,
    ),
    Screen(
        "clearance document form",
        THERAPIST,
        lambda c: f"/clients/{c.pia.pk}/clearance/document/",
        before=restricted_intake,
    ),
]


@pytest.mark.browser
@pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])
def test_no_serious_axe_violations_on_intake_and_clearance_pages(
    page: Page, cast: Cast, sign_in: Callable[[str], None], screen: Screen
) -> None:
    if screen.before is not None:
        screen.before(cast)
    if screen.who:
        sign_in(screen.who)
    path = screen.path(cast)
    response = page.goto(path)
    assert response is not None
    assert response.ok, f"{screen.name}: {response.status} at {response.url}"
    if screen.then is not None:
        screen.then(page)

    results = Axe().run(page)
    violations: list[dict[str, Any]] = results.response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    minor = [v for v in violations if v["impact"] not in BLOCKING]
    if minor:
        print(f"{screen.name}: minor axe findings (not failing):\n{describe(minor)}")
    assert not blocking, f"axe on {screen.name} ({page.url}):\n{describe(blocking)}"

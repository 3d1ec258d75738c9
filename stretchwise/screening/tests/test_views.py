"""The intake, clearance and letter pages, and the screening API, through the web client.

Therapist on a tablet, client through a private link or their own login; every submitted intake
a new version; clearance documents, reviews, added restrictions and alerts; the letter as a PDF;
the clearance banner on the client page; the API operations with valid and invalid bodies.
"""

from __future__ import annotations

import html
import json
import re
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client as WebClient
from django.urls import reverse
from django.utils import timezone

from stretchwise.accounts.tokens import create_token
from stretchwise.audit.models import AccessedRecord, Action
from stretchwise.clinics.models import Membership
from stretchwise.library.knowledge import knowledge_base
from stretchwise.screening.document import Intake
from stretchwise.screening.messages import client_instruction
from stretchwise.screening.models import (
    AddedRestrictionRecord,
    Alert,
    ClearanceRecord,
    IntakeDraft,
    IntakeLink,
    IntakeVersion,
    ReviewRecord,
    Source,
    clearance_for,
    submit_intake,
)
from tests.cast import Cast, fine_answers, fractured_wrist, page_text

if TYPE_CHECKING:
    from tests.cast import Response

SignIn = Callable[[object], WebClient]
Form = dict[str, str | list[str]]

PROBLEM = "application/problem+json"
EMERGENCY_FOR_THERAPIST = "Emergency: send the client to the emergency department now"
SADDLE = "ces-saddle-numbness"
HIP = "hip-replacement-posterior"


# ---------------------------------------------------------------- helpers


def intake_form(**changes: str | list[str]) -> Form:
    """What the intake form posts when every question is answered and consent given."""
    data: Form = {
        "date_of_birth": "1980-05-17",
        "sex": "female",
        "conditions": [],
        "pain_now": "3",
        "pain_average": "3",
        "pain_worst": "5",
        "pain_regions": ["neck", "lumbar-spine"],
        "pain_radiates": "no",
        "pain_months": "4",
        "goal_0": "Turn my head when I drive",
        "activity_0": "Putting on socks",
        "consent_confirmed": "on",
    }
    for question, answer in fine_answers().items():
        data[f"q_{question}"] = answer
    data.update(changes)
    return data


def the_intake(on: date, **fields: Any) -> Intake:
    """A fine intake on `on` (every safety question "no"), with some fields changed."""
    answers = fine_answers() | fields.pop("answers", {})
    for question in fields.pop("unknown", ()):
        answers.pop(question)
    data: dict[str, Any] = {
        "date": on.isoformat(),
        "age_years": 40,
        "sex": "female",
        "answers": answers,
        "consent_confirmed": True,
    }
    data.update(fields)
    return Intake.model_validate(data)


def saddle_numbness(on: date) -> Intake:
    return the_intake(on, answers={SADDLE: "yes"})


def posterior_hip(on: date, operated: date) -> Intake:
    """A left hip replaced through a posterior approach on `operated`."""
    return the_intake(
        on,
        age_years=67,
        answers={"hip-replacement": "yes"},
        joint_replacements=[
            {"joint": "hip", "side": "left", "date": operated.isoformat(), "approach": "posterior"}
        ],
    )


def error_beside(response: Response, field: str) -> str:
    """The message shown next to a field, read from the field's own block of the form.

    The field block is `#f-<field>`; the message is `#<field>_error` inside it, and the input (or
    its fieldset) points at the message with aria-describedby.
    """
    text = response.content.decode()
    block = re.search(
        rf'<div class="field[^"]*" id="f-{re.escape(field)}">(.*?)</div>\s*(?=<div class="field|'
        r"</div>|</fieldset>|\{)",
        text,
        re.S,
    )
    assert block is not None, f"no block #f-{field} on the page"
    inside = block.group(1)
    assert f'aria-describedby="{field}_error"' in inside, f"#f-{field} does not point at a message"
    message = re.search(rf'id="{re.escape(field)}_error">(.*?)</p>', inside, re.S)
    assert message is not None, f"no message inside #f-{field}"
    return html.unescape(re.sub(r"<[^>]+>", "", message.group(1))).strip()


def bearer(cast: Cast) -> WebClient:
    membership = Membership.objects.get(user=cast.therapist, clinic=cast.clinic)
    secret = create_token(cast.therapist, membership, "tests")[1]
    return WebClient(headers={"Authorization": f"Bearer {secret}"})


def send(web: WebClient, url: str, body: object) -> Response:
    response: Response = web.post(url, data=json.dumps(body), content_type="application/json")
    return response


def logged(kind: str, record_id: uuid.UUID, action: str | None = None) -> bool:
    found = AccessedRecord.objects.filter(kind=kind, record_id=record_id)
    if action is not None:
        found = found.filter(entry__action=action)
    return found.exists()


def link_token(response: Response) -> str:
    """The token out of the private link shown on the clearance page."""
    shown = re.search(r'<code class="link-box">[^<]*/intake/([^/<]+)/</code>', page_text(response))
    assert shown is not None, "the new link is not shown"
    return shown.group(1)


def banner(response: Response) -> str:
    """The clearance banner's text on a client page."""
    found = re.search(r'<div class="banner [^"]*"[^>]*aria-label="Clearance">(.*?)</div>\s*</div>',
                      response.content.decode(), re.S)  # fmt: skip
    assert found is not None, "no clearance banner on the page"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())


# ---------------------------------------------------------------- therapist intake


@pytest.mark.django_db
def test_the_intake_form_starts_from_the_client_record(cast: Cast, signed_in: SignIn) -> None:
    web = signed_in(cast.therapist)
    response = web.get(reverse("screening:intake", args=[cast.cal.pk]))
    assert response.status_code == 200
    assert response.context["values"] == {"date_of_birth": "1980-05-17", "sex": "male"}
    text = response.content.decode()
    assert 'name="date_of_birth" id="date_of_birth" value="1980-05-17"' in text
    assert 'name="sex" value="male" checked' in text
    assert 'name="sex" value="female" checked' not in text
    # Every safety question of the catalogue is on the form, with yes, no and don't know.
    kb = knowledge_base()
    for q in kb.questions.values():
        if q.answer == "yes_no_unknown":
            assert f'name="q_{q.id}" value="unknown"' in text, q.id
    assert logged("client", cast.cal.pk)


@pytest.mark.django_db
def test_an_existing_intake_prefills_a_new_version(cast: Cast, signed_in: SignIn) -> None:
    submit_intake(cast.pia, fractured_wrist(cast.clinic.today()), Source.API, None)
    response = signed_in(cast.therapist).get(reverse("screening:intake", args=[cast.pia.pk]))
    values = response.context["values"]
    assert values["q_recent-fracture"] == "yes"
    assert values["site_recent-fracture_0_area"] == "wrist-hand"
    assert values["site_recent-fracture_0_side"] == "left"
    assert 'name="q_recent-fracture" value="yes" checked' in response.content.decode()


@pytest.mark.django_db
def test_each_submitted_intake_is_a_new_version_and_the_first_never_changes(
    cast: Cast, signed_in: SignIn
) -> None:
    web = signed_in(cast.therapist)
    url = reverse("screening:intake", args=[cast.pia.pk])
    first = web.post(url, intake_form())
    assert first.status_code == 302
    assert first["Location"] == reverse("screening:clearance", args=[cast.pia.pk])
    v1 = IntakeVersion.objects.get(client=cast.pia)
    assert v1.number == 1
    assert v1.source == Source.THERAPIST
    assert v1.submitted_by == cast.therapist
    assert v1.intake.pain.now == 3
    assert v1.intake.pain.regions == ["neck", "lumbar-spine"]
    assert v1.intake.goals == ["Turn my head when I drive"]
    assert v1.intake.answers[SADDLE] == "no"
    assert v1.intake.consent_confirmed
    assert logged("intake", v1.pk, Action.CREATE)
    stored = dict(v1.data)
    assert clearance_for(cast.pia) is not None

    second = web.post(url, intake_form(pain_now="6", pain_worst="7"))
    assert second.status_code == 302
    versions = list(IntakeVersion.objects.filter(client=cast.pia).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].pk == v1.pk
    assert versions[0].data == stored
    assert versions[0].intake.pain.now == 3
    assert versions[1].intake.pain.now == 6
    assert logged("intake", versions[1].pk, Action.CREATE)
    assert not IntakeDraft.objects.filter(client=cast.pia).exists()

    page = web.get(second["Location"])
    assert page.status_code == 200
    assert "Intake saved as a new version and screened." in page_text(page)
    assert "intake version 2" in page_text(page)
    assert "Version 1 ·" in page_text(page)


@pytest.mark.django_db
def test_invalid_answers_are_refused_with_each_message_beside_its_field(
    cast: Cast, signed_in: SignIn
) -> None:
    web = signed_in(cast.therapist)
    tomorrow = (cast.clinic.today() + timedelta(days=1)).isoformat()
    form = intake_form(pain_now="11", date_of_birth=tomorrow)
    form["site_recent-fracture_0_area"] = "wrist-hand"  # a fracture site, yet "no" fracture
    del form["consent_confirmed"]
    response = web.post(reverse("screening:intake", args=[cast.pia.pk]), form)

    assert response.status_code == 422
    assert not IntakeVersion.objects.exists()
    errors = response.context["errors"]
    assert error_beside(response, "pain_now") == (
        "Pain now must be between 0 and 10; you entered 11."
    )
    assert error_beside(response, "date_of_birth") == "The date of birth cannot be in the future."
    assert error_beside(response, "consent_confirmed").startswith(
        "Please confirm the client agrees"
    )
    site_messages = [m for m in errors.values() if "You said where, but answered no" in m]
    assert site_messages, errors
    text = page_text(response)
    assert f"Please check {len(errors)} answers" in text
    for message in errors.values():
        assert html.escape(message, quote=False) in response.content.decode() or message in text
    # What was typed is kept on the page and as a draft.
    assert 'name="pain_now" id="pain_now" value="11"' in response.content.decode()
    draft = IntakeDraft.objects.get(client=cast.pia, source=Source.THERAPIST)
    assert draft.data["pain_now"] == "11"
    assert draft.data["date_of_birth"] == tomorrow
    again = web.get(reverse("screening:intake", args=[cast.pia.pk]))
    assert again.context["values"]["pain_now"] == "11"


@pytest.mark.django_db
def test_a_site_contradicting_its_answer_is_shown_beside_the_question(
    cast: Cast, signed_in: SignIn
) -> None:
    """A site listed for a question answered "no" is pointed out where it can be fixed."""
    form = intake_form()
    form["site_recent-fracture_0_area"] = "wrist-hand"
    response = signed_in(cast.therapist).post(reverse("screening:intake", args=[cast.pia.pk]), form)
    assert response.status_code == 422
    assert "answered no" in error_beside(response, "q_recent-fracture")


@pytest.mark.django_db
def test_a_future_date_in_a_site_row_is_shown_beside_that_date(
    cast: Cast, signed_in: SignIn
) -> None:
    tomorrow = (cast.clinic.today() + timedelta(days=1)).isoformat()
    form = intake_form(**{"q_recent-fracture": "yes"})
    form["site_recent-fracture_0_area"] = "wrist-hand"
    form["site_recent-fracture_0_side"] = "left"
    form["site_recent-fracture_0_date"] = tomorrow
    response = signed_in(cast.therapist).post(reverse("screening:intake", args=[cast.pia.pk]), form)
    assert response.status_code == 422
    assert not IntakeVersion.objects.exists()
    assert response.context["errors"] == {
        "site_recent-fracture_0_date": "The date cannot be in the future."
    }
    # The summary links to the field, so the field must be there with its message.
    assert error_beside(response, "site_recent-fracture_0_date") == (
        "The date cannot be in the future."
    )


@pytest.mark.django_db
def test_a_draft_is_saved_as_the_form_is_filled(cast: Cast, signed_in: SignIn) -> None:
    web = signed_in(cast.therapist)
    url = reverse("screening:intake-draft", args=[cast.pia.pk])
    response = web.post(url, {"pain_now": "4", "q_hypertension": "yes"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Draft saved at" in page_text(response)
    assert "urgent" not in response.content.decode()
    draft = IntakeDraft.objects.get(client=cast.pia, source=Source.THERAPIST)
    assert draft.data == {"pain_now": "4", "q_hypertension": "yes"}
    assert not Alert.objects.exists()
    assert not IntakeVersion.objects.exists()
    # The form opens again where it was left.
    form = web.get(reverse("screening:intake", args=[cast.pia.pk]))
    assert form.context["values"]["pain_now"] == "4"


@pytest.mark.django_db
def test_an_emergency_answer_in_a_draft_says_what_to_do_and_alerts_the_clinic(
    cast: Cast, signed_in: SignIn
) -> None:
    web = signed_in(cast.therapist)
    url = reverse("screening:intake-draft", args=[cast.pia.pk])
    response = web.post(url, {"pain_now": "4", f"q_{SADDLE}": "yes"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    text = page_text(response)
    assert "Draft saved at" in text
    assert 'id="urgent-slot" hx-swap-oob="true"' in text
    assert EMERGENCY_FOR_THERAPIST in text
    assert "emergency department today, now" in text  # the knowledge base's what to do now
    alert = Alert.objects.get(client=cast.pia)
    assert alert.urgency == "emergency"
    assert alert.findings == ["cauda-equina-signs"]
    assert alert.acknowledged_at is None
    assert logged("alert", alert.pk, Action.CREATE)
    assert not IntakeVersion.objects.exists()


@pytest.mark.django_db
def test_saving_the_draft_again_does_not_raise_the_same_alert_twice(
    cast: Cast, signed_in: SignIn
) -> None:
    """Every change saves the draft; the clinic is alerted once, not once per keystroke."""
    web = signed_in(cast.therapist)
    url = reverse("screening:intake-draft", args=[cast.pia.pk])
    web.post(url, {f"q_{SADDLE}": "yes"})
    web.post(url, {f"q_{SADDLE}": "yes", "pain_now": "5"})
    web.post(url, {f"q_{SADDLE}": "yes", "pain_now": "5", "pain_worst": "6"})
    assert Alert.objects.filter(client=cast.pia, acknowledged_at__isnull=True).count() == 1


@pytest.mark.django_db
def test_submitting_an_emergency_intake_shows_the_urgent_clearance(
    cast: Cast, signed_in: SignIn
) -> None:
    web = signed_in(cast.therapist)
    response = web.post(
        reverse("screening:intake", args=[cast.pia.pk]),
        intake_form(**{f"q_{SADDLE}": "yes"}),
        follow=True,
    )
    assert response.status_code == 200
    text = page_text(response)
    assert "Urgent referral: emergency department now" in text
    assert "No stretching, no physical tests." in text
    assert "I have contacted the client" in text
    assert Alert.objects.filter(client=cast.pia, urgency="emergency").exists()
    assert reverse("screening:letter", args=[cast.pia.pk]) in text


# ---------------------------------------------------------------- private link


@pytest.mark.django_db
def test_a_private_link_is_shown_once_and_works_without_signing_in_only_once(
    cast: Cast, signed_in: SignIn
) -> None:
    web = signed_in(cast.therapist)
    made = web.post(reverse("screening:issue-link", args=[cast.pia.pk]), follow=True)
    assert made.status_code == 200
    token = link_token(made)
    assert "It works for 14 days" in page_text(made)
    link = IntakeLink.objects.get(client=cast.pia)
    assert token not in link.token_hash  # only a hash is stored
    assert link.created_by == cast.therapist
    assert logged("intake-link", link.pk, Action.CREATE)
    assert timedelta(days=13) < link.expires_at - timezone.now() <= timedelta(days=14)
    # Shown once: the clearance page no longer has it.
    later = web.get(reverse("screening:clearance", args=[cast.pia.pk]))
    assert 'class="link-box"' not in later.content.decode()
    assert "1 link open" in page_text(later)

    client = WebClient()  # not signed in
    url = reverse("screening:link-intake", args=[token])
    form = client.get(url)
    assert form.status_code == 200
    assert "For Pia, before your first visit at Riverside" in page_text(form)
    assert form.context["values"]["date_of_birth"] == "1980-05-17"
    assert "I agree that my answers are stored" in page_text(form)
    assert "Medical assessment since a warning sign" not in page_text(form)  # therapist's part

    draft = client.post(reverse("screening:link-draft", args=[token]), {"pain_now": "2"})
    assert draft.status_code == 200
    assert IntakeDraft.objects.get(client=cast.pia, source=Source.CLIENT_LINK).data == {
        "pain_now": "2"
    }

    done = client.post(url, intake_form())
    assert done.status_code == 200
    assert "Thank you, Pia" in page_text(done)
    version = IntakeVersion.objects.get(client=cast.pia)
    assert version.source == Source.CLIENT_LINK
    assert version.submitted_by is None
    link.refresh_from_db()
    assert link.submitted_at is not None

    # Used once: it no longer opens, nor takes a second intake.
    assert client.get(url).status_code == 404
    again = client.post(url, intake_form())
    assert again.status_code == 404
    assert "This link no longer works" in page_text(again)
    assert client.post(reverse("screening:link-draft", args=[token]), {}).status_code == 404
    assert IntakeVersion.objects.filter(client=cast.pia).count() == 1


@pytest.mark.django_db
def test_an_expired_or_unknown_link_does_not_open(cast: Cast) -> None:
    link, token = IntakeLink.issue(cast.pia, cast.therapist, 14)
    client = WebClient()
    url = reverse("screening:link-intake", args=[token])
    assert client.get(url).status_code == 200
    IntakeLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = client.get(url)
    assert expired.status_code == 404
    assert "This link no longer works" in page_text(expired)
    assert "Pearson" not in page_text(expired)
    assert client.post(url, intake_form()).status_code == 404
    assert not IntakeVersion.objects.exists()
    unknown = client.get(reverse("screening:link-intake", args=["not-a-real-token"]))
    assert unknown.status_code == 404


@pytest.mark.django_db
def test_an_emergency_answer_through_the_link_tells_the_client_what_to_do(cast: Cast) -> None:
    _, token = IntakeLink.issue(cast.pia, cast.therapist, 14)
    client = WebClient()
    draft = client.post(reverse("screening:link-draft", args=[token]), {f"q_{SADDLE}": "yes"})
    text = page_text(draft)
    assert "Please get medical advice now" in text
    assert client_instruction("emergency") in text
    assert EMERGENCY_FOR_THERAPIST not in text  # the client gets their own words
    assert Alert.objects.filter(client=cast.pia, urgency="emergency").exists()

    done = client.post(
        reverse("screening:link-intake", args=[token]), intake_form(**{f"q_{SADDLE}": "yes"})
    )
    assert done.status_code == 200
    assert "Please get medical advice now" in page_text(done)
    assert client_instruction("emergency") in page_text(done)
    assert "Thank you, Pia" not in page_text(done)


# ---------------------------------------------------------------- client login


@pytest.mark.django_db
def test_a_client_login_fills_the_intake_for_their_own_records_only(
    cast: Cast, signed_in: SignIn
) -> None:
    pia = signed_in(cast.client_login)
    url = reverse("screening:portal-intake", args=[cast.pia.pk])
    form = pia.get(url)
    assert form.status_code == 200
    assert "I agree that my answers are stored" in page_text(form)
    done = pia.post(url, intake_form())
    assert done.status_code == 200
    assert "Thank you, Pia" in page_text(done)
    version = IntakeVersion.objects.get(client=cast.pia)
    assert version.source == Source.CLIENT_LOGIN
    assert version.submitted_by == cast.client_login
    # Kit is in Pia's care; Cal is not hers.
    assert pia.get(reverse("screening:portal-intake", args=[cast.kit.pk])).status_code == 200
    assert pia.get(reverse("screening:portal-intake", args=[cast.cal.pk])).status_code == 404
    assert pia.post(reverse("screening:portal-draft", args=[cast.cal.pk]), {}).status_code == 404
    refused = pia.post(reverse("screening:portal-intake", args=[cast.cal.pk]), intake_form())
    assert refused.status_code == 404
    assert not IntakeVersion.objects.filter(client=cast.cal).exists()
    # A clinic member is not the client's login.
    theo = signed_in(cast.therapist)
    assert theo.get(url).status_code == 404
    anonymous = WebClient().get(url)
    assert anonymous.status_code == 302
    assert "sign-in" in anonymous["Location"]


# ---------------------------------------------------------------- clearance documents


def _document_form(today: date, **changes: str | list[str]) -> Form:
    data: Form = {
        "author": "Ms R. Okafor",
        "role": "surgeon",
        "date": today.isoformat(),
        "covers": ["recent-surgery", HIP],
        "side": "left",
        "permits": "Assisted stretching of the left hip within these precautions.",
        "p0_type": "forbidden_movement",
        "p0_movement": "hip-flexion",
        "p0_limit_deg": "70",
        "p0_side": "left",
        "p0_until": (today + timedelta(weeks=9)).isoformat(),
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_a_surgeons_precautions_replace_the_defaults_numbers_included(
    cast: Cast, signed_in: SignIn
) -> None:
    today = cast.clinic.today()
    submit_intake(cast.pia, posterior_hip(today, today - timedelta(weeks=3)), "therapist", None)
    before = clearance_for(cast.pia)
    assert before is not None
    flexion = [r for r in before.restrictions if r.movement == "hip-flexion"]
    assert [(r.limit_deg, r.source) for r in flexion] == [(90, HIP)]
    assert "recent-surgery" in before.letters

    web = signed_in(cast.therapist)
    url = reverse("screening:document", args=[cast.pia.pk])
    form = web.get(url)
    assert form.status_code == 200
    coverable = {f.id for f in form.context["coverable"]}
    assert {"recent-surgery", HIP} <= coverable

    done = web.post(url, _document_form(today))
    assert done.status_code == 302, page_text(done)
    record = ClearanceRecord.objects.get(client=cast.pia)
    assert record.recorded_by == cast.therapist
    assert logged("clearance-document", record.pk, Action.CREATE)
    after = clearance_for(cast.pia)
    assert after is not None
    flexion = [r for r in after.restrictions if r.movement == "hip-flexion"]
    assert [(r.limit_deg, r.side) for r in flexion] == [(70, "left")]
    assert flexion[0].source.startswith("document:")
    assert flexion[0].ends_on == today + timedelta(weeks=9)
    statuses = {f.id: f.status for f in after.findings}
    assert statuses[HIP] == "cleared_by_document"
    assert statuses["recent-surgery"] == "cleared_by_document"
    assert not any(r.source == "recent-surgery" for r in after.restrictions)
    page = page_text(web.get(done["Location"]))
    assert "Clearance document recorded" in page
    assert "Surgeon Ms R. Okafor" in page
    assert "No hip flexion beyond 70°, left side" in page


@pytest.mark.django_db
def test_a_looser_surgeons_limit_is_the_surgeons_call(cast: Cast, signed_in: SignIn) -> None:
    today = cast.clinic.today()
    submit_intake(cast.pia, posterior_hip(today, today - timedelta(weeks=3)), "therapist", None)
    web = signed_in(cast.therapist)
    response = web.post(
        reverse("screening:document", args=[cast.pia.pk]),
        _document_form(today, p0_limit_deg="100", p0_until=""),
    )
    assert response.status_code == 302
    after = clearance_for(cast.pia)
    assert after is not None
    flexion = [r for r in after.restrictions if r.movement == "hip-flexion"]
    assert [(r.limit_deg, r.ends_on) for r in flexion] == [(100, None)]


@pytest.mark.django_db
def test_a_red_flag_cannot_be_covered_by_a_document(cast: Cast, signed_in: SignIn) -> None:
    today = cast.clinic.today()
    submit_intake(cast.pia, saddle_numbness(today), "therapist", None)
    web = signed_in(cast.therapist)
    url = reverse("screening:document", args=[cast.pia.pk])
    form = web.get(url)
    assert "cauda-equina-signs" not in {f.id for f in form.context["coverable"]}
    response = web.post(
        url,
        _document_form(today, covers=["cauda-equina-signs"], p0_type="", side="both"),
    )
    assert response.status_code == 422
    text = page_text(response)
    assert "is a red flag; it is lifted only by a new intake" in text
    assert not ClearanceRecord.objects.exists()
    after = clearance_for(cast.pia)
    assert after is not None
    assert after.decision == "urgent_referral"


@pytest.mark.django_db
def test_a_document_dated_in_the_future_is_refused(cast: Cast, signed_in: SignIn) -> None:
    today = cast.clinic.today()
    submit_intake(cast.pia, posterior_hip(today, today - timedelta(weeks=3)), "therapist", None)
    response = signed_in(cast.therapist).post(
        reverse("screening:document", args=[cast.pia.pk]),
        _document_form(today, date=(today + timedelta(days=1)).isoformat()),
    )
    assert response.status_code == 422
    assert "the document's date cannot be in the future" in page_text(response)
    assert 'value="Ms R. Okafor"' in response.content.decode()  # what was typed is kept
    assert not ClearanceRecord.objects.exists()


@pytest.mark.django_db
def test_a_document_before_any_intake_is_refused(cast: Cast, signed_in: SignIn) -> None:
    response = signed_in(cast.therapist).post(
        reverse("screening:document", args=[cast.pia.pk]), _document_form(cast.clinic.today())
    )
    assert response.status_code == 422
    assert "Record an intake before a clearance document." in page_text(response)
    assert not ClearanceRecord.objects.exists()


# ---------------------------------------------------------------- reviews, restrictions, alerts


@pytest.mark.django_db
def test_a_review_due_finding_is_reviewed_and_lifted(cast: Cast, signed_in: SignIn) -> None:
    today = cast.clinic.today()
    operated = today - timedelta(weeks=7)
    intake = posterior_hip(operated + timedelta(weeks=3), operated)
    submit_intake(cast.pia, intake, "therapist", None)
    before = clearance_for(cast.pia)
    assert before is not None
    assert {f.status for f in before.findings if f.id == HIP} == {"review_due"}
    due = [r for r in before.restrictions if r.source == HIP]
    assert due
    assert all(r.status == "review_due" for r in due)

    web = signed_in(cast.therapist)
    page = web.get(reverse("screening:clearance", args=[cast.pia.pk]))
    assert "(review due)" in page_text(page)
    assert f'name="finding" value="{HIP}"' in page.content.decode()

    url = reverse("screening:review", args=[cast.pia.pk])
    too_short = web.post(url, {"finding": HIP, "reason": "ok"}, follow=True)
    assert "Give a reason of at least a few words" in page_text(too_short)
    assert not ReviewRecord.objects.exists()

    done = web.post(url, {"finding": HIP, "reason": "Six-week review: discharged by the surgeon."})
    assert done.status_code == 302
    record = ReviewRecord.objects.get(client=cast.pia)
    assert record.recorded_by == cast.therapist
    assert record.data["by"] == "Theo Therapist"
    assert logged("review", record.pk, Action.CREATE)
    after = clearance_for(cast.pia)
    assert after is not None
    assert {f.status for f in after.findings if f.id == HIP} == {"lifted"}
    assert not [r for r in after.restrictions if r.source == HIP]


@pytest.mark.django_db
def test_a_therapist_adds_a_restriction_and_it_applies_from_today(
    cast: Cast, signed_in: SignIn
) -> None:
    today = cast.clinic.today()
    submit_intake(cast.pia, the_intake(today), "therapist", None)
    before = clearance_for(cast.pia)
    assert before is not None
    assert before.decision == "cleared"

    web = signed_in(cast.therapist)
    url = reverse("screening:add-restriction", args=[cast.pia.pk])
    response = web.post(
        url,
        {"type": "intensity_cap", "cap": "5", "side": "both", "reason": "Sore after last visit"},
    )
    assert response.status_code == 302
    record = AddedRestrictionRecord.objects.get(client=cast.pia)
    assert logged("restriction", record.pk, Action.CREATE)
    after = clearance_for(cast.pia)
    assert after is not None
    assert after.decision == "cleared_with_restrictions"
    caps = [r for r in after.restrictions if r.type.value == "intensity_cap"]
    assert [(r.cap, r.source) for r in caps] == [(5, "therapist")]
    page = page_text(web.get(reverse("screening:clearance", args=[cast.pia.pk])))
    assert "Restriction added. It applies from today." in page
    assert "Stretch intensity at most 5/10" in page
    assert "Sore after last visit" in page

    # A restriction missing what it needs is refused and nothing is stored.
    refused = web.post(
        url, {"type": "forbidden_movement", "side": "both", "reason": "No idea"}, follow=True
    )
    assert "needs 'movement'" in page_text(refused)
    assert AddedRestrictionRecord.objects.count() == 1


@pytest.mark.django_db
def test_an_alert_is_shown_until_acknowledged(cast: Cast, signed_in: SignIn) -> None:
    today = cast.clinic.today()
    submit_intake(cast.pia, saddle_numbness(today), "therapist", None)
    alert = Alert.objects.create(
        client=cast.pia, findings=["cauda-equina-signs"], urgency="emergency"
    )
    web = signed_in(cast.therapist)
    url = reverse("screening:clearance", args=[cast.pia.pk])
    assert "I have contacted the client" in page_text(web.get(url))

    response = web.post(reverse("screening:alert-ack", args=[cast.pia.pk, alert.pk]))
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_by == cast.therapist
    assert alert.acknowledged_at is not None
    assert logged("alert", alert.pk, Action.UPDATE)
    page = page_text(web.get(url))
    assert "I have contacted the client" not in page
    # The clearance itself stays urgent: acknowledging is not lifting.
    assert "Urgent referral: emergency department now" in page

    # Someone else's alert id, or another client's, is not found.
    other = Alert.objects.create(client=cast.kit, findings=[], urgency="same_day")
    wrong = web.post(reverse("screening:alert-ack", args=[cast.pia.pk, other.pk]))
    assert wrong.status_code == 404
    other.refresh_from_db()
    assert other.acknowledged_at is None


# ---------------------------------------------------------------- the letter


@pytest.mark.django_db
def test_the_letter_is_a_pdf(cast: Cast, signed_in: SignIn) -> None:
    today = cast.clinic.today()
    submit_intake(cast.pia, fractured_wrist(today), "therapist", None)
    response = signed_in(cast.therapist).get(reverse("screening:letter", args=[cast.pia.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        f'attachment; filename="referral-pearson-{today.isoformat()}.pdf"'
    )
    assert logged("letter", cast.pia.pk, Action.EXPORT)


@pytest.mark.django_db
def test_no_letter_when_none_is_due(cast: Cast, signed_in: SignIn) -> None:
    web = signed_in(cast.therapist)
    url = reverse("screening:letter", args=[cast.pia.pk])
    assert web.get(url).status_code == 404  # no intake yet
    submit_intake(cast.pia, the_intake(cast.clinic.today()), "therapist", None)
    assert web.get(url).status_code == 404  # cleared: nothing to refer


# ---------------------------------------------------------------- the banner on the client page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("intake", "role", "words"),
    [
        (None, "status", "Not yet screened"),
        ("incomplete", "status", "Screening incomplete: 1 question to ask"),
        ("cleared", "status", "Cleared Screened"),
        ("restricted", "status", "Cleared with 2 restrictions"),
        ("urgent", "alert", "Urgent referral: emergency department now"),
    ],
)
def test_the_client_page_shows_the_clearance_banner(
    cast: Cast, signed_in: SignIn, intake: str | None, role: str, words: str
) -> None:
    today = cast.clinic.today()
    built = {
        "incomplete": lambda: the_intake(today, unknown=[SADDLE]),
        "cleared": lambda: the_intake(today),
        "restricted": lambda: fractured_wrist(today),
        "urgent": lambda: saddle_numbness(today),
    }
    if intake is not None:
        submit_intake(cast.pia, built[intake](), "therapist", None)
    response = signed_in(cast.therapist).get(reverse("clients:detail", args=[cast.pia.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert f'role="{role}" aria-label="Clearance"' in text
    shown = banner(response)
    assert shown.startswith(words), shown
    # It comes before anything else about the client.
    assert text.index('aria-label="Clearance"') < text.index('id="contact-heading"')
    if intake == "urgent":
        assert "No stretching, no physical tests." in shown
        assert reverse("screening:letter", args=[cast.pia.pk]) in text
        assert "Letter to the GP (PDF)" in shown  # the clinic's word, not "gp"
    if intake == "restricted":
        assert "Leave out the wrist and hand, left side" in shown


# ---------------------------------------------------------------- the API


@pytest.mark.django_db
def test_the_client_schema_is_public(client: WebClient) -> None:
    response = client.get("/api/v1/schema/client")
    assert response.status_code == 200
    schema = response.json()
    assert schema["title"] == "Stretchwise client document"
    answers = schema["$defs"]["Intake"]["properties"]["answers"]["properties"]
    assert set(answers) == set(fine_answers())
    assert answers[SADDLE]["enum"] == ["yes", "no", "unknown"]


@pytest.mark.django_db
def test_the_api_screens_a_posted_document_and_stores_nothing(cast: Cast) -> None:
    web = bearer(cast)
    day = date(2025, 3, 3)
    document = {"intake": saddle_numbness(day).model_dump(mode="json")}
    response = send(web, "/api/v1/screen?on=2025-03-10", document)
    assert response.status_code == 200, response.content
    clearance = response.json()
    assert clearance["decision"] == "urgent_referral"
    assert clearance["urgency"] == "emergency"
    assert clearance["on"] == "2025-03-10"
    assert clearance["letters"] == ["cauda-equina-signs"]
    finding = next(f for f in clearance["findings"] if f["id"] == "cauda-equina-signs")
    assert finding["explanation_therapist"]
    assert finding["explanation_client"]
    assert finding["references"]
    assert not IntakeVersion.objects.exists()
    assert not Alert.objects.exists()

    fine = send(web, "/api/v1/screen", {"intake": the_intake(day).model_dump(mode="json")})
    assert fine.status_code == 200
    assert fine.json()["decision"] == "cleared"
    assert fine.json()["on"] == cast.clinic.today().isoformat()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("document", "where", "words"),
    [
        ({"intake": {"date": "2025-03-03", "pain": {"now": 11}}}, "intake.pain.now", "10"),
        ({"intake": {"date": "yesterday"}}, "intake.date", "date"),
        ({}, "intake", "required"),
        (
            {"intake": {"date": "2025-03-03", "answers": {"no-such-question": "yes"}}},
            "intake.answers.no-such-question",
            "not a yes/no/unknown question",
        ),
        (
            {"intake": {"date": "2025-03-03", "date_of_birth": "2025-04-01"}},
            "intake.date_of_birth",
            "after the intake date",
        ),
    ],
)
def test_the_api_refuses_an_invalid_document_with_every_problem(
    cast: Cast, document: dict[str, Any], where: str, words: str
) -> None:
    response = send(bearer(cast), "/api/v1/screen", document)
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == 422
    assert where in problem["errors"], problem
    assert any(words in m for m in problem["errors"][where]), problem


@pytest.mark.django_db
def test_the_api_gives_a_stored_clients_clearance(cast: Cast) -> None:
    web = bearer(cast)
    url = f"/api/v1/clients/{cast.pia.pk}/clearance"
    none_yet = web.get(url)
    assert none_yet.status_code == 404
    assert none_yet["Content-Type"] == PROBLEM
    today = cast.clinic.today()
    submit_intake(cast.pia, fractured_wrist(today), "therapist", None)
    response = web.get(url)
    assert response.status_code == 200
    assert response.json()["decision"] == "cleared_with_restrictions"
    assert response.json()["letters"] == ["recent-fracture"]
    # Screened a year ahead: a fracture waits for the doctor's word, it does not lapse.
    later = web.get(url, {"on": (today + timedelta(weeks=52)).isoformat()}).json()
    assert later["on"] == (today + timedelta(weeks=52)).isoformat()
    assert later["decision"] == "cleared_with_restrictions"
    assert {r["source"] for r in later["restrictions"]} == {"recent-fracture"}
    assert web.get(f"/api/v1/clients/{cast.oscar.pk}/clearance").status_code == 404


@pytest.mark.django_db
def test_the_api_submits_and_lists_intake_versions(cast: Cast) -> None:
    web = bearer(cast)
    url = f"/api/v1/clients/{cast.pia.pk}/intakes"
    assert web.get(url).json() == []
    today = cast.clinic.today()
    first = send(web, url, the_intake(today).model_dump(mode="json"))
    assert first.status_code == 201, first.content
    assert first.json()["number"] == 1
    assert first.json()["source"] == "api"
    second = send(web, url, saddle_numbness(today).model_dump(mode="json"))
    assert second.status_code == 201
    assert second.json()["number"] == 2
    assert second.json()["intake"]["answers"][SADDLE] == "yes"
    listed = web.get(url).json()
    assert [v["number"] for v in listed] == [2, 1]
    assert listed[1]["intake"]["answers"][SADDLE] == "no"
    version = IntakeVersion.objects.get(client=cast.pia, number=2)
    assert version.submitted_by == cast.therapist
    assert logged("intake", version.pk, Action.CREATE)
    # The emergency answer alerts the clinic, as through the form.
    assert Alert.objects.filter(client=cast.pia, urgency="emergency").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"pain": {"now": 11}}, "pain.now"),
        ({"sex": "dragon"}, "sex"),
        ({"pain_level": 3}, "pain_level"),
        ({"answers": {"no-such-question": "yes"}}, "answers.no-such-question"),
        ({"date": "2999-01-01"}, "date"),
    ],
)
def test_the_api_refuses_an_invalid_intake_and_stores_nothing(
    cast: Cast, change: dict[str, Any], where: str
) -> None:
    body = the_intake(cast.clinic.today()).model_dump(mode="json") | change
    response = send(bearer(cast), f"/api/v1/clients/{cast.pia.pk}/intakes", body)
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    errors = response.json()["errors"]
    assert where in errors, errors
    assert not IntakeVersion.objects.exists()


@pytest.mark.django_db
def test_the_api_does_not_take_an_intake_for_someone_elses_client(cast: Cast) -> None:
    body = the_intake(cast.clinic.today()).model_dump(mode="json")
    response = send(bearer(cast), f"/api/v1/clients/{cast.oscar.pk}/intakes", body)
    assert response.status_code == 404
    assert not IntakeVersion.objects.exists()
    assert not IntakeVersion.objects.filter(client=cast.oscar).exists()


@pytest.mark.django_db
def test_the_scan_of_a_clearance_document_downloads_for_the_care_team(
    cast: Cast, signed_in: Callable[[object], WebClient]
) -> None:
    from django.core.files.base import ContentFile

    from stretchwise.screening.models import ClearanceRecord

    record = ClearanceRecord(
        client=cast.pia,
        data={
            "id": "s1",
            "author": "Ms Surgeon",
            "role": "surgeon",
            "date": "2026-01-05",
            "covers": ["recent-fracture"],
        },
        recorded_by=cast.therapist,
    )
    record.attachment.save("letter.pdf", ContentFile(b"%PDF-1.4 the scan"), save=False)
    record.save()
    url = reverse("screening:document-scan", args=[cast.pia.pk, record.pk])
    response = signed_in(cast.therapist).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 the scan"  # type: ignore[attr-defined]
    assert signed_in(cast.outsider).get(url).status_code in (403, 404)


@pytest.mark.django_db
def test_an_emergency_alert_reaches_the_dashboard_and_the_team_by_mail(
    cast: Cast,
    signed_in: Callable[[object], WebClient],
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.core import mail

    from stretchwise.screening.models import clearance_for, raise_alert

    answers = fine_answers() | {"ces-saddle-numbness": "yes"}
    today = cast.pia.today()
    intake = Intake.model_validate(
        {"date": today.isoformat(), "age_years": 44, "answers": answers, "consent_confirmed": True}
    )
    submit_intake(cast.pia, intake, "client_link", None)
    result = clearance_for(cast.pia)
    assert result is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert raise_alert(cast.pia, result) is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert cast.therapist.email in message.to
    assert "Pia" not in message.body
    assert "saddle" not in message.body
    page = signed_in(cast.therapist).get(reverse("clinics:dashboard"))
    assert "Emergency: Pia" in page_text(page)

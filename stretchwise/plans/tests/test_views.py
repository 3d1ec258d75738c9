"""The plan page, swaps and dose changes, the home-programme handout and page, and the plan API."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import Client as WebClient
from django.urls import reverse

from stretchwise.audit.models import AccessedRecord
from stretchwise.clients.models import Client
from stretchwise.library.knowledge import knowledge_base
from stretchwise.plans.models import AdjustmentRecord, AppendOnlyError, plan_for
from stretchwise.plans.planner import PlanItem, SessionPlan
from stretchwise.screening.document import Intake
from stretchwise.screening.models import IntakeVersion, client_document, submit_intake
from tests.cast import Cast, assert_form_refused, fine_answers, fractured_wrist, page_text

SignIn = Any


def neck_and_desk(on: date) -> Intake:
    """A desk worker with neck and shoulder pain and nothing unsafe: fully cleared."""
    return Intake.model_validate(
        {
            "date": on.isoformat(),
            "age_years": 40,
            "sex": "female",
            "conditions": ["desk-workers", "chronic-neck-shoulder-pain"],
            "pain": {"now": 3, "average": 4, "worst": 6, "regions": ["neck"]},
            "answers": fine_answers(),
            "consent_confirmed": True,
        }
    )


@pytest.fixture
def cleared_pia(cast: Cast) -> Client:
    submit_intake(cast.pia, neck_and_desk(cast.pia.today()), "therapist", cast.therapist)
    return cast.pia


def current_plan(client: Client, minutes: int = 60) -> SessionPlan:
    doc = client_document(client)
    assert doc is not None
    result = plan_for(doc, client.today(), minutes)
    assert result.plan is not None, result.refused
    return result.plan


def first_main(plan: SessionPlan, with_alternatives: bool = False) -> PlanItem:
    return next(
        i for i in plan.items if i.role == "main" and (i.alternatives or not with_alternatives)
    )


def plan_url(client: Client) -> str:
    return reverse("plans:plan", args=[client.pk])


# ---------------------------------------------------------------- the plan page


@pytest.mark.django_db
def test_the_plan_page_shows_each_item_with_dose_reasons_references_and_time(
    cast: Cast, cleared_pia: Client, signed_in: SignIn
) -> None:
    web = signed_in(cast.therapist)
    response = web.get(plan_url(cleared_pia), {"minutes": 45})
    assert response.status_code == 200
    text = page_text(response)
    plan = current_plan(cleared_pia, 45)
    for item in plan.items:
        assert item.name in text
    assert "Cleared" in text
    assert "Warm-up" in text
    assert "Check-in and check-out" in text
    assert "Progression: start" in text
    assert f"{reverse('library:references')}#" in text
    assert "Re-assess" in text  # the programme skeleton
    assert "Print the plan" in text


@pytest.mark.django_db
def test_viewing_a_plan_is_on_the_access_log(
    cast: Cast, cleared_pia: Client, signed_in: SignIn
) -> None:
    signed_in(cast.therapist).get(plan_url(cleared_pia))
    logged = set(AccessedRecord.objects.values_list("record_id", flat=True))
    assert cleared_pia.pk in logged
    assert IntakeVersion.objects.get(client=cleared_pia).pk in logged


@pytest.mark.django_db
def test_an_incomplete_screening_gets_no_plan_and_says_why(cast: Cast, signed_in: SignIn) -> None:
    on = cast.pia.today()
    intake = Intake.model_validate({"date": on.isoformat(), "age_years": 40})
    submit_intake(cast.pia, intake, "therapist", cast.therapist)
    response = signed_in(cast.therapist).get(plan_url(cast.pia))
    text = page_text(response)
    assert response.status_code == 200
    assert "No plan today" in text
    assert "The screening is incomplete" in text
    assert "Adjust dose" not in text
    assert "Handout" not in text


@pytest.mark.django_db
def test_a_client_without_an_intake_is_sent_to_the_health_questions(
    cast: Cast, signed_in: SignIn
) -> None:
    text = page_text(signed_in(cast.therapist).get(plan_url(cast.pia)))
    assert "Not yet screened" in text
    assert "Start the health questions" in text


@pytest.mark.django_db
def test_a_local_referral_plans_for_the_rest_of_the_body(cast: Cast, signed_in: SignIn) -> None:
    submit_intake(cast.pia, fractured_wrist(cast.pia.today()), "therapist", cast.therapist)
    response = signed_in(cast.therapist).get(plan_url(cast.pia))
    assert response.status_code == 200
    assert "Cleared with" in page_text(response)
    assert "The session, in order" in page_text(response)


@pytest.mark.django_db
def test_strangers_cannot_see_the_plan(cast: Cast, cleared_pia: Client, signed_in: SignIn) -> None:
    assert signed_in(cast.outsider).get(plan_url(cleared_pia)).status_code == 404


# ---------------------------------------------------------------- swap and dose


@pytest.mark.django_db
def test_a_swap_is_recorded_with_its_reason_and_respected_by_the_next_plan(
    cast: Cast, cleared_pia: Client, signed_in: SignIn
) -> None:
    item = first_main(current_plan(cleared_pia), with_alternatives=True)
    alternative = item.alternatives[0]
    response = signed_in(cast.therapist).post(
        reverse("plans:swap", args=[cleared_pia.pk]),
        {
            "stretch": item.stretch,
            "minutes": "60",
            f"swap-{item.stretch}-alternative": alternative,
            f"swap-{item.stretch}-reason": "Client finds the chair position awkward",
        },
    )
    assert response.status_code == 302
    actions = [(r.data["action"], r.data["stretch"]) for r in AdjustmentRecord.objects.all()]
    assert actions == [("remove", item.stretch), ("prefer", alternative)]
    assert AdjustmentRecord.objects.first().data["reason"] == (  # type: ignore[union-attr]
        "Client finds the chair position awkward"
    )
    after = current_plan(cleared_pia)
    assert item.stretch not in {i.stretch for i in after.items}
    assert alternative in {i.stretch for i in after.items}
    chosen = next(i for i in after.items if i.stretch == alternative)
    assert any(r.kind == "adjustment" for r in chosen.reasons)


@pytest.mark.django_db
def test_a_swap_needs_a_reason_and_one_of_the_offered_alternatives(
    cast: Cast, cleared_pia: Client, signed_in: SignIn
) -> None:
    item = first_main(current_plan(cleared_pia), with_alternatives=True)
    url = reverse("plans:swap", args=[cleared_pia.pk])
    web = signed_in(cast.therapist)
    no_reason = web.post(
        url,
        {"stretch": item.stretch, f"swap-{item.stretch}-alternative": item.alternatives[0]},
    )
    assert_form_refused(no_reason, "reason", "Give the reason")
    unsafe = web.post(
        url,
        {
            "stretch": item.stretch,
            f"swap-{item.stretch}-alternative": "not-offered-stretch",
            f"swap-{item.stretch}-reason": "prefer it",
        },
    )
    assert_form_refused(unsafe, "alternative", "safe alternatives")
    assert not AdjustmentRecord.objects.exists()


@pytest.mark.django_db
def test_a_dose_change_is_recorded_and_kept_by_the_next_plan(
    cast: Cast, cleared_pia: Client, signed_in: SignIn
) -> None:
    kb = knowledge_base()
    item = first_main(current_plan(cleared_pia))
    stretch = kb.stretches[item.stretch]
    dosing = next(d for d in stretch.techniques if d.technique == item.technique)
    reps = dosing.repetitions or kb.techniques[item.technique].repetitions
    wanted = int(reps.min)
    data = {
        "stretch": item.stretch,
        "minutes": "60",
        f"dose-{item.stretch}-repetitions": str(wanted),
        f"dose-{item.stretch}-reason": "Sore after the last session",
    }
    if dosing.hold_seconds is not None:
        data[f"dose-{item.stretch}-hold_seconds"] = str(int(dosing.hold_seconds.min))
    response = signed_in(cast.therapist).post(reverse("plans:dose", args=[cleared_pia.pk]), data)
    assert response.status_code == 302
    record = AdjustmentRecord.objects.get()
    assert record.data["action"] == "dose"
    assert record.data["repetitions"] == wanted
    assert record.data["technique"] == item.technique
    after = [i for i in current_plan(cleared_pia).items if i.stretch == item.stretch]
    assert after, "the adjusted stretch stays in the plan"
    assert all(i.technique == item.technique for i in after)
    if dosing.hold_seconds is not None:
        assert all(i.dose.hold_seconds == dosing.hold_seconds.min for i in after)
    assert any("Sore after the last session" in r.text for r in after[0].reasons)


@pytest.mark.django_db
def test_the_next_plan_keeps_the_therapists_repetitions(
    cast: Cast, cleared_pia: Client, signed_in: SignIn
) -> None:
    kb = knowledge_base()
    item = first_main(current_plan(cleared_pia))
    stretch = kb.stretches[item.stretch]
    dosing = next(d for d in stretch.techniques if d.technique == item.technique)
    wanted = int((dosing.repetitions or kb.techniques[item.technique].repetitions).min)
    signed_in(cast.therapist).post(
        reverse("plans:dose", args=[cleared_pia.pk]),
        {
            "stretch": item.stretch,
            "minutes": "60",
            f"dose-{item.stretch}-repetitions": str(wanted),
            f"dose-{item.stretch}-reason": "Sore after the last session",
        },
    )
    after = [i for i in current_plan(cleared_pia).items if i.stretch == item.stretch]
    assert [i.dose.repetitions for i in after] == [wanted] * len(after)


@pytest.mark.django_db
def test_a_dose_outside_the_stretchs_range_is_refused_beside_the_field(
    cast: Cast, cleared_pia: Client, signed_in: SignIn
) -> None:
    kb = knowledge_base()
    item = first_main(current_plan(cleared_pia))
    dosing = next(d for d in kb.stretches[item.stretch].techniques if d.technique == item.technique)
    reps = dosing.repetitions or kb.techniques[item.technique].repetitions
    too_many = int(reps.max) + 3
    response = signed_in(cast.therapist).post(
        reverse("plans:dose", args=[cleared_pia.pk]),
        {
            "stretch": item.stretch,
            f"dose-{item.stretch}-repetitions": str(too_many),
            f"dose-{item.stretch}-reason": "more please",
        },
    )
    assert_form_refused(response, "repetitions", f"between {reps.min:g} and {reps.max:g}")
    html = response.content.decode()
    field_id = f"id_dose-{item.stretch}-repetitions"
    assert html.index(field_id) < html.index(f"{field_id}_error")  # the message is by the field
    assert not AdjustmentRecord.objects.exists()


@pytest.mark.django_db
def test_an_adjustment_is_never_changed_or_deleted(cast: Cast, cleared_pia: Client) -> None:
    record = AdjustmentRecord.objects.create(
        client=cleared_pia,
        data={"on": "2026-01-01", "by": "Theo", "reason": "why not", "action": "resume"},
        recorded_by=cast.therapist,
    )
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()


@pytest.mark.django_db
def test_a_preferred_stretch_never_overrides_a_restriction(cast: Cast, signed_in: SignIn) -> None:
    """A therapist's preference goes through the same safety checks as the planner's choice."""
    submit_intake(cast.pia, fractured_wrist(cast.pia.today()), "therapist", cast.therapist)
    AdjustmentRecord.objects.create(
        client=cast.pia,
        data={
            "on": cast.pia.today().isoformat(),
            "by": "Theo",
            "reason": "try it",
            "action": "prefer",
            "stretch": "seated-wrist-flexor-stretch",
        },
        recorded_by=cast.therapist,
    )
    sides = {i.side for i in current_plan(cast.pia).items if "wrist" in i.stretch}
    assert "left" not in sides


# ---------------------------------------------------------------- home programme


@pytest.mark.django_db
def test_the_handout_is_a_pdf_with_every_self_stretch(
    cast: Cast, cleared_pia: Client, signed_in: SignIn, tmp_path: Path
) -> None:
    response = signed_in(cast.therapist).get(reverse("plans:handout", args=[cleared_pia.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf = tmp_path / "home.pdf"
    pdf.write_bytes(response.content)
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    plan = current_plan(cleared_pia)
    assert plan.home_programme
    for item in plan.home_programme:
        assert " ".join(item.name.split()) in text
    assert "How strong, and when to stop" in text


@pytest.mark.django_db
def test_no_handout_while_the_screening_is_incomplete(cast: Cast, signed_in: SignIn) -> None:
    intake = Intake.model_validate({"date": cast.pia.today().isoformat(), "age_years": 40})
    submit_intake(cast.pia, intake, "therapist", cast.therapist)
    response = signed_in(cast.therapist).get(reverse("plans:handout", args=[cast.pia.pk]))
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_client_sees_their_home_programme_through_their_login(
    cast: Cast, cleared_pia: Client, signed_in: SignIn
) -> None:
    url = reverse("plans:portal-home", args=[cleared_pia.pk])
    web = signed_in(cast.client_login)
    record = page_text(web.get(reverse("clients:portal-record", args=[cleared_pia.pk])))
    assert url in record
    response = web.get(url)
    assert response.status_code == 200
    text = page_text(response)
    for item in current_plan(cleared_pia).home_programme:
        assert item.name in text
    assert "<svg" in response.content.decode()
    assert "never hold your breath" in text


@pytest.mark.django_db
def test_only_the_linked_login_sees_the_home_programme_page(
    cast: Cast, cleared_pia: Client, signed_in: SignIn
) -> None:
    url = reverse("plans:portal-home", args=[cleared_pia.pk])
    assert signed_in(cast.therapist).get(url).status_code == 404
    assert signed_in(cast.outsider).get(url).status_code == 404
    assert WebClient().get(url).status_code == 302
    other = reverse("plans:portal-home", args=[cast.cal.pk])
    assert signed_in(cast.client_login).get(other).status_code == 404


# ---------------------------------------------------------------- API


def document(on: date) -> dict[str, Any]:
    return {"intake": neck_and_desk(on).model_dump(mode="json")}


@pytest.mark.django_db
def test_the_api_plans_a_posted_document_and_stores_nothing(cast: Cast, signed_in: SignIn) -> None:
    web = signed_in(cast.therapist)
    on = date(2026, 3, 2)
    response = web.post(
        "/api/v1/plan?minutes=45&on=2026-03-02&seed=3",
        json.dumps(document(on)),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["clearance"]["decision"] == "cleared"
    assert body["plan"]["minutes_booked"] == 45
    assert body["plan"]["seed"] == 3
    assert body["plan"]["items"][0]["reasons"]
    assert not AdjustmentRecord.objects.exists()


@pytest.mark.django_db
def test_the_api_refuses_an_invalid_document_or_length_with_a_problem(
    cast: Cast, signed_in: SignIn
) -> None:
    web = signed_in(cast.therapist)
    bad = web.post(
        "/api/v1/plan?minutes=45",
        json.dumps({"intake": {"date": "2026-03-02", "conditions": ["no-such-condition"]}}),
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad["Content-Type"] == "application/problem+json"
    assert "intake.conditions" in bad.json()["errors"]
    short = web.post(
        "/api/v1/plan?minutes=2",
        json.dumps(document(date(2026, 3, 2))),
        content_type="application/json",
    )
    assert short.status_code == 422
    assert "minutes" in short.json()["errors"]


@pytest.mark.django_db
def test_the_api_plans_for_a_stored_client_with_their_adjustments(
    cast: Cast, cleared_pia: Client, signed_in: SignIn
) -> None:
    item = first_main(current_plan(cleared_pia), with_alternatives=True)
    AdjustmentRecord.objects.create(
        client=cleared_pia,
        data={
            "on": cleared_pia.today().isoformat(),
            "by": "Theo",
            "reason": "client dislikes it",
            "action": "remove",
            "stretch": item.stretch,
        },
        recorded_by=cast.therapist,
    )
    web = signed_in(cast.therapist)
    response = web.get(f"/api/v1/clients/{cleared_pia.pk}/plan", {"minutes": 60})
    assert response.status_code == 200
    stretches = {i["stretch"] for i in response.json()["plan"]["items"]}
    assert item.stretch not in stretches
    assert cleared_pia.pk in set(AccessedRecord.objects.values_list("record_id", flat=True))
    assert web.get(f"/api/v1/clients/{cleared_pia.pk}/plan", {"minutes": 5}).status_code == 422
    assert (
        signed_in(cast.outsider)
        .get(f"/api/v1/clients/{cleared_pia.pk}/plan", {"minutes": 60})
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_the_api_answers_404_for_a_client_without_an_intake(cast: Cast, signed_in: SignIn) -> None:
    response = signed_in(cast.therapist).get(f"/api/v1/clients/{cast.kit.pk}/plan?minutes=60")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"

"""Record an assessment (baseline or follow-up) and see the latest values against norms."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from pydantic import ValidationError

from stretchwise.assessment.compare import compare_assessment
from stretchwise.assessment.measures import PPT, readable, record
from stretchwise.assessment.models import AssessmentRecord, history
from stretchwise.assessment.offer import Offer, offer_for, offer_tests
from stretchwise.audit.log import note_access
from stretchwise.audit.models import Action
from stretchwise.clients.access import get_client_for_member
from stretchwise.clients.models import Client
from stretchwise.clinics.access import ClinicRequest, member_required
from stretchwise.library.knowledge import KnowledgeBase, knowledge_base
from stretchwise.screening.models import clearance_for, latest_intake

PSFS_ROWS = 3


def _offer(client: Client, kb: KnowledgeBase) -> tuple[Any, Offer]:
    clearance = clearance_for(client)
    if clearance is None:
        return None, offer_tests(kb, "incomplete", [])
    return clearance, offer_for(kb, clearance)


def _number(raw: str) -> float | str | None:
    raw = raw.strip().replace(",", ".")
    if raw == "":
        return None
    try:
        return float(raw)
    except ValueError:
        return raw  # the model says what is wrong with it


def _from_post(
    post: Any, client: Client, kb: KnowledgeBase, offer: Offer
) -> tuple[dict[str, Any], list[str]]:
    """The posted form as an assessment document, and the results a restriction forbids."""
    refused: list[str] = []
    data: dict[str, Any] = {"on": client.clinic.today().isoformat()}
    for key in ("pain", "stress"):
        value = _number(post.get(key, ""))
        if value is not None:
            data[key] = value
    psfs = []
    for n in range(PSFS_ROWS):
        activity = post.get(f"psfs_{n}_activity", "").strip()
        rating = _number(post.get(f"psfs_{n}_rating", ""))
        if activity or rating is not None:
            psfs.append({"activity": activity, "rating": rating})
    data["psfs"] = psfs
    tests = []
    for test in kb.tests.values():
        sides: list[str | None] = ["left", "right"] if test.sided else [None]
        for side in sides:
            key = f"t_{test.id}_{side or 'one'}"
            value = _number(post.get(key, ""))
            if value is None:
                continue
            if not offer.allows(test.id):
                refused.append(
                    f"{test.name}: not recorded, because this test is withheld for this client."
                )
                continue
            result: dict[str, Any] = {"test": test.id, "value": value}
            if side:
                result["side"] = side
            if post.get(f"{key}_symptoms"):
                result["symptoms"] = [
                    {
                        "quality": post.get(f"{key}_symptoms"),
                        "description": post.get(f"{key}_where", ""),
                    }
                ]
            tests.append(result)
    data["tests"] = tests
    ppt: dict[str, Any] = {}
    for site in ("local", "remote"):
        value = _number(post.get(f"ppt_{site}", ""))
        area = post.get(f"ppt_{site}_area", "")
        if value is None:
            continue
        if not offer.allows(PPT):
            refused.append(
                "Pressure pain threshold: not recorded, because deep pressure is restricted."
            )
            continue
        ppt[site] = {"site": area or "", "trials_kpa": [value]}
    if ppt:
        data["pressure_pain_threshold"] = ppt
    posture = [line.strip() for line in post.get("posture", "").splitlines() if line.strip()]
    data["posture"] = posture
    data["note"] = post.get("note", "").strip()
    return data, refused


@member_required
def assessment(request: ClinicRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_member(request, client_id)
    kb = knowledge_base()
    clearance, offer = _offer(client, kb)
    errors: list[str] = []
    if request.method == "POST":
        data, refused = _from_post(request.POST, client, kb, offer)
        errors += refused
        if not errors:
            try:
                recorded = record(data, kb)
            except ValidationError as error:
                errors = readable(error)
            else:
                saved = AssessmentRecord.objects.create(
                    client=client,
                    on=recorded.on,
                    data=recorded.model_dump(mode="json"),
                    clearance_decision=clearance.decision if clearance else "incomplete",
                    recorded_by=request.user,
                )
                note_access(request, "assessment", client.clinic_id, [saved.pk], Action.CREATE)
                messages.success(request, "Assessment recorded.")
                return redirect("assessment:assessment", client_id=client.pk)
    records = history(client)
    note_access(request, "assessment", client.clinic_id, [r.pk for r in records])
    report = None
    if records:
        intake = latest_intake(client)
        sex = intake.intake.sex if intake else "unknown"
        age = client.age
        baseline = records[0].assessment if len(records) > 1 else None
        report = compare_assessment(kb, records[-1].assessment, age, sex, baseline=baseline)
    intake = latest_intake(client)
    # The same activities are rated at every assessment, so a change can be read.
    if records and records[-1].assessment.psfs:
        activities = [a.activity for a in records[-1].assessment.psfs]
    else:
        activities = list(intake.intake.hard_activities) if intake else []
    context = {
        "client": client,
        "clearance": clearance,
        "offer": offer,
        "tests": [kb.tests[o.test] for o in offer.offered if o.test in kb.tests],
        "cautions": {o.test: o.cautions for o in offer.offered},
        "records": records,
        "report": report,
        "errors": errors,
        "post": request.POST if request.method == "POST" else {},
        "activities": (list(activities) + [""] * PSFS_ROWS)[:PSFS_ROWS],
        "ppt_allowed": offer.allows(PPT),
        "areas": list(kb.body_areas.values()),
        "kb": kb,
    }
    return render(request, "assessment/assessment.html", context, status=422 if errors else 200)

"""Intake (therapist, private link, client login), clearance, clearance documents, reviews,
added restrictions, emergency alerts and the letter to the family doctor."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from pydantic import ValidationError

from stretchwise.audit.log import note_access
from stretchwise.audit.models import Action
from stretchwise.clients.access import get_client_for_login, get_client_for_member
from stretchwise.clients.models import Client
from stretchwise.clinics.access import ClinicRequest, SignedInRequest, member_required
from stretchwise.library.knowledge import knowledge_base
from stretchwise.screening import intake_form
from stretchwise.screening.document import (
    AddedRestriction,
    ClearanceDocument,
    ClientDocument,
    Review,
)
from stretchwise.screening.engine import Clearance, screen
from stretchwise.screening.letters import letter_pdf
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
    client_document,
    latest_intake,
    raise_alert,
    submit_intake,
)

LINK_DAYS = 14


def _sections() -> list[dict[str, Any]]:
    kb = knowledge_base()
    return [
        {"id": sid, "title": title, "questions": [kb.questions[q] for q in ids]}
        for sid, title, ids in intake_form.SECTIONS
    ]


def _form_context(client: Client, values: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    kb = knowledge_base()
    return {
        "client": client,
        "values": values,
        "errors": errors,
        "sections": _sections(),
        "conditions": list(kb.conditions.values()),
        "areas": list(kb.body_areas.values()),
        "positions": list(kb.positions.values()),
        "techniques": list(kb.techniques.values()),
        "local_kinds": [(k, kb.questions[k].text) for k in intake_form.LOCAL_KINDS],
        "site_rows": range(intake_form.SITE_ROWS),
        "replacement_rows": range(intake_form.REPLACEMENT_ROWS),
        "clot_rows": range(intake_form.CLOT_ROWS),
        "text_rows": range(intake_form.TEXT_ROWS),
        "red_flags": [c for c in kb.contraindications.values() if c.klass == "red_flag"],
        "local_kind_ids": set(intake_form.LOCAL_KINDS),
        "sexes": [
            ("female", "Female"),
            ("male", "Male"),
            ("intersex", "Intersex"),
            ("unknown", "Rather not say"),
        ],
        "severities": [
            ("unknown", "Not known"),
            ("osteopenia", "Osteopenia"),
            ("osteoporosis", "Osteoporosis"),
            ("severe", "Severe or established osteoporosis"),
        ],
    }


def _lists(form: Any) -> dict[str, list[str]]:
    """A QueryDict as the plain mapping the pure parser takes."""
    return {k: form.getlist(k) for k in form}


def _values(form: Any) -> dict[str, Any]:
    """Posted fields as a plain dict: one value, or a list for the multi-value fields."""
    many = {
        "conditions",
        "pain_regions",
        "positions_cannot_take",
        "techniques_disliked",
        "assessed_flags",
    }
    return {
        k: (form.getlist(k) if k in many else form.get(k))
        for k in form
        if k != "csrfmiddlewaretoken"
    }


def _prefill(client: Client, source: str) -> dict[str, Any]:
    draft = IntakeDraft.objects.filter(client=client, source=source).first()
    if draft is not None:
        return dict(draft.data)
    latest = latest_intake(client)
    if latest is not None:
        return intake_form.initial_from(latest.intake)
    sex = client.sex if client.sex in ("female", "male", "intersex") else "unknown"
    return {"date_of_birth": client.date_of_birth.isoformat(), "sex": sex}


def _quick_screen(client: Client, form: Any) -> Clearance | None:
    """Screen what has been entered so far, to catch an emergency as soon as it is answered."""
    kb = knowledge_base()
    today = client.clinic.today()
    parsed = intake_form.parse(_lists(form), kb, today)
    if parsed.intake is None:
        # Even a half-filled form is screened for red flags: consent and other gaps aside.
        answers = {
            q.id: form.get(f"q_{q.id}")
            for q in kb.questions.values()
            if form.get(f"q_{q.id}") in ("yes", "no")
        }
        try:
            doc = ClientDocument.model_validate(
                {"intake": {"date": today.isoformat(), "answers": answers}}
            )
        except ValidationError:
            return None
    else:
        doc = ClientDocument(intake=parsed.intake)
    return screen(doc, today, kb)


def _urgent(clearance: Clearance | None) -> Clearance | None:
    if clearance is None or clearance.decision != "urgent_referral":
        return None
    return clearance


def _intake_page(
    request: HttpRequest,
    client: Client,
    source: str,
    template: str,
    action: str,
    extra: dict[str, Any],
) -> HttpResponse | None:
    """The form page, or None once a valid intake was submitted (the caller says what next)."""
    kb = knowledge_base()
    if request.method == "POST":
        values = _values(request.POST)
        parsed = intake_form.parse(_lists(request.POST), kb, client.clinic.today())
        if parsed.intake is None:
            IntakeDraft.objects.update_or_create(
                client=client, source=source, defaults={"data": values}
            )
            context = _form_context(client, values, parsed.errors)
            urgent = _urgent(_quick_screen(client, request.POST))
            context.update(
                extra,
                action=action,
                urgent=urgent,
                client_facing=not extra["therapist"],
                instruction=client_instruction(urgent.urgency) if urgent else "",
            )
            return render(request, template, context, status=422)
        with transaction.atomic():
            version = submit_intake(client, parsed.intake, source, request.user)
            clearance = clearance_for(client)
            alert = raise_alert(client, clearance) if clearance else None
        note_access(request, "intake", client.clinic_id, [version.pk], Action.CREATE)
        if alert is not None:
            note_access(request, "alert", client.clinic_id, [alert.pk])
        return None
    values = _prefill(client, source)
    context = _form_context(client, values, {})
    context.update(extra, action=action, urgent=None, client_facing=not extra["therapist"])
    return render(request, template, context)


# ---------------------------------------------------------------- therapist


@member_required
def intake(request: ClinicRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_member(request, client_id)
    response = _intake_page(
        request,
        client,
        Source.THERAPIST,
        "screening/intake.html",
        reverse("screening:intake", args=[client.pk]),
        {"therapist": True, "draft_url": reverse("screening:intake-draft", args=[client.pk])},
    )
    if response is not None:
        return response
    messages.success(request, "Intake saved as a new version and screened.")
    return redirect("screening:clearance", client_id=client.pk)


def _save_draft(request: HttpRequest, client: Client, source: str) -> HttpResponse:
    IntakeDraft.objects.update_or_create(
        client=client, source=source, defaults={"data": _values(request.POST)}
    )
    urgent = _urgent(_quick_screen(client, request.POST))
    alert = (
        raise_alert(client, urgent)
        if urgent is not None and urgent.urgency == "emergency"
        else None
    )
    if alert is not None:
        note_access(request, "alert", client.clinic_id, [alert.pk], Action.CREATE)
    context = {
        "saved_at": timezone.localtime(timezone=client.clinic.tz),
        "urgent": urgent,
        "client_facing": source != Source.THERAPIST,
        "instruction": client_instruction(urgent.urgency) if urgent else "",
    }
    return render(request, "screening/_draft_saved.html", context)


@require_POST
@member_required
def intake_draft(request: ClinicRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_member(request, client_id)
    return _save_draft(request, client, Source.THERAPIST)


@member_required
def clearance(request: ClinicRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_member(request, client_id)
    latest = latest_intake(client)
    result = clearance_for(client)
    kb = knowledge_base()
    ids = [latest.pk] if latest else []
    note_access(request, "intake", client.clinic_id, ids)
    context = {
        "client": client,
        "latest": latest,
        "versions": IntakeVersion.objects.filter(client=client).select_related("submitted_by")[:20],
        "clearance": result,
        "documents": ClearanceRecord.objects.filter(client=client)
        .select_related("recorded_by")
        .order_by("-recorded_at"),
        "alerts": Alert.objects.filter(client=client, acknowledged_at__isnull=True),
        "links": IntakeLink.objects.usable().filter(client=client),
        "kb": kb,
        "new_link": request.session.pop("new_intake_link", None),
    }
    return render(request, "screening/clearance.html", context)


@require_POST
@member_required
def issue_link(request: ClinicRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_member(request, client_id)
    link, token = IntakeLink.issue(client, request.user, LINK_DAYS)
    note_access(request, "intake-link", client.clinic_id, [link.pk], Action.CREATE)
    url = request.build_absolute_uri(reverse("screening:link-intake", args=[token]))
    request.session["new_intake_link"] = url
    messages.success(request, f"A private intake link was made. It works for {LINK_DAYS} days.")
    return redirect("screening:clearance", client_id=client.pk)


@require_POST
@member_required
def acknowledge_alert(
    request: ClinicRequest, client_id: uuid.UUID, alert_id: uuid.UUID
) -> HttpResponse:
    client = get_client_for_member(request, client_id)
    alert = Alert.objects.filter(client=client, pk=alert_id).first()
    if alert is None:
        raise Http404
    alert.acknowledged_by = request.user
    alert.acknowledged_at = timezone.now()
    alert.save(update_fields=["acknowledged_by", "acknowledged_at"])
    note_access(request, "alert", client.clinic_id, [alert.pk], Action.UPDATE)
    return redirect("screening:clearance", client_id=client.pk)


@member_required
def letter(request: ClinicRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_member(request, client_id)
    result = clearance_for(client)
    if result is None or not result.letters:
        raise Http404("No referral letter is due for this client.")
    pdf = letter_pdf(client, result, request.user)
    note_access(request, "letter", client.clinic_id, [client.pk], Action.EXPORT)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"referral-{client.last_name.lower()}-{result.on.isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# ---------------------------------------------------------------- documents, reviews, restrictions


def _restriction_from(post: Any, prefix: str) -> dict[str, Any] | None:
    kind = post.get(f"{prefix}type", "")
    if not kind:
        return None
    row: dict[str, Any] = {"type": kind, "side": post.get(f"{prefix}side") or "both"}
    for key in ("movement", "region", "technique", "position"):
        if post.get(f"{prefix}{key}"):
            row[key] = post.get(f"{prefix}{key}")
    for key in ("limit_deg", "cap", "minutes"):
        raw = post.get(f"{prefix}{key}", "").strip()
        if raw:
            row[key] = raw
    if post.get(f"{prefix}until"):
        row["until"] = post.get(f"{prefix}until")
    return row


def _problems_of(error: ValidationError) -> list[str]:
    return [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()]


PRECAUTION_ROWS = 4


@member_required
def clearance_document(request: ClinicRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_member(request, client_id)
    current = clearance_for(client)
    kb = knowledge_base()
    errors: list[str] = []
    if request.method == "POST":
        upload = request.FILES.get("attachment")
        data: dict[str, Any] = {
            "id": uuid.uuid4().hex[:12],
            "author": request.POST.get("author", "").strip(),
            "role": request.POST.get("role", ""),
            "date": request.POST.get("date", ""),
            "covers": request.POST.getlist("covers"),
            "side": request.POST.get("side") or "both",
            "permits": request.POST.get("permits", "").strip(),
            "precautions": [
                r
                for n in range(PRECAUTION_ROWS)
                if (r := _restriction_from(request.POST, f"p{n}_")) is not None
            ],
            "attachment": upload.name if upload else "",
        }
        try:
            document = ClearanceDocument.model_validate(data)
            if document.date > client.clinic.today():
                errors.append("date: the document's date cannot be in the future")
        except ValidationError as error:
            errors = _problems_of(error)
            document = None
        if document is not None and not errors:
            doc = client_document(client)
            if doc is None:
                errors.append("Record an intake before a clearance document.")
            else:
                trial = doc.model_copy(
                    update={"clearance_documents": [*doc.clearance_documents, document]}
                )
                from stretchwise.screening.document import problems

                errors = problems(trial, kb)
        if not errors and document is not None:
            record = ClearanceRecord(
                client=client, data=document.model_dump(mode="json"), recorded_by=request.user
            )
            if upload is not None:
                digest = hashlib.sha256()
                for chunk in upload.chunks():
                    digest.update(chunk)
                record.attachment_sha256 = digest.hexdigest()
                record.attachment = upload
            record.save()
            note_access(request, "clearance-document", client.clinic_id, [record.pk], Action.CREATE)
            messages.success(
                request, "Clearance document recorded. The clearance was screened again."
            )
            return redirect("screening:clearance", client_id=client.pk)
    context = {
        "client": client,
        "clearance": current,
        "errors": errors,
        "post": request.POST if request.method == "POST" else {},
        "kb": kb,
        "rows": range(PRECAUTION_ROWS),
        "coverable": [
            f
            for f in (current.findings if current else [])
            if f.klass != "red_flag" and f.status != "unknown"
        ],
        "today": client.clinic.today(),
        "roles": [
            ("surgeon", "Surgeon"),
            ("doctor", "Doctor"),
            ("specialist", "Specialist"),
            ("physiotherapist", "Physiotherapist"),
            ("midwife", "Midwife"),
            ("other", "Other"),
        ],
    }
    return render(
        request, "screening/clearance_document.html", context, status=422 if errors else 200
    )


@member_required
def document_attachment(
    request: ClinicRequest, client_id: uuid.UUID, record_id: uuid.UUID
) -> FileResponse:
    """The scan of a clearance document, for the client's care team only."""
    client = get_client_for_member(request, client_id)
    record = ClearanceRecord.objects.filter(client=client, pk=record_id).first()
    if record is None or not record.attachment:
        raise Http404("No scan was attached to this document.")
    note_access(request, "clearance-document", client.clinic_id, [record.pk], Action.EXPORT)
    name = record.attachment.name.rsplit("/", 1)[-1]
    response = FileResponse(record.attachment.open("rb"), as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@member_required
def review(request: ClinicRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_member(request, client_id)
    data = {
        "finding": request.POST.get("finding", ""),
        "on": client.clinic.today().isoformat(),
        "by": request.user.full_name,
        "reason": request.POST.get("reason", "").strip(),
        "document": request.POST.get("document") or None,
    }
    try:
        Review.model_validate(data)
    except ValidationError:
        messages.error(request, "Give a reason of at least a few words for ending the restriction.")
        return redirect("screening:clearance", client_id=client.pk)
    record = ReviewRecord.objects.create(client=client, data=data, recorded_by=request.user)
    note_access(request, "review", client.clinic_id, [record.pk], Action.CREATE)
    messages.success(request, "Review recorded.")
    return redirect("screening:clearance", client_id=client.pk)


@require_POST
@member_required
def add_restriction(request: ClinicRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_member(request, client_id)
    row = _restriction_from(request.POST, "") or {}
    row.update(
        by=request.user.full_name,
        on=client.clinic.today().isoformat(),
        reason=request.POST.get("reason", "").strip(),
    )
    try:
        added = AddedRestriction.model_validate(row)
    except ValidationError as error:
        for problem in _problems_of(error):
            messages.error(request, problem)
        return redirect("screening:clearance", client_id=client.pk)
    from stretchwise.screening.document import _restriction_problems

    found = _restriction_problems("restriction", added, knowledge_base())
    if found:
        for problem in found:
            messages.error(request, problem)
        return redirect("screening:clearance", client_id=client.pk)
    record = AddedRestrictionRecord.objects.create(
        client=client, data=added.model_dump(mode="json"), recorded_by=request.user
    )
    note_access(request, "restriction", client.clinic_id, [record.pk], Action.CREATE)
    messages.success(request, "Restriction added. It applies from today.")
    return redirect("screening:clearance", client_id=client.pk)


# ---------------------------------------------------------------- client: private link and login


def _client_done(request: HttpRequest, client: Client) -> HttpResponse:
    result = clearance_for(client)
    urgent = _urgent(result)
    context = {
        "client": client,
        "urgent": urgent,
        "instruction": client_instruction(urgent.urgency) if urgent else "",
    }
    return render(request, "screening/intake_done.html", context)


def link_intake(request: HttpRequest, token: str) -> HttpResponse:
    link = IntakeLink.find(token)
    if link is None:
        return render(request, "screening/link_expired.html", status=404)
    client = link.client
    timezone.activate(client.clinic.tz)
    action = reverse("screening:link-intake", args=[token])
    response = _intake_page(
        request,
        client,
        Source.CLIENT_LINK,
        "screening/intake.html",
        action,
        {"therapist": False, "draft_url": reverse("screening:link-draft", args=[token])},
    )
    if response is not None:
        return response
    link.submitted_at = timezone.now()
    link.save(update_fields=["submitted_at"])
    return _client_done(request, client)


@require_POST
def link_draft(request: HttpRequest, token: str) -> HttpResponse:
    link = IntakeLink.find(token)
    if link is None:
        return render(request, "screening/link_expired.html", status=404)
    return _save_draft(request, link.client, Source.CLIENT_LINK)


@login_required
def portal_intake(request: SignedInRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_login(request, client_id)
    timezone.activate(client.clinic.tz)
    action = reverse("screening:portal-intake", args=[client.pk])
    response = _intake_page(
        request,
        client,
        Source.CLIENT_LOGIN,
        "screening/intake.html",
        action,
        {"therapist": False, "draft_url": reverse("screening:portal-draft", args=[client.pk])},
    )
    if response is not None:
        return response
    return _client_done(request, client)


@require_POST
@login_required
def portal_draft(request: SignedInRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_login(request, client_id)
    return _save_draft(request, client, Source.CLIENT_LOGIN)


def today_for(client: Client) -> date:
    return client.clinic.today()

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.views.decorators.http import require_POST

from stretchwise.audit.log import note_access
from stretchwise.audit.models import Action
from stretchwise.clients.access import (
    get_client_for_member,
)
from stretchwise.clinics.access import ClinicRequest, member_required
from stretchwise.visits.access import get_visit_for_member
from stretchwise.visits.forms import VisitForm
from stretchwise.visits.models import VisitStatus, book_visit, set_visit_status


@require_POST
@member_required
def visit_book(request: ClinicRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_member(request, client_id)
    if client.is_archived:
        raise Http404("Restore the client before booking a visit.")
    form = VisitForm(request.POST, clinic=client.clinic)
    if form.is_valid():
        visit = book_visit(
            client,
            therapist_membership=form.cleaned_data["therapist"],
            starts_at=form.cleaned_data["starts_at"],
            minutes=form.cleaned_data["minutes"],
            by=request.user,
        )
        note_access(request, "visit", client.clinic_id, [visit.pk], Action.CREATE)
        when = formats.date_format(visit.starts_at.astimezone(client.clinic.tz), "l j F, H:i")
        messages.success(request, f"Visit booked for {when}.")
        return redirect("clients:detail", client_id=client.pk)
    return render(request, "visits/visit_form.html", {"form": form, "client": client}, status=400)


@require_POST
@member_required
def visit_status(request: ClinicRequest, visit_id: uuid.UUID) -> HttpResponse:
    visit = get_visit_for_member(request, visit_id)
    status = request.POST.get("status", "")
    if status not in VisitStatus.values:
        return HttpResponse(
            "Choose attended, cancelled or did not attend.", status=400, content_type="text/plain"
        )
    else:
        set_visit_status(visit, status)
        messages.success(request, f"Visit marked {VisitStatus(status).label.lower()}.")
    next_url = request.POST.get("next")
    if next_url == "dashboard":
        return redirect("clinics:dashboard")
    return redirect("clients:detail", client_id=visit.client_id)

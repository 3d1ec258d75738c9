"""Who may see or change a visit: exactly those who may see its client."""

from __future__ import annotations

import uuid

from django.shortcuts import get_object_or_404

from stretchwise.audit.log import note_access
from stretchwise.clients.access import clients_for_member, note_clients
from stretchwise.clinics.access import ClinicRequest
from stretchwise.visits.models import Visit


def get_visit_for_member(request: ClinicRequest, visit_id: uuid.UUID) -> Visit:
    visit = get_object_or_404(
        Visit.objects.filter(client__in=clients_for_member(request)).select_related("client"),
        pk=visit_id,
    )
    note_clients(request, [visit.client])
    note_access(request, "visit", visit.client.clinic_id, [visit.pk])
    return visit

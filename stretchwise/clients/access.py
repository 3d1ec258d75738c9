"""Who may see or change a client record. Every view and command gets clients through here."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from stretchwise.audit.log import note_access
from stretchwise.clients.models import Client, ClientQuerySet
from stretchwise.clinics.access import ClinicRequest, SignedInRequest
from stretchwise.clinics.models import Membership


def clients_for_member(request: ClinicRequest) -> ClientQuerySet:
    return Client.objects.visible_to(request.membership)


def get_client_for_member(request: ClinicRequest, client_id: uuid.UUID) -> Client:
    """The client, if this clinic member may see it; otherwise 404, so strangers learn nothing."""
    try:
        client = (
            clients_for_member(request)
            .select_related("clinic", "primary_therapist")
            .get(pk=client_id)
        )
    except Client.DoesNotExist:
        raise Http404("No such client.") from None
    note_clients(request, [client])
    return client


def get_client_for_login(request: SignedInRequest, client_id: uuid.UUID) -> Client:
    """A record a client login may see: their own, or that of someone in their care."""
    try:
        client = Client.objects.linked_to(request.user).select_related("clinic").get(pk=client_id)
    except Client.DoesNotExist:
        raise Http404("No such client.") from None
    note_clients(request, [client])
    return client


def note_clients(
    request: HttpRequest, clients: Iterable[Client], action: str | None = None
) -> None:
    """Put these clients on the access log of this request (see audit/log.py)."""
    by_clinic: dict[uuid.UUID, list[uuid.UUID]] = {}
    for client in clients:
        by_clinic.setdefault(client.clinic_id, []).append(client.pk)
    for clinic_id, ids in by_clinic.items():
        note_access(request, "client", clinic_id, ids, action)


def get_client_to_manage(request: ClinicRequest, client_id: uuid.UUID) -> Client:
    """A client whose care team, archiving and logins this member may change; 403 otherwise."""
    client = get_client_for_member(request, client_id)
    if not can_manage(request.membership, client):
        raise PermissionDenied("Only a clinic admin or the client's primary therapist can do this.")
    return client


def can_manage(membership: Membership | None, client: Client) -> bool:
    """Archive, restore and change the care team: a clinic admin or the primary therapist."""
    if membership is None or membership.clinic_id != client.clinic_id:
        return False
    return membership.is_admin or client.primary_therapist_id == membership.user_id

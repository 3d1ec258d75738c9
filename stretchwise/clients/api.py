"""Clients in the JSON API. Validation is the same ClientForm the web pages use."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.forms.models import model_to_dict
from django.http import HttpResponse
from ninja import Field, Query, Router, Schema, Status

from stretchwise.api.problems import ERRORS, Problem, problem
from stretchwise.audit.log import note_action
from stretchwise.audit.models import Action
from stretchwise.clients.access import (
    can_manage,
    clients_for_member,
    get_client_for_member,
    get_client_to_manage,
    note_clients,
)
from stretchwise.clients.forms import ClientForm
from stretchwise.clients.models import Client, Sex, add_client, archive_client, restore_client
from stretchwise.clinics.access import ClinicRequest

router = Router()

# The same fields as the web form, so the two can never disagree.
EDITABLE = [f for f in ClientForm.Meta.fields if f != "primary_therapist"]


class ClientOut(Schema):
    id: uuid.UUID
    first_name: str
    last_name: str
    preferred_name: str
    date_of_birth: date
    sex: Sex
    email: str
    phone: str
    address: str
    emergency_contact_name: str
    emergency_contact_relationship: str
    emergency_contact_phone: str
    doctor_name: str
    doctor_practice: str
    doctor_address: str
    doctor_phone: str
    doctor_email: str
    guardian_name: str
    guardian_relationship: str
    guardian_phone: str
    guardian_email: str
    notes: str
    primary_therapist_id: uuid.UUID | None
    archived: bool = Field(..., alias="is_archived")
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime


class ClientSummary(Schema):
    id: uuid.UUID
    first_name: str
    last_name: str
    preferred_name: str
    date_of_birth: date
    sex: Sex
    email: str
    phone: str
    primary_therapist_id: uuid.UUID | None
    archived: bool = Field(..., alias="is_archived")


class ClientPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ClientSummary]


class ClientFields(Schema):
    """Fields a client can be created or changed with. Text fields may be sent empty."""

    first_name: str | None = Field(None, max_length=100)
    last_name: str | None = Field(None, max_length=100)
    preferred_name: str | None = Field(None, max_length=100)
    date_of_birth: date | None = None
    sex: Sex | None = None
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=32)
    address: str | None = Field(None, max_length=2000)
    emergency_contact_name: str | None = Field(None, max_length=150)
    emergency_contact_relationship: str | None = Field(None, max_length=60)
    emergency_contact_phone: str | None = Field(None, max_length=32)
    doctor_name: str | None = Field(None, max_length=150)
    doctor_practice: str | None = Field(None, max_length=150)
    doctor_address: str | None = Field(None, max_length=2000)
    doctor_phone: str | None = Field(None, max_length=32)
    doctor_email: str | None = Field(None, max_length=254)
    guardian_name: str | None = Field(None, max_length=150)
    guardian_relationship: str | None = Field(None, max_length=60)
    guardian_phone: str | None = Field(None, max_length=32)
    guardian_email: str | None = Field(None, max_length=254)
    notes: str | None = Field(None, max_length=10000)
    primary_therapist_id: uuid.UUID | None = None


class ClientCreate(ClientFields):
    first_name: str = Field(..., max_length=100)
    last_name: str = Field(..., max_length=100)
    date_of_birth: date


class ListFilters(Schema):
    q: str = Field(
        "", max_length=100, description="Words that must each match a name, e-mail or phone"
    )
    archived: bool = Field(False, description="List archived clients instead of active ones")
    limit: int = Field(25, ge=1, le=100)
    offset: int = Field(0, ge=0, le=10_000_000)


def save_with_form(
    request: ClinicRequest, data: dict[str, Any], instance: Client | None
) -> Client | HttpResponse:
    """Run the web form's validation, so the API and the pages accept exactly the same values."""
    if "primary_therapist_id" in data:
        data["primary_therapist"] = data.pop("primary_therapist_id")
    form_data = {k: ("" if v is None else v) for k, v in data.items()}
    form = ClientForm(
        form_data,
        instance=instance,
        clinic=request.membership.clinic,
        age_of_majority=settings.AGE_OF_MAJORITY,
        may_assign=instance is None or can_manage(request.membership, instance),
    )
    if not form.is_valid():
        errors = {
            ("primary_therapist_id" if k == "primary_therapist" else k): [str(m) for m in v]
            for k, v in form.errors.items()
        }
        return problem(request, 422, "The client was not saved; see errors.", errors)
    if instance is None:
        return add_client(form.save(commit=False), request.membership, by=request.user)
    return form.save()


@router.get(
    "",
    response={200: ClientPage, **ERRORS},
    operation_id="list_clients",
    url_name="clients",
    summary="List clients",
)
def list_clients(request: ClinicRequest, filters: Query[ListFilters]) -> dict[str, Any]:
    clients = clients_for_member(request)
    clients = clients.archived() if filters.archived else clients.active()
    clients = clients.search(filters.q.replace("\x00", ""))
    items = list(clients[filters.offset : filters.offset + filters.limit])
    note_clients(request, items, Action.LIST)
    return {
        "count": clients.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": items,
    }


@router.post(
    "",
    response={201: ClientOut, **ERRORS},
    operation_id="create_client",
    url_name="clients",
    summary="Add a client",
)
def create_client(request: ClinicRequest, payload: ClientCreate) -> Any:
    data = payload.dict(exclude_unset=True)
    data.setdefault("sex", Sex.NOT_RECORDED)
    if "primary_therapist_id" not in data and request.membership.treats_clients:
        data["primary_therapist_id"] = request.user.pk
    result = save_with_form(request, data, None)
    if isinstance(result, HttpResponse):
        return result
    note_clients(request, [result], Action.CREATE)
    return Status(201, result)


@router.get(
    "/{uuid:client_id}",
    response={200: ClientOut, **ERRORS},
    operation_id="get_client",
    url_name="client",
    summary="A client",
)
def client_detail(request: ClinicRequest, client_id: uuid.UUID) -> Client:
    return get_client_for_member(request, client_id)


@router.patch(
    "/{uuid:client_id}",
    response={200: ClientOut, **ERRORS},
    operation_id="update_client",
    url_name="client",
    summary="Change some of a client's details",
)
def update_client(request: ClinicRequest, client_id: uuid.UUID, payload: ClientFields) -> Any:
    client = get_client_for_member(request, client_id)
    current = model_to_dict(client, fields=[*EDITABLE, "primary_therapist"])
    current["primary_therapist_id"] = current.pop("primary_therapist")
    current.update(payload.dict(exclude_unset=True))
    result = save_with_form(request, current, client)
    if isinstance(result, HttpResponse):
        return result
    note_action(request, Action.UPDATE)
    return result


@router.post(
    "/{uuid:client_id}/archive",
    response={200: ClientOut, **ERRORS},
    operation_id="archive_client",
    url_name="client-archive",
    summary="Archive a client (hidden from lists, nothing deleted)",
)
def archive(request: ClinicRequest, client_id: uuid.UUID) -> Client:
    client = get_client_to_manage(request, client_id)
    if not client.is_archived:
        archive_client(client, by=request.user)
    note_action(request, Action.ARCHIVE)
    return client


@router.post(
    "/{uuid:client_id}/restore",
    response={200: ClientOut, **ERRORS},
    operation_id="restore_client",
    url_name="client-restore",
    summary="Bring an archived client back to the active list",
)
def restore(request: ClinicRequest, client_id: uuid.UUID) -> Client:
    client = get_client_to_manage(request, client_id)
    restore_client(client)
    note_action(request, Action.RESTORE)
    return client


__all__ = ["Problem", "router"]

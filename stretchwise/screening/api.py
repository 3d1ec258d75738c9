"""Screening in the JSON API: the client-document schema, screening a posted document, a stored
client's clearance, and their intake versions."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Body, Query, Router, Schema, Status
from ninja import Field as NinjaField

from stretchwise.api.problems import ERRORS, Problem, problem
from stretchwise.audit.log import note_access
from stretchwise.audit.models import Action
from stretchwise.clients.access import get_client_for_member
from stretchwise.clinics.access import ClinicRequest
from stretchwise.library.knowledge import knowledge_base
from stretchwise.screening.cli import InvalidInput, read_document
from stretchwise.screening.document import ClientDocument, Intake, json_schema, problems
from stretchwise.screening.engine import Clearance, screen
from stretchwise.screening.models import (
    IntakeVersion,
    Source,
    clearance_for,
    raise_alert,
    submit_intake,
)

router = Router()
public = Router(auth=None)


class OnDate(Schema):
    on: date | None = NinjaField(None, description="Screening date; default today in the clinic")


class IntakeVersionOut(Schema):
    id: uuid.UUID
    number: int
    source: str
    submitted_at: datetime
    intake: dict[str, Any] = NinjaField(..., alias="data")


def invalid(request: HttpRequest, found: list[str]) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for p in found:
        where, _, message = p.partition(": ")
        errors.setdefault(where or "document", []).append(message or p)
    return problem(request, 422, "The client document is not valid; see errors.", errors)


def posted_document(request: HttpRequest, payload: dict[str, Any]) -> ClientDocument | HttpResponse:
    """A posted client document, validated, or the problem response that lists what is wrong."""
    try:
        return read_document(payload, knowledge_base())
    except InvalidInput as error:
        return invalid(request, error.problems)


@public.get(
    "/schema/client",
    response={200: dict[str, Any], 404: Problem, 422: Problem},
    operation_id="get_client_schema",
    url_name="client-schema",
    summary="JSON Schema of a client document",
)
def client_schema(request: HttpRequest) -> dict[str, Any]:
    return json_schema(knowledge_base())


@router.post(
    "/screen",
    response={200: Clearance, **ERRORS},
    operation_id="screen_document",
    url_name="screen",
    summary="Screen a client document (nothing is stored)",
)
def screen_document(
    request: ClinicRequest, payload: Body[dict[str, Any]], when: Query[OnDate]
) -> Any:
    doc = posted_document(request, payload)
    if isinstance(doc, HttpResponse):
        return doc
    return screen(doc, when.on or request.membership.clinic.today(), knowledge_base())


@router.get(
    "/clients/{uuid:client_id}/clearance",
    response={200: Clearance, **ERRORS},
    operation_id="get_clearance",
    url_name="clearance",
    summary="A client's clearance",
)
def get_clearance(request: ClinicRequest, client_id: uuid.UUID, when: Query[OnDate]) -> Any:
    client = get_client_for_member(request, client_id)
    result = clearance_for(client, when.on)
    if result is None:
        return problem(request, 404, "This client has no intake yet, so nothing was screened.")
    return result


@router.get(
    "/clients/{uuid:client_id}/intakes",
    response={200: list[IntakeVersionOut], **ERRORS},
    operation_id="list_intakes",
    url_name="intakes",
    summary="A client's intake versions, newest first",
)
def list_intakes(request: ClinicRequest, client_id: uuid.UUID) -> Any:
    client = get_client_for_member(request, client_id)
    versions = list(IntakeVersion.objects.filter(client=client).order_by("-number"))
    note_access(request, "intake", client.clinic_id, [v.pk for v in versions])
    return versions


@router.post(
    "/clients/{uuid:client_id}/intakes",
    response={201: IntakeVersionOut, **ERRORS},
    operation_id="submit_intake",
    url_name="intakes",
    summary="Submit an intake as a new version",
)
def post_intake(request: ClinicRequest, client_id: uuid.UUID, payload: Body[dict[str, Any]]) -> Any:
    client = get_client_for_member(request, client_id)
    kb = knowledge_base()
    try:
        doc = read_document({"intake": payload}, kb)
    except InvalidInput as error:
        return invalid(request, [p.removeprefix("intake.") for p in error.problems])
    if doc.intake.date > client.clinic.today():
        return invalid(request, ["date: the intake date cannot be in the future"])
    version = submit_intake(client, doc.intake, Source.API, request.user)
    result = clearance_for(client)
    if result is not None:
        raise_alert(client, result)
    note_access(request, "intake", client.clinic_id, [version.pk], Action.CREATE)
    return Status(201, version)


__all__ = ["ClientDocument", "Intake", "problems", "public", "router"]

"""Planning in the JSON API: plan a posted client document (nothing stored), or a stored client."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.http import HttpResponse
from ninja import Body, Query, Router, Schema
from ninja import Field as NinjaField

from stretchwise.api.problems import ERRORS, problem
from stretchwise.clients.access import get_client_for_member
from stretchwise.clinics.access import ClinicRequest
from stretchwise.plans.models import note_plan_sources, plan_for, session_minutes
from stretchwise.plans.planner import PlanResult
from stretchwise.screening.api import posted_document
from stretchwise.screening.models import client_document

router = Router()


class PlanQuery(Schema):
    minutes: int = NinjaField(..., ge=10, le=240, description="Minutes booked (10-240)")
    on: date | None = NinjaField(None, description="Session date; default today in the clinic")
    seed: int = NinjaField(0, ge=0, le=1_000_000, description="Variety between sessions")


class ClientPlanQuery(PlanQuery):
    minutes: int | None = NinjaField(  # type: ignore[assignment]
        None, ge=10, le=240, description="Minutes booked; default the next booked visit's, or 60"
    )


@router.post(
    "/plan",
    response={200: PlanResult, **ERRORS},
    operation_id="plan_document",
    url_name="plan",
    summary="Plan a session for a client document (nothing is stored)",
)
def plan_document(
    request: ClinicRequest, payload: Body[dict[str, Any]], query: Query[PlanQuery]
) -> Any:
    doc = posted_document(request, payload)
    if isinstance(doc, HttpResponse):
        return doc
    return plan_for(doc, query.on or request.membership.clinic.today(), query.minutes, query.seed)


@router.get(
    "/clients/{uuid:client_id}/plan",
    response={200: PlanResult, **ERRORS},
    operation_id="get_client_plan",
    url_name="client-plan",
    summary="A session plan for a stored client",
)
def get_client_plan(
    request: ClinicRequest, client_id: uuid.UUID, query: Query[ClientPlanQuery]
) -> Any:
    client = get_client_for_member(request, client_id)
    doc = client_document(client)
    if doc is None:
        return problem(request, 404, "This client has no intake yet, so nothing can be planned.")
    note_plan_sources(request, client)
    minutes = query.minutes or session_minutes(client)
    return plan_for(doc, query.on or client.clinic.today(), minutes, query.seed)

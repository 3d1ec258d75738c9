"""The session plan for the care team (with swaps and dose changes), the home-programme handout
and the client's own home-programme page. The planner decides; these views only show and record."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from stretchwise.audit.log import note_access
from stretchwise.audit.models import Action
from stretchwise.clients.access import get_client_for_login, get_client_for_member
from stretchwise.clients.models import Client
from stretchwise.clinics.access import ClinicRequest, SignedInRequest, member_required
from stretchwise.library.knowledge import KnowledgeBase, knowledge_base
from stretchwise.library.schema import Range, Stretch
from stretchwise.plans.forms import DoseForm, SwapForm
from stretchwise.plans.handout import handout_pdf, home_rows
from stretchwise.plans.models import (
    DEFAULT_MINUTES,
    MINUTES_CHOICES,
    AdjustmentRecord,
    note_plan_sources,
    plan_for,
    programme_for,
    record_adjustments,
    session_minutes,
)
from stretchwise.plans.planner import PlanItem, PlanResult, SessionPlan
from stretchwise.screening.document import Adjustment, ClientDocument
from stretchwise.screening.models import client_document

# ---------------------------------------------------------------- reading the request


def _minutes(query: Any) -> int:
    try:
        minutes = int(query.get("minutes", DEFAULT_MINUTES))
    except (TypeError, ValueError):
        return DEFAULT_MINUTES
    return minutes if 10 <= minutes <= 240 else DEFAULT_MINUTES


def _day(query: Any, client: Client) -> date:
    try:
        return date.fromisoformat(query.get("on", ""))
    except ValueError:
        return client.clinic.today()


def _seed(query: Any) -> int:
    try:
        return max(0, min(1_000_000, int(query.get("seed", 0))))
    except (TypeError, ValueError):
        return 0


# ---------------------------------------------------------------- what the page shows


def _dosing_ranges(
    kb: KnowledgeBase, stretch: Stretch, technique: str
) -> tuple[Range, Range | None]:
    dosing = next(d for d in stretch.techniques if d.technique == technique)
    return dosing.repetitions or kb.techniques[technique].repetitions, dosing.hold_seconds


@dataclass
class Row:
    """One plan item as the page shows it, with the forms to change its stretch."""

    item: PlanItem
    technique_name: str
    alternatives: list[tuple[str, str]]
    first_of_stretch: bool
    swap: SwapForm | None = None
    dose: DoseForm | None = None
    open: str = ""


@dataclass
class Group:
    position: str
    rows: list[Row] = field(default_factory=list)


def _rows(kb: KnowledgeBase, plan: SessionPlan, bound: dict[str, Any]) -> list[Group]:
    """Items in order, grouped by consecutive position; forms on each stretch's first item."""
    groups: list[Group] = []
    seen: set[str] = set()
    for item in plan.items:
        position = kb.positions[item.position].name if item.position in kb.positions else ""
        if not groups or groups[-1].position != position:
            groups.append(Group(position))
        first = item.stretch not in seen
        seen.add(item.stretch)
        row = Row(
            item=item,
            technique_name=kb.techniques[item.technique].name,
            alternatives=[(a, kb.stretches[a].name) for a in item.alternatives],
            first_of_stretch=first,
        )
        if first:
            row.swap, row.dose = _forms(kb, item, row.alternatives, bound)
            if bound.get("stretch") == item.stretch:
                row.open = bound.get("kind", "")
        groups[-1].rows.append(row)
    return groups


def _forms(
    kb: KnowledgeBase, item: PlanItem, alternatives: list[tuple[str, str]], bound: dict[str, Any]
) -> tuple[SwapForm | None, DoseForm | None]:
    prefix = item.stretch
    swap: SwapForm | None = None
    if alternatives:
        swap = SwapForm(alternatives=alternatives, prefix=f"swap-{prefix}")
    if item.role != "main":
        return swap, None  # the warm-up keeps its single gentle repetition
    reps, hold = _dosing_ranges(kb, kb.stretches[item.stretch], item.technique)
    initial = {"repetitions": item.dose.repetitions, "hold_seconds": round(item.dose.hold_seconds)}
    dose = DoseForm(repetitions=reps, hold_seconds=hold, prefix=f"dose-{prefix}", initial=initial)
    if bound.get("stretch") == item.stretch:
        if bound.get("kind") == "swap" and bound.get("form") is not None:
            swap = bound["form"]
        if bound.get("kind") == "dose" and bound.get("form") is not None:
            dose = bound["form"]
    return swap, dose


def _plan_context(
    request: HttpRequest, client: Client, bound: dict[str, Any] | None = None
) -> tuple[dict[str, Any], PlanResult | None]:
    kb = knowledge_base()
    query = request.GET if request.method == "GET" else request.POST
    minutes, on, seed = _minutes(query), _day(query, client), _seed(query)
    doc = client_document(client)
    result = plan_for(doc, on, minutes, seed) if doc is not None else None
    plan = result.plan if result is not None else None
    context: dict[str, Any] = {
        "client": client,
        "kb": kb,
        "minutes": minutes,
        "minutes_choices": MINUTES_CHOICES,
        "on": on,
        "seed": seed,
        "result": result,
        "clearance": result.clearance if result is not None else None,
        "plan": plan,
        "groups": _rows(kb, plan, bound or {}) if plan is not None else [],
        "programme": programme_for(doc, on) if doc is not None and plan is not None else None,
        "home": home_rows(kb, plan) if plan is not None else [],
        "items_seconds": sum(i.seconds for i in plan.items) if plan is not None else 0,
        "adjustments": AdjustmentRecord.objects.filter(client=client)
        .select_related("recorded_by")
        .order_by("-recorded_at")[:10],
        "today": client.clinic.today(),
    }
    return context, result


@member_required
def plan(request: ClinicRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_member(request, client_id)
    context, _ = _plan_context(request, client)
    note_plan_sources(request, client)
    return render(request, "plans/plan.html", context)


def _item_for(result: PlanResult | None, stretch: str) -> PlanItem | None:
    if result is None or result.plan is None:
        return None
    return next((i for i in result.plan.items if i.stretch == stretch), None)


def _back(client: Client, minutes: int) -> HttpResponse:
    return redirect(f"{reverse('plans:plan', args=[client.pk])}?minutes={minutes}")


def _refused(
    request: ClinicRequest, client: Client, stretch: str, kind: str, form: forms.Form
) -> HttpResponse:
    bound = {"stretch": stretch, "kind": kind, "form": form}
    context, _ = _plan_context(request, client, bound)
    context["form"] = form  # the form that was refused, for the page and for tests
    note_plan_sources(request, client)
    return render(request, "plans/plan.html", context, status=400)


def _current_item(
    request: ClinicRequest, client: Client
) -> tuple[PlanItem | None, ClientDocument | None]:
    doc = client_document(client)
    if doc is None:
        return None, None
    query = request.POST
    result = plan_for(doc, _day(query, client), _minutes(query), _seed(query))
    return _item_for(result, request.POST.get("stretch", "")), doc


@require_POST
@member_required
def swap(request: ClinicRequest, client_id: uuid.UUID) -> HttpResponse:
    """Take a stretch out and prefer one of the safe alternatives the planner offered for it."""
    client = get_client_for_member(request, client_id)
    minutes = _minutes(request.POST)
    item, _ = _current_item(request, client)
    if item is None:
        messages.error(request, "That stretch is not in today's plan any more; nothing changed.")
        return _back(client, minutes)
    kb = knowledge_base()
    alternatives = [(a, kb.stretches[a].name) for a in item.alternatives]
    form = SwapForm(request.POST, alternatives=alternatives, prefix=f"swap-{item.stretch}")
    if not form.is_valid():
        return _refused(request, client, item.stretch, "swap", form)
    common = {
        "on": client.clinic.today(),
        "by": request.user.full_name,
        "reason": form.cleaned_data["reason"],
    }
    records = record_adjustments(
        client,
        [
            Adjustment(action="remove", stretch=item.stretch, **common),
            Adjustment(action="prefer", stretch=form.cleaned_data["alternative"], **common),
        ],
        request.user,
    )
    note_access(request, "adjustment", client.clinic_id, [r.pk for r in records], Action.CREATE)
    chosen = kb.stretches[form.cleaned_data["alternative"]].name
    messages.success(request, f"{item.name} swapped for {chosen}. Later plans keep this change.")
    return _back(client, minutes)


@require_POST
@member_required
def dose(request: ClinicRequest, client_id: uuid.UUID) -> HttpResponse:
    """Set a stretch's repetitions and hold within its range for the technique in the plan."""
    client = get_client_for_member(request, client_id)
    minutes = _minutes(request.POST)
    item, _ = _current_item(request, client)
    if item is None or item.role != "main":
        messages.error(request, "That stretch is not a main item of today's plan; nothing changed.")
        return _back(client, minutes)
    kb = knowledge_base()
    reps, hold = _dosing_ranges(kb, kb.stretches[item.stretch], item.technique)
    form = DoseForm(
        request.POST, repetitions=reps, hold_seconds=hold, prefix=f"dose-{item.stretch}"
    )
    if not form.is_valid():
        return _refused(request, client, item.stretch, "dose", form)
    hold_seconds = form.cleaned_data.get("hold_seconds")
    adjustment = Adjustment(
        on=client.clinic.today(),
        by=request.user.full_name,
        reason=form.cleaned_data["reason"],
        action="dose",
        stretch=item.stretch,
        # The range checked is this technique's: the dose is kept with it.
        technique=item.technique,
        repetitions=form.cleaned_data["repetitions"],
        hold_seconds=float(hold_seconds) if hold_seconds is not None else None,
    )
    records = record_adjustments(client, [adjustment], request.user)
    note_access(request, "adjustment", client.clinic_id, [r.pk for r in records], Action.CREATE)
    messages.success(request, f"Dose of {item.name} changed. Later plans keep this change.")
    return _back(client, minutes)


# ---------------------------------------------------------------- home programme


@member_required
def handout(request: ClinicRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_member(request, client_id)
    doc = client_document(client)
    on = client.clinic.today()
    result = plan_for(doc, on, _minutes(request.GET)) if doc is not None else None
    note_plan_sources(request, client, Action.EXPORT)
    if result is None or result.plan is None:
        messages.error(request, "No home programme until the client is cleared to stretch.")
        return redirect("plans:plan", client_id=client.pk)
    pdf = handout_pdf(client, result.plan)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"home-programme-{client.last_name.lower()}-{on.isoformat()}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def portal_home(request: SignedInRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_login(request, client_id)
    timezone.activate(client.clinic.tz)
    doc = client_document(client)
    result = plan_for(doc, client.clinic.today(), session_minutes(client)) if doc else None
    note_plan_sources(request, client)
    kb = knowledge_base()
    plan = result.plan if result is not None else None
    context = {
        "client": client,
        "plan": plan,
        "home": home_rows(kb, plan) if plan is not None else [],
    }
    return render(request, "plans/portal_home.html", context)

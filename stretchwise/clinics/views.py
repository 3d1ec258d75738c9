from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from itertools import islice
from typing import NamedTuple

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from stretchwise.accounts.invitations import send_invitation
from stretchwise.accounts.models import User
from stretchwise.audit.log import note_access
from stretchwise.audit.models import Action
from stretchwise.clients.access import clients_for_member
from stretchwise.clients.models import ClientQuerySet, Consent
from stretchwise.clinics.access import (
    ClinicRequest,
    admin_required,
    get_member_for_admin,
    member_required,
    team_of,
)
from stretchwise.clinics.forms import BranchForm, ClinicSettingsForm, InviteForm, MembershipForm
from stretchwise.clinics.middleware import SESSION_KEY
from stretchwise.clinics.models import Clinic, Membership, Role
from stretchwise.visits.models import Visit, VisitStatus

RECENT_DAYS = 30


class Activity(NamedTuple):
    at: datetime
    text: str
    client_id: uuid.UUID
    client_name: str


def recent_activity(clients: ClientQuerySet, limit: int = 8) -> list[Activity]:
    """What happened lately to the clients this person can see: new clients, consents, visits."""
    events: list[Activity] = []
    for c in clients.order_by("-created_at")[:limit]:
        events.append(Activity(c.created_at, "New client added", c.pk, c.full_name))
    consents = (
        Consent.objects.filter(client__in=clients)
        .select_related("client")
        .order_by("-recorded_at")[:limit]
    )
    for consent in consents:
        events.append(
            Activity(
                consent.recorded_at,
                f"Consent recorded: {consent.get_kind_display().lower()}",
                consent.client_id,
                consent.client.full_name,
            )
        )
    visits = (
        Visit.objects.for_clients(clients)
        .exclude(status=VisitStatus.BOOKED)
        .filter(starts_at__lte=timezone.now())
        .select_related("client")
        .order_by("-starts_at")[:limit]
    )
    for visit in visits:
        events.append(
            Activity(
                visit.starts_at,
                f"Visit: {visit.get_status_display().lower()}",
                visit.client_id,
                visit.client.full_name,
            )
        )
    return list(islice(sorted(events, key=lambda e: e.at, reverse=True), limit))


@member_required
def dashboard(request: ClinicRequest) -> HttpResponse:
    membership = request.membership
    clinic = membership.clinic
    clients = clients_for_member(request).active()
    today = clinic.today()
    start = datetime.combine(today, time.min, tzinfo=clinic.tz)
    todays_visits = (
        Visit.objects.for_clients(clients)
        .on_day(start, start + timedelta(days=1))
        .exclude(status=VisitStatus.CANCELLED)
        .select_related("client", "therapist")
    )
    if not membership.is_admin:
        todays_visits = todays_visits.filter(therapist=request.user)
    seen_since = timezone.now() - timedelta(days=RECENT_DAYS)
    recently_seen = (
        Visit.objects.for_clients(clients)
        .attended()
        .filter(starts_at__gte=seen_since)
        .select_related("client")
        .order_by("-starts_at")
    )
    seen: dict[uuid.UUID, Visit] = {}
    for visit in recently_seen:
        seen.setdefault(visit.client_id, visit)
    waiting = (
        clients.exclude(visits__status=VisitStatus.ATTENDED)
        .select_related("primary_therapist")
        .order_by("created_at")[:10]
    )
    next_booking = {
        v.client_id: v
        for v in Visit.objects.filter(client__in=waiting, status=VisitStatus.BOOKED)
        .upcoming()
        .order_by("-starts_at")
    }
    todays_visits_list = list(todays_visits)
    recently_seen_list = list(seen.values())[:8]
    waiting_list = list(waiting)
    activity = recent_activity(clients)
    # Emergency answers in an intake wait here until someone confirms they contacted the client.
    from stretchwise.screening.models import Alert

    alerts = list(
        Alert.objects.filter(client__in=clients, acknowledged_at__isnull=True)
        .select_related("client")
        .order_by("-raised_at")
    )
    shown = {v.client_id for v in [*todays_visits_list, *recently_seen_list]}
    shown |= {c.pk for c in waiting_list} | {e.client_id for e in activity}
    shown |= {a.client_id for a in alerts}
    note_access(request, "client", membership.clinic_id, shown, Action.LIST)
    context = {
        "todays_visits": todays_visits_list,
        "recently_seen": recently_seen_list,
        "waiting": [(c, next_booking.get(c.pk)) for c in waiting_list],
        "activity": activity,
        "alerts": alerts,
        "client_count": clients.count(),
        "today": today,
    }
    return render(request, "clinics/dashboard.html", context)


@member_required
def team(request: ClinicRequest) -> HttpResponse:
    members = team_of(request)
    return render(request, "clinics/team.html", {"members": members})


@admin_required
def invite(request: ClinicRequest) -> HttpResponse:
    membership = request.membership
    form = InviteForm(request.POST or None, clinic=membership.clinic)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            user = User.objects.filter(email=data["email"]).first()
            is_new = user is None
            if user is None:
                user = User.objects.create_user(data["email"], full_name=data["full_name"])
            Membership.objects.create(
                user=user,
                clinic=membership.clinic,
                role=data["role"],
                treats_clients=data["treats_clients"] or data["role"] == "therapist",
                invited_by=request.user,
            )
        if is_new:
            send_invitation(
                request,
                user,
                invited_by=request.user,
                place=membership.clinic.name,
            )
            messages.success(request, f"Invitation sent to {user.email}.")
        else:
            messages.success(request, f"{user} now works at {membership.clinic.name} too.")
        return redirect("clinics:team")
    return render(
        request, "clinics/invite.html", {"form": form}, status=400 if form.errors else 200
    )


@admin_required
def edit_membership(request: ClinicRequest, membership_id: uuid.UUID) -> HttpResponse:
    member = get_member_for_admin(request, membership_id)
    form = MembershipForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{member.user}'s role is saved.")
        return redirect("clinics:team")
    return render(
        request,
        "clinics/membership_form.html",
        {"form": form, "member": member},
        status=400 if form.errors else 200,
    )


@admin_required
def clinic_settings(request: ClinicRequest) -> HttpResponse:
    membership = request.membership
    form = ClinicSettingsForm(request.POST or None, instance=membership.clinic)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Clinic settings saved.")
        return redirect("clinics:settings")
    branches = Clinic.objects.filter(organisation_id=membership.clinic.organisation_id)
    return render(
        request,
        "clinics/settings.html",
        {"form": form, "branches": branches},
        status=400 if form.errors else 200,
    )


@require_POST
@member_required
def switch_clinic(request: ClinicRequest) -> HttpResponse:
    chosen = request.POST.get("clinic", "")
    memberships = getattr(request, "memberships", [])
    if any(str(m.clinic_id) == chosen for m in memberships):
        request.session[SESSION_KEY] = chosen
    else:
        messages.error(request, "You do not work at that clinic.")
    return redirect("clinics:dashboard")


@admin_required
def add_branch(request: ClinicRequest) -> HttpResponse:
    """An admin opens another branch of their organisation and becomes its first admin."""
    current = request.membership
    form = BranchForm(
        request.POST or None,
        organisation_id=current.clinic.organisation_id,
        initial={"time_zone": current.clinic.time_zone},
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            branch = form.save(commit=False)
            branch.organisation = current.clinic.organisation
            for setting in ("units", "doctor_term", "therapist_visibility"):
                setattr(branch, setting, getattr(current.clinic, setting))
            branch.save()
            Membership.objects.create(
                user=request.user,
                clinic=branch,
                role=Role.ADMIN,
                treats_clients=current.treats_clients,
                invited_by=request.user,
            )
        request.session[SESSION_KEY] = str(branch.pk)
        messages.success(request, f"{branch.name} is open. You are its admin; invite its team.")
        return redirect("clinics:team")
    return render(
        request, "clinics/add_branch.html", {"form": form}, status=400 if form.errors else 200
    )

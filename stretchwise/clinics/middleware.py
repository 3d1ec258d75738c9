"""Which clinic the signed-in person is working at, for this request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from stretchwise.clinics.models import Membership, memberships_of

SESSION_KEY = "clinic_id"


def choose_membership(memberships: list[Membership], chosen: str | None) -> Membership | None:
    """The clinic chosen in this session, or the first; None for clients and strangers."""
    for membership in memberships:
        if str(membership.clinic_id) == chosen:
            return membership
    return memberships[0] if memberships else None


def current_clinic(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        memberships = list(memberships_of(request.user)) if request.user.is_authenticated else []
        membership = choose_membership(memberships, request.session.get(SESSION_KEY))
        request.memberships = memberships  # type: ignore[attr-defined]
        request.membership = membership  # type: ignore[attr-defined]
        if membership is not None:
            # Dates and times on every page are the clinic's own.
            timezone.activate(membership.clinic.tz)
        else:
            timezone.deactivate()
        return get_response(request)

    return middleware

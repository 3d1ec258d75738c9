"""Who may use the clinic's pages. Decided here, once, for every clinic view."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect

from stretchwise.clinics.models import Membership

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from stretchwise.accounts.models import User


class SignedInRequest(HttpRequest):
    """A request from someone signed in (what login_required guarantees)."""

    user: User
    memberships: list[Membership]
    membership: Membership | None
    htmx: HtmxDetails


class ClinicRequest(SignedInRequest):
    """A request from a member of the current clinic (what member_required guarantees)."""

    membership: Membership


P = ParamSpec("P")
R = TypeVar("R", bound=HttpRequest)


def member_required(
    view: Callable[Concatenate[R, P], HttpResponseBase],
) -> Callable[Concatenate[R, P], HttpResponseBase]:
    """Admins and therapists of the current clinic. A client login goes to its own pages."""

    @wraps(view)
    def wrapper(request: R, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        if getattr(request, "membership", None) is None:
            if request.user.client_links.exists():  # type: ignore[union-attr]
                return redirect("clients:portal")
            raise PermissionDenied("You are not a member of any clinic.")
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def admin_required(
    view: Callable[Concatenate[R, P], HttpResponseBase],
) -> Callable[Concatenate[R, P], HttpResponseBase]:
    @wraps(view)
    def wrapper(request: R, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        membership: Membership = request.membership  # type: ignore[attr-defined]
        if not membership.is_admin:
            raise PermissionDenied("Only a clinic admin can do this.")
        return view(request, *args, **kwargs)

    return member_required(wrapper)


def team_of(request: ClinicRequest) -> QuerySet[Membership]:
    """The memberships of the clinic this member is working at."""
    return Membership.objects.filter(clinic=request.membership.clinic).select_related("user")


def get_member_for_admin(request: ClinicRequest, membership_id: uuid.UUID) -> Membership:
    """A membership of the admin's own clinic; 404 for any other clinic's."""
    return get_object_or_404(team_of(request), pk=membership_id)

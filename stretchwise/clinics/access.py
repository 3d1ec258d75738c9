"""Who may use the clinic's pages. Decided here, once, for every clinic view."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from stretchwise.accounts.models import User
    from stretchwise.clinics.models import Membership


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

"""Who may open the clinic's own pages: the dashboard, the team, invitations, roles, settings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pytest
from django.urls import reverse

from stretchwise.accounts.models import User
from stretchwise.clinics.middleware import SESSION_KEY
from stretchwise.clinics.models import Clinic, Membership
from tests.cast import ROLES, AsRole, Cast, membership_of, page_text

ADMINS = {"admin", "outsider"}  # Otto is the admin of his own clinic, Northway
MEMBERS = ADMINS | {"therapist", "colleague", "assigned_only_colleague", "branch_therapist"}
STRANGERS_TO_RIVERSIDE = {"branch_therapist", "outsider"}


@dataclass(frozen=True)
class Page:
    name: str
    method: str = "get"
    admins_only: bool = False

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.name}"


PAGES = [
    Page("clinics:dashboard"),
    Page("clinics:team"),
    Page("clinics:invite", admins_only=True),
    Page("clinics:invite", "post", admins_only=True),
    Page("clinics:membership", admins_only=True),
    Page("clinics:membership", "post", admins_only=True),
    Page("clinics:settings", admins_only=True),
    Page("clinics:settings", "post", admins_only=True),
    Page("clinics:switch", "post"),
]


def url_of(page: Page, cast: Cast) -> str:
    if page.name == "clinics:membership":
        theo = membership_of(cast.therapist, cast.clinic)
        return reverse(page.name, kwargs={"membership_id": theo.pk})
    return reverse(page.name)


def data_of(page: Page, cast: Cast) -> Mapping[str, object]:
    data: dict[str, Mapping[str, object]] = {
        "clinics:invite": {
            "full_name": "Nina New",
            "email": "nina@new.example",
            "role": "admin",
            "treats_clients": "on",
        },
        "clinics:membership": {"role": "admin", "treats_clients": "on"},
        "clinics:settings": {
            "name": "Taken over",
            "time_zone": "UTC",
            "units": "imperial",
            "doctor_term": "gp",
            "therapist_visibility": "all",
        },
        "clinics:switch": {"clinic": str(cast.clinic.pk)},
    }
    return data.get(page.name, {})


def expected(role: str, page: Page) -> str:
    if role == "anonymous":
        return "sign-in"
    if role == "client_login":
        return "portal"
    if page.admins_only and role not in ADMINS:
        return "403"
    if page.name == "clinics:membership" and role == "outsider":
        return "404"  # Theo's membership is at Riverside, not at Otto's clinic
    return "allowed"


def state_of_riverside(cast: Cast) -> tuple[object, ...]:
    clinic = Clinic.objects.get(pk=cast.clinic.pk)
    members = Membership.objects.filter(clinic=clinic).order_by("user__email")
    return (
        (clinic.name, clinic.time_zone, clinic.units, clinic.therapist_visibility),
        [(m.user.email, m.role, m.treats_clients, m.is_active) for m in members],
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES, ids=str)
def test_each_clinic_page_is_open_to_the_right_people_only(
    cast: Cast, as_role: AsRole, page: Page, role: str
) -> None:
    web = as_role(role)
    before = state_of_riverside(cast)
    url = url_of(page, cast)
    response = web.get(url) if page.method == "get" else web.post(url, data_of(page, cast))
    outcome = expected(role, page)
    text = page_text(response)

    if role in STRANGERS_TO_RIVERSIDE:
        assert "riverside" not in text.lower()
        assert state_of_riverside(cast) == before
    if outcome == "allowed":
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert page.method == "post"
            assert not response["Location"].startswith(reverse("accounts:sign-in"))
        return
    if outcome == "sign-in":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in") + "?next=")
    elif outcome == "portal":
        assert response.status_code == 302
        assert response["Location"] == reverse("clients:portal")
    else:
        assert response.status_code == int(outcome)
    assert "ada@riverside.example" not in text  # the team list is not shown
    assert state_of_riverside(cast) == before
    assert not User.objects.filter(email="nina@new.example").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(STRANGERS_TO_RIVERSIDE))
def test_switching_to_a_clinic_one_does_not_work_at_changes_nothing(
    cast: Cast, as_role: AsRole, role: str
) -> None:
    web = as_role(role)
    web.post(reverse("clinics:switch"), {"clinic": str(cast.clinic.pk)})
    assert SESSION_KEY not in web.session
    assert web.get(reverse("clients:detail", kwargs={"client_id": cast.pia.pk})).status_code == 404


@pytest.mark.django_db
def test_someone_signed_in_who_works_nowhere_and_has_no_record_is_refused(
    cast: Cast, as_role: AsRole
) -> None:
    Membership.objects.filter(user=cast.colleague).update(is_active=False)
    web = as_role("colleague")
    assert web.get(reverse("clinics:dashboard")).status_code == 403
    assert web.get(reverse("clients:list")).status_code == 403
    assert web.get(reverse("clients:detail", kwargs={"client_id": cast.cal.pk})).status_code == 403

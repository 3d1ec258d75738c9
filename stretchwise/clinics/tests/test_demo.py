"""`stretchwise demo` builds a living clinic and can be run again and again."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client as WebClient
from django.urls import reverse

from stretchwise.accounts.models import User
from stretchwise.clients.models import Client, ClientLink, Consent
from stretchwise.clinics.demo import (
    CLIENTS,
    DEMO_PASSWORD,
    DemoLogin,
    create_demo_clinic,
    demo_logins,
)
from stretchwise.clinics.models import Clinic, Membership, Role
from stretchwise.visits.models import Visit


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def numbers() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "clinics": Clinic.objects.count(),
        "memberships": Membership.objects.count(),
        "clients": Client.objects.count(),
        "links": ClientLink.objects.count(),
        "visits": Visit.objects.count(),
        "consents": Consent.objects.count(),
    }


@pytest.mark.django_db
def test_the_demo_is_a_clinic_with_an_admin_two_therapists_and_a_dozen_clients() -> None:
    output = run_demo()
    clinic = Clinic.objects.get()
    roles = sorted(m.role for m in clinic.memberships.all())
    assert roles == [Role.ADMIN, Role.THERAPIST, Role.THERAPIST]
    assert clinic.clients.count() == len(CLIENTS) >= 12
    assert any(c.is_minor for c in clinic.clients.all())
    assert Visit.objects.exists()
    assert Consent.objects.exists()
    assert "Demo clinic ready" in output
    for login in demo_logins():
        assert login.email in output
    assert DEMO_PASSWORD in output


@pytest.mark.django_db
def test_running_the_demo_twice_gives_the_same_numbers() -> None:
    run_demo()
    first = numbers()
    run_demo()
    assert numbers() == first


@pytest.mark.django_db
def test_the_demo_refreshed_on_another_day_still_gives_the_same_numbers() -> None:
    clinic = create_demo_clinic()
    first = numbers()
    create_demo_clinic(today=clinic.today() + timedelta(days=9))
    assert numbers() == first


@pytest.mark.django_db
def test_running_the_demo_again_restores_what_was_changed() -> None:
    run_demo()
    helen = Client.objects.get(first_name="Helen")
    helen.archived_at = helen.created_at
    helen.save()
    admin = User.objects.get(email="admin@demo.stretchwise.example")
    admin.set_password("forgotten it")
    admin.save()
    run_demo()
    helen.refresh_from_db()
    admin.refresh_from_db()
    assert not helen.is_archived
    assert admin.check_password(DEMO_PASSWORD)


@pytest.mark.django_db
@pytest.mark.parametrize("login", demo_logins(), ids=lambda login: login.email)
def test_every_demo_login_can_sign_in(login: DemoLogin) -> None:
    run_demo()
    web = WebClient()
    response = web.post(
        reverse("accounts:sign-in"), {"email": login.email, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert web.get(response["Location"], follow=True).status_code == 200


@pytest.mark.django_db
def test_the_demo_client_login_sees_helen_and_her_son_only() -> None:
    run_demo()
    web = WebClient()
    web.post(
        reverse("accounts:sign-in"),
        {"email": "helen@demo.stretchwise.example", "password": DEMO_PASSWORD},
    )
    records = web.get(reverse("clients:portal")).context["records"]
    assert sorted(r.full_name for r in records) == ["Helen Marsh", "Jamie Marsh"]

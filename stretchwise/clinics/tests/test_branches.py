from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client as WebClient
from django.urls import reverse

from stretchwise.clinics.models import Clinic, Membership, Role
from tests.cast import Cast

SignIn = Callable[[object], WebClient]


@pytest.mark.django_db
def test_an_admin_opens_a_branch_and_becomes_its_admin(cast: Cast, signed_in: SignIn) -> None:
    web = signed_in(cast.admin)
    response = web.post(
        reverse("clinics:add-branch"), {"name": "Seaside", "time_zone": "Europe/Dublin"}
    )
    assert response.status_code == 302
    seaside = Clinic.objects.get(name="Seaside")
    assert seaside.organisation == cast.organisation
    assert seaside.time_zone == "Europe/Dublin"
    assert Membership.objects.get(user=cast.admin, clinic=seaside).role == Role.ADMIN
    assert web.get(reverse("clients:list")).context["page"].paginator.count == 0


@pytest.mark.django_db
def test_a_branch_name_may_not_repeat_within_the_organisation(
    cast: Cast, signed_in: SignIn
) -> None:
    response = signed_in(cast.admin).post(
        reverse("clinics:add-branch"), {"name": "hillside", "time_zone": "Europe/London"}
    )
    assert response.status_code == 400
    assert "already has a clinic" in response.content.decode()
    assert Clinic.objects.filter(name__iexact="hillside").count() == 1


@pytest.mark.django_db
def test_a_therapist_cannot_open_a_branch(cast: Cast, signed_in: SignIn) -> None:
    response = signed_in(cast.therapist).post(
        reverse("clinics:add-branch"), {"name": "Rogue", "time_zone": "Europe/London"}
    )
    assert response.status_code == 403
    assert not Clinic.objects.filter(name="Rogue").exists()

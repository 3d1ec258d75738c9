from __future__ import annotations

import pytest

from stretchwise.accounts.models import User
from stretchwise.clients.models import Client
from stretchwise.clinics.models import Membership, TherapistVisibility
from tests.cast import Cast


def membership(cast: Cast, user: User) -> Membership:
    return Membership.objects.get(
        user=user, clinic__in=[cast.clinic, cast.branch, cast.other_clinic]
    )


@pytest.mark.django_db
def test_therapists_see_every_client_of_their_clinic_by_default(cast: Cast) -> None:
    visible = set(Client.objects.visible_to(membership(cast, cast.colleague)))
    assert visible == {cast.pia, cast.kit, cast.cal}


@pytest.mark.django_db
def test_when_the_clinic_restricts_sight_a_therapist_sees_only_assigned_clients(cast: Cast) -> None:
    cast.clinic.therapist_visibility = TherapistVisibility.ASSIGNED
    cast.clinic.save()
    assert set(Client.objects.visible_to(membership(cast, cast.colleague))) == {cast.cal}
    cast.pia.cover_therapists.add(cast.colleague)
    assert set(Client.objects.visible_to(membership(cast, cast.colleague))) == {cast.cal, cast.pia}


@pytest.mark.django_db
def test_an_admin_sees_the_whole_clinic_even_when_therapists_see_only_their_own(cast: Cast) -> None:
    cast.clinic.therapist_visibility = TherapistVisibility.ASSIGNED
    cast.clinic.save()
    assert set(Client.objects.visible_to(membership(cast, cast.admin))) == {
        cast.pia,
        cast.kit,
        cast.cal,
    }


@pytest.mark.django_db
def test_nothing_crosses_to_another_branch_or_organisation(cast: Cast) -> None:
    assert set(Client.objects.visible_to(membership(cast, cast.branch_therapist))) == set()
    assert set(Client.objects.visible_to(membership(cast, cast.outsider))) == {cast.oscar}


@pytest.mark.django_db
def test_a_client_login_sees_its_own_record_and_its_childs(cast: Cast) -> None:
    assert set(Client.objects.linked_to(cast.client_login)) == {cast.pia, cast.kit}

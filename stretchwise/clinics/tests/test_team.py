"""The team: admins invite therapists and change roles; a clinic never loses its last admin."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client as WebClient
from django.urls import reverse

from stretchwise.accounts.models import User
from stretchwise.clinics.models import Membership, Role
from tests.cast import Cast, SignIn, assert_form_refused, member, membership_of, page_text

TEAM = reverse("clinics:team")
INVITE = reverse("clinics:invite")
PASSWORD = "long enough to stretch 9"


def invitation(**changes: str) -> dict[str, str]:
    data = {
        "full_name": "Nina New",
        "email": "nina@riverside.example",
        "role": "therapist",
        "treats_clients": "on",
    }
    data.update(changes)
    return data


def membership_url(membership: Membership) -> str:
    return reverse("clinics:membership", kwargs={"membership_id": membership.pk})


def role_change(role: str, treats: bool = True, active: bool = True) -> dict[str, str]:
    data = {"role": role}
    if treats:
        data["treats_clients"] = "on"
    if active:
        data["is_active"] = "on"
    return data


@pytest.mark.django_db
def test_the_team_page_lists_the_people_of_the_clinic_only(cast: Cast, signed_in: SignIn) -> None:
    text = page_text(signed_in(cast.therapist).get(TEAM))
    for person in (cast.admin, cast.therapist, cast.colleague):
        assert person.full_name in text
    assert cast.branch_therapist.full_name not in text
    assert cast.outsider.full_name not in text
    assert "Invite someone" not in text
    assert "Invite someone" in page_text(signed_in(cast.admin).get(TEAM))


@pytest.mark.django_db
def test_an_admin_invites_a_therapist_who_chooses_a_password_and_signs_in(
    cast: Cast, signed_in: SignIn
) -> None:
    response = signed_in(cast.admin).post(INVITE, invitation(email="Nina@Riverside.example"))
    assert response["Location"] == TEAM
    nina = User.objects.get(email="nina@riverside.example")
    assert not nina.has_usable_password()
    membership = membership_of(nina, cast.clinic)
    assert (membership.role, membership.treats_clients) == (Role.THERAPIST, True)
    assert membership.invited_by == cast.admin

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nina@riverside.example"]
    assert mail.outbox[0].subject == "You are invited to Riverside on Stretchwise"
    match = re.search(
        r"http://testserver(/accounts/choose-password/\S+/)", str(mail.outbox[0].body)
    )
    assert match

    web = WebClient()
    form_url = web.get(match.group(1), follow=True).redirect_chain[-1][0]
    web.post(form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    signed = WebClient()
    response = signed.post(
        reverse("accounts:sign-in"), {"email": "nina@riverside.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "Today at Riverside" in page_text(signed.get(reverse("clinics:dashboard")))


@pytest.mark.django_db
def test_someone_at_another_branch_of_the_organisation_joins_without_a_new_account(
    cast: Cast, signed_in: SignIn
) -> None:
    response = signed_in(cast.admin).post(
        INVITE, invitation(full_name="Hugo H", email="HUGO@hillside.example"), follow=True
    )
    assert "Hugo Hillside now works at Riverside too." in page_text(response)
    assert membership_of(cast.branch_therapist, cast.clinic).invited_by == cast.admin
    assert membership_of(cast.branch_therapist, cast.branch).is_active
    assert mail.outbox == []
    assert User.objects.filter(email="hugo@hillside.example").count() == 1


@pytest.mark.django_db
def test_an_admin_who_does_not_treat_can_be_invited(cast: Cast, signed_in: SignIn) -> None:
    signed_in(cast.admin).post(INVITE, invitation(role="admin", treats_clients=""))
    membership = Membership.objects.get(user__email="nina@riverside.example")
    assert (membership.role, membership.treats_clients) == (Role.ADMIN, False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"email": "Theo@Riverside.example"}, "email", "already on the team of this clinic"),
        ({"email": "otto@northway.example"}, "email", "already used by another account"),
        ({"email": "pia@home.example"}, "email", "already used by another account"),
        ({"email": "nina"}, "email", "Enter a valid email address."),
        ({"email": "nina\x00@riverside.example"}, "email", "Null characters are not allowed."),
        ({"full_name": ""}, "full_name", "This field is required."),
        ({"full_name": "007"}, "full_name", "A name needs at least one letter."),
        ({"full_name": "Nina\x00"}, "full_name", "Null characters are not allowed."),
        ({"role": "owner"}, "role", "Select a valid choice."),
        ({"role": "client"}, "role", "Select a valid choice."),
        ({"treats_clients": ""}, "treats_clients", "A therapist treats clients"),
    ],
)
def test_an_invitation_that_does_not_make_sense_is_refused(
    cast: Cast, signed_in: SignIn, changes: dict[str, str], field: str, words: str
) -> None:
    users, memberships = User.objects.count(), Membership.objects.count()
    assert_form_refused(signed_in(cast.admin).post(INVITE, invitation(**changes)), field, words)
    assert (User.objects.count(), Membership.objects.count()) == (users, memberships)
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_therapist_cannot_invite(cast: Cast, signed_in: SignIn) -> None:
    web = signed_in(cast.therapist)
    assert web.get(INVITE).status_code == 403
    assert web.post(INVITE, invitation()).status_code == 403
    assert not User.objects.filter(email="nina@riverside.example").exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_admin_of_another_organisation_invites_to_their_own_clinic_only(
    cast: Cast, signed_in: SignIn
) -> None:
    signed_in(cast.outsider).post(INVITE, invitation())
    nina = User.objects.get(email="nina@riverside.example")
    assert [m.clinic for m in nina.memberships.all()] == [cast.other_clinic]


@pytest.mark.django_db
def test_an_admin_makes_a_therapist_an_admin_who_also_treats(cast: Cast, signed_in: SignIn) -> None:
    theo = membership_of(cast.therapist, cast.clinic)
    response = signed_in(cast.admin).post(membership_url(theo), role_change("admin"))
    assert response["Location"] == TEAM
    theo.refresh_from_db()
    assert (theo.role, theo.treats_clients) == (Role.ADMIN, True)
    assert "also treats" in page_text(signed_in(cast.admin).get(TEAM))


@pytest.mark.django_db
def test_an_admin_deactivates_a_therapist_who_then_loses_the_clinic(
    cast: Cast, signed_in: SignIn
) -> None:
    cora = membership_of(cast.colleague, cast.clinic)
    signed_in(cast.admin).post(membership_url(cora), role_change("therapist", active=False))
    cora.refresh_from_db()
    assert not cora.is_active
    assert signed_in(cast.colleague).get(reverse("clients:list")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [role_change("therapist"), role_change("admin", active=False)],
    ids=["made a therapist", "deactivated"],
)
def test_the_last_active_admin_cannot_be_removed(
    cast: Cast, signed_in: SignIn, change: dict[str, str]
) -> None:
    ada = membership_of(cast.admin, cast.clinic)
    response = signed_in(cast.admin).post(membership_url(ada), change)
    assert_form_refused(response, None, "A clinic needs at least one active admin.")
    ada.refresh_from_db()
    assert (ada.role, ada.is_active) == (Role.ADMIN, True)


@pytest.mark.django_db
def test_an_admin_whose_fellow_admin_is_deactivated_is_still_the_last_one(
    cast: Cast, signed_in: SignIn
) -> None:
    cast.therapist.is_active = False
    cast.therapist.save()
    Membership.objects.filter(user=cast.therapist).update(role=Role.ADMIN)
    ada = membership_of(cast.admin, cast.clinic)
    response = signed_in(cast.admin).post(membership_url(ada), role_change("therapist"))
    assert_form_refused(response, None, "A clinic needs at least one active admin.")


@pytest.mark.django_db
def test_an_admin_may_step_down_once_there_is_another(cast: Cast, signed_in: SignIn) -> None:
    web = signed_in(cast.admin)
    web.post(membership_url(membership_of(cast.therapist, cast.clinic)), role_change("admin"))
    ada = membership_of(cast.admin, cast.clinic)
    assert web.post(membership_url(ada), role_change("therapist")).status_code == 302
    ada.refresh_from_db()
    assert ada.role == Role.THERAPIST
    assert web.get(INVITE).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (role_change("therapist", treats=False), "treats_clients", "A therapist treats clients"),
        ({"role": "boss", "is_active": "on"}, "role", "Select a valid choice."),
        ({"role": "admin\x00", "is_active": "on"}, "role", "Select a valid choice."),
    ],
)
def test_a_role_change_that_does_not_make_sense_is_refused(
    cast: Cast, signed_in: SignIn, change: dict[str, str], field: str, words: str
) -> None:
    theo = membership_of(cast.therapist, cast.clinic)
    assert_form_refused(signed_in(cast.admin).post(membership_url(theo), change), field, words)
    theo.refresh_from_db()
    assert (theo.role, theo.treats_clients, theo.is_active) == (Role.THERAPIST, True, True)


@pytest.mark.django_db
def test_an_admin_cannot_change_a_membership_of_another_clinic(
    cast: Cast, signed_in: SignIn
) -> None:
    hugo = membership_of(cast.branch_therapist, cast.branch)
    otto = membership_of(cast.outsider, cast.other_clinic)
    web = signed_in(cast.admin)
    for membership in (hugo, otto):
        assert web.get(membership_url(membership)).status_code == 404
        assert (
            web.post(membership_url(membership), role_change("therapist", active=False)).status_code
            == 404
        )
        membership.refresh_from_db()
        assert membership.is_active


@pytest.mark.django_db
def test_a_new_member_of_a_second_branch_sees_both_in_the_clinic_switch(
    cast: Cast, signed_in: SignIn
) -> None:
    member(cast.therapist, cast.branch)
    text = page_text(signed_in(cast.therapist).get(reverse("clinics:dashboard")))
    assert 'name="clinic"' in text
    assert "Hillside" in text

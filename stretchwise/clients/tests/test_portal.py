"""A client login sees its own record and those in its care, and nothing else."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import pytest
from django.core import mail
from django.test import Client as WebClient
from django.urls import reverse

from stretchwise.accounts.models import User
from stretchwise.clients.consent_texts import consent_text
from stretchwise.clients.models import ClientLink, ConsentKind, record_consent
from stretchwise.visits.models import Visit
from tests.cast import ROLES, AsRole, Cast, SignIn, assert_form_refused, page_text

PORTAL = reverse("clients:portal")


def record_url(client_id: object) -> str:
    return reverse("clients:portal-record", kwargs={"client_id": client_id})


def portal_access(client_id: object) -> str:
    return reverse("clients:portal-access", kwargs={"client_id": client_id})


@pytest.mark.django_db
def test_a_client_login_lands_on_its_own_records(cast: Cast, signed_in: SignIn) -> None:
    web = signed_in(cast.client_login)
    assert web.get(reverse("clinics:dashboard"))["Location"] == PORTAL
    response = web.get(PORTAL)
    text = page_text(response)
    assert response.status_code == 200
    assert {r.first_name for r in response.context["records"]} == {"Pia", "Kit"}
    assert record_url(cast.pia.pk) in text
    assert record_url(cast.kit.pk) in text
    assert "Cooper" not in text
    assert "Olsen" not in text


@pytest.mark.django_db
def test_a_client_login_opens_its_own_record_and_its_childs(cast: Cast, signed_in: SignIn) -> None:
    web = signed_in(cast.client_login)
    for client in (cast.pia, cast.kit):
        response = web.get(record_url(client.pk))
        assert response.status_code == 200
        assert client.full_name in page_text(response)


@pytest.mark.django_db
def test_a_client_login_cannot_open_anyone_elses_record(cast: Cast, signed_in: SignIn) -> None:
    web = signed_in(cast.client_login)
    for client in (cast.cal, cast.oscar):
        response = web.get(record_url(client.pk))
        assert response.status_code == 404
        assert client.last_name not in page_text(response)


@pytest.mark.django_db
def test_a_client_login_is_sent_to_its_portal_from_every_clinic_page(
    cast: Cast, signed_in: SignIn
) -> None:
    web = signed_in(cast.client_login)
    for url in (
        reverse("clients:list"),
        reverse("clients:detail", kwargs={"client_id": cast.pia.pk}),
        reverse("clients:edit", kwargs={"client_id": cast.kit.pk}),
        reverse("clinics:team"),
        reverse("clinics:settings"),
    ):
        assert web.get(url)["Location"] == PORTAL, url


@pytest.mark.django_db
def test_the_portal_shows_upcoming_visits_and_consents_in_force(
    cast: Cast, signed_in: SignIn
) -> None:
    tomorrow = datetime.combine(cast.clinic.today() + timedelta(days=1), time(15), cast.clinic.tz)
    Visit.objects.create(client=cast.pia, therapist=cast.therapist, starts_at=tomorrow)
    record_consent(
        cast.pia,
        kind=ConsentKind.DATA_PROCESSING,
        given_by="client",
        given_by_name="Pia Pearson",
        method="client_portal",
        given_on=date(2025, 1, 6),
        by=cast.therapist,
    )
    text = page_text(signed_in(cast.client_login).get(record_url(cast.pia.pk)))
    assert "60 minutes with Theo Therapist" in text
    assert consent_text(ConsentKind.DATA_PROCESSING).title in text
    assert "Agreed 6 January 2025" in text


@pytest.mark.django_db
def test_a_team_member_without_records_is_sent_to_the_dashboard_from_the_portal(
    cast: Cast, signed_in: SignIn
) -> None:
    web = signed_in(cast.therapist)
    assert web.get(PORTAL)["Location"] == reverse("clinics:dashboard")
    assert web.get(record_url(cast.pia.pk)).status_code == 404


@pytest.mark.django_db
def test_someone_not_signed_in_is_asked_to_sign_in_for_the_portal(cast: Cast) -> None:
    for url in (PORTAL, record_url(cast.pia.pk)):
        response = WebClient().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))


@pytest.mark.django_db
def test_a_therapist_gives_a_client_a_login_by_invitation(cast: Cast, signed_in: SignIn) -> None:
    response = signed_in(cast.colleague).post(
        portal_access(cast.cal.pk),
        {"email": "Cal@Home.example", "full_name": "Cal Cooper", "relationship": "self"},
    )
    assert response.status_code == 302
    link = ClientLink.objects.get(client=cast.cal)
    assert link.user.email == "cal@home.example"
    assert not link.user.has_usable_password()
    assert mail.outbox[0].to == ["cal@home.example"]
    match = re.search(
        r"http://testserver(/accounts/choose-password/\S+/)", str(mail.outbox[0].body)
    )
    assert match
    web = WebClient()
    form_url = web.get(match.group(1), follow=True).redirect_chain[-1][0]
    web.post(
        form_url,
        {"new_password1": "stretch and breathe 7", "new_password2": "stretch and breathe 7"},
    )
    signed = WebClient()
    signed.post(
        reverse("accounts:sign-in"),
        {"email": "cal@home.example", "password": "stretch and breathe 7"},
    )
    assert [r.first_name for r in signed.get(PORTAL).context["records"]] == ["Cal"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "data", "field", "words"),
    [
        (
            "cal",
            {"email": "cora@riverside.example"},
            "email",
            "belongs to a member of a clinic team",
        ),
        (
            "cal",
            {"email": "OTTO@northway.example"},
            "email",
            "belongs to a member of a clinic team",
        ),
        ("cal", {"email": "cal at home"}, "email", "Enter a valid email address."),
        ("cal", {"email": "cal\x00@home.example"}, "email", "Null characters are not allowed."),
        ("cal", {"full_name": "\x00"}, "full_name", "Null characters are not allowed."),
        ("cal", {"full_name": "1"}, "full_name", "A name needs at least one letter."),
        ("cal", {"relationship": "cousin"}, "relationship", "Select a valid choice."),
        ("kit", {"relationship": "self"}, "relationship", "The client is a minor"),
    ],
)
def test_a_login_for_a_client_is_refused_when_it_does_not_make_sense(
    cast: Cast, signed_in: SignIn, who: str, data: dict[str, str], field: str, words: str
) -> None:
    client = cast.cal if who == "cal" else cast.kit
    post = {"email": "someone@home.example", "full_name": "Some One", "relationship": "guardian"}
    response = signed_in(cast.admin).post(portal_access(client.pk), {**post, **data})
    assert_form_refused(response, field, words)
    assert not ClientLink.objects.filter(client=client).exclude(user=cast.client_login).exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_client_sees_visit_times_in_the_clinics_own_time_zone(
    cast: Cast, signed_in: SignIn
) -> None:
    day = cast.other_clinic.today() + timedelta(days=1)
    starts = datetime.combine(day, time(9, 15), cast.other_clinic.tz)  # Toronto, never UTC
    Visit.objects.create(client=cast.oscar, therapist=cast.outsider, starts_at=starts)
    oscar_login = User.objects.create_user("oscar@home.example", "pw", full_name="Oscar Olsen")
    ClientLink.objects.create(user=oscar_login, client=cast.oscar, relationship="self")
    text = page_text(signed_in(oscar_login).get(record_url(cast.oscar.pk)))
    assert f"{day:%A} {day.day} {day:%B}, 09:15" in text


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_portal_pages_are_for_the_client_login_only(
    cast: Cast, as_role: AsRole, role: str
) -> None:
    web = as_role(role)
    portal = web.get(PORTAL)
    record = web.get(record_url(cast.pia.pk))
    if role == "client_login":
        assert (portal.status_code, record.status_code) == (200, 200)
        return
    if role == "anonymous":
        for response in (portal, record):
            assert response["Location"].startswith(reverse("accounts:sign-in") + "?next=")
        return
    assert portal["Location"] == reverse("clinics:dashboard")
    assert record.status_code == 404
    assert "900111" not in page_text(record)

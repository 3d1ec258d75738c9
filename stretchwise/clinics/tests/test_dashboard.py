"""The clinic dashboard: today's visits, clients waiting for a first visit, recent activity."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test import Client as WebClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from stretchwise.clients.models import Client, ConsentKind, archive_client, record_consent
from stretchwise.visits.models import Visit, VisitStatus
from tests.cast import Cast, SignIn, client_at, page_text

DASHBOARD = reverse("clinics:dashboard")
MAX_QUERIES = 18


def at(cast: Cast, days: int, hour: int) -> datetime:
    return datetime.combine(cast.clinic.today() + timedelta(days=days), time(hour), cast.clinic.tz)


def visit(cast: Cast, client: Client, days: int, hour: int = 10, status: str = "booked") -> Visit:
    assert client.primary_therapist is not None
    return Visit.objects.create(
        client=client,
        therapist=client.primary_therapist,
        starts_at=at(cast, days, hour),
        status=status,
    )


def add_busy_clients(cast: Cast, how_many: int) -> None:
    """Clients with history: seen last week, booked today and next week, consent given."""
    therapists = [cast.therapist, cast.colleague]
    for n in range(how_many):
        client = client_at(cast.clinic, f"Zara{n:02d}", "Zimmer", therapists[n % 2])
        visit(cast, client, -7, status=VisitStatus.ATTENDED)
        visit(cast, client, 0, hour=8 + n % 10)
        visit(cast, client, 7)
        record_consent(
            client,
            kind=ConsentKind.TREATMENT,
            given_by="client",
            given_by_name=client.full_name,
            method="paper",
            given_on=date(2025, 1, 6),
            by=cast.therapist,
        )


@pytest.mark.django_db
def test_the_dashboard_shows_todays_visits_of_the_clinic_to_an_admin(
    cast: Cast, signed_in: SignIn
) -> None:
    visit(cast, cast.pia, 0, hour=11)
    visit(cast, cast.cal, 0, hour=12)
    visit(cast, cast.kit, 0, hour=13, status=VisitStatus.CANCELLED)
    visit(cast, cast.oscar, 0)
    response = signed_in(cast.admin).get(DASHBOARD)
    todays = response.context["todays_visits"]
    assert [v.client.first_name for v in todays] == ["Pia", "Cal"]
    assert "11:00 · Pia Pearson" in page_text(response)
    assert "with Cora Colleague" in page_text(response)


@pytest.mark.django_db
def test_a_therapist_sees_only_their_own_visits_today(cast: Cast, signed_in: SignIn) -> None:
    visit(cast, cast.pia, 0, hour=11)
    visit(cast, cast.cal, 0, hour=12)
    response = signed_in(cast.colleague).get(DASHBOARD)
    assert [v.client.first_name for v in response.context["todays_visits"]] == ["Cal"]
    assert "Your visits today" in page_text(response)


@pytest.mark.django_db
def test_clients_never_seen_wait_for_a_first_visit_with_their_next_booking(
    cast: Cast, signed_in: SignIn
) -> None:
    visit(cast, cast.pia, -3, status=VisitStatus.ATTENDED)
    visit(cast, cast.kit, 2, hour=15)
    response = signed_in(cast.admin).get(DASHBOARD)
    waiting = dict(response.context["waiting"])
    assert set(waiting) == {cast.kit, cast.cal}
    assert waiting[cast.cal] is None
    booking = waiting[cast.kit]
    assert booking is not None
    assert booking.starts_at == at(cast, 2, 15)
    assert [v.client for v in response.context["recently_seen"]] == [cast.pia]


@pytest.mark.django_db
def test_recent_activity_tells_of_new_clients_consents_and_visits(
    cast: Cast, signed_in: SignIn
) -> None:
    visit(cast, cast.cal, -1, status=VisitStatus.DID_NOT_ATTEND)
    record_consent(
        cast.pia,
        kind=ConsentKind.DATA_PROCESSING,
        given_by="client",
        given_by_name="Pia Pearson",
        method="paper",
        given_on=date(2025, 1, 6),
        by=cast.therapist,
    )
    texts = {
        (e.text, e.client_name) for e in signed_in(cast.admin).get(DASHBOARD).context["activity"]
    }
    assert ("Visit: did not attend", "Cal Cooper") in texts
    assert ("Consent recorded: keeping and using health information", "Pia Pearson") in texts
    assert ("New client added", "Kit Pearson") in texts
    assert all(name != "Oscar Olsen" for _, name in texts)


@pytest.mark.django_db
def test_archived_clients_leave_the_dashboard(cast: Cast, signed_in: SignIn) -> None:
    archive_client(cast.cal, by=cast.admin)
    visit(cast, cast.cal, 0)
    response = signed_in(cast.admin).get(DASHBOARD)
    assert "Cal Cooper" not in page_text(response)
    assert response.context["client_count"] == 2


@pytest.mark.django_db
def test_the_dashboard_of_another_organisation_shows_none_of_riverside(
    cast: Cast, signed_in: SignIn
) -> None:
    visit(cast, cast.pia, 0)
    visit(cast, cast.cal, -2, status=VisitStatus.ATTENDED)
    for person in (cast.outsider, cast.branch_therapist):
        text = page_text(signed_in(person).get(DASHBOARD))
        assert "Pearson" not in text
        assert "Cooper" not in text


@pytest.mark.django_db
def test_someone_not_signed_in_is_sent_to_sign_in(cast: Cast) -> None:
    response = WebClient().get(DASHBOARD)
    assert response["Location"] == f"{reverse('accounts:sign-in')}?next=/"


@pytest.mark.django_db
@pytest.mark.parametrize("how_many", [10, 60])
@pytest.mark.parametrize("role", ["admin", "therapist"])
def test_the_dashboard_does_a_bounded_number_of_queries(
    cast: Cast,
    signed_in: SignIn,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    how_many: int,
    role: str,
) -> None:
    add_busy_clients(cast, how_many)
    web = signed_in(getattr(cast, role))
    web.get(DASHBOARD)  # the access log's first entry for the clinic starts its chain
    with django_assert_max_num_queries(MAX_QUERIES):
        assert web.get(DASHBOARD).status_code == 200


@pytest.mark.django_db
def test_the_dashboard_does_as_many_queries_for_60_clients_as_for_10(
    cast: Cast, signed_in: SignIn
) -> None:
    web = signed_in(cast.admin)
    web.get(DASHBOARD)
    counts = []
    for how_many in (10, 50):
        add_busy_clients(cast, how_many)
        with CaptureQueriesContext(connection) as captured:
            assert web.get(DASHBOARD).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]

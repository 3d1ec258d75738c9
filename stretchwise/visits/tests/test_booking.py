"""Booking visits and marking how they went."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from stretchwise.clinics.models import Membership
from stretchwise.visits.models import Visit, VisitStatus
from tests.cast import (
    Cast,
    SignIn,
    assert_form_refused,
    member,
    membership_of,
    page_text,
    visit_form_data,
)


def book_url(cast: Cast) -> str:
    return reverse("visits:book", kwargs={"client_id": cast.pia.pk})


def status_url(visit: Visit) -> str:
    return reverse("visits:status", kwargs={"visit_id": visit.pk})


def theo(cast: Cast) -> Membership:
    return membership_of(cast.therapist, cast.clinic)


def tomorrow(cast: Cast) -> datetime:
    return datetime.combine(cast.clinic.today() + timedelta(days=1), time(14, 30), cast.clinic.tz)


@pytest.mark.django_db
def test_a_therapist_books_a_visit_at_the_clinics_local_time(cast: Cast, signed_in: SignIn) -> None:
    when = tomorrow(cast)
    response = signed_in(cast.colleague).post(
        book_url(cast), visit_form_data(theo(cast), when.date(), "14:30", 45), follow=True
    )
    visit = Visit.objects.get()
    assert visit.starts_at == when
    assert (visit.client, visit.therapist, visit.minutes) == (cast.pia, cast.therapist, 45)
    assert visit.status == VisitStatus.BOOKED
    assert visit.created_by == cast.colleague
    assert f"Visit booked for {when:%A} {when.day} {when:%B}, 14:30." in page_text(response)


@pytest.mark.django_db
def test_a_clinic_in_another_time_zone_books_in_its_own_time(cast: Cast, signed_in: SignIn) -> None:
    day = cast.other_clinic.today() + timedelta(days=1)
    url = reverse("visits:book", kwargs={"client_id": cast.oscar.pk})
    otto = membership_of(cast.outsider, cast.other_clinic)
    signed_in(cast.outsider).post(url, visit_form_data(otto, day, "09:00"))
    visit = Visit.objects.get()
    assert visit.starts_at.astimezone(cast.other_clinic.tz).time() == time(9)
    assert visit.starts_at.astimezone(cast.other_clinic.tz).date() == day


@pytest.mark.django_db
def test_a_visit_entered_a_little_late_is_fine_but_not_an_hour_late(
    cast: Cast, signed_in: SignIn
) -> None:
    web = signed_in(cast.therapist)
    now = timezone.now().astimezone(cast.clinic.tz)
    late = now - timedelta(minutes=20)
    response = web.post(book_url(cast), visit_form_data(theo(cast), late.date(), f"{late:%H:%M}"))
    assert response.status_code == 302
    too_late = now - timedelta(minutes=61)
    response = web.post(
        book_url(cast), visit_form_data(theo(cast), too_late.date(), f"{too_late:%H:%M}")
    )
    assert_form_refused(response, "start", "That time has passed. Choose a time from now on.")
    assert Visit.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"day": "2020-01-06"}, "start", "That time has passed."),
        ({"day": "2999-01-01"}, "day", "Book no more than a year ahead."),
        ({"day": "tomorrow"}, "day", "Enter a valid date."),
        ({"day": "2026-02-30"}, "day", "Enter a valid date."),
        ({"start": "25:00"}, "start", "Enter a valid time."),
        ({"start": "10\x00:00"}, "start", "Enter a valid time."),
        ({"minutes": "5"}, "minutes", "Select a valid choice."),
        ({"minutes": "600"}, "minutes", "Select a valid choice."),
        ({"therapist": ""}, "therapist", "This field is required."),
        ({"therapist": "not-a-uuid"}, "therapist", "is not a valid UUID."),
    ],
)
def test_a_booking_that_does_not_make_sense_is_refused_and_nothing_is_stored(
    cast: Cast, signed_in: SignIn, changes: dict[str, str], field: str, words: str
) -> None:
    data = {**visit_form_data(theo(cast), tomorrow(cast).date()), **changes}
    assert_form_refused(signed_in(cast.therapist).post(book_url(cast), data), field, words)
    assert not Visit.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["branch_therapist", "outsider"])
def test_a_therapist_of_another_clinic_cannot_be_booked_by_tampering_with_the_form(
    cast: Cast, signed_in: SignIn, who: str
) -> None:
    stranger = Membership.objects.get(user=getattr(cast, who))
    data = visit_form_data(stranger, tomorrow(cast).date())
    response = signed_in(cast.therapist).post(book_url(cast), data)
    assert_form_refused(response, "therapist", "Select a valid choice.")
    assert not Visit.objects.exists()


@pytest.mark.django_db
def test_a_therapist_who_left_or_does_not_treat_cannot_be_booked(
    cast: Cast, signed_in: SignIn
) -> None:
    cora = membership_of(cast.colleague, cast.clinic)
    cora.is_active = False
    cora.save()
    ada = membership_of(cast.admin, cast.clinic)
    ada.treats_clients = False
    ada.save()
    web = signed_in(cast.therapist)
    for membership in (cora, ada):
        response = web.post(book_url(cast), visit_form_data(membership, tomorrow(cast).date()))
        assert_form_refused(response, "therapist", "Select a valid choice.")
    assert not Visit.objects.exists()


@pytest.mark.django_db
def test_a_therapist_at_two_branches_is_booked_through_this_clinics_membership(
    cast: Cast, signed_in: SignIn
) -> None:
    hillside = member(cast.therapist, cast.branch)
    response = signed_in(cast.admin).post(
        book_url(cast), visit_form_data(hillside, tomorrow(cast).date())
    )
    assert_form_refused(response, "therapist", "Select a valid choice.")


@pytest.mark.django_db
def test_booking_needs_a_post(cast: Cast, signed_in: SignIn) -> None:
    assert signed_in(cast.therapist).get(book_url(cast)).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status", [VisitStatus.ATTENDED, VisitStatus.CANCELLED, VisitStatus.DID_NOT_ATTEND]
)
def test_a_visit_is_marked_as_it_went(cast: Cast, signed_in: SignIn, status: str) -> None:
    visit = Visit.objects.create(
        client=cast.pia, therapist=cast.therapist, starts_at=tomorrow(cast)
    )
    response = signed_in(cast.therapist).post(status_url(visit), {"status": status}, follow=True)
    visit.refresh_from_db()
    assert visit.status == status
    assert f"Visit marked {VisitStatus(status).label.lower()}." in page_text(response)
    assert response.redirect_chain[-1][0] == reverse(
        "clients:detail", kwargs={"client_id": cast.pia.pk}
    )


@pytest.mark.django_db
def test_marking_a_visit_from_the_dashboard_goes_back_to_the_dashboard(
    cast: Cast, signed_in: SignIn
) -> None:
    visit = Visit.objects.create(
        client=cast.pia, therapist=cast.therapist, starts_at=tomorrow(cast)
    )
    response = signed_in(cast.therapist).post(
        status_url(visit), {"status": "attended", "next": "dashboard"}
    )
    assert response["Location"] == reverse("clinics:dashboard")


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["", "vanished", "attended\x00"])
def test_an_unknown_visit_status_changes_nothing(
    cast: Cast, signed_in: SignIn, status: str
) -> None:
    visit = Visit.objects.create(
        client=cast.pia, therapist=cast.therapist, starts_at=tomorrow(cast)
    )
    response = signed_in(cast.therapist).post(status_url(visit), {"status": status}, follow=True)
    assert "Choose attended, cancelled or did not attend." in page_text(response)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.BOOKED


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["branch_therapist", "outsider", "client_login"])
def test_nobody_outside_the_care_of_the_client_can_touch_their_visits(
    cast: Cast, signed_in: SignIn, who: str
) -> None:
    visit = Visit.objects.create(
        client=cast.pia, therapist=cast.therapist, starts_at=tomorrow(cast)
    )
    web = signed_in(getattr(cast, who))
    response = web.post(status_url(visit), {"status": "cancelled"})
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert response["Location"] == reverse("clients:portal")
    book = web.post(book_url(cast), visit_form_data(theo(cast), tomorrow(cast).date(), "16:00"))
    assert book.status_code in (302, 404)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.BOOKED
    assert Visit.objects.count() == 1


@pytest.mark.django_db
def test_the_client_page_shows_visit_times_in_the_clinics_time_zone(
    cast: Cast, signed_in: SignIn
) -> None:
    day = cast.other_clinic.today() + timedelta(days=1)
    starts = datetime.combine(day, time(9, 15), cast.other_clinic.tz)
    Visit.objects.create(client=cast.oscar, therapist=cast.outsider, starts_at=starts)
    url = reverse("clients:detail", kwargs={"client_id": cast.oscar.pk})
    assert f"{day:%a} {day.day} {day:%b} {day.year}, 09:15" in page_text(
        signed_in(cast.outsider).get(url)
    )

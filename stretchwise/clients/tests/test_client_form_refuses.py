"""Every bad value on the client form is refused with a clear message, a 400 and nothing stored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from stretchwise.clients.models import Client
from tests.cast import Cast, SignIn, assert_form_refused, client_form_data, client_form_data_of

CREATE = reverse("clients:create")
NUL = "Null characters are not allowed."
TEXT_FIELDS = [
    name
    for name, value in client_form_data().items()
    if value and name not in ("date_of_birth", "sex", "primary_therapist")
] + ["preferred_name", "guardian_name", "guardian_relationship"]


def years_ago(cast: Cast, years: int, days: int = 0) -> str:
    today = cast.clinic.today()
    try:
        born = today.replace(year=today.year - years)
    except ValueError:  # today is 29 February
        born = today.replace(year=today.year - years, day=28)
    return (born - timedelta(days=days)).isoformat()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"first_name": ""}, "first_name", "This field is required."),
        ({"first_name": "123"}, "first_name", "A name needs at least one letter."),
        ({"last_name": "-- !"}, "last_name", "A name needs at least one letter."),
        ({"preferred_name": "7"}, "preferred_name", "A name needs at least one letter."),
        ({"date_of_birth": ""}, "date_of_birth", "This field is required."),
        ({"date_of_birth": "2001-02-30"}, "date_of_birth", "Enter a valid date."),
        ({"date_of_birth": "yesterday"}, "date_of_birth", "Enter a valid date."),
        ({"sex": "robot"}, "sex", "Select a valid choice."),
        ({"phone": "call me maybe"}, "phone", "Enter a phone number of 6 to 16 digits"),
        ({"phone": "12345"}, "phone", "Enter a phone number of 6 to 16 digits"),
        ({"phone": "1" * 17}, "phone", "Enter a phone number of 6 to 16 digits"),
        ({"phone": "+44 7700 +900"}, "phone", "Enter a phone number of 6 to 16 digits"),
        ({"emergency_contact_phone": "none"}, "emergency_contact_phone", "6 to 16 digits"),
        ({"doctor_phone": "ask reception"}, "doctor_phone", "6 to 16 digits"),
        ({"email": "pia at home"}, "email", "Enter a valid email address."),
        ({"doctor_email": "dr@"}, "doctor_email", "Enter a valid email address."),
        ({"guardian_email": "@home.example"}, "guardian_email", "Enter a valid email address."),
        ({"first_name": "N" * 101}, "first_name", "at most 100 characters"),
        ({"primary_therapist": "not-a-uuid"}, "primary_therapist", "is not a valid UUID."),
    ],
)
def test_a_bad_value_on_the_client_form_is_refused_and_nothing_is_stored(
    cast: Cast, signed_in: SignIn, changes: dict[str, str], field: str, words: str
) -> None:
    response = signed_in(cast.therapist).post(CREATE, client_form_data(**changes))
    assert_form_refused(response, field, words)
    assert not Client.objects.filter(last_name="Newman").exists()


@pytest.mark.django_db
def test_a_date_of_birth_in_the_future_is_refused(cast: Cast, signed_in: SignIn) -> None:
    tomorrow = (cast.clinic.today() + timedelta(days=1)).isoformat()
    response = signed_in(cast.therapist).post(CREATE, client_form_data(date_of_birth=tomorrow))
    assert_form_refused(response, "date_of_birth", "The date of birth cannot be in the future.")
    assert not Client.objects.filter(last_name="Newman").exists()


@pytest.mark.django_db
def test_a_client_older_than_120_is_refused_but_120_is_fine(cast: Cast, signed_in: SignIn) -> None:
    web = signed_in(cast.therapist)
    response = web.post(CREATE, client_form_data(date_of_birth=years_ago(cast, 121)))
    assert_form_refused(response, "date_of_birth", "older than 120. Check the year.")
    assert not Client.objects.filter(last_name="Newman").exists()
    assert web.post(CREATE, client_form_data(date_of_birth=years_ago(cast, 120))).status_code == 302


@pytest.mark.django_db
def test_a_minor_without_a_guardian_is_refused(cast: Cast, signed_in: SignIn) -> None:
    response = signed_in(cast.therapist).post(
        CREATE, client_form_data(date_of_birth=years_ago(cast, 18, days=-1))
    )
    assert_form_refused(response, "guardian_name", "The client is under 18")
    assert_form_refused(response, "guardian_phone", "Give a phone number or e-mail")
    assert not Client.objects.filter(last_name="Newman").exists()


@pytest.mark.django_db
def test_a_guardian_without_a_way_to_reach_them_is_refused(cast: Cast, signed_in: SignIn) -> None:
    response = signed_in(cast.therapist).post(
        CREATE, client_form_data(date_of_birth="2015-01-01", guardian_name="Nell Newman")
    )
    assert_form_refused(response, "guardian_phone", "Give a phone number or e-mail")


@pytest.mark.django_db
def test_a_client_who_turned_18_today_needs_no_guardian(cast: Cast, signed_in: SignIn) -> None:
    response = signed_in(cast.therapist).post(
        CREATE, client_form_data(date_of_birth=years_ago(cast, 18))
    )
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_a_nul_byte_in_any_text_field_is_refused_not_a_server_error(
    cast: Cast, signed_in: SignIn, field: str
) -> None:
    value = client_form_data().get(field) or "Nell"
    web = signed_in(cast.therapist)
    response = web.post(CREATE, client_form_data(**{field: value[:2] + "\x00" + value[2:]}))
    assert_form_refused(response, field, NUL)
    assert not Client.objects.filter(last_name__startswith="Ne").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["date_of_birth", "sex", "primary_therapist"])
def test_a_nul_byte_in_a_date_or_a_choice_is_refused_too(
    cast: Cast, signed_in: SignIn, field: str
) -> None:
    response = signed_in(cast.therapist).post(CREATE, client_form_data(**{field: "1\x00"}))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Client.objects.filter(last_name="Newman").exists()


@pytest.mark.django_db
def test_a_nul_byte_on_the_edit_form_is_refused_and_changes_nothing(
    cast: Cast, signed_in: SignIn
) -> None:
    url = reverse("clients:edit", kwargs={"client_id": cast.pia.pk})
    response = signed_in(cast.therapist).post(
        url, client_form_data_of(cast.pia, notes="fine", address="1 Mill\x00 Lane")
    )
    assert_form_refused(response, "address", NUL)
    cast.pia.refresh_from_db()
    assert (cast.pia.notes, cast.pia.address) == ("", "")


@pytest.mark.django_db
def test_the_form_lists_every_problem_at_the_top(cast: Cast, signed_in: SignIn) -> None:
    response = signed_in(cast.therapist).post(
        CREATE, client_form_data(first_name="1", phone="x", email="y")
    )
    assert response.status_code == 400
    assert "Please fix 3 problems" in response.content.decode()

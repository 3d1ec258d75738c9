"""Clinic settings, and moving between the clinics a person works at."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stretchwise.clinics.middleware import SESSION_KEY
from stretchwise.clinics.models import Clinic, TherapistVisibility
from tests.cast import Cast, SignIn, assert_form_refused, member, page_text

SETTINGS = reverse("clinics:settings")
SWITCH = reverse("clinics:switch")


def clinic_settings(**changes: str) -> dict[str, str]:
    data = {
        "name": "Riverside Stretch",
        "time_zone": "America/New_York",
        "units": "imperial",
        "doctor_term": "family_physician",
        "therapist_visibility": "assigned",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_an_admin_changes_the_clinic_settings(cast: Cast, signed_in: SignIn) -> None:
    web = signed_in(cast.admin)
    assert web.get(SETTINGS).status_code == 200
    response = web.post(SETTINGS, clinic_settings(), follow=True)
    assert "Clinic settings saved." in page_text(response)
    clinic = Clinic.objects.get(pk=cast.clinic.pk)
    assert clinic.name == "Riverside Stretch"
    assert clinic.time_zone == "America/New_York"
    assert clinic.units == "imperial"
    assert clinic.doctor_word == "Family physician"
    assert clinic.therapist_visibility == TherapistVisibility.ASSIGNED


@pytest.mark.django_db
def test_the_clinic_word_for_the_doctor_appears_on_the_client_page(
    cast: Cast, signed_in: SignIn
) -> None:
    web = signed_in(cast.admin)
    web.post(SETTINGS, clinic_settings(doctor_term="primary_care_physician"))
    text = page_text(web.get(reverse("clients:detail", kwargs={"client_id": cast.pia.pk})))
    assert "Primary care physician" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "Select a valid choice."),
        ({"time_zone": "Europe/London\x00"}, "time_zone", "Select a valid choice."),
        ({"time_zone": ""}, "time_zone", "This field is required."),
        ({"name": ""}, "name", "This field is required."),
        ({"name": "123"}, "name", "A name needs at least one letter."),
        ({"name": "River\x00side"}, "name", "Null characters are not allowed."),
        ({"units": "cubits"}, "units", "Select a valid choice."),
        ({"doctor_term": "witch doctor"}, "doctor_term", "Select a valid choice."),
        ({"therapist_visibility": "nobody"}, "therapist_visibility", "Select a valid choice."),
    ],
)
def test_clinic_settings_that_do_not_make_sense_are_refused_and_nothing_changes(
    cast: Cast, signed_in: SignIn, changes: dict[str, str], field: str, words: str
) -> None:
    response = signed_in(cast.admin).post(SETTINGS, clinic_settings(**changes))
    assert_form_refused(response, field, words)
    clinic = Clinic.objects.get(pk=cast.clinic.pk)
    assert (clinic.name, clinic.time_zone, clinic.units) == ("Riverside", "Europe/London", "metric")


@pytest.mark.django_db
def test_a_therapist_cannot_change_the_clinic_settings(cast: Cast, signed_in: SignIn) -> None:
    web = signed_in(cast.therapist)
    assert web.get(SETTINGS).status_code == 403
    assert web.post(SETTINGS, clinic_settings()).status_code == 403
    assert Clinic.objects.get(pk=cast.clinic.pk).name == "Riverside"


@pytest.mark.django_db
def test_an_admin_changes_only_their_own_clinic(cast: Cast, signed_in: SignIn) -> None:
    signed_in(cast.outsider).post(SETTINGS, clinic_settings(name="Taken over"))
    assert Clinic.objects.get(pk=cast.clinic.pk).name == "Riverside"
    assert Clinic.objects.get(pk=cast.other_clinic.pk).name == "Taken over"


@pytest.mark.django_db
def test_a_therapist_at_two_branches_switches_between_them(cast: Cast, signed_in: SignIn) -> None:
    member(cast.therapist, cast.branch)
    web = signed_in(cast.therapist)
    response = web.post(SWITCH, {"clinic": str(cast.clinic.pk)})
    assert response["Location"] == reverse("clinics:dashboard")
    assert web.session[SESSION_KEY] == str(cast.clinic.pk)
    assert "Today at Riverside" in page_text(web.get(reverse("clinics:dashboard")))
    assert web.get(reverse("clients:detail", kwargs={"client_id": cast.pia.pk})).status_code == 200
    web.post(SWITCH, {"clinic": str(cast.branch.pk)})
    assert web.get(reverse("clients:detail", kwargs={"client_id": cast.pia.pk})).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["other_clinic", "branch", "nowhere", "nul"])
def test_nobody_switches_to_a_clinic_they_do_not_work_at(
    cast: Cast, signed_in: SignIn, where: str
) -> None:
    chosen = {
        "other_clinic": str(cast.other_clinic.pk),
        "branch": str(cast.branch.pk),
        "nowhere": "not-a-clinic",
        "nul": "\x00",
    }[where]
    web = signed_in(cast.therapist)
    response = web.post(SWITCH, {"clinic": chosen}, follow=True)
    assert "You do not work at that clinic." in page_text(response)
    assert SESSION_KEY not in web.session
    assert "Today at Riverside" in page_text(response)


@pytest.mark.django_db
def test_someone_at_several_clinics_starts_at_the_first_by_name(
    cast: Cast, signed_in: SignIn
) -> None:
    member(cast.therapist, cast.branch)
    cast.clinic.name = "Abbey Road"
    cast.clinic.save()
    web = signed_in(cast.therapist)
    assert "Today at Abbey Road" in page_text(web.get(reverse("clinics:dashboard")))
    cast.clinic.name = "Zephyr"
    cast.clinic.save()
    assert "Today at Hillside" in page_text(web.get(reverse("clinics:dashboard")))


@pytest.mark.django_db
def test_switching_clinics_needs_a_post(cast: Cast, signed_in: SignIn) -> None:
    assert signed_in(cast.therapist).get(SWITCH).status_code == 405


@pytest.mark.django_db
def test_a_person_who_leaves_a_branch_is_taken_back_to_a_clinic_they_still_work_at(
    cast: Cast, signed_in: SignIn
) -> None:
    hillside = member(cast.therapist, cast.branch)
    web = signed_in(cast.therapist)
    web.post(SWITCH, {"clinic": str(cast.branch.pk)})
    hillside.is_active = False
    hillside.save()
    assert "Today at Riverside" in page_text(web.get(reverse("clinics:dashboard")))

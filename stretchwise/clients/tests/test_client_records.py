"""Adding, changing, finding and archiving client records."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from django.urls import reverse

from stretchwise.clients.models import Client, ConsentKind, record_consent
from stretchwise.clinics.models import TherapistVisibility
from stretchwise.visits.models import Visit
from tests.cast import (
    Cast,
    SignIn,
    assert_form_refused,
    client_at,
    client_form_data,
    client_form_data_of,
    membership_of,
    page_text,
)

CREATE = reverse("clients:create")
LIST = reverse("clients:list")


def detail(client: Client) -> str:
    return reverse("clients:detail", kwargs={"client_id": client.pk})


def names_listed(text: str, cast: Cast) -> set[str]:
    everyone = [cast.pia, cast.kit, cast.cal, cast.oscar]
    return {c.first_name for c in everyone if f"{c.last_name}, {c.first_name}" in text}


@pytest.mark.django_db
def test_the_new_client_form_offers_the_therapist_as_primary(cast: Cast, signed_in: SignIn) -> None:
    response = signed_in(cast.therapist).get(CREATE)
    assert response.status_code == 200
    assert response.context["form"]["primary_therapist"].value() == cast.therapist.pk


@pytest.mark.django_db
def test_a_therapist_adds_a_client_and_becomes_their_primary_therapist(
    cast: Cast, signed_in: SignIn
) -> None:
    web = signed_in(cast.therapist)
    response = web.post(CREATE, client_form_data(primary_therapist=str(cast.therapist.pk)))
    nora = Client.objects.get(first_name="Nora")
    assert response.status_code == 302
    assert response["Location"] == detail(nora)
    assert nora.clinic == cast.clinic
    assert nora.primary_therapist == cast.therapist
    assert nora.created_by == cast.therapist
    assert "Nora Newman is added" in page_text(web.get(detail(nora)))


@pytest.mark.django_db
def test_a_therapist_who_sees_only_their_own_clients_keeps_sight_of_one_they_add_for_a_colleague(
    cast: Cast, signed_in: SignIn
) -> None:
    cast.clinic.therapist_visibility = TherapistVisibility.ASSIGNED
    cast.clinic.save()
    web = signed_in(cast.colleague)
    web.post(CREATE, client_form_data(primary_therapist=str(cast.therapist.pk)))
    nora = Client.objects.get(first_name="Nora")
    assert nora.primary_therapist == cast.therapist
    assert list(nora.cover_therapists.all()) == [cast.colleague]
    assert web.get(detail(nora)).status_code == 200


@pytest.mark.django_db
def test_a_client_cannot_be_given_a_primary_therapist_from_another_clinic(
    cast: Cast, signed_in: SignIn
) -> None:
    for stranger in (cast.branch_therapist, cast.outsider):
        response = signed_in(cast.therapist).post(
            CREATE, client_form_data(primary_therapist=str(stranger.pk))
        )
        assert_form_refused(response, "primary_therapist", "Select a valid choice.")
    assert not Client.objects.filter(first_name="Nora").exists()


@pytest.mark.django_db
def test_a_minor_is_added_with_their_guardian(cast: Cast, signed_in: SignIn) -> None:
    response = signed_in(cast.therapist).post(
        CREATE,
        client_form_data(
            date_of_birth="2015-09-01",
            guardian_name="Nell Newman",
            guardian_email="nell@home.example",
        ),
    )
    assert response.status_code == 302
    assert Client.objects.get(first_name="Nora").is_minor


@pytest.mark.django_db
def test_a_therapist_changes_a_clients_details(cast: Cast, signed_in: SignIn) -> None:
    web = signed_in(cast.therapist)
    url = reverse("clients:edit", kwargs={"client_id": cast.pia.pk})
    assert web.get(url).status_code == 200
    response = web.post(
        url, client_form_data_of(cast.pia, phone="+44 7700 900999", notes="Prefers mornings")
    )
    assert response["Location"] == detail(cast.pia)
    cast.pia.refresh_from_db()
    assert cast.pia.phone == "+44 7700 900999"
    assert cast.pia.notes == "Prefers mornings"
    assert cast.pia.primary_therapist == cast.therapist
    assert cast.pia.clinic == cast.clinic


@pytest.mark.django_db
def test_a_rejected_edit_changes_nothing(cast: Cast, signed_in: SignIn) -> None:
    url = reverse("clients:edit", kwargs={"client_id": cast.pia.pk})
    response = signed_in(cast.therapist).post(
        url, client_form_data_of(cast.pia, first_name="Petra", phone="ring me")
    )
    assert_form_refused(response, "phone", "Enter a phone number of 6 to 16 digits")
    cast.pia.refresh_from_db()
    assert (cast.pia.first_name, cast.pia.phone) == ("Pia", "07700 900111")


@pytest.mark.django_db
def test_a_colleague_who_edits_a_client_cannot_change_their_primary_therapist(
    cast: Cast, signed_in: SignIn
) -> None:
    """Changing the care team is for an admin or the primary therapist, on the edit form too."""
    url = reverse("clients:edit", kwargs={"client_id": cast.pia.pk})
    web = signed_in(cast.colleague)
    assert '<select name="primary_therapist" disabled' in page_text(web.get(url))
    web.post(
        url, client_form_data_of(cast.pia, primary_therapist=str(cast.colleague.pk), notes="x")
    )
    cast.pia.refresh_from_db()
    assert cast.pia.notes == "x"
    assert cast.pia.primary_therapist == cast.therapist


@pytest.mark.django_db
def test_the_admin_can_change_the_primary_therapist_on_the_edit_form(
    cast: Cast, signed_in: SignIn
) -> None:
    url = reverse("clients:edit", kwargs={"client_id": cast.pia.pk})
    signed_in(cast.admin).post(
        url, client_form_data_of(cast.pia, primary_therapist=str(cast.colleague.pk))
    )
    cast.pia.refresh_from_db()
    assert cast.pia.primary_therapist == cast.colleague


@pytest.mark.django_db
def test_clients_are_known_by_uuids_in_every_url(cast: Cast, signed_in: SignIn) -> None:
    assert isinstance(cast.pia.pk, uuid.UUID)
    assert str(cast.pia.pk) in detail(cast.pia)
    web = signed_in(cast.therapist)
    assert web.get("/clients/1/").status_code == 404
    assert web.get(f"/clients/{uuid.uuid4()}/").status_code == 404
    listing = page_text(web.get(LIST))
    assert detail(cast.pia) in listing


@pytest.mark.django_db
def test_the_client_list_shows_the_clients_of_the_clinic_only(
    cast: Cast, signed_in: SignIn
) -> None:
    text = page_text(signed_in(cast.therapist).get(LIST))
    assert names_listed(text, cast) == {"Pia", "Kit", "Cal"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("pia", {"Pia"}),
        ("PEARSON", {"Pia", "Kit"}),
        ("pearson kit", {"Kit"}),
        ("kit pearson", {"Kit"}),
        ("pia@home", {"Pia"}),
        ("900111", {"Pia"}),
        ("07700 900111", {"Pia"}),
        ("coop", {"Cal"}),
        ("  cal   cooper ", {"Cal"}),
        ("oscar", set()),
        ("pia cooper", set()),
        ("\x00", {"Pia", "Kit", "Cal"}),
    ],
)
def test_the_search_matches_every_word_against_names_email_and_phone(
    cast: Cast, signed_in: SignIn, query: str, found: set[str]
) -> None:
    response = signed_in(cast.therapist).get(LIST, {"q": query})
    assert response.status_code == 200
    assert names_listed(page_text(response), cast) == found


@pytest.mark.django_db
def test_a_search_that_finds_nobody_says_so(cast: Cast, signed_in: SignIn) -> None:
    text = page_text(signed_in(cast.therapist).get(LIST, {"q": "zebedee"}))
    assert "No client matches “zebedee”" in text


@pytest.mark.django_db
def test_search_as_you_type_answers_with_the_rows_only(cast: Cast, signed_in: SignIn) -> None:
    response = signed_in(cast.therapist).get(LIST, {"q": "pia"}, headers={"HX-Request": "true"})
    text = page_text(response)
    assert "Pearson, Pia" in text
    assert "<html" not in text


@pytest.mark.django_db
def test_the_client_list_shows_25_clients_a_page(cast: Cast, signed_in: SignIn) -> None:
    for n in range(57):
        client_at(cast.clinic, f"Zed{n:02d}", "Zimmer", cast.therapist)
    web = signed_in(cast.therapist)
    pages = [web.get(LIST, {"page": p}) for p in (1, 2, 3)]
    assert [len(p.context["page"].object_list) for p in pages] == [25, 25, 10]
    assert "1–25 of 60" in page_text(pages[0])
    assert "page=2" in page_text(pages[0])
    assert "51–60 of 60" in page_text(pages[2])
    beyond = web.get(LIST, {"page": 99})
    assert beyond.context["page"].number == 3
    assert web.get(LIST, {"page": "x\x00"}).context["page"].number == 1


@pytest.mark.django_db
def test_the_search_keeps_to_its_query_from_page_to_page(cast: Cast, signed_in: SignIn) -> None:
    for n in range(30):
        client_at(cast.clinic, f"Zed{n:02d}", "Zimmer", cast.therapist)
    response = signed_in(cast.therapist).get(LIST, {"q": "zimmer"})
    assert response.context["page"].paginator.count == 30
    assert "q=zimmer&page=2" in page_text(response)


@pytest.mark.django_db
def test_archiving_hides_a_client_from_the_list_and_deletes_nothing(
    cast: Cast, signed_in: SignIn
) -> None:
    record_consent(
        cast.pia,
        kind=ConsentKind.TREATMENT,
        given_by="client",
        given_by_name="Pia Pearson",
        method="paper",
        given_on=date(2025, 1, 6),
        by=cast.therapist,
    )
    web = signed_in(cast.therapist)
    response = web.post(reverse("clients:archive", kwargs={"client_id": cast.pia.pk}), follow=True)
    assert "Pia Pearson is archived. Nothing was deleted." in page_text(response)
    assert "Archived" in page_text(response)
    cast.pia.refresh_from_db()
    assert cast.pia.is_archived
    assert cast.pia.archived_by == cast.therapist
    assert cast.pia.consents.count() == 1
    assert names_listed(page_text(web.get(LIST)), cast) == {"Kit", "Cal"}
    assert names_listed(page_text(web.get(LIST, {"archived": "1"})), cast) == {"Pia"}
    assert names_listed(page_text(web.get(LIST, {"archived": "1", "q": "kit"})), cast) == set()
    assert web.get(detail(cast.pia)).status_code == 200


@pytest.mark.django_db
def test_restoring_brings_an_archived_client_back_to_the_list(
    cast: Cast, signed_in: SignIn
) -> None:
    web = signed_in(cast.admin)
    web.post(reverse("clients:archive", kwargs={"client_id": cast.cal.pk}))
    response = web.post(reverse("clients:restore", kwargs={"client_id": cast.cal.pk}), follow=True)
    assert "Cal Cooper is back on the active list." in page_text(response)
    cast.cal.refresh_from_db()
    assert not cast.cal.is_archived
    assert cast.cal.archived_by is None
    assert "Cal" in names_listed(page_text(web.get(LIST)), cast)


@pytest.mark.django_db
def test_only_an_admin_or_the_primary_therapist_may_archive_or_restore(
    cast: Cast, signed_in: SignIn
) -> None:
    colleague = signed_in(cast.colleague)
    archive = reverse("clients:archive", kwargs={"client_id": cast.pia.pk})
    restore = reverse("clients:restore", kwargs={"client_id": cast.pia.pk})
    assert colleague.post(archive).status_code == 403
    cast.pia.refresh_from_db()
    assert not cast.pia.is_archived
    assert "Archive client" not in page_text(colleague.get(detail(cast.pia)))
    signed_in(cast.therapist).post(archive)
    assert colleague.post(restore).status_code == 403
    cast.pia.refresh_from_db()
    assert cast.pia.is_archived


@pytest.mark.django_db
def test_archiving_and_restoring_need_a_post(cast: Cast, signed_in: SignIn) -> None:
    web = signed_in(cast.admin)
    for name in ("clients:archive", "clients:restore"):
        assert web.get(reverse(name, kwargs={"client_id": cast.pia.pk})).status_code == 405
    cast.pia.refresh_from_db()
    assert not cast.pia.is_archived


@pytest.mark.django_db
def test_the_primary_therapist_gives_a_colleague_cover(cast: Cast, signed_in: SignIn) -> None:
    cast.clinic.therapist_visibility = TherapistVisibility.ASSIGNED
    cast.clinic.save()
    url = reverse("clients:care-team", kwargs={"client_id": cast.pia.pk})
    assert signed_in(cast.colleague).get(detail(cast.pia)).status_code == 404
    response = signed_in(cast.therapist).post(
        url,
        {"primary_therapist": str(cast.therapist.pk), "cover_therapists": [str(cast.colleague.pk)]},
    )
    assert response.status_code == 302
    assert list(cast.pia.cover_therapists.all()) == [cast.colleague]
    assert signed_in(cast.colleague).get(detail(cast.pia)).status_code == 200


@pytest.mark.django_db
def test_the_care_team_refuses_the_primary_as_cover_and_strangers(
    cast: Cast, signed_in: SignIn
) -> None:
    url = reverse("clients:care-team", kwargs={"client_id": cast.pia.pk})
    web = signed_in(cast.therapist)
    twice = {
        "primary_therapist": str(cast.therapist.pk),
        "cover_therapists": [str(cast.therapist.pk)],
    }
    assert_form_refused(web.post(url, twice), "cover_therapists", "does not need to cover")
    stranger = {
        "primary_therapist": str(cast.therapist.pk),
        "cover_therapists": [str(cast.branch_therapist.pk)],
    }
    assert_form_refused(web.post(url, stranger), "cover_therapists", "Select a valid choice.")
    outsider = {"primary_therapist": str(cast.outsider.pk)}
    assert_form_refused(web.post(url, outsider), "primary_therapist", "Select a valid choice.")
    assert not cast.pia.cover_therapists.exists()
    cast.pia.refresh_from_db()
    assert cast.pia.primary_therapist == cast.therapist


@pytest.mark.django_db
def test_a_booked_visit_and_consents_stay_with_an_archived_client(
    cast: Cast, signed_in: SignIn
) -> None:
    web = signed_in(cast.therapist)
    web.post(reverse("clients:archive", kwargs={"client_id": cast.pia.pk}))
    booking = web.post(
        reverse("visits:book", kwargs={"client_id": cast.pia.pk}),
        {
            "day": "2099-01-01",
            "start": "10:00",
            "minutes": "60",
            "therapist": str(membership_of(cast.therapist, cast.clinic).pk),
        },
    )
    assert booking.status_code == 404
    assert not Visit.objects.exists()

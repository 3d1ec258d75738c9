"""Consent: recorded with the exact text agreed to, refused when it does not make sense, withdrawn
once and kept for ever."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
from django.urls import reverse

from stretchwise.clients.consent_texts import consent_text
from stretchwise.clients.models import (
    Client,
    Consent,
    ConsentKind,
    consents_in_force,
    record_consent,
    withdraw_consent,
)
from tests.cast import Cast, SignIn, assert_form_refused, consent_form_data, page_text


def new_consent(client: Client, kind: str) -> str:
    return reverse("clients:consent-new", kwargs={"client_id": client.pk, "kind": kind})


def withdraw_url(consent: Consent) -> str:
    return reverse(
        "clients:consent-withdraw",
        kwargs={"client_id": consent.client_id, "consent_id": consent.pk},
    )


def treatment_consent(cast: Cast) -> Consent:
    return record_consent(
        cast.pia,
        kind=ConsentKind.TREATMENT,
        given_by="client",
        given_by_name="Pia Pearson",
        method="paper",
        given_on=date(2025, 1, 6),
        by=cast.therapist,
    )


def pia_agrees(cast: Cast, kind: str = ConsentKind.TREATMENT, **changes: str) -> dict[str, str]:
    return consent_form_data(kind, "client", "Pia Pearson", cast.clinic.today(), **changes)


def kit_agrees(cast: Cast, **changes: str) -> dict[str, str]:
    return consent_form_data(
        ConsentKind.TREATMENT, "guardian", "Pia Pearson", cast.clinic.today(), **changes
    )


@pytest.mark.django_db
def test_the_consent_page_shows_the_current_text(cast: Cast, signed_in: SignIn) -> None:
    response = signed_in(cast.therapist).get(new_consent(cast.pia, ConsentKind.TREATMENT))
    text = consent_text(ConsentKind.TREATMENT)
    assert response.status_code == 200
    assert text.title in page_text(response)
    assert text.paragraphs[0] in page_text(response)
    assert response.context["form"]["given_by_name"].value() == "Pia Pearson"


@pytest.mark.django_db
def test_for_a_minor_the_consent_form_starts_with_the_guardian(
    cast: Cast, signed_in: SignIn
) -> None:
    form = (
        signed_in(cast.therapist).get(new_consent(cast.kit, ConsentKind.TREATMENT)).context["form"]
    )
    assert form["given_by"].value() == "guardian"
    assert form["given_by_name"].value() == "Pia Pearson"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ConsentKind.values)
def test_consent_is_recorded_with_the_current_text_version_and_its_sha256(
    cast: Cast, signed_in: SignIn, kind: str
) -> None:
    extra = {"chaperone_offered": "on", "chaperone_wanted": "no"}
    response = signed_in(cast.therapist).post(
        new_consent(cast.pia, kind), pia_agrees(cast, kind, **extra)
    )
    assert response["Location"] == reverse("clients:detail", kwargs={"client_id": cast.pia.pk})
    consent = Consent.objects.get()
    text = consent_text(kind)
    assert consent.kind == kind
    assert consent.text_version == text.version
    assert consent.text_sha256 == hashlib.sha256(text.body.encode()).hexdigest()
    assert consent.text == text
    assert consent.recorded_by == cast.therapist
    assert consent.given_on == cast.clinic.today()
    assert consents_in_force(cast.pia) == {kind: consent}


@pytest.mark.django_db
def test_consent_to_sensitive_contact_records_the_chaperone_offer_and_answer(
    cast: Cast, signed_in: SignIn
) -> None:
    signed_in(cast.therapist).post(
        new_consent(cast.pia, ConsentKind.SENSITIVE_CONTACT),
        pia_agrees(
            cast, ConsentKind.SENSITIVE_CONTACT, chaperone_offered="on", chaperone_wanted="yes"
        ),
    )
    consent = Consent.objects.get()
    assert (consent.chaperone_offered, consent.chaperone_wanted) == (True, True)
    page = page_text(
        signed_in(cast.therapist).get(reverse("clients:detail", kwargs={"client_id": cast.pia.pk}))
    )
    assert "chaperone offered, wanted" in page


@pytest.mark.django_db
def test_a_guardian_consents_for_a_minor(cast: Cast, signed_in: SignIn) -> None:
    response = signed_in(cast.therapist).post(
        new_consent(cast.kit, ConsentKind.TREATMENT), kit_agrees(cast)
    )
    assert response.status_code == 302
    assert Consent.objects.get().given_by == "guardian"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "changes", "field", "words"),
    [
        ("pia", {"given_by": "guardian"}, "given_by", "An adult client gives consent themselves."),
        ("kit", {"given_by": "client"}, "given_by", "The client is a minor"),
        ("pia", {"given_on": "2999-01-01"}, "given_on", "Consent cannot be dated in the future."),
        ("pia", {"given_on": "1980-05-16"}, "given_on", "before the client was born"),
        ("kit", {"given_on": "2016-02-28"}, "given_on", "before the client was born"),
        ("pia", {"given_on": "06/01/2025x"}, "given_on", "Enter a valid date."),
        ("pia", {"given_by_name": "42"}, "given_by_name", "A name needs at least one letter."),
        ("pia", {"given_by_name": "Pia\x00"}, "given_by_name", "Null characters are not allowed."),
        ("pia", {"method": "telepathy"}, "method", "Select a valid choice."),
        ("pia", {"method": "paper\x00"}, "method", "Select a valid choice."),
        ("pia", {"read_confirmed": ""}, "read_confirmed", "This field is required."),
    ],
)
def test_consent_that_does_not_make_sense_is_refused_and_nothing_is_stored(
    cast: Cast, signed_in: SignIn, who: str, changes: dict[str, str], field: str, words: str
) -> None:
    client = cast.pia if who == "pia" else cast.kit
    data = pia_agrees(cast, **changes) if who == "pia" else kit_agrees(cast, **changes)
    response = signed_in(cast.therapist).post(new_consent(client, ConsentKind.TREATMENT), data)
    assert_form_refused(response, field, words)
    assert not Consent.objects.exists()


@pytest.mark.django_db
def test_a_consent_dated_tomorrow_is_refused(cast: Cast, signed_in: SignIn) -> None:
    tomorrow = (cast.clinic.today() + timedelta(days=1)).isoformat()
    response = signed_in(cast.therapist).post(
        new_consent(cast.pia, ConsentKind.TREATMENT), pia_agrees(cast, given_on=tomorrow)
    )
    assert_form_refused(response, "given_on", "Consent cannot be dated in the future.")
    assert not Consent.objects.exists()


@pytest.mark.django_db
def test_sensitive_contact_consent_without_a_chaperone_offered_is_refused(
    cast: Cast, signed_in: SignIn
) -> None:
    url = new_consent(cast.pia, ConsentKind.SENSITIVE_CONTACT)
    web = signed_in(cast.therapist)
    not_offered = web.post(
        url, pia_agrees(cast, ConsentKind.SENSITIVE_CONTACT, chaperone_wanted="no")
    )
    assert_form_refused(not_offered, "chaperone_offered", "Offer a chaperone before recording")
    not_asked = web.post(
        url, pia_agrees(cast, ConsentKind.SENSITIVE_CONTACT, chaperone_offered="on")
    )
    assert_form_refused(not_asked, "chaperone_wanted", "Record whether they want a chaperone.")
    assert not Consent.objects.exists()


@pytest.mark.django_db
def test_the_kind_of_consent_comes_from_the_page_not_from_a_tampered_form(
    cast: Cast, signed_in: SignIn
) -> None:
    """A hidden field saying "treatment" must not skip the chaperone check of sensitive contact."""
    response = signed_in(cast.therapist).post(
        new_consent(cast.pia, ConsentKind.SENSITIVE_CONTACT),
        pia_agrees(cast, ConsentKind.TREATMENT),
    )
    assert response.status_code == 400
    assert not Consent.objects.exists()


@pytest.mark.django_db
def test_an_unknown_kind_of_consent_is_not_found(cast: Cast, signed_in: SignIn) -> None:
    web = signed_in(cast.therapist)
    assert web.get(new_consent(cast.pia, "marketing")).status_code == 404
    assert (
        web.post(new_consent(cast.pia, "marketing"), pia_agrees(cast, "marketing")).status_code
        == 404
    )
    assert not Consent.objects.exists()


@pytest.mark.django_db
def test_withdrawing_a_consent_keeps_the_record_and_shows_it_withdrawn(
    cast: Cast, signed_in: SignIn
) -> None:
    consent = treatment_consent(cast)
    web = signed_in(cast.colleague)
    assert web.get(withdraw_url(consent)).status_code == 200
    response = web.post(withdraw_url(consent), {"reason": "Moving abroad"}, follow=True)
    assert "The withdrawal is recorded." in page_text(response)
    assert "withdrawn" in page_text(response)
    assert "Moving abroad" in page_text(response)
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert consent.withdrawn_reason == "Moving abroad"
    assert consent.withdrawal_recorded_by == cast.colleague
    assert not consent.is_in_force
    assert consents_in_force(cast.pia) == {}
    assert Consent.objects.count() == 1


@pytest.mark.django_db
def test_a_second_withdrawal_changes_nothing(cast: Cast, signed_in: SignIn) -> None:
    consent = treatment_consent(cast)
    withdraw_consent(consent, by=cast.therapist, reason="First")
    first = Consent.objects.get()
    withdraw_consent(first, by=cast.admin, reason="Second")
    response = signed_in(cast.admin).post(withdraw_url(consent), {"reason": "Third"})
    assert response.status_code == 404
    again = Consent.objects.get()
    assert again.withdrawn_at == first.withdrawn_at
    assert again.withdrawn_reason == "First"
    assert again.withdrawal_recorded_by == cast.therapist


@pytest.mark.django_db
def test_after_a_withdrawal_consent_can_be_given_again_and_both_are_kept(
    cast: Cast, signed_in: SignIn
) -> None:
    old = treatment_consent(cast)
    withdraw_consent(old, by=cast.therapist, reason="Changed her mind")
    web = signed_in(cast.therapist)
    web.post(new_consent(cast.pia, ConsentKind.TREATMENT), pia_agrees(cast))
    assert Consent.objects.count() == 2
    assert consents_in_force(cast.pia)[ConsentKind.TREATMENT] != old


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("reason", "words"),
    [
        ("", "This field is required."),
        ("x\x00", "Null characters are not allowed."),
        ("r" * 301, "at most 300"),
    ],
)
def test_a_withdrawal_needs_a_plain_reason(
    cast: Cast, signed_in: SignIn, reason: str, words: str
) -> None:
    consent = treatment_consent(cast)
    response = signed_in(cast.therapist).post(withdraw_url(consent), {"reason": reason})
    assert_form_refused(response, "reason", words)
    consent.refresh_from_db()
    assert consent.is_in_force


@pytest.mark.django_db
def test_a_consent_cannot_be_withdrawn_through_another_clients_page(
    cast: Cast, signed_in: SignIn
) -> None:
    consent = treatment_consent(cast)
    url = reverse(
        "clients:consent-withdraw", kwargs={"client_id": cast.cal.pk, "consent_id": consent.pk}
    )
    assert signed_in(cast.therapist).post(url, {"reason": "Sneaky"}).status_code == 404
    consent.refresh_from_db()
    assert consent.is_in_force

"""Choosing a password by a link sent by e-mail: after "forgotten password", or on invitation."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client as WebClient
from django.urls import reverse

from stretchwise.accounts.invitations import set_password_path
from stretchwise.accounts.models import User
from tests.cast import PASSWORD, Cast, assert_form_refused, page_text

RESET = reverse("accounts:password-reset")
NEW_PASSWORD = "a quieter hamstring 42"
LINK = re.compile(r"http://testserver(/accounts/choose-password/[^/\s]+/[^/\s]+/)")


def link_in_last_mail() -> str:
    match = LINK.search(str(mail.outbox[-1].body))
    assert match, mail.outbox[-1].body
    return match.group(1)


def choose_password(web: WebClient, link: str, password: str = NEW_PASSWORD) -> str:
    """Follow the link as a browser does and choose a password; returns the final page."""
    form_page = web.get(link, follow=True)
    assert form_page.status_code == 200
    assert "Choose a password" in page_text(form_page)
    form_url = form_page.redirect_chain[-1][0]
    done = web.post(form_url, {"new_password1": password, "new_password2": password}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("accounts:password-chosen")
    return page_text(done)


def can_sign_in(email: str, password: str) -> bool:
    response = WebClient().post(reverse("accounts:sign-in"), {"email": email, "password": password})
    return response.status_code == 302


@pytest.mark.django_db
def test_a_forgotten_password_is_reset_by_email_end_to_end(cast: Cast) -> None:
    response = WebClient().post(RESET, {"email": "Theo@Riverside.example"})
    assert response["Location"] == reverse("accounts:password-reset-sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["theo@riverside.example"]
    assert mail.outbox[0].subject == "Choose a new Stretchwise password"

    choose_password(WebClient(), link_in_last_mail())

    assert can_sign_in("theo@riverside.example", NEW_PASSWORD)
    assert not can_sign_in("theo@riverside.example", PASSWORD)


@pytest.mark.django_db
def test_a_reset_link_works_only_once(cast: Cast) -> None:
    WebClient().post(RESET, {"email": "theo@riverside.example"})
    link = link_in_last_mail()
    choose_password(WebClient(), link)
    again = WebClient().get(link, follow=True)
    assert "This link no longer works" in page_text(again)


@pytest.mark.django_db
def test_a_reset_for_an_unknown_address_sends_nothing_and_looks_the_same(cast: Cast) -> None:
    response = WebClient().post(RESET, {"email": "nobody@riverside.example"})
    assert response["Location"] == reverse("accounts:password-reset-sent")
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "words"),
    [
        ("", "This field is required."),
        ("theo", "Enter a valid email address."),
        ("theo\x00@riverside.example", "Null characters are not allowed."),
    ],
)
def test_a_reset_request_with_a_bad_address_answers_400(cast: Cast, email: str, words: str) -> None:
    assert_form_refused(WebClient().post(RESET, {"email": email}), "email", words)
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("first", "second", "field", "words"),
    [
        (
            NEW_PASSWORD,
            NEW_PASSWORD + "!",
            "new_password2",
            "fields didn\N{RIGHT SINGLE QUOTATION MARK}t match",
        ),
        ("short", "short", "new_password2", "too short"),
        ("1234567890123", "1234567890123", "new_password2", "entirely numeric"),
        ("password\x00123456", "password\x00123456", "new_password1", "Null characters"),
    ],
)
def test_a_new_password_that_is_too_weak_or_mistyped_is_refused(
    cast: Cast, first: str, second: str, field: str, words: str
) -> None:
    web = WebClient()
    form_url = web.get(set_password_path(cast.therapist), follow=True).redirect_chain[-1][0]
    response = web.post(form_url, {"new_password1": first, "new_password2": second})
    assert_form_refused(response, field, words)
    assert can_sign_in("theo@riverside.example", PASSWORD)


@pytest.mark.django_db
def test_a_tampered_link_does_not_work(cast: Cast) -> None:
    link = set_password_path(cast.therapist)
    response = WebClient().get(link[:-3] + "xyz/", follow=True)
    assert "This link no longer works" in page_text(response)
    bad_user = WebClient().get(
        reverse("accounts:choose-password", kwargs={"uidb64": "AAAA", "token": "x-y"}), follow=True
    )
    assert "This link no longer works" in page_text(bad_user)


@pytest.mark.django_db
def test_someone_invited_who_lost_the_invitation_gets_a_new_link_by_forgotten_password(
    cast: Cast,
) -> None:
    invited = User.objects.create_user("nina@riverside.example", full_name="Nina New")
    assert not invited.has_usable_password()
    WebClient().post(RESET, {"email": "nina@riverside.example"})
    assert len(mail.outbox) == 1
    choose_password(WebClient(), link_in_last_mail())
    assert can_sign_in("nina@riverside.example", NEW_PASSWORD)


@pytest.mark.django_db
def test_a_deactivated_person_gets_no_reset_link(cast: Cast) -> None:
    cast.therapist.is_active = False
    cast.therapist.save()
    WebClient().post(RESET, {"email": "theo@riverside.example"})
    assert mail.outbox == []

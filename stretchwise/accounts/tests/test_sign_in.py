"""Signing in and out by e-mail address and password, and the lock after repeated failures."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.test import Client as WebClient
from django.urls import reverse
from django.utils import timezone

from stretchwise.accounts.models import FailedSignIn, email_digest
from tests.cast import PASSWORD, Cast, SignIn, assert_form_refused, page_text

if TYPE_CHECKING:
    from tests.cast import Response

SIGN_IN = reverse("accounts:sign-in")
WRONG = "That e-mail address and password do not match. Try again."
LOCKED = "Too many failed attempts for this address."


def sign_in(web: WebClient, email: str, password: str = PASSWORD, **extra: str) -> Response:
    return web.post(SIGN_IN, {"email": email, "password": password, **extra})


def signed_in_user_id(web: WebClient) -> str | None:
    user_id: str | None = web.session.get("_auth_user_id")
    return user_id


def fail(web: WebClient, email: str, times: int) -> None:
    for _ in range(times):
        assert sign_in(web, email, "not the password").status_code == 401


@pytest.mark.django_db
def test_the_sign_in_page_asks_for_an_email_address_and_a_password() -> None:
    response = WebClient().get(SIGN_IN)
    assert response.status_code == 200
    assert 'autocomplete="username"' in page_text(response)
    assert 'autocomplete="current-password"' in page_text(response)


@pytest.mark.django_db
def test_a_therapist_signs_in_with_their_email_address_and_password(cast: Cast) -> None:
    web = WebClient()
    response = sign_in(web, "theo@riverside.example")
    assert response.status_code == 302
    assert response["Location"] == reverse("clinics:dashboard")
    assert signed_in_user_id(web) == str(cast.therapist.pk)


@pytest.mark.django_db
def test_the_email_address_is_not_case_sensitive_at_sign_in(cast: Cast) -> None:
    web = WebClient()
    response = sign_in(web, "  Theo@Riverside.EXAMPLE ")
    assert response.status_code == 302
    assert signed_in_user_id(web) == str(cast.therapist.pk)


@pytest.mark.django_db
def test_a_wrong_password_is_refused_with_a_clear_message(cast: Cast) -> None:
    web = WebClient()
    response = sign_in(web, "theo@riverside.example", "not the password")
    assert response.status_code == 401
    assert WRONG in page_text(response)
    assert signed_in_user_id(web) is None
    assert (
        FailedSignIn.objects.filter(email_digest=email_digest("theo@riverside.example")).count()
        == 1
    )


@pytest.mark.django_db
def test_an_unknown_address_gets_the_same_answer_as_a_wrong_password(cast: Cast) -> None:
    response = sign_in(WebClient(), "nobody@riverside.example")
    assert response.status_code == 401
    assert WRONG in page_text(response)


@pytest.mark.django_db
def test_a_deactivated_person_cannot_sign_in(cast: Cast) -> None:
    cast.therapist.is_active = False
    cast.therapist.save()
    response = sign_in(WebClient(), "theo@riverside.example")
    assert response.status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "password", "field", "words"),
    [
        ("", PASSWORD, "email", "This field is required."),
        ("theo", PASSWORD, "email", "Enter a valid email address."),
        ("theo@riverside.example", "", "password", "This field is required."),
        ("theo\x00@riverside.example", PASSWORD, "email", "Null characters are not allowed."),
        ("theo@riverside.example", "pass\x00word", "password", "Null characters are not allowed."),
    ],
)
def test_an_incomplete_or_malformed_sign_in_answers_400_and_counts_no_failure(
    cast: Cast, email: str, password: str, field: str, words: str
) -> None:
    web = WebClient()
    assert_form_refused(sign_in(web, email, password), field, words)
    assert signed_in_user_id(web) is None
    assert not FailedSignIn.objects.exists()


@pytest.mark.django_db
def test_sign_in_goes_on_to_the_page_that_was_asked_for(cast: Cast) -> None:
    response = sign_in(WebClient(), "theo@riverside.example", next="/clients/")
    assert response["Location"] == "/clients/"


@pytest.mark.django_db
def test_sign_in_never_sends_a_person_on_to_another_site(cast: Cast) -> None:
    for next_url in ("https://evil.example/", "//evil.example/", "\x00/clients/"):
        response = sign_in(WebClient(), "theo@riverside.example", next=next_url)
        assert response["Location"] == reverse("clinics:dashboard")


@pytest.mark.django_db
def test_five_failed_sign_ins_in_fifteen_minutes_lock_the_address(cast: Cast) -> None:
    web = WebClient()
    fail(web, "theo@riverside.example", 5)
    response = sign_in(web, "theo@riverside.example")  # the right password, too late
    assert response.status_code == 429
    assert LOCKED in page_text(response)
    assert "reset your password" in page_text(response)
    assert signed_in_user_id(web) is None


@pytest.mark.django_db
def test_the_lock_holds_whatever_the_case_of_the_address(cast: Cast) -> None:
    web = WebClient()
    fail(web, "THEO@riverside.example", 3)
    fail(web, "theo@RIVERSIDE.example", 2)
    assert sign_in(web, "Theo@Riverside.Example").status_code == 429


@pytest.mark.django_db
def test_the_lock_holds_from_another_browser_too(cast: Cast) -> None:
    fail(WebClient(), "theo@riverside.example", 5)
    assert sign_in(WebClient(), "theo@riverside.example").status_code == 429


@pytest.mark.django_db
def test_a_locked_address_does_not_lock_anyone_else(cast: Cast) -> None:
    fail(WebClient(), "theo@riverside.example", 5)
    web = WebClient()
    assert sign_in(web, "cora@riverside.example").status_code == 302
    assert signed_in_user_id(web) == str(cast.colleague.pk)


@pytest.mark.django_db
def test_the_lock_says_how_many_minutes_are_left(cast: Cast) -> None:
    now = timezone.now()
    for minutes in (10, 9, 8, 7, 6):
        FailedSignIn.objects.create(
            email_digest=email_digest("theo@riverside.example"),
            at=now - timedelta(minutes=minutes),
        )
    response = sign_in(WebClient(), "theo@riverside.example")
    assert response.status_code == 429
    assert "Try again in 5 minutes" in page_text(response)


@pytest.mark.django_db
def test_with_less_than_a_minute_left_the_lock_says_one_minute(cast: Cast) -> None:
    oldest = timezone.now() - timedelta(minutes=14, seconds=30)
    for seconds in range(5):
        FailedSignIn.objects.create(
            email_digest=email_digest("theo@riverside.example"),
            at=oldest + timedelta(seconds=seconds),
        )
    response = sign_in(WebClient(), "theo@riverside.example")
    assert response.status_code == 429
    assert "Try again in 1 minute," in page_text(response)


@pytest.mark.django_db
def test_the_lock_lifts_fifteen_minutes_after_the_failures(cast: Cast) -> None:
    long_ago = timezone.now() - timedelta(minutes=15, seconds=1)
    for _ in range(5):
        FailedSignIn.objects.create(
            email_digest=email_digest("theo@riverside.example"), at=long_ago
        )
    web = WebClient()
    assert sign_in(web, "theo@riverside.example").status_code == 302
    assert signed_in_user_id(web) == str(cast.therapist.pk)


@pytest.mark.django_db
def test_a_successful_sign_in_clears_the_count_of_failures(cast: Cast) -> None:
    web = WebClient()
    fail(web, "theo@riverside.example", 4)
    assert sign_in(web, "theo@riverside.example").status_code == 302
    assert not FailedSignIn.objects.exists()
    other = WebClient()
    fail(other, "theo@riverside.example", 4)
    assert sign_in(other, "theo@riverside.example").status_code == 302


@pytest.mark.django_db
def test_failed_sign_ins_keep_no_address_in_the_clear(cast: Cast) -> None:
    fail(WebClient(), "theo@riverside.example", 1)
    failure = FailedSignIn.objects.get()
    assert failure.email_digest == email_digest("theo@riverside.example")
    assert "theo" not in failure.email_digest


@pytest.mark.django_db
def test_signing_out_needs_a_post(cast: Cast, signed_in: SignIn) -> None:
    web = signed_in(cast.therapist)
    assert web.get(reverse("accounts:sign-out")).status_code == 405
    assert signed_in_user_id(web) == str(cast.therapist.pk)


@pytest.mark.django_db
def test_signing_out_ends_the_session_and_says_so(cast: Cast, signed_in: SignIn) -> None:
    web = signed_in(cast.therapist)
    response = web.post(reverse("accounts:sign-out"), follow=True)
    assert response.redirect_chain[-1][0] == SIGN_IN
    assert "You have signed out." in page_text(response)
    assert signed_in_user_id(web) is None
    assert web.get(reverse("clinics:dashboard")).status_code == 302

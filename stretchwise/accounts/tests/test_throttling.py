"""The sign-in lock as a pure rule: no database, no clock of its own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchwise.accounts.throttling import SignInLock, sign_in_lock
from tests.cast import PASSWORD, Cast

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=15)


def minutes_ago(*minutes: float) -> list[datetime]:
    return [NOW - timedelta(minutes=m) for m in minutes]


def test_four_failures_in_fifteen_minutes_do_not_lock_an_address() -> None:
    assert sign_in_lock(minutes_ago(1, 2, 3, 4), NOW, 5, WINDOW) == SignInLock(locked=False)


def test_five_failures_in_fifteen_minutes_lock_an_address() -> None:
    assert sign_in_lock(minutes_ago(1, 2, 3, 4, 5), NOW, 5, WINDOW).locked


def test_failures_older_than_the_window_do_not_count() -> None:
    assert not sign_in_lock(minutes_ago(1, 2, 3, 4, 15, 16, 60), NOW, 5, WINDOW).locked


def test_the_lock_lifts_a_window_after_the_oldest_failure_that_caused_it() -> None:
    lock = sign_in_lock(minutes_ago(10, 9, 8, 7, 6), NOW, 5, WINDOW)
    assert lock.retry_after == timedelta(minutes=5)
    assert lock.minutes_left == 5


def test_with_more_failures_than_needed_the_newest_ones_decide_when_the_lock_lifts() -> None:
    lock = sign_in_lock(minutes_ago(14, 13, 4, 3, 2, 1), NOW, 5, WINDOW)
    assert lock.retry_after == timedelta(minutes=2)


def test_the_minutes_left_are_rounded_up_and_never_zero() -> None:
    assert SignInLock(locked=True, retry_after=timedelta(seconds=61)).minutes_left == 2
    assert SignInLock(locked=True, retry_after=timedelta(seconds=1)).minutes_left == 1
    assert SignInLock(locked=False).minutes_left == 1


seconds_ago = st.lists(st.integers(min_value=0, max_value=3 * 3600), max_size=12)
max_failures = st.integers(min_value=1, max_value=6)


@given(seconds_ago, max_failures)
def test_an_address_is_locked_exactly_when_enough_failures_fall_inside_the_window(
    ages: list[int], limit: int
) -> None:
    failures = [NOW - timedelta(seconds=s) for s in ages]
    inside = sum(1 for s in ages if s < WINDOW.total_seconds())
    assert sign_in_lock(failures, NOW, limit, WINDOW).locked == (inside >= limit)


@given(seconds_ago, max_failures)
def test_a_lock_always_lifts_after_its_retry_time_and_never_outlasts_the_window(
    ages: list[int], limit: int
) -> None:
    failures = [NOW - timedelta(seconds=s) for s in ages]
    lock = sign_in_lock(failures, NOW, limit, WINDOW)
    if not lock.locked:
        return
    assert timedelta(0) < lock.retry_after <= WINDOW
    assert 1 <= lock.minutes_left <= 15
    just_before = NOW + lock.retry_after - timedelta(microseconds=1)
    assert sign_in_lock(failures, just_before, limit, WINDOW).locked
    assert not sign_in_lock(failures, NOW + lock.retry_after, limit, WINDOW).locked


@given(seconds_ago, max_failures, st.randoms(use_true_random=False))
def test_the_order_in_which_failures_are_given_does_not_matter(
    ages: list[int], limit: int, random: Random
) -> None:
    failures = [NOW - timedelta(seconds=s) for s in ages]
    shuffled = list(failures)
    random.shuffle(shuffled)
    assert sign_in_lock(shuffled, NOW, limit, WINDOW) == sign_in_lock(failures, NOW, limit, WINDOW)


@pytest.mark.django_db
def test_one_address_trying_many_accounts_is_locked_too(cast: Cast, settings: object) -> None:
    from django.test import Client as WebClient

    settings.SIGN_IN_MAX_FAILURES_PER_ADDRESS = 3  # type: ignore[attr-defined]
    web = WebClient(REMOTE_ADDR="198.51.100.4")
    for n in range(3):
        web.post("/accounts/sign-in/", {"email": f"guess{n}@x.example", "password": "Winter2026!"})
    response = web.post("/accounts/sign-in/", {"email": cast.therapist.email, "password": PASSWORD})
    assert response.status_code == 429

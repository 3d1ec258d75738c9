"""Age rules on the client form, checked without a database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from stretchwise.clients.ages import age_on, is_minor
from stretchwise.clients.forms import OLDEST_AGE, validate_birth_date, validate_phone

TODAY = date(2026, 11, 24)


def test_a_birth_date_today_is_fine() -> None:
    validate_birth_date(TODAY, TODAY)


def test_a_birth_date_tomorrow_is_refused() -> None:
    with pytest.raises(ValidationError, match="cannot be in the future"):
        validate_birth_date(TODAY + timedelta(days=1), TODAY)


def test_120_is_the_oldest_age_accepted() -> None:
    validate_birth_date(date(1905, 11, 25), TODAY)  # 120, and 121 tomorrow
    with pytest.raises(ValidationError, match="older than 120"):
        validate_birth_date(date(1905, 11, 24), TODAY)


@given(st.dates(min_value=date(1800, 1, 1), max_value=date(2200, 1, 1)))
def test_a_birth_date_is_accepted_exactly_when_it_gives_an_age_from_0_to_120(born: date) -> None:
    try:
        validate_birth_date(born, TODAY)
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == (born <= TODAY and age_on(born, TODAY) <= OLDEST_AGE)


@given(st.dates(max_value=date(2100, 1, 1)), st.integers(min_value=1, max_value=100))
def test_on_each_birthday_the_age_is_the_number_of_years(born: date, years: int) -> None:
    if (born.month, born.day) == (2, 29):
        return  # the leap-day case has its own test in test_ages.py
    assert age_on(born, born.replace(year=born.year + years)) == years
    assert age_on(born, born.replace(year=born.year + years) - timedelta(days=1)) == years - 1


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)), st.dates())
def test_a_minor_is_exactly_someone_under_the_age_of_majority(born: date, on: date) -> None:
    assert is_minor(born, on, 18) == (age_on(born, on) < 18)


@pytest.mark.parametrize(
    "phone", ["07700 900111", "+44 (0)7700-900.111", "123456", "1234567890123456"]
)
def test_phone_numbers_as_people_write_them_are_accepted(phone: str) -> None:
    validate_phone(phone)


@pytest.mark.parametrize(
    "phone", ["12345", "12345678901234567", "0770 ext 9", "++44 7700 900111", "07700\x00900111"]
)
def test_phone_numbers_that_cannot_be_dialled_are_refused(phone: str) -> None:
    with pytest.raises(ValidationError, match="6 to 16 digits"):
        validate_phone(phone)

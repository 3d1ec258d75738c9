from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from stretchwise.clients.ages import age_on, is_minor


def test_age_counts_completed_years() -> None:
    assert age_on(date(1980, 5, 17), date(2026, 5, 16)) == 45
    assert age_on(date(1980, 5, 17), date(2026, 5, 17)) == 46


def test_leap_day_birthday_turns_a_year_older_on_first_of_march() -> None:
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


def test_a_client_is_a_minor_until_the_day_they_reach_the_age_of_majority() -> None:
    assert is_minor(date(2008, 11, 25), date(2026, 11, 24), 18)
    assert not is_minor(date(2008, 11, 24), date(2026, 11, 24), 18)


@given(st.dates(max_value=date(2100, 1, 1)), st.integers(min_value=0, max_value=40000))
def test_age_never_decreases_as_days_pass(born: date, days: int) -> None:
    from datetime import timedelta

    later = born + timedelta(days=days)
    assert age_on(born, later) >= 0
    assert age_on(born, later + timedelta(days=1)) >= age_on(born, later)

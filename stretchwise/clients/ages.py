"""Age on a given day. Pure: the caller supplies the day in the clinic's own time zone."""

from __future__ import annotations

from datetime import date


def age_on(date_of_birth: date, on: date) -> int:
    """Completed years; someone born on 29 February turns a year older on 1 March."""
    had_birthday = (on.month, on.day) >= (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - (0 if had_birthday else 1)


def is_minor(date_of_birth: date, on: date, age_of_majority: int) -> bool:
    return age_on(date_of_birth, on) < age_of_majority

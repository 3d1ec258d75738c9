from __future__ import annotations

from datetime import date

from django import template

from stretchwise.clients.ages import age_on

register = template.Library()


@register.filter
def age_at(date_of_birth: date, day: date) -> int:
    return age_on(date_of_birth, day)

"""How plan numbers read on the page: durations as minutes and seconds, scores out of ten."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def duration(seconds: float) -> str:
    """90 → "1 min 30 s"; 45 → "45 s"."""
    total = round(seconds)
    minutes, rest = divmod(total, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min" + (f" {rest} s" if rest else "")


@register.filter
def score(value: float) -> str:
    return f"{value:g}"

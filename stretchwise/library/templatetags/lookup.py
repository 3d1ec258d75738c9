from __future__ import annotations

from collections.abc import Mapping

from django import template

register = template.Library()


@register.filter
def dictget(mapping: Mapping[str, object], key: str) -> object:
    """`{{ kb.muscles|dictget:id }}`: templates cannot index a dict by a variable."""
    return mapping.get(key)


@register.filter
def words(value: object) -> str:
    """`antagonist_contract` → `antagonist contract`."""
    return str(value).replace("_", " ").replace("-", " ")

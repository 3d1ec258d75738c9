from __future__ import annotations

from django.http import HttpRequest

from stretchwise import __version__


def clinic(request: HttpRequest) -> dict[str, object]:
    membership = getattr(request, "membership", None)
    return {
        "membership": membership,
        "clinic": membership.clinic if membership else None,
        "memberships": getattr(request, "memberships", []),
        "version": __version__,
    }

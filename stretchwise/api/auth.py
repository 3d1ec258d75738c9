"""Who is calling the API: a personal token (scripts) or the browser's session (with CSRF)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from stretchwise.accounts.tokens import token_for_secret
from stretchwise.audit.log import note_access


class TokenAuth(HttpBearer):
    openapi_description = (
        "A personal API token (`Authorization: Bearer sw_…`), made on /accounts/tokens/."
    )

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = token_for_secret(token)
        if api_token is None:
            return None
        request.user = api_token.user
        request.api_token = api_token  # type: ignore[attr-defined]
        request.membership = api_token.membership  # type: ignore[attr-defined]
        # Every use of a token is on the clinic's access log, even one that shows no client.
        membership = api_token.membership
        note_access(request, "api_token", membership.clinic_id, [api_token.pk])
        return api_token


class SessionAuth(APIKeyCookie):
    """The browser's sign-in session, for the interactive docs and the app's own pages."""

    param_name = "sessionid"
    openapi_description = (
        "The session cookie of a signed-in clinic member (CSRF token needed to write)."
    )

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if getattr(request, "membership", None) is None:
            return None
        return user

"""Personal API tokens: created, named and revoked by their owner, shown once, stored hashed."""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from stretchwise.accounts.models import TOKEN_PREFIX, ApiToken, User, token_digest
from stretchwise.clinics.models import Membership

# Writing last_used_at on every call would turn each read into a write; once a minute is enough
# to show the owner which tokens are alive (each use that touches client data is in the access log).
LAST_USED_RESOLUTION = timedelta(minutes=1)


def create_token(user: User, membership: Membership, name: str) -> tuple[ApiToken, str]:
    """The new token and its secret, which is never stored and never shown again."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        membership=membership,
        name=name,
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        digest=token_digest(secret),
    )
    return token, secret


def token_for_secret(secret: str) -> ApiToken | None:
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = (
        ApiToken.objects.usable()
        .select_related("user", "membership__clinic__organisation")
        .filter(digest=token_digest(secret))
        .first()
    )
    if token is not None:
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
    return token


def revoke_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """A person sees and revokes only their own tokens."""
    return ApiToken.objects.filter(user=user).select_related("membership__clinic")


def get_own_token(user: User, token_id: uuid.UUID) -> ApiToken:
    return get_object_or_404(tokens_of(user), pk=token_id)

"""Invitations: a new login gets a one-time link to choose its password."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from stretchwise.accounts.models import User


def set_password_path(user: User) -> str:
    """A one-time link (valid for PASSWORD_RESET_TIMEOUT) to choose a password."""
    return reverse(
        "accounts:choose-password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def set_password_url(request: HttpRequest, user: User) -> str:
    return request.build_absolute_uri(set_password_path(user))


def send_invitation(request: HttpRequest, user: User, *, invited_by: User, place: str) -> None:
    context = {
        "user": user,
        "invited_by": invited_by,
        "place": place,
        "url": set_password_url(request, user),
    }
    send_mail(
        subject=f"You are invited to {place} on Stretchwise",
        message=render_to_string("accounts/invitation_email.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )

from __future__ import annotations

from collections.abc import Iterator

from django import forms
from django.contrib.auth.forms import PasswordResetForm

from stretchwise.accounts.models import User, normalise_email


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address",
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def clean_email(self) -> str:
        # Addresses are stored in lower case; people type them as they like.
        return normalise_email(self.cleaned_data["email"])


class ResetPasswordForm(PasswordResetForm):
    def get_users(self, email: str) -> Iterator[User]:
        # Django leaves out people with no usable password; here that is someone invited whose
        # link has lapsed, and a reset link is how they get a new one.
        return User.objects.filter(email=normalise_email(email), is_active=True).iterator()


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What the token is for",
        max_length=80,
        help_text="For example “weekly export script”. Only you see it.",
    )

from __future__ import annotations

from django import forms


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address",
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What the token is for",
        max_length=80,
        help_text="For example “weekly export script”. Only you see it.",
    )

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from stretchwise.accounts.models import User
from stretchwise.clients.ages import age_on, is_minor
from stretchwise.clients.models import (
    Client,
    ConsentKind,
    ConsentMethod,
    GivenBy,
    LinkRelationship,
)
from stretchwise.clinics.models import Clinic, Membership

OLDEST_AGE = 120
PHONE_PATTERN = re.compile(r"^\+?[0-9 ().\-]+$")


def validate_phone(value: str) -> None:
    digits = sum(ch.isdigit() for ch in value)
    if not PHONE_PATTERN.match(value) or not 6 <= digits <= 16:
        raise ValidationError(
            "Enter a phone number of 6 to 16 digits; spaces, brackets, dashes and a leading + "
            "are fine."
        )


def validate_has_letter(value: str) -> None:
    if not any(ch.isalpha() for ch in value):
        raise ValidationError("A name needs at least one letter.")


def validate_birth_date(value: date, today: date) -> None:
    if value > today:
        raise ValidationError("The date of birth cannot be in the future.")
    if age_on(value, today) > OLDEST_AGE:
        raise ValidationError(
            f"That would make the client older than {OLDEST_AGE}. Check the year."
        )


def therapists_of(clinic: Clinic) -> forms.ModelChoiceField[User]:
    return forms.ModelChoiceField(
        queryset=User.objects.filter(
            memberships__in=Membership.objects.treating().filter(clinic=clinic)
        ).order_by("full_name"),
        required=False,
        empty_label="No primary therapist yet",
    )


class ClientForm(forms.ModelForm[Client]):
    """A client's details. Validation follows what a receptionist could fix on the spot."""

    class Meta:
        model = Client
        fields = [
            "first_name",
            "last_name",
            "preferred_name",
            "date_of_birth",
            "sex",
            "email",
            "phone",
            "address",
            "emergency_contact_name",
            "emergency_contact_relationship",
            "emergency_contact_phone",
            "doctor_name",
            "doctor_practice",
            "doctor_address",
            "doctor_phone",
            "doctor_email",
            "guardian_name",
            "guardian_relationship",
            "guardian_phone",
            "guardian_email",
            "primary_therapist",
            "notes",
        ]
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "address": forms.Textarea(attrs={"rows": 2}),
            "doctor_address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self,
        *args: Any,
        clinic: Clinic,
        age_of_majority: int,
        may_assign: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.clinic = clinic
        self.age_of_majority = age_of_majority
        self.fields["primary_therapist"] = therapists_of(clinic)
        self.fields["primary_therapist"].initial = kwargs.get("initial", {}).get(
            "primary_therapist"
        )
        if not may_assign:
            # Only an admin or the primary therapist changes who treats a client (care team).
            self.fields["primary_therapist"].disabled = True
            self.fields[
                "primary_therapist"
            ].help_text = "Ask a clinic admin or the primary therapist to change this."
        for name in ("first_name", "last_name", "preferred_name"):
            self.fields[name].validators.append(validate_has_letter)
        for name in ("phone", "emergency_contact_phone", "doctor_phone", "guardian_phone"):
            self.fields[name].validators.append(validate_phone)
        self.fields["date_of_birth"].widget.attrs["max"] = clinic.today().isoformat()
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.fields["phone"].widget.attrs.update(type="tel", inputmode="tel")

    def clean_date_of_birth(self) -> date:
        value: date = self.cleaned_data["date_of_birth"]
        validate_birth_date(value, self.clinic.today())
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        born = data.get("date_of_birth")
        if born and is_minor(born, self.clinic.today(), self.age_of_majority):
            if not data.get("guardian_name"):
                self.add_error(
                    "guardian_name",
                    f"The client is under {self.age_of_majority}: enter their parent or "
                    "guardian, who consents for them.",
                )
            if not data.get("guardian_phone") and not data.get("guardian_email"):
                self.add_error(
                    "guardian_phone", "Give a phone number or e-mail to reach the guardian."
                )
        return data


class ConsentForm(forms.Form):
    # The kind is the page's (given as initial by the view), never what the browser sends back:
    # a tampered "treatment" must not skip the chaperone check of sensitive contact.
    kind = forms.ChoiceField(choices=ConsentKind.choices, widget=forms.HiddenInput, disabled=True)
    given_by = forms.ChoiceField(
        label="Who gave consent", choices=GivenBy.choices, widget=forms.RadioSelect
    )
    given_by_name = forms.CharField(label="Their full name", max_length=150)
    method = forms.ChoiceField(label="How", choices=ConsentMethod.choices)
    given_on = forms.DateField(
        label="Date given", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    chaperone_offered = forms.BooleanField(label="A chaperone was offered", required=False)
    chaperone_wanted = forms.TypedChoiceField(
        label="Does the client want a chaperone present?",
        choices=[("", "Not asked"), ("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=False,
    )
    read_confirmed = forms.BooleanField(
        label="The person giving consent has read the text above and had their questions answered",
    )

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client = client
        self.fields["given_on"].widget.attrs["max"] = client.today().isoformat()
        self.fields["given_by_name"].validators.append(validate_has_letter)

    def clean_given_on(self) -> date:
        value: date = self.cleaned_data["given_on"]
        if value > self.client.today():
            raise ValidationError("Consent cannot be dated in the future.")
        if value < self.client.date_of_birth:
            raise ValidationError("Consent cannot be dated before the client was born.")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Who could consent depends on the client's age on the day consent was given.
        given_on = data.get("given_on")
        minor = self.client.is_minor_on(given_on) if given_on else self.client.is_minor
        if minor and data.get("given_by") == GivenBy.CLIENT:
            self.add_error(
                "given_by",
                "The client is a minor: their parent or guardian gives consent for them.",
            )
        if not minor and data.get("given_by") == GivenBy.GUARDIAN:
            self.add_error("given_by", "An adult client gives consent themselves.")
        if data.get("kind") == ConsentKind.SENSITIVE_CONTACT:
            if not data.get("chaperone_offered"):
                self.add_error(
                    "chaperone_offered",
                    "Offer a chaperone before recording this consent, then tick this box.",
                )
            if data.get("chaperone_wanted") is None:
                self.add_error("chaperone_wanted", "Record whether they want a chaperone.")
        return data


class WithdrawConsentForm(forms.Form):
    reason = forms.CharField(
        label="Reason, in the client's words where possible",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CareTeamForm(forms.Form):
    primary_therapist = forms.ModelChoiceField(queryset=User.objects.none(), required=False)
    cover_therapists = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Colleagues covering",
    )

    def __init__(self, *args: Any, clinic: Clinic, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["primary_therapist"] = therapists_of(clinic)
        cover = self.fields["cover_therapists"]
        assert isinstance(cover, forms.ModelMultipleChoiceField)
        cover.queryset = therapists_of(clinic).queryset

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        primary = data.get("primary_therapist")
        if primary and primary in data.get("cover_therapists", []):
            self.add_error(
                "cover_therapists", "The primary therapist does not need to cover as well."
            )
        return data


class PortalAccessForm(forms.Form):
    email = forms.EmailField(label="E-mail address for the login")
    full_name = forms.CharField(label="Name of the person who will sign in", max_length=150)
    relationship = forms.ChoiceField(choices=LinkRelationship.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client = client
        self.fields["full_name"].validators.append(validate_has_letter)

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        existing = User.objects.filter(email=email).first()
        if existing is not None and existing.memberships.exists():
            raise ValidationError(
                "This address belongs to a member of a clinic team. Use the client's own address."
            )
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.client.is_minor and data.get("relationship") == LinkRelationship.SELF:
            self.add_error(
                "relationship",
                "The client is a minor: give the login to their parent or guardian.",
            )
        return data

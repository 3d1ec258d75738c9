from __future__ import annotations

import uuid
import zoneinfo
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from stretchwise.accounts.models import User, normalise_email
from stretchwise.clients.forms import validate_has_letter
from stretchwise.clinics.models import Clinic, Membership, Role


def time_zone_choices() -> list[tuple[str, str]]:
    zones = sorted(z for z in zoneinfo.available_timezones() if "/" in z and "Etc" not in z)
    return [(z, z.replace("_", " ")) for z in [*zones, "UTC"]]


class ClinicSettingsForm(forms.ModelForm[Clinic]):
    class Meta:
        model = Clinic
        fields = ["name", "time_zone", "units", "doctor_term", "therapist_visibility"]
        widgets = {
            "units": forms.RadioSelect,
            "doctor_term": forms.RadioSelect,
            "therapist_visibility": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"] = forms.ChoiceField(
            choices=time_zone_choices(),
            help_text="Dates, ages and today's visits follow this time zone.",
        )
        self.fields["name"].validators.append(validate_has_letter)


class InviteForm(forms.Form):
    full_name = forms.CharField(max_length=150)
    email = forms.EmailField(label="E-mail address")
    role = forms.ChoiceField(choices=Role.choices, initial=Role.THERAPIST, widget=forms.RadioSelect)
    treats_clients = forms.BooleanField(
        label="Treats clients (can be a primary or cover therapist)", required=False, initial=True
    )

    def __init__(self, *args: Any, clinic: Clinic, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clinic = clinic
        self.fields["full_name"].validators.append(validate_has_letter)

    def clean_email(self) -> str:
        email = normalise_email(self.cleaned_data["email"])
        existing = User.objects.filter(email=email).first()
        if existing is None:
            return email
        if Membership.objects.filter(user=existing, clinic=self.clinic).exists():
            raise ValidationError("This person is already on the team of this clinic.")
        other_orgs = existing.memberships.exclude(clinic__organisation=self.clinic.organisation_id)
        if other_orgs.exists() or existing.client_links.exists():
            raise ValidationError(
                "This address is already used by another account. Ask for a work address."
            )
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") == Role.THERAPIST and not data.get("treats_clients"):
            self.add_error("treats_clients", "A therapist treats clients: tick this box.")
        return data


class MembershipForm(forms.ModelForm[Membership]):
    class Meta:
        model = Membership
        fields = ["role", "treats_clients", "is_active"]
        widgets = {"role": forms.RadioSelect}
        labels = {"is_active": "Active member of the team"}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") == Role.THERAPIST and not data.get("treats_clients"):
            self.add_error("treats_clients", "A therapist treats clients: tick this box.")
        clinic_admins = Membership.objects.active().filter(
            clinic_id=self.instance.clinic_id, role=Role.ADMIN
        )
        losing_admin = data.get("role") != Role.ADMIN or not data.get("is_active")
        if (
            self.instance.role == Role.ADMIN
            and losing_admin
            and not clinic_admins.exclude(pk=self.instance.pk).exists()
        ):
            raise ValidationError("A clinic needs at least one active admin. Add another first.")
        return data


class BranchForm(forms.ModelForm[Clinic]):
    """A new branch of the organisation, starting with the current clinic's choices."""

    class Meta:
        model = Clinic
        fields = ["name", "time_zone"]

    def __init__(self, *args: Any, organisation_id: uuid.UUID, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation_id = organisation_id
        self.fields["time_zone"] = forms.ChoiceField(choices=time_zone_choices())
        self.fields["name"].validators.append(validate_has_letter)

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if Clinic.objects.filter(organisation_id=self.organisation_id, name__iexact=name).exists():
            raise ValidationError("Your organisation already has a clinic with this name.")
        return name

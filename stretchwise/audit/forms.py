from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from stretchwise.accounts.models import User
from stretchwise.audit.models import Action
from stretchwise.clinics.models import Clinic

# Dates outside these bounds overflow when turned into times in the clinic's time zone.
EARLIEST = date(2000, 1, 1)


class AccessLogFilter(forms.Form):
    person = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, empty_label="Anyone"
    )
    client = forms.CharField(
        label="Client name", max_length=100, required=False, help_text="Part of a name is enough."
    )
    action = forms.ChoiceField(choices=[("", "Any action"), *Action.choices], required=False)
    since = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, clinic: Clinic, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clinic = clinic
        people = User.objects.filter(memberships__clinic=clinic) | User.objects.filter(
            client_links__client__clinic=clinic
        )
        self.fields["person"].queryset = people.distinct().order_by("full_name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        today = self.clinic.today()
        if since and since > today:
            self.add_error("since", "The log has nothing from the future. Choose today or earlier.")
        if since and since < EARLIEST:
            self.add_error("since", f"The log starts in {EARLIEST.year}. Choose a later date.")
        if until and until > today:
            self.add_error("until", "The log has nothing after today. Choose today or earlier.")
        if since and until and until < since:
            self.add_error("until", "The end date is before the start date.")
        return data

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone

from stretchwise.clinics.models import Clinic, Membership

SHORTEST_VISIT = 15
LONGEST_VISIT = 180
# A booking may be entered a little late (the client is already in the room), not days late.
LATE_ENTRY = timedelta(minutes=30)


class TherapistField(forms.ModelChoiceField[Membership]):
    def label_from_instance(self, obj: Membership) -> str:
        return obj.user.full_name


class VisitForm(forms.Form):
    day = forms.DateField(
        label="Date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start = forms.TimeField(label="Start time", widget=forms.TimeInput(attrs={"type": "time"}))
    minutes = forms.TypedChoiceField(
        label="Length",
        coerce=int,
        choices=[(m, f"{m} minutes") for m in (30, 45, 60, 75, 90)],
        initial=60,
    )
    therapist = TherapistField(queryset=Membership.objects.none(), empty_label=None)

    def __init__(self, *args: Any, clinic: Clinic, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clinic = clinic
        treating = Membership.objects.treating().filter(clinic=clinic).select_related("user")
        self.fields["therapist"].queryset = treating  # type: ignore[attr-defined]
        user_id = self.initial.get("therapist")
        match = treating.filter(user_id=user_id).first() if user_id else None
        self.initial["therapist"] = match.pk if match else None
        self.initial.setdefault("day", clinic.today())
        self.fields["day"].widget.attrs["min"] = clinic.today().isoformat()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day: date | None = data.get("day")
        start: time | None = data.get("start")
        if day is None or start is None:
            return data
        starts_at = datetime.combine(day, start, tzinfo=self.clinic.tz)
        if starts_at < timezone.now() - LATE_ENTRY:
            self.add_error("start", "That time has passed. Choose a time from now on.")
        if day > self.clinic.today() + timedelta(days=366):
            self.add_error("day", "Book no more than a year ahead.")
        data["starts_at"] = starts_at
        return data

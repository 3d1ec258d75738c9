"""The therapist's two changes to a plan: swap a stretch for a safe alternative, adjust a dose.

Both only ever narrow what the planner may do: a swap removes one stretch and prefers another
the planner itself offered, a dose stays inside the knowledge base's range for that stretch and
technique, and the planner re-checks every adjustment against the restrictions in force.
"""

from __future__ import annotations

from typing import Any

from django import forms

from stretchwise.library.schema import Range

REASON_HELP = "Recorded with the change and shown beside the item in later plans."


def _reason() -> forms.CharField:
    return forms.CharField(
        label="Reason",
        min_length=3,
        max_length=2000,
        help_text=REASON_HELP,
        error_messages={
            "required": "Give the reason for the change; it is kept with the plan.",
            "min_length": "Say a little more: at least 3 characters.",
        },
    )


class SwapForm(forms.Form):
    alternative = forms.ChoiceField(label="Instead, use")
    reason = _reason()

    def __init__(self, *args: Any, alternatives: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["alternative"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = alternatives
        field.error_messages["invalid_choice"] = (
            "Choose one of the safe alternatives the planner offers for this item."
        )


def _within(value: float, allowed: Range, what: str, unit: str) -> None:
    if not allowed.min <= value <= allowed.max:
        raise forms.ValidationError(
            f"{what} must be between {allowed.min:g} and {allowed.max:g}{unit} for this stretch "
            f"with this technique; {value:g}{unit} is outside that range."
        )


class DoseForm(forms.Form):
    repetitions = forms.IntegerField(label="Repetitions (each side)")
    hold_seconds = forms.IntegerField(label="Hold (seconds)", required=False)
    reason = _reason()

    def __init__(
        self, *args: Any, repetitions: Range, hold_seconds: Range | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.repetitions_range = repetitions
        self.hold_range = hold_seconds
        self.fields[
            "repetitions"
        ].help_text = f"{repetitions.min:g} to {repetitions.max:g} for this stretch and technique."
        if hold_seconds is None:
            del self.fields["hold_seconds"]
        else:
            self.fields[
                "hold_seconds"
            ].help_text = (
                f"{hold_seconds.min:g} to {hold_seconds.max:g} s for this stretch and technique."
            )

    def clean_repetitions(self) -> int:
        value: int = self.cleaned_data["repetitions"]
        _within(value, self.repetitions_range, "Repetitions", "")
        return value

    def clean_hold_seconds(self) -> int | None:
        value: int | None = self.cleaned_data.get("hold_seconds")
        if value is not None and self.hold_range is not None:
            _within(value, self.hold_range, "The hold", " s")
        return value

"""Assessment page pieces: names, change since baseline, one test's inputs."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from stretchwise.assessment.compare import AssessmentReport, Reading
from stretchwise.assessment.scoring import Score
from stretchwise.library.knowledge import knowledge_base
from stretchwise.library.schema import FlexibilityTest

register = template.Library()

SYMPTOMS = [
    ("", "None reproduced"),
    ("pain", "Pain"),
    ("shooting", "Shooting pain"),
    ("burning", "Burning"),
    ("electric", "Electric"),
    ("pins_and_needles", "Pins and needles"),
    ("numbness", "Numbness"),
    ("weakness", "Weakness"),
    ("dizziness", "Dizziness"),
    ("other", "Other"),
]


@register.filter
def test_name(test_id: str) -> str:
    test = knowledge_base().tests.get(test_id)
    return test.name if test else test_id


@register.filter
def instrument_name(instrument_id: str) -> str:
    instrument = knowledge_base().instruments.get(instrument_id)
    return instrument.name if instrument else instrument_id


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.filter
def split(text: str) -> list[str]:
    return text.split()


@register.simple_tag
def reading_change(report: AssessmentReport, reading: Reading) -> SafeString:
    found = next(
        (c for c in report.changes if c.test == reading.test and c.side == reading.side), None
    )
    if found is None:
        return format_html(
            '<span class="muted">{}</span>', "baseline" if not report.baseline_on else "—"
        )
    verdict = (
        "beyond the measurement error" if found.beyond_error else "within the measurement error"
    )
    return format_html(
        '{}{} {} <span class="muted">({})</span>',
        "+" if found.change > 0 else "",
        f"{found.change:g}",
        reading.unit,
        verdict,
    )


@register.simple_tag
def score_change(report: AssessmentReport, s: Score) -> SafeString:
    found = next(
        (c for c in report.score_changes if c.instrument == s.instrument and c.site == s.site),
        None,
    )
    if found is None:
        return format_html(
            '<span class="muted">{}</span>', "baseline" if not report.baseline_on else "—"
        )
    verdict = "an important change" if found.important else "not yet an important change"
    return format_html(
        '{}{} <span class="muted">({})</span>',
        "+" if found.change > 0 else "",
        f"{found.change:g}",
        verdict,
    )


@register.simple_tag
def test_input(test: FlexibilityTest, side: str) -> SafeString:
    key = f"t_{test.id}_{side or 'one'}"
    label = side.capitalize() if side else "Value"
    options = format_html_join("", '<option value="{}">{}</option>', SYMPTOMS)
    return format_html(
        '<div class="field"><label for="{key}">{label} ({unit})</label>'
        '<input id="{key}" name="{key}" type="number" step="any" inputmode="decimal" '
        'min="{low}" max="{high}"></div>'
        '<div class="field"><label for="{key}_symptoms">Symptoms reproduced{side_text}</label>'
        '<select id="{key}_symptoms" name="{key}_symptoms">{options}</select></div>',
        key=key,
        label=label,
        unit=test.unit,
        low=f"{test.anatomical_min:g}",
        high=f"{test.anatomical_max:g}",
        side_text=f", {side}" if side else "",
        options=options,
    )

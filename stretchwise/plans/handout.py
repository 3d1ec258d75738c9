"""The home programme as the client reads it: each self-stretch with its pictogram, numbered
steps, dose and the intensity guidance in plain words; a page and a PDF (WeasyPrint) from the
same template."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from stretchwise.clients.models import Client
from stretchwise.library.knowledge import KnowledgeBase, knowledge_base
from stretchwise.library.pictogram import render as render_pictogram
from stretchwise.library.schema import Stretch
from stretchwise.plans.planner import HomeItem, SessionPlan

DAYS = {7: "every day", 6: "six days a week", 5: "five days a week"}


@dataclass(frozen=True)
class HomeRow:
    item: HomeItem
    stretch: Stretch
    pictogram: SafeString
    steps: list[str]
    sides: str
    dose: str


def pictogram(stretch: Stretch) -> SafeString:
    """The stretch's drawing as inline SVG (built from knowledge-base data, never user input)."""
    if stretch.pose is None:
        return SafeString()
    return mark_safe(render_pictogram(stretch.pose, stretch.name))


def _sides(item: HomeItem, stretch: Stretch) -> str:
    if not stretch.sided:
        return ""
    if item.side is None:
        return "Both sides. The steps describe one side: do the other side the same way, mirrored."
    return (
        f"Your {item.side} side only. Your therapist has left the other side out for now: "
        f"follow the steps mirrored if they describe the other side."
    )


def _dose(item: HomeItem, stretch: Stretch) -> str:
    each = " on each side" if stretch.sided and item.side is None else ""
    times = "once" if item.times_per_day == 1 else f"{item.times_per_day} times"
    days = DAYS.get(item.days_per_week, f"{item.days_per_week} days a week")
    return (
        f"Hold for {item.hold_seconds:g} seconds, {item.repetitions} "
        f"time{'s' if item.repetitions != 1 else ''}{each}; {times} a day, {days}."
    )


def home_rows(kb: KnowledgeBase, plan: SessionPlan) -> list[HomeRow]:
    rows = []
    for item in plan.home_programme:
        stretch = kb.stretches[item.stretch]
        rows.append(
            HomeRow(
                item=item,
                stretch=stretch,
                pictogram=pictogram(stretch),
                steps=[*stretch.setup, *stretch.cues],
                sides=_sides(item, stretch),
                dose=_dose(item, stretch),
            )
        )
    return rows


def handout_html(client: Client, plan: SessionPlan) -> str:
    kb = knowledge_base()
    context = {
        "client": client,
        "clinic": client.clinic,
        "plan": plan,
        "home": home_rows(kb, plan),
        "band": plan.intensity,
    }
    return render_to_string("plans/handout.html", context)


def handout_pdf(client: Client, plan: SessionPlan) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=handout_html(client, plan)).write_pdf()
    return pdf

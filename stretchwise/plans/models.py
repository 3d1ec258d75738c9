"""The therapist's adjustments to plans (append-only), and the verbs that plan for a stored client.

The planner itself is pure (planner.py); this module only gathers what it needs from the
database and keeps what the therapist changed, with the reason, for later plans to respect.
"""

from __future__ import annotations

import uuid
from datetime import date
from functools import cache
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from stretchwise.audit.log import note_access
from stretchwise.clients.models import Client
from stretchwise.library.knowledge import knowledge_base
from stretchwise.plans.config import PlannerConfig, from_overlay
from stretchwise.plans.planner import PlanResult, plan_session
from stretchwise.plans.programme import Programme, programme
from stretchwise.screening.document import Adjustment, ClientDocument

DEFAULT_MINUTES = 60
MINUTES_CHOICES = (30, 45, 60, 75, 90)


class AppendOnlyError(Exception):
    """A recorded adjustment is history: a change is a new adjustment."""


class AdjustmentRecord(models.Model):
    """One therapist's change to a client's plans (screening.document.Adjustment), never edited."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="plan_adjustments")
    data = models.JSONField(help_text="An Adjustment (stretchwise.screening.document)")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at"]

    def __str__(self) -> str:
        return f"plan adjustment for {self.client_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("An adjustment is never changed; record a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("An adjustment is never deleted; record a new one.")

    @property
    def adjustment(self) -> Adjustment:
        return Adjustment.model_validate(self.data)


def adjustments_of(client: Client) -> list[Adjustment]:
    return [r.adjustment for r in AdjustmentRecord.objects.filter(client=client)]


@transaction.atomic
def record_adjustments(
    client: Client, adjustments: list[Adjustment], by: Any
) -> list[AdjustmentRecord]:
    """Keep the therapist's changes together (a swap is a removal and a preference)."""
    return [
        AdjustmentRecord.objects.create(
            client=client, data=a.model_dump(mode="json", exclude_none=True), recorded_by=by
        )
        for a in adjustments
    ]


@cache
def planner_config() -> PlannerConfig:
    """The deployment's planner settings (its overlay), read once per process."""
    return from_overlay(None)


def session_minutes(client: Client) -> int:
    """The length of the client's next booked visit, or the default session length."""
    from stretchwise.visits.models import Visit

    visit = Visit.objects.filter(client=client).upcoming().order_by("starts_at").first()
    return visit.minutes if visit is not None else DEFAULT_MINUTES


def plan_for(doc: ClientDocument, on: date, minutes: int, seed: int = 0) -> PlanResult:
    return plan_session(knowledge_base(), doc, on, minutes, planner_config(), seed=seed)


def programme_for(doc: ClientDocument, today: date) -> Programme:
    """The skeleton from the programme's first day (today when nothing is recorded yet)."""
    return programme(knowledge_base(), doc, doc.programme_start or today, planner_config())


def note_plan_sources(request: HttpRequest, client: Client, action: str | None = None) -> None:
    """A plan shows what it was made from: the intake, assessments and adjustments are logged."""
    from stretchwise.assessment.models import AssessmentRecord
    from stretchwise.screening.models import latest_intake

    latest = latest_intake(client)
    note_access(request, "intake", client.clinic_id, [latest.pk] if latest else [])
    assessments = AssessmentRecord.objects.filter(client=client).values_list("pk", flat=True)
    note_access(request, "assessment", client.clinic_id, list(assessments))
    adjustments = AdjustmentRecord.objects.filter(client=client).values_list("pk", flat=True)
    note_access(request, "adjustment", client.clinic_id, list(adjustments), action)

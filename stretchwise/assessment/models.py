"""Recorded assessments: baseline and follow-ups, append-only (a correction is a new record)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from stretchwise.assessment.measures import Assessment
from stretchwise.clients.models import Client


class AssessmentRecord(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="assessments")
    on = models.DateField()
    data = models.JSONField(help_text="An Assessment (stretchwise.assessment.measures)")
    clearance_decision = models.CharField(
        max_length=32, help_text="The clearance it was made under"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["on", "recorded_at"]

    def __str__(self) -> str:
        return f"assessment of {self.client_id} on {self.on}"

    @property
    def assessment(self) -> Assessment:
        return Assessment.model_validate(self.data)


def history(client: Client) -> list[AssessmentRecord]:
    return list(AssessmentRecord.objects.filter(client=client).order_by("on", "recorded_at"))

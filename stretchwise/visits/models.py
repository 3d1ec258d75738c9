from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone

from stretchwise.clients.models import Client
from stretchwise.clinics.models import Membership

if TYPE_CHECKING:
    from stretchwise.accounts.models import User


class VisitStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    ATTENDED = "attended", "Attended"
    CANCELLED = "cancelled", "Cancelled"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"


class VisitQuerySet(models.QuerySet["Visit"]):
    def for_clients(self, clients: models.QuerySet[Client]) -> VisitQuerySet:
        return self.filter(client__in=clients)

    def on_day(self, start: datetime, end: datetime) -> VisitQuerySet:
        return self.filter(starts_at__gte=start, starts_at__lt=end)

    def attended(self) -> VisitQuerySet:
        return self.filter(status=VisitStatus.ATTENDED)

    def upcoming(self) -> VisitQuerySet:
        return self.filter(status=VisitStatus.BOOKED, starts_at__gte=timezone.now())


class Visit(models.Model):
    """A booked appointment. The session console records what happens in it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="visits")
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits"
    )
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=60)
    status = models.CharField(
        max_length=16, choices=VisitStatus.choices, default=VisitStatus.BOOKED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["client", "status", "starts_at"], name="visit_client"),
            models.Index(fields=["therapist", "starts_at"], name="visit_therapist_day"),
        ]

    def __str__(self) -> str:
        return f"{self.client} at {self.starts_at:%Y-%m-%d %H:%M}"


def book_visit(
    client: Client, *, therapist_membership: Membership, starts_at: datetime, minutes: int, by: User
) -> Visit:
    return Visit.objects.create(
        client=client,
        therapist=therapist_membership.user,
        starts_at=starts_at,
        minutes=minutes,
        created_by=by,
    )


def set_visit_status(visit: Visit, status: str) -> None:
    visit.status = status
    visit.save(update_fields=["status", "updated_at"])

"""Stored intakes, drafts, private intake links, clearance documents, reviews, added restrictions
and emergency alerts. Append-only: a submitted intake is never changed; a new one is a new
version. `client_document()` assembles what the pure engine screens.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from stretchwise.clients.models import Client
from stretchwise.library.knowledge import knowledge_base
from stretchwise.screening.document import (
    AddedRestriction,
    Adjustment,
    ClearanceDocument,
    ClientDocument,
    Intake,
    Review,
)
from stretchwise.screening.engine import Clearance, screen


class Source(models.TextChoices):
    THERAPIST = "therapist", "Therapist, with the client"
    CLIENT_LINK = "client_link", "Client, through a private link"
    CLIENT_LOGIN = "client_login", "Client, signed in"
    API = "api", "API"


class IntakeVersion(models.Model):
    """One submitted intake. Never edited: a correction is a new version."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="intakes")
    number = models.PositiveIntegerField()
    data = models.JSONField(help_text="The intake part of the client document")
    source = models.CharField(max_length=16, choices=Source.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["client", "number"], name="one_number_per_intake")
        ]

    def __str__(self) -> str:
        return f"intake {self.number} of {self.client_id}"

    @property
    def intake(self) -> Intake:
        return Intake.model_validate(self.data)


class IntakeDraft(models.Model):
    """The intake as it is being filled, saved as it goes. One per client and author kind."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="intake_drafts")
    source = models.CharField(max_length=16, choices=Source.choices)
    data = models.JSONField(default=dict, help_text="Form fields as entered")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "source"], name="one_draft_per_source")
        ]

    def __str__(self) -> str:
        return f"draft ({self.source}) of {self.client_id}"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()

    def __str__(self) -> str:
        return f"draft ({self.source}) of {self.client_id}"


class IntakeLinkQuerySet(models.QuerySet["IntakeLink"]):
    def usable(self) -> IntakeLinkQuerySet:
        return self.filter(
            expires_at__gt=timezone.now(), submitted_at__isnull=True, revoked_at__isnull=True
        )


class IntakeLink(models.Model):
    """A private, expiring link for a client to fill their intake before the first visit.

    Only a hash of the token is stored: the link itself is shown once, when it is made.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="intake_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = IntakeLinkQuerySet.as_manager()

    def __str__(self) -> str:
        return f"intake link for {self.client_id}, expires {self.expires_at:%Y-%m-%d}"

    @classmethod
    def issue(cls, client: Client, by: Any, days: int) -> tuple[IntakeLink, str]:
        token = secrets.token_urlsafe(32)
        link = cls.objects.create(
            client=client,
            token_hash=_digest(token),
            created_by=by,
            expires_at=timezone.now() + timedelta(days=days),
        )
        return link, token

    @classmethod
    def find(cls, token: str) -> IntakeLink | None:
        return (
            cls.objects.usable()
            .select_related("client__clinic")
            .filter(token_hash=_digest(token))
            .first()
        )


class ClearanceRecord(models.Model):
    """A doctor's or surgeon's clearance or written precautions, as the therapist recorded it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="clearance_records")
    data = models.JSONField(help_text="A ClearanceDocument")
    attachment = models.FileField(upload_to="clearances/%Y/", blank=True)
    attachment_sha256 = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"clearance document for {self.client_id}"


class ReviewRecord(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="review_records")
    data = models.JSONField(help_text="A Review")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"review for {self.client_id}"


class AddedRestrictionRecord(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="added_restrictions")
    data = models.JSONField(help_text="An AddedRestriction")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"added restriction for {self.client_id}"


class Alert(models.Model):
    """An emergency answer in an intake: the clinic is told at once, and it stays until seen."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="alerts")
    findings = models.JSONField(help_text="Red-flag finding ids")
    urgency = models.CharField(max_length=16)
    raised_at = models.DateTimeField(default=timezone.now)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.urgency} alert for {self.client_id}"


# ---------------------------------------------------------------- verbs


def latest_intake(client: Client) -> IntakeVersion | None:
    return IntakeVersion.objects.filter(client=client).order_by("-number").first()


@transaction.atomic
def submit_intake(client: Client, intake: Intake, source: str, by: Any) -> IntakeVersion:
    """Keep a new version (numbered per client); drafts of that source are cleared."""
    last = (
        IntakeVersion.objects.select_for_update()
        .filter(client=client)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    version = IntakeVersion.objects.create(
        client=client,
        number=(last or 0) + 1,
        data=intake.model_dump(mode="json", exclude_defaults=True),
        source=source,
        submitted_by=by if by is not None and by.is_authenticated else None,
    )
    IntakeDraft.objects.filter(client=client, source=source).delete()
    return version


def client_document(client: Client) -> ClientDocument | None:
    """What the engine screens and the planner plans from: the latest intake with every
    document, review and restriction, the assessments (oldest first) and the therapist's plan
    adjustments.

    `programme_start` is kept simple: the date of the first recorded assessment, or the first
    intake's date when there is no assessment yet (there are no session records until the visit
    console exists).
    """
    # Imported here: those apps build on screening, not the other way round.
    from stretchwise.assessment.models import AssessmentRecord
    from stretchwise.plans.models import AdjustmentRecord

    latest = latest_intake(client)
    if latest is None:
        return None
    assessments = [
        r.assessment
        for r in AssessmentRecord.objects.filter(client=client).order_by("on", "recorded_at")
    ]
    first_intake = IntakeVersion.objects.filter(client=client).order_by("number").first()
    start = assessments[0].on if assessments else (first_intake or latest).intake.date
    return ClientDocument(
        intake=latest.intake,
        clearance_documents=[
            ClearanceDocument.model_validate(r.data)
            for r in ClearanceRecord.objects.filter(client=client).order_by("recorded_at")
        ],
        reviews=[
            Review.model_validate(r.data)
            for r in ReviewRecord.objects.filter(client=client).order_by("recorded_at")
        ],
        added_restrictions=[
            AddedRestriction.model_validate(r.data)
            for r in AddedRestrictionRecord.objects.filter(client=client).order_by("recorded_at")
        ],
        assessments=assessments,
        programme_start=start,
        adjustments=[
            Adjustment.model_validate(r.data)
            for r in AdjustmentRecord.objects.filter(client=client).order_by("recorded_at")
        ],
    )


def clearance_for(client: Client, on: date | None = None) -> Clearance | None:
    """The client's clearance today in their clinic's time zone (None: no intake yet)."""
    doc = client_document(client)
    if doc is None:
        return None
    if on is None:
        on = client.clinic.today()
    return screen(doc, on, knowledge_base())


def raise_alert(client: Client, clearance: Clearance) -> Alert | None:
    """An alert for the clinic when the answers are an emergency or same-day referral."""
    urgent = [
        f.id
        for f in clearance.findings
        if f.decision == "urgent_referral" and f.status == "present"
    ]
    if not urgent or clearance.urgency not in ("emergency", "same_day"):
        return None
    # The draft is saved at every change: the same alert still waiting is not raised again.
    waiting = Alert.objects.filter(
        client=client, urgency=clearance.urgency, acknowledged_at__isnull=True
    )
    if any(sorted(alert.findings) == sorted(urgent) for alert in waiting):
        return None
    alert = Alert.objects.create(client=client, findings=urgent, urgency=clearance.urgency)
    transaction.on_commit(lambda: notify_team(alert))
    return alert


def notify_team(alert: Alert) -> None:
    """E-mail the client's primary therapist and the clinic's admins that an alert is waiting.

    No health details and no name in the e-mail: it says only that something needs attention.
    """
    from django.core.mail import send_mail

    from stretchwise.clinics.models import Membership

    client = alert.client
    people = {
        m.user.email
        for m in Membership.objects.filter(clinic=client.clinic, is_active=True).select_related(
            "user"
        )
        if m.is_admin
    }
    if client.primary_therapist is not None:
        people.add(client.primary_therapist.email)
    if not people:
        return
    when = "now" if alert.urgency == "emergency" else "today"
    send_mail(
        subject=f"Stretchwise: an intake answer at {client.clinic.name} needs attention {when}",
        message=(
            f"A client's answer in the health questions at {client.clinic.name} needs a doctor "
            f"{when}. The client has been told what to do. Please sign in to Stretchwise, open "
            "today's page and contact the client.\n\nThis e-mail holds no health details."
        ),
        from_email=None,
        recipient_list=sorted(people),
        fail_silently=True,
    )

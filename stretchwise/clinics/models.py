from __future__ import annotations

import uuid
import zoneinfo
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

if TYPE_CHECKING:
    from stretchwise.accounts.models import User


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            "%(value)s is not a time zone we know. Choose one from the list, e.g. Europe/London.",
            params={"value": value},
        )


class Organisation(models.Model):
    """The tenant: one clinic, or a chain of them. Nothing crosses from one to another."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Units(models.TextChoices):
    METRIC = "metric", "Metric (cm, kg)"
    IMPERIAL = "imperial", "Imperial (in, lb)"


class DoctorTerm(models.TextChoices):
    GP = "gp", "GP"
    FAMILY_PHYSICIAN = "family_physician", "Family physician"
    PRIMARY_CARE_PHYSICIAN = "primary_care_physician", "Primary care physician"


class TherapistVisibility(models.TextChoices):
    ALL = "all", "Every client of the clinic"
    ASSIGNED = "assigned", "Only clients they are assigned to (primary or cover)"


class Clinic(models.Model):
    """A branch of an organisation, where therapists treat clients."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="clinics")
    name = models.CharField(max_length=150)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    units = models.CharField(
        max_length=10,
        choices=Units.choices,
        default=Units.METRIC,
        help_text="How measurements are shown. They are always stored in metric units.",
    )
    doctor_term = models.CharField(
        "word for the family doctor",
        max_length=32,
        choices=DoctorTerm.choices,
        default=DoctorTerm.GP,
    )
    therapist_visibility = models.CharField(
        "therapists see",
        max_length=10,
        choices=TherapistVisibility.choices,
        default=TherapistVisibility.ALL,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def doctor_word(self) -> str:
        """The clinic's own word for the family doctor, as used in forms and letters."""
        return DoctorTerm(self.doctor_term).label

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def today(self) -> date:
        """Today where the clinic is, which is where ages and dates are judged."""
        return timezone.now().astimezone(self.tz).date()


class Role(models.TextChoices):
    ADMIN = "admin", "Clinic admin"
    THERAPIST = "therapist", "Therapist"


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(is_active=True, user__is_active=True)

    def treating(self) -> MembershipQuerySet:
        """Memberships of people who treat clients: therapists, and admins who also treat."""
        return self.active().filter(treats_clients=True)


class Membership(models.Model):
    """A person's role at one clinic. An owner is an admin who may also treat."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.THERAPIST)
    treats_clients = models.BooleanField(
        default=True, help_text="Can be a client's primary or cover therapist."
    )
    is_active = models.BooleanField(default=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "clinic"], name="one_membership_per_clinic")
        ]
        ordering = ["user__full_name"]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.clinic}"

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def sees_every_client(self) -> bool:
        return self.is_admin or self.clinic.therapist_visibility == TherapistVisibility.ALL


def memberships_of(user: User) -> MembershipQuerySet:
    # Ordered, so that someone at several clinics always starts at the same one (the first by name).
    return (
        Membership.objects.active()
        .filter(user=user)
        .select_related("clinic__organisation")
        .order_by("clinic__name", "clinic_id")
    )

from __future__ import annotations

import uuid
from datetime import date
from functools import cache, reduce
from operator import and_
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Replace
from django.urls import reverse
from django.utils import timezone

from stretchwise.clients.ages import age_on, is_minor
from stretchwise.clients.consent_texts import ConsentText, consent_text

if TYPE_CHECKING:
    from stretchwise.accounts.models import User
    from stretchwise.clinics.models import Membership


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    INTERSEX = "intersex", "Intersex"
    NOT_RECORDED = "not_recorded", "Not recorded"


class ClientQuerySet(models.QuerySet["Client"]):
    def active(self) -> ClientQuerySet:
        return self.filter(archived_at__isnull=True)

    def archived(self) -> ClientQuerySet:
        return self.filter(archived_at__isnull=False)

    def visible_to(self, membership: Membership | None) -> ClientQuerySet:
        """The one rule for which clients a clinic member may see.

        Admins, and therapists at clinics that share every client, see the whole clinic; otherwise a
        therapist sees only the clients they are primary or cover therapist for.
        """
        if membership is None:
            return self.none()
        in_clinic = self.filter(clinic_id=membership.clinic_id)
        if membership.sees_every_client:
            return in_clinic
        assigned = Client.cover_therapists.through.objects.filter(user_id=membership.user_id)
        return in_clinic.filter(
            Q(primary_therapist_id=membership.user_id) | Q(pk__in=assigned.values("client_id"))
        )

    def linked_to(self, user: User) -> ClientQuerySet:
        """The records a client login may see: their own, and those of anyone in their care."""
        return self.filter(links__user=user, links__revoked_at__isnull=True)

    def search(self, query: str) -> ClientQuerySet:
        """Every word must match a name, the e-mail address or the phone number."""
        words = query.split()
        if not words:
            return self
        clients = self
        if any(sum(ch.isdigit() for ch in w) >= 3 for w in words):
            # Phone numbers are typed with and without spaces; compare their digits.
            digits_only: Any = F("phone")
            for separator in (" ", "-", "(", ")", ".", "+"):
                digits_only = Replace(digits_only, Value(separator), Value(""))
            clients = clients.annotate(phone_digits=digits_only)

        def matches(word: str) -> Q:
            match = (
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(preferred_name__icontains=word)
                | Q(email__icontains=word)
                | Q(phone__icontains=word)
            )
            digits = "".join(ch for ch in word if ch.isdigit())
            if len(digits) >= 3:
                match |= Q(phone_digits__contains=digits)
            return match

        return clients.filter(reduce(and_, (matches(w) for w in words)))


@cache
def client_list_url() -> str:
    return reverse("clients:list")


class Client(models.Model):
    """A person the clinic treats. Archived, never deleted (an erasure request is separate)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="clients")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=16, choices=Sex.choices, default=Sex.NOT_RECORDED)
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField(max_length=32, blank=True)
    address = models.TextField(blank=True)

    emergency_contact_name = models.CharField("name", max_length=150, blank=True)
    emergency_contact_relationship = models.CharField("relationship", max_length=60, blank=True)
    emergency_contact_phone = models.CharField("phone", max_length=32, blank=True)

    doctor_name = models.CharField("name", max_length=150, blank=True)
    doctor_practice = models.CharField("practice", max_length=150, blank=True)
    doctor_address = models.TextField("address", blank=True)
    doctor_phone = models.CharField("phone", max_length=32, blank=True)
    doctor_email = models.EmailField("e-mail", blank=True)

    guardian_name = models.CharField("name", max_length=150, blank=True)
    guardian_relationship = models.CharField("relationship", max_length=60, blank=True)
    guardian_phone = models.CharField("phone", max_length=32, blank=True)
    guardian_email = models.EmailField("e-mail", blank=True)

    notes = models.TextField(blank=True)

    primary_therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="primary_clients",
    )
    cover_therapists = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="covered_clients"
    )

    archived_at = models.DateTimeField(null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(
                fields=["clinic", "archived_at", "last_name", "first_name"],
                name="client_clinic_list",
            ),
            models.Index(fields=["primary_therapist", "archived_at"], name="client_primary"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        # Lists link 25 clients a page; one reverse() for the prefix instead of one per row.
        return f"{client_list_url()}{self.pk}/"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def display_name(self) -> str:
        """The name to greet them by, with the legal name for the record."""
        if self.preferred_name and self.preferred_name != self.first_name:
            return f"{self.preferred_name} ({self.full_name})"
        return self.full_name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def age_on(self, day: date) -> int:
        return age_on(self.date_of_birth, day)

    def is_minor_on(self, day: date) -> bool:
        return is_minor(self.date_of_birth, day, settings.AGE_OF_MAJORITY)

    def today(self) -> date:
        return self.clinic.today()

    @property
    def age(self) -> int:
        return self.age_on(self.today())

    @property
    def is_minor(self) -> bool:
        return self.is_minor_on(self.today())


class LinkRelationship(models.TextChoices):
    SELF = "self", "Their own record"
    GUARDIAN = "guardian", "Parent or guardian"


class ClientLink(models.Model):
    """Lets a client login see a client record: their own, or a child's they are guardian of."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_links"
    )
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="links")
    relationship = models.CharField(max_length=10, choices=LinkRelationship.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "client"], name="one_link_per_login_and_client")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.client} ({self.get_relationship_display()})"


class ConsentKind(models.TextChoices):
    TREATMENT = "treatment", "Assisted stretch therapy"
    SENSITIVE_CONTACT = "sensitive_contact", "Hands-on contact near sensitive areas"
    DATA_PROCESSING = "data_processing", "Keeping and using health information"


class ConsentMethod(models.TextChoices):
    SIGNED_ON_TABLET = "signed_on_tablet", "On the clinic's tablet"
    PAPER = "paper", "Signed paper form"
    CLIENT_PORTAL = "client_portal", "Through their own login"
    VERBAL = "verbal", "Spoken, with the therapist as witness"


class GivenBy(models.TextChoices):
    CLIENT = "client", "The client"
    GUARDIAN = "guardian", "Parent or guardian"


class ConsentQuerySet(models.QuerySet["Consent"]):
    def in_force(self) -> ConsentQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class Consent(models.Model):
    """One consent, as given. Never edited: a withdrawal is recorded on it once, beside it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="consents")
    kind = models.CharField(max_length=20, choices=ConsentKind.choices)
    text_version = models.PositiveSmallIntegerField()
    text_sha256 = models.CharField(max_length=64)
    given_by = models.CharField(max_length=10, choices=GivenBy.choices, default=GivenBy.CLIENT)
    given_by_name = models.CharField(max_length=150)
    method = models.CharField(max_length=20, choices=ConsentMethod.choices)
    given_on = models.DateField()
    chaperone_offered = models.BooleanField(default=False)
    chaperone_wanted = models.BooleanField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=300, blank=True)
    withdrawal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at"]
        indexes = [models.Index(fields=["client", "kind", "withdrawn_at"], name="consent_lookup")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (v{self.text_version})"

    @property
    def text(self) -> ConsentText:
        return consent_text(self.kind, self.text_version)

    @property
    def is_in_force(self) -> bool:
        return self.withdrawn_at is None


def add_client(client: Client, membership: Membership, by: User) -> Client:
    """Save a new client at the member's clinic. The web form and the API both come here."""
    client.clinic = membership.clinic
    client.created_by = by
    client.save()
    if not membership.sees_every_client and client.primary_therapist_id != by.pk:
        # Someone who sees only their own clients keeps sight of the one they add.
        client.cover_therapists.add(by)
    return client


def link_login(client: Client, user: User, relationship: str, by: User) -> ClientLink:
    link, created = ClientLink.objects.get_or_create(
        user=user,
        client=client,
        defaults={"relationship": relationship, "created_by": by},
    )
    if not created and link.revoked_at is not None:
        link.revoked_at = None
        link.revoked_by = None
        link.relationship = relationship
        link.save(update_fields=["revoked_at", "revoked_by", "relationship"])
    return link


def revoke_link(link: ClientLink, by: User) -> None:
    """The login can no longer see the record; the link stays on file, marked revoked."""
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.revoked_by = by
        link.save(update_fields=["revoked_at", "revoked_by"])


def archive_client(client: Client, by: User) -> None:
    """Hide a client from lists. Nothing is deleted; restoring brings everything back."""
    if client.archived_at is not None:
        return  # the first archiving, and who did it, stands
    client.archived_at = timezone.now()
    client.archived_by = by
    client.save(update_fields=["archived_at", "archived_by", "updated_at"])


def restore_client(client: Client) -> None:
    client.archived_at = None
    client.archived_by = None
    client.save(update_fields=["archived_at", "archived_by", "updated_at"])


def record_consent(
    client: Client,
    *,
    kind: str,
    given_by: str,
    given_by_name: str,
    method: str,
    given_on: date,
    by: User,
    chaperone_offered: bool = False,
    chaperone_wanted: bool | None = None,
) -> Consent:
    """Record consent to the current text of `kind`, keeping its version and fingerprint."""
    text = consent_text(kind)
    return Consent.objects.create(
        client=client,
        kind=kind,
        text_version=text.version,
        text_sha256=text.sha256,
        given_by=given_by,
        given_by_name=given_by_name,
        method=method,
        given_on=given_on,
        chaperone_offered=chaperone_offered,
        chaperone_wanted=chaperone_wanted,
        recorded_by=by,
    )


def withdraw_consent(consent: Consent, by: User, reason: str) -> None:
    if consent.withdrawn_at is not None:
        return  # withdrawn once, and that record stands
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_reason = reason
    consent.withdrawal_recorded_by = by
    consent.save(update_fields=["withdrawn_at", "withdrawn_reason", "withdrawal_recorded_by"])


def consents_in_force(client: Client) -> dict[str, Consent]:
    """The newest consent in force for each kind the client has agreed to."""
    current: dict[str, Consent] = {}
    for consent in client.consents.in_force().order_by("recorded_at"):
        current[consent.kind] = consent
    return current

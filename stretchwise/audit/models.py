from __future__ import annotations

from typing import Any

from django.db import models

from stretchwise.audit.chain import LinkContent, StoredLink


class AppendOnlyError(Exception):
    pass


class Action(models.TextChoices):
    VIEW = "view", "Viewed"
    LIST = "list", "Listed"
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    ARCHIVE = "archive", "Archived"
    RESTORE = "restore", "Restored"
    EXPORT = "export", "Exported"


class ChainHead(models.Model):
    """The newest entry of one clinic's chain. Locking this row serialises writers per clinic,
    so clinics never wait on each other."""

    clinic = models.OneToOneField("clinics.Clinic", on_delete=models.PROTECT, primary_key=True)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.clinic_id} at {self.seq}"


class AccessEntry(models.Model):
    """One request that showed or changed client data: ids and metadata only, no personal data,
    so erasing a client never breaks the chain."""

    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    seq = models.PositiveBigIntegerField()
    at = models.DateTimeField()
    # A plain id, not a foreign key: erasing a person later must never be blocked by the log.
    actor_id = models.UUIDField(null=True, blank=True)
    token_id = models.UUIDField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    method = models.CharField(max_length=8)
    route = models.CharField(max_length=100)
    action = models.CharField(max_length=10, choices=Action.choices)
    status = models.PositiveSmallIntegerField()
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clinic", "seq"], name="one_entry_per_clinic_seq")
        ]
        indexes = [
            models.Index(fields=["clinic", "-at"], name="access_clinic_at"),
            models.Index(fields=["actor_id", "-at"], name="access_actor_at"),
        ]
        ordering = ["-at", "-seq"]
        verbose_name_plural = "access entries"

    def __str__(self) -> str:
        return f"{self.clinic_id}#{self.seq} {self.action} {self.route}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Access log entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Access log entries are never deleted.")

    def link(self, records: list[tuple[str, str]]) -> StoredLink:
        return StoredLink(
            content=LinkContent(
                clinic_id=str(self.clinic_id),
                seq=self.seq,
                at=self.at.isoformat(),
                actor_id=str(self.actor_id or ""),
                token_id=str(self.token_id or ""),
                ip_address=self.ip_address or "",
                method=self.method,
                route=self.route,
                action=self.action,
                status=self.status,
                records=tuple(sorted(records)),
            ),
            previous_hash=self.previous_hash,
            hash=self.hash,
        )


class AccessedRecord(models.Model):
    """A record an entry showed or changed, by kind and id, so the log can be filtered by client."""

    entry = models.ForeignKey(AccessEntry, on_delete=models.PROTECT, related_name="records")
    kind = models.CharField(max_length=20)
    record_id = models.UUIDField()

    class Meta:
        indexes = [models.Index(fields=["record_id"], name="accessed_record")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.record_id}"

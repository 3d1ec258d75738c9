"""Writing the access log: views name what they showed or changed, the middleware writes it.

Access helpers call `note_access` for every client record they hand to a view, so a page cannot
show a client without it being on the record. One entry per request and clinic touched.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from stretchwise.audit.chain import GENESIS, LinkContent, entry_hash
from stretchwise.audit.models import AccessedRecord, AccessEntry, Action, ChainHead

NOTE_ATTR = "_access_note"


@dataclass
class AccessNote:
    action: str | None = None
    records: dict[uuid.UUID, set[tuple[str, str]]] = field(default_factory=lambda: defaultdict(set))


def _note(request: HttpRequest) -> AccessNote:
    note: AccessNote | None = getattr(request, NOTE_ATTR, None)
    if note is None:
        note = AccessNote()
        setattr(request, NOTE_ATTR, note)
    return note


def note_access(
    request: HttpRequest,
    kind: str,
    clinic_id: uuid.UUID,
    ids: Iterable[uuid.UUID],
    action: str | None = None,
) -> None:
    """Record that this request showed or changed these records of one clinic."""
    note = _note(request)
    note.records[clinic_id].update((kind, str(i)) for i in ids)
    if action is not None:
        note.action = action


def note_action(request: HttpRequest, action: str) -> None:
    _note(request).action = action


def chain_key() -> bytes:
    return settings.AUDIT_CHAIN_KEY.encode()


def client_address(request: HttpRequest) -> str | None:
    """Where the request came from. Behind TRUSTED_PROXIES proxies, the address the nearest
    untrusted hop gave; a forged X-Forwarded-For entry further left is never believed."""
    hops: int = settings.TRUSTED_PROXIES
    if hops:
        header: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [a.strip() for a in header.split(",") if a.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    address: str | None = request.META.get("REMOTE_ADDR")
    return address


def default_action(request: HttpRequest) -> str:
    return Action.VIEW if request.method in ("GET", "HEAD") else Action.UPDATE


def route_of(request: HttpRequest) -> str:
    match = request.resolver_match
    return (match.view_name if match else request.path)[:100]


def write_entries(request: HttpRequest, status: int) -> None:
    note: AccessNote | None = getattr(request, NOTE_ATTR, None)
    if note is None or not note.records:
        return
    user = getattr(request, "user", None)
    token = getattr(request, "api_token", None)
    for clinic_id, records in note.records.items():
        if records:
            append_entry(
                clinic_id=clinic_id,
                actor_id=user.pk if user is not None and user.is_authenticated else None,
                token_id=token.pk if token is not None else None,
                ip_address=client_address(request),
                method=request.method or "GET",
                route=route_of(request),
                action=note.action or default_action(request),
                status=status,
                records=sorted(records),
            )


def append_entry(
    *,
    clinic_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    token_id: uuid.UUID | None,
    ip_address: str | None,
    method: str,
    route: str,
    action: str,
    status: int,
    records: list[tuple[str, str]],
) -> AccessEntry:
    for _attempt in range(3):
        try:
            with transaction.atomic():
                head = _locked_head(clinic_id)
                entry = AccessEntry(
                    clinic_id=clinic_id,
                    seq=head.seq + 1,
                    at=timezone.now(),
                    actor_id=actor_id,
                    token_id=token_id,
                    ip_address=ip_address,
                    method=method,
                    route=route,
                    action=action,
                    status=status,
                    previous_hash=head.hash,
                )
                entry.hash = entry_hash(entry.link(records).content, head.hash, chain_key())
                entry.save()
                _insert_records(entry.pk, records)
                head.seq, head.hash = entry.seq, entry.hash
                head.save(update_fields=["seq", "hash"])
                return entry
        except IntegrityError:
            continue  # two first entries of a clinic raced to create its head; try again
    raise RuntimeError(f"could not append to the access log of clinic {clinic_id}")


def _insert_records(entry_id: int, records: list[tuple[str, str]]) -> None:
    """One INSERT for all of a request's records, without a model instance for each: every list
    page writes 25 of them, and the log write is that page's largest measured cost."""
    if not records:
        return
    field = AccessedRecord._meta.get_field("record_id")
    rows = [
        (entry_id, kind, field.get_db_prep_value(uuid.UUID(record_id), connection))
        for kind, record_id in records
    ]
    table = connection.ops.quote_name(AccessedRecord._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (entry_id, kind, record_id) VALUES (%s, %s, %s)", rows
        )


def _locked_head(clinic_id: uuid.UUID) -> ChainHead:
    head = ChainHead.objects.select_for_update().filter(clinic_id=clinic_id).first()
    if head is None:
        head = ChainHead.objects.create(clinic_id=clinic_id, seq=0, hash=GENESIS)
    return head


def access_log(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Middleware: after the view has answered, put what it showed or changed on the record."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        # Whatever a view noted it has shown or changed, whatever the status: a form sent back
        # with errors still shows the record, and every use of an API token is on the record.
        write_entries(request, response.status_code)
        return response

    return middleware


__all__ = ["LinkContent", "access_log", "append_entry", "note_access", "note_action"]

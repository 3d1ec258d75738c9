"""Check the access-log chains, clinic by clinic."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from stretchwise.audit.chain import BrokenLink, StoredLink, first_broken_link
from stretchwise.audit.log import chain_key
from stretchwise.audit.models import AccessedRecord, AccessEntry, ChainHead

BATCH = 2000


@dataclass(frozen=True)
class ChainReport:
    clinic_id: uuid.UUID
    entries: int
    broken: BrokenLink | None
    head_hash: str = ""


def links_of(clinic_id: uuid.UUID) -> Iterator[StoredLink]:
    last_seq = 0
    while True:
        batch = list(
            AccessEntry.objects.filter(clinic_id=clinic_id, seq__gt=last_seq).order_by("seq")[
                :BATCH
            ]
        )
        if not batch:
            return
        records: dict[int, list[tuple[str, str]]] = {e.pk: [] for e in batch}
        for entry_id, kind, record_id in AccessedRecord.objects.filter(
            entry_id__in=records
        ).values_list("entry_id", "kind", "record_id"):
            records[entry_id].append((kind, str(record_id)))
        for entry in batch:
            yield entry.link(records[entry.pk])
        last_seq = batch[-1].seq


def verify_clinic(clinic_id: uuid.UUID) -> ChainReport:
    count = 0

    def counted() -> Iterator[StoredLink]:
        nonlocal count
        for link in links_of(clinic_id):
            count += 1
            yield link

    broken = first_broken_link(counted(), chain_key())
    head = ChainHead.objects.filter(clinic_id=clinic_id).first()
    if broken is None and head is not None and head.seq != count:
        broken = BrokenLink(count + 1, f"the chain ends at {count} but its head says {head.seq}")
    return ChainReport(
        clinic_id=clinic_id, entries=count, broken=broken, head_hash=head.hash if head else ""
    )

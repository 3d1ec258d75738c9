"""The hash chain of the access log. Pure: plain values in, hex digests out.

Each entry's hash covers its own content and the hash of the entry before it in the same clinic, so
changing, removing or reordering any entry breaks every link after it. With a key (kept outside
the database), the hash is an HMAC: someone who can write to the database but lacks the key cannot
recompute the chain after an edit.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass

GENESIS = "0" * 64


@dataclass(frozen=True)
class LinkContent:
    clinic_id: str
    seq: int
    at: str  # ISO 8601 in UTC, microseconds included
    actor_id: str
    token_id: str
    ip_address: str
    method: str
    route: str
    action: str
    status: int
    records: tuple[tuple[str, str], ...]  # (kind, id), sorted


def entry_hash(content: LinkContent, previous_hash: str, key: bytes = b"") -> str:
    payload = json.dumps(
        {
            "clinic": content.clinic_id,
            "seq": content.seq,
            "at": content.at,
            "actor": content.actor_id,
            "token": content.token_id,
            "ip": content.ip_address,
            "method": content.method,
            "route": content.route,
            "action": content.action,
            "status": content.status,
            "records": [list(r) for r in content.records],
            "previous": previous_hash,
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    if key:
        return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class StoredLink:
    content: LinkContent
    previous_hash: str
    hash: str


@dataclass(frozen=True)
class BrokenLink:
    seq: int
    reason: str


def first_broken_link(links: Iterable[StoredLink], key: bytes = b"") -> BrokenLink | None:
    """Walk one clinic's chain in order; the first entry that does not fit, and why."""
    expected_previous = GENESIS
    expected_seq = 1
    for link in links:
        seq = link.content.seq
        if seq != expected_seq:
            return BrokenLink(expected_seq, f"entry {expected_seq} is missing (found {seq} next)")
        if link.previous_hash != expected_previous:
            return BrokenLink(seq, "it does not point at the entry before it")
        if entry_hash(link.content, link.previous_hash, key) != link.hash:
            return BrokenLink(seq, "its content was changed after it was written")
        expected_previous = link.hash
        expected_seq += 1
    return None

"""When repeated failed sign-ins lock an address. Pure: no Django, no clock of its own."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class SignInLock:
    locked: bool
    retry_after: timedelta = timedelta(0)

    @property
    def minutes_left(self) -> int:
        return max(1, math.ceil(self.retry_after.total_seconds() / 60))


def sign_in_lock(
    failures: Iterable[datetime], now: datetime, max_failures: int, window: timedelta
) -> SignInLock:
    """Lock once `max_failures` failures fall within `window`; the lock lifts `window` after
    the oldest of the failures that caused it, so a patient person is never locked forever."""
    recent = sorted(at for at in failures if now - at < window)
    if len(recent) < max_failures:
        return SignInLock(locked=False)
    oldest_counted = recent[-max_failures]
    return SignInLock(locked=True, retry_after=oldest_counted + window - now)

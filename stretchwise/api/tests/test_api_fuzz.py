"""Schemathesis throws generated requests at every API operation: none may answer 5xx.

Runs in the PostgreSQL pass as well, which is where NUL bytes, lone surrogates and other text the
database refuses would surface as server errors.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from stretchwise.accounts.tokens import create_token
from stretchwise.clinics.models import Membership
from stretchwise.wsgi import application
from tests.cast import Cast

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
EXAMPLES = 40 if os.environ.get("CI", "").lower() == "true" else 15


@pytest.fixture
def token(cast: Cast) -> Iterator[str]:
    """A token, and requests that keep the test's database connection (and transaction) open,
    as Django's own test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    membership = Membership.objects.get(user=cast.therapist, clinic=cast.clinic)
    yield create_token(cast.therapist, membership, "fuzz")[1]
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_generated_request_makes_the_api_fail(case: schemathesis.Case[Any], token: str) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error]
    )

"""Test set-up shared by every test: a fast hasher, plain static files, CI rules for skips."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from django.test import Client as WebClient
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from stretchwise.clinics.models import TherapistVisibility
from tests.cast import Cast, make_cast, user_for

# Playwright's sync API runs an event loop in the test thread, which Django's ORM guards against.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = os.environ.get("CI", "").lower() == "true"

hypothesis_settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.register_profile("dev", max_examples=50, deadline=None)
hypothesis_settings.load_profile("ci" if IN_CI else "dev")


@pytest.fixture(autouse=True)
def _fast_and_plain(settings: pytest.FixtureRequest) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
    # Hashed static names 404 under the live server; tests use the files as they are.
    settings.STORAGES = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # type: ignore[attr-defined]


@pytest.fixture
def cast(db: None) -> Cast:
    """The named cast: an admin, a therapist, a colleague, an outsider, a client and more."""
    return make_cast()


@pytest.fixture
def signed_in() -> Callable[[object], WebClient]:
    """A web client signed in as the given person."""

    def sign_in(user: object) -> WebClient:
        web = WebClient()
        web.force_login(user)  # type: ignore[arg-type]
        return web

    return sign_in


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI a skipped test is a failure: PostgreSQL and browser tests must really run."""
    if not IN_CI or hasattr(session.config, "workerinput"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(  # type: ignore[union-attr]
            f"CI=true: {len(skipped)} test(s) were skipped; in CI every test must run.", red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def as_role(cast: Cast, signed_in: Callable[[object], WebClient]) -> Callable[[str], WebClient]:
    """A web client for a role of tests.cast.ROLES, from the admin to someone not signed in."""

    def web_for(role: str) -> WebClient:
        if role == "assigned_only_colleague":
            cast.clinic.therapist_visibility = TherapistVisibility.ASSIGNED
            cast.clinic.save(update_fields=["therapist_visibility"])
        user = user_for(cast, role)
        return WebClient() if user is None else signed_in(user)

    return web_for

"""Every URL and API operation, for every role: exactly the access it should have, never the data.

The matrix is checked against the URL configuration itself, so a new view or endpoint fails this
test until someone states who may use it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client as WebClient
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from stretchwise.accounts.tokens import create_token
from stretchwise.audit.models import AccessedRecord
from stretchwise.clients.models import record_consent
from stretchwise.clinics.models import Membership, TherapistVisibility
from stretchwise.visits.models import Visit
from tests.cast import Cast

ROLES = ("admin", "therapist", "colleague", "branch", "outsider", "client", "anonymous")
MEMBERS = {"admin", "therapist", "colleague", "branch", "outsider"}
# In this matrix Riverside lets therapists see only their own clients, so Cora cannot see Pia.
SEES_PIA = {"admin", "therapist", "client"}
PIA_PHONE = b"900111"

Kwargs = Callable[[Cast, dict[str, object]], dict[str, object]]


def none(cast: Cast, extra: dict[str, object]) -> dict[str, object]:
    return {}


def pia(cast: Cast, extra: dict[str, object]) -> dict[str, object]:
    return {"client_id": cast.pia.pk}


@dataclass(frozen=True)
class Rule:
    method: str
    allowed: frozenset[str]
    kwargs: Kwargs = none


def rule(method: str, allowed: set[str] | str, kwargs: Kwargs = none) -> Rule:
    roles = set(ROLES) if allowed == "everyone" else allowed
    assert isinstance(roles, set)
    return Rule(method, frozenset(roles), kwargs)


PIA_TEAM = {"admin", "therapist"}
PUBLIC = "everyone"

MATRIX: dict[str, list[Rule]] = {
    "accounts:sign-in": [rule("GET", PUBLIC)],
    "accounts:sign-out": [rule("POST", PUBLIC)],
    "accounts:password-reset": [rule("GET", PUBLIC)],
    "accounts:password-reset-sent": [rule("GET", PUBLIC)],
    "accounts:choose-password": [
        rule("GET", PUBLIC, lambda c, e: {"uidb64": "x", "token": "set-password"})
    ],
    "accounts:password-chosen": [rule("GET", PUBLIC)],
    "accounts:tokens": [rule("GET", MEMBERS)],
    "accounts:token-revoke": [
        rule("POST", {"admin"}, lambda c, e: {"token_id": e["admin_token_id"]})
    ],
    "clinics:dashboard": [rule("GET", MEMBERS)],
    "clinics:team": [rule("GET", MEMBERS)],
    "clinics:invite": [rule("GET", {"admin", "outsider"}), rule("POST", {"admin", "outsider"})],
    "clinics:membership": [
        rule("GET", {"admin"}, lambda c, e: {"membership_id": e["colleague_membership_id"]})
    ],
    "clinics:settings": [rule("GET", {"admin", "outsider"})],
    "clinics:add-branch": [rule("GET", {"admin", "outsider"}), rule("POST", {"admin", "outsider"})],
    "clinics:switch": [rule("POST", MEMBERS)],
    "clients:list": [rule("GET", MEMBERS)],
    "clients:create": [rule("GET", MEMBERS), rule("POST", MEMBERS)],
    "clients:detail": [rule("GET", PIA_TEAM, pia)],
    "clients:edit": [rule("GET", PIA_TEAM, pia), rule("POST", PIA_TEAM, pia)],
    "clients:archive": [rule("POST", PIA_TEAM, pia)],
    "clients:restore": [rule("POST", PIA_TEAM, pia)],
    "clients:care-team": [rule("GET", PIA_TEAM, pia)],
    "clients:portal-access": [rule("GET", PIA_TEAM, pia)],
    "clients:consent-new": [
        rule("GET", PIA_TEAM, lambda c, e: {"client_id": c.pia.pk, "kind": "treatment"})
    ],
    "clients:consent-withdraw": [
        rule(
            "GET",
            PIA_TEAM,
            lambda c, e: {"client_id": c.pia.pk, "consent_id": e["consent_id"]},
        )
    ],
    "clients:portal": [rule("GET", {"client", *MEMBERS})],
    "clients:portal-record": [rule("GET", {"client"}, pia)],
    "visits:book": [rule("POST", PIA_TEAM, pia)],
    "visits:status": [rule("POST", PIA_TEAM, lambda c, e: {"visit_id": e["visit_id"]})],
    "audit:log": [rule("GET", {"admin", "outsider"})],
    "audit:csv": [rule("GET", {"admin", "outsider"})],
    "api:api-root": [],
    "api:openapi-json": [rule("GET", PUBLIC)],
    "api:openapi-view": [rule("GET", PUBLIC)],
    "api:clients": [rule("GET", MEMBERS), rule("POST", MEMBERS)],
    "api:client": [rule("GET", PIA_TEAM, pia), rule("PATCH", PIA_TEAM, pia)],
    "api:client-archive": [rule("POST", PIA_TEAM, pia)],
    "api:client-restore": [rule("POST", PIA_TEAM, pia)],
}


def route_names(resolver: URLResolver | None = None, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= route_names(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(prefix + entry.name)
    return names


def test_every_url_of_the_app_is_in_the_access_matrix() -> None:
    missing = route_names() - set(MATRIX)
    assert not missing, f"state who may use these in MATRIX: {sorted(missing)}"
    assert not set(MATRIX) - route_names(), "the matrix names routes that no longer exist"


CASES = [(name, r, role) for name, rules in MATRIX.items() for r in rules for role in ROLES]


def user_for(cast: Cast, role: str) -> object:
    return {
        "admin": cast.admin,
        "therapist": cast.therapist,
        "colleague": cast.colleague,
        "branch": cast.branch_therapist,
        "outsider": cast.outsider,
        "client": cast.client_login,
        "anonymous": None,
    }[role]


def is_denied(status: int, location: str) -> bool:
    if status in (401, 403, 404):
        return True
    redirected_away = location.startswith(reverse("accounts:sign-in")) or location.startswith(
        reverse("clients:portal")
    )
    return status == 302 and redirected_away


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "the_rule", "role"), CASES, ids=lambda v: getattr(v, "method", v))
def test_each_role_gets_exactly_the_access_it_should(
    cast: Cast, name: str, the_rule: Rule, role: str
) -> None:
    cast.clinic.therapist_visibility = TherapistVisibility.ASSIGNED
    cast.clinic.save()
    admin_membership = Membership.objects.get(user=cast.admin, clinic=cast.clinic)
    extra: dict[str, object] = {
        "consent_id": record_consent(
            cast.pia,
            kind="treatment",
            given_by="client",
            given_by_name="Pia Pearson",
            method="paper",
            given_on=cast.pia.today(),
            by=cast.therapist,
        ).pk,
        "visit_id": Visit.objects.create(
            client=cast.pia, therapist=cast.therapist, starts_at=cast.pia.created_at
        ).pk,
        "colleague_membership_id": Membership.objects.get(user=cast.colleague).pk,
        "admin_token_id": create_token(cast.admin, admin_membership, "script")[0].pk,
    }
    web = WebClient()
    user = user_for(cast, role)
    if user is not None:
        web.force_login(user)  # type: ignore[arg-type]
    url = reverse(name, kwargs=the_rule.kwargs(cast, extra))
    before = set(AccessedRecord.objects.values_list("pk", flat=True))
    response = web.generic(
        the_rule.method,
        url,
        data=json.dumps({}) if name.startswith("api:") else "",
        content_type="application/json"
        if name.startswith("api:")
        else "application/x-www-form-urlencoded",
    )
    body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    denied = is_denied(response.status_code, response.get("Location", ""))
    if the_rule.allowed == frozenset(ROLES):
        assert response.status_code < 400, f"{url} is public but answered {response.status_code}"
    elif role in the_rule.allowed:
        assert not denied, (
            f"{role} should be able to {the_rule.method} {url}: {response.status_code}"
        )
    else:
        assert denied, f"{role} must not {the_rule.method} {url}: got {response.status_code}"
    if role not in SEES_PIA:
        assert b"Pearson" not in body, f"{role} saw Pia's data at {url}"
    # Pia's phone number appears only where her record is shown: such a page must be on the log.
    if PIA_PHONE in body and response.status_code == 200:
        new = AccessedRecord.objects.exclude(pk__in=before)
        shown = set(new.values_list("record_id", flat=True))
        assert shown & {cast.pia.pk, cast.kit.pk}, f"{url} showed Pia's family but logged nothing"

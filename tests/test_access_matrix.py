"""Every URL and API operation, for every role: exactly the access it should have, never the data.

The matrix is checked against the URL configuration itself, so a new view or endpoint fails this
test until someone states who may use it.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.test import Client as WebClient
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from stretchwise.accounts.models import User
from stretchwise.accounts.tokens import create_token
from stretchwise.api.api import api
from stretchwise.audit.models import AccessedRecord
from stretchwise.clients.models import record_consent
from stretchwise.clinics.models import Membership, TherapistVisibility
from stretchwise.library.knowledge import knowledge_base
from stretchwise.screening.models import Alert, ClearanceRecord, IntakeLink, submit_intake
from stretchwise.visits.models import Visit
from tests.cast import Cast, fractured_wrist, user_for

ROLES = (
    "admin",
    "therapist",
    "cover",
    "colleague",
    "branch",
    "outsider",
    "client",
    "token",
    "anonymous",
)
MEMBERS = {"admin", "therapist", "cover", "colleague", "branch", "outsider"}
# In this matrix Riverside lets therapists see only their own clients: Cora sees Pia only in the
# "cover" role, where she covers for Theo. "token" is Theo through a personal API token.
SEES_PIA = {"admin", "therapist", "cover", "client", "token"}
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


PIA_TEAM = {"admin", "therapist", "cover"}  # may see and work with Pia's record
PIA_MANAGERS = {"admin", "therapist"}  # may archive, change her care team and logins
API_MEMBERS = {*MEMBERS, "token"}
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
    "accounts:tokens": [rule("GET", MEMBERS), rule("POST", MEMBERS)],
    "accounts:token-revoke": [
        rule("POST", {"admin"}, lambda c, e: {"token_id": e["admin_token_id"]})
    ],
    "clinics:dashboard": [rule("GET", MEMBERS)],
    "clinics:team": [rule("GET", MEMBERS)],
    "clinics:invite": [rule("GET", {"admin", "outsider"}), rule("POST", {"admin", "outsider"})],
    "clinics:membership": [
        rule("GET", {"admin"}, lambda c, e: {"membership_id": e["colleague_membership_id"]}),
        rule("POST", {"admin"}, lambda c, e: {"membership_id": e["colleague_membership_id"]}),
    ],
    "clinics:settings": [rule("GET", {"admin", "outsider"}), rule("POST", {"admin", "outsider"})],
    "clinics:add-branch": [rule("GET", {"admin", "outsider"}), rule("POST", {"admin", "outsider"})],
    "clinics:switch": [rule("POST", MEMBERS)],
    "clients:list": [rule("GET", MEMBERS)],
    "clients:create": [rule("GET", MEMBERS), rule("POST", MEMBERS)],
    "clients:detail": [rule("GET", PIA_TEAM, pia)],
    "clients:edit": [rule("GET", PIA_TEAM, pia), rule("POST", PIA_TEAM, pia)],
    "clients:archive": [rule("POST", PIA_MANAGERS, pia)],
    "clients:restore": [rule("POST", PIA_MANAGERS, pia)],
    "clients:care-team": [rule("GET", PIA_MANAGERS, pia), rule("POST", PIA_MANAGERS, pia)],
    "clients:portal-access": [rule("GET", PIA_MANAGERS, pia), rule("POST", PIA_MANAGERS, pia)],
    "clients:portal-revoke": [
        rule(
            "POST", PIA_MANAGERS, lambda c, e: {"client_id": c.pia.pk, "user_id": c.client_login.pk}
        )
    ],
    "clients:consent-new": [
        rule("GET", PIA_TEAM, lambda c, e: {"client_id": c.pia.pk, "kind": "treatment"}),
        rule("POST", PIA_TEAM, lambda c, e: {"client_id": c.pia.pk, "kind": "treatment"}),
    ],
    "clients:consent-withdraw": [
        rule("GET", PIA_TEAM, lambda c, e: {"client_id": c.pia.pk, "consent_id": e["consent_id"]}),
        rule("POST", PIA_TEAM, lambda c, e: {"client_id": c.pia.pk, "consent_id": e["consent_id"]}),
    ],
    "clients:portal": [rule("GET", {"client", *MEMBERS})],
    "clients:portal-record": [rule("GET", {"client"}, pia)],
    "visits:book": [rule("POST", PIA_TEAM, pia)],
    "visits:status": [rule("POST", PIA_TEAM, lambda c, e: {"visit_id": e["visit_id"]})],
    "audit:log": [rule("GET", {"admin", "outsider"})],
    "audit:csv": [rule("GET", {"admin", "outsider"})],
    "library:home": [rule("GET", PUBLIC)],
    "library:stretch": [rule("GET", PUBLIC, lambda c, e: {"slug": e["stretch"]})],
    "library:conditions": [rule("GET", PUBLIC)],
    "library:condition": [rule("GET", PUBLIC, lambda c, e: {"slug": "sciatica"})],
    "library:techniques": [rule("GET", PUBLIC)],
    "library:technique": [rule("GET", PUBLIC, lambda c, e: {"slug": "pnf-contract-relax"})],
    "library:contraindications": [rule("GET", PUBLIC)],
    "library:contraindication": [rule("GET", PUBLIC, lambda c, e: {"slug": e["finding"]})],
    "library:references": [rule("GET", PUBLIC)],
    "api:api-root": [],
    "api:list_stretches": [rule("GET", PUBLIC)],
    "api:get_stretch": [rule("GET", PUBLIC, lambda c, e: {"slug": e["stretch"]})],
    "api:list_conditions": [rule("GET", PUBLIC)],
    "api:get_condition": [rule("GET", PUBLIC, lambda c, e: {"slug": "sciatica"})],
    "api:list_techniques": [rule("GET", PUBLIC)],
    "api:get_technique": [rule("GET", PUBLIC, lambda c, e: {"slug": "static"})],
    "api:list_contraindications": [rule("GET", PUBLIC)],
    "api:get_contraindication": [rule("GET", PUBLIC, lambda c, e: {"slug": e["finding"]})],
    "api:list_references": [rule("GET", PUBLIC)],
    "api:get_reference": [rule("GET", PUBLIC, lambda c, e: {"slug": e["reference"]})],
    "api:openapi-json": [rule("GET", PUBLIC)],
    "api:openapi-view": [rule("GET", PUBLIC)],
    "api:clients": [rule("GET", API_MEMBERS), rule("POST", API_MEMBERS)],
    "api:client": [
        rule("GET", {*PIA_TEAM, "token"}, pia),
        rule("PATCH", {*PIA_TEAM, "token"}, pia),
    ],
    "api:client-archive": [rule("POST", {*PIA_MANAGERS, "token"}, pia)],
    "api:client-schema": [rule("GET", PUBLIC)],
    "api:screen": [rule("POST", API_MEMBERS)],
    "api:clearance": [rule("GET", {*PIA_TEAM, "token"}, pia)],
    "api:intakes": [
        rule("GET", {*PIA_TEAM, "token"}, pia),
        rule("POST", {*PIA_TEAM, "token"}, pia),
    ],
    "assessment:assessment": [rule("GET", PIA_TEAM, pia), rule("POST", PIA_TEAM, pia)],
    "screening:intake": [rule("GET", PIA_TEAM, pia), rule("POST", PIA_TEAM, pia)],
    "screening:intake-draft": [rule("POST", PIA_TEAM, pia)],
    "screening:clearance": [rule("GET", PIA_TEAM, pia)],
    "screening:issue-link": [rule("POST", PIA_TEAM, pia)],
    "screening:document": [rule("GET", PIA_TEAM, pia), rule("POST", PIA_TEAM, pia)],
    "screening:review": [rule("POST", PIA_TEAM, pia)],
    "screening:document-scan": [
        rule("GET", PIA_TEAM, lambda c, e: {"client_id": c.pia.pk, "record_id": e["scan_id"]})
    ],
    "screening:add-restriction": [rule("POST", PIA_TEAM, pia)],
    "screening:alert-ack": [
        rule("POST", PIA_TEAM, lambda c, e: {"client_id": c.pia.pk, "alert_id": e["alert_id"]})
    ],
    "screening:letter": [rule("GET", PIA_TEAM, pia)],
    "screening:link-intake": [
        rule("GET", PUBLIC, lambda c, e: {"token": e["intake_token"]}),
        rule("POST", PUBLIC, lambda c, e: {"token": e["intake_token"]}),
    ],
    "screening:link-draft": [rule("POST", PUBLIC, lambda c, e: {"token": e["intake_token"]})],
    "screening:portal-intake": [rule("GET", {"client"}, pia), rule("POST", {"client"}, pia)],
    "screening:portal-draft": [rule("POST", {"client"}, pia)],
    "api:client-restore": [rule("POST", {*PIA_MANAGERS, "token"}, pia)],
    "api:plan": [rule("POST", API_MEMBERS)],
    "api:client-plan": [rule("GET", {*PIA_TEAM, "token"}, pia)],
    "plans:plan": [rule("GET", PIA_TEAM, pia)],
    "plans:swap": [rule("POST", PIA_TEAM, pia)],
    "plans:dose": [rule("POST", PIA_TEAM, pia)],
    "plans:handout": [rule("GET", PIA_TEAM, pia)],
    "plans:portal-home": [rule("GET", {"client"}, pia)],
}


def scanned_document(cast: Cast) -> ClearanceRecord:
    """A surgeon's letter on file for Pia, with its scan (about something else than her wrist,
    so her fracture still needs the letter that screening:letter serves)."""
    record = ClearanceRecord(
        client=cast.pia,
        data={
            "id": "scan",
            "author": "Ms Surgeon",
            "role": "surgeon",
            "date": cast.pia.today().isoformat(),
            "covers": ["knee-replacement"],
        },
        recorded_by=cast.therapist,
    )
    record.attachment.save("letter.pdf", ContentFile(b"%PDF-1.4 scan"), save=False)
    record.save()
    return record


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


def person_for(cast: Cast, role: str) -> User | None:
    if role in ("cover", "token"):
        return cast.colleague if role == "cover" else None
    if role == "branch":
        return cast.branch_therapist
    if role == "client":
        return cast.client_login
    return user_for(cast, role)


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
        "stretch": next(iter(knowledge_base().stretches)),
        "finding": next(iter(knowledge_base().contraindications)),
        "reference": next(iter(knowledge_base().references)),
        "intake_token": IntakeLink.issue(cast.pia, cast.therapist, 14)[1],
        "alert_id": Alert.objects.create(client=cast.pia, findings=[], urgency="same_day").pk,
        "scan_id": scanned_document(cast).pk,
    }
    # Pia has an intake with a recent wrist fracture, so her clearance has a letter to write.
    submit_intake(cast.pia, fractured_wrist(cast.pia.today()), "therapist", cast.therapist)
    headers = {}
    if role == "cover":
        cast.pia.cover_therapists.add(cast.colleague)
    if role == "token":
        theo = Membership.objects.get(user=cast.therapist, clinic=cast.clinic)
        headers["Authorization"] = f"Bearer {create_token(cast.therapist, theo, 'matrix')[1]}"
    web = WebClient(headers=headers)
    user = person_for(cast, role)
    if user is not None:
        web.force_login(user)
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
        public_ok = response.status_code < 500 and response.status_code not in (401, 403, 404)
        assert public_ok, f"{url} is public but answered {response.status_code}"
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


def test_every_api_operation_and_method_is_in_the_access_matrix() -> None:
    """A new method on an existing API path must be stated in the matrix too."""
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        concrete = re.sub(r"\{client_id\}", str(uuid.uuid4()), path)
        concrete = re.sub(r"\{slug\}", "some-slug", concrete)
        name = resolve(concrete).view_name
        stated = {r.method for r in MATRIX.get(name, [])}
        for method in methods:
            assert method.upper() in stated, f"{method.upper()} {path} ({name}) is not in MATRIX"

"""Who may open or change a client record, page by page and role by role.

The right people get the page; everyone else gets 403 or 404 (or the sign-in page, or their own
portal) and never a word of the record, and nothing changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse

from stretchwise.clients.models import Client, ClientLink, Consent, ConsentKind, record_consent
from stretchwise.visits.models import Visit
from tests.cast import (
    ROLES,
    AsRole,
    Cast,
    client_form_data,
    client_form_data_of,
    consent_form_data,
    membership_of,
    page_text,
    visit_form_data,
)


@dataclass(frozen=True)
class Scene:
    """Pia's record with something on it: a consent and a booked visit."""

    consent: Consent
    visit: Visit


@dataclass(frozen=True)
class Page:
    name: str
    method: str = "get"
    manage: bool = False  # only an admin or the primary therapist

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.name}"


PAGES = [
    Page("clients:detail"),
    Page("clients:edit"),
    Page("clients:edit", "post"),
    Page("clients:archive", "post", manage=True),
    Page("clients:restore", "post", manage=True),
    Page("clients:care-team", manage=True),
    Page("clients:care-team", "post", manage=True),
    Page("clients:portal-access", manage=True),
    Page("clients:portal-access", "post", manage=True),
    Page("clients:consent-new"),
    Page("clients:consent-new", "post"),
    Page("clients:consent-withdraw"),
    Page("clients:consent-withdraw", "post"),
    Page("visits:book", "post"),
    Page("visits:status", "post"),
]


@pytest.fixture
def scene(cast: Cast) -> Scene:
    consent = record_consent(
        cast.pia,
        kind=ConsentKind.TREATMENT,
        given_by="client",
        given_by_name="Pia Pearson",
        method="paper",
        given_on=date(2025, 1, 6),
        by=cast.therapist,
    )
    tomorrow = datetime.combine(cast.clinic.today() + timedelta(days=1), time(9), cast.clinic.tz)
    visit = Visit.objects.create(client=cast.pia, therapist=cast.therapist, starts_at=tomorrow)
    return Scene(consent, visit)


def url_of(page: Page, cast: Cast, scene: Scene) -> str:
    if page.name == "visits:status":
        return reverse(page.name, kwargs={"visit_id": scene.visit.pk})
    kwargs: dict[str, object] = {"client_id": cast.pia.pk}
    if page.name == "clients:consent-new":
        kwargs["kind"] = ConsentKind.TREATMENT
    if page.name == "clients:consent-withdraw":
        kwargs["consent_id"] = scene.consent.pk
    return reverse(page.name, kwargs=kwargs)


def data_of(page: Page, cast: Cast) -> Mapping[str, object]:
    tomorrow = cast.clinic.today() + timedelta(days=1)
    data: dict[str, Mapping[str, object]] = {
        "clients:edit": client_form_data_of(cast.pia, notes="Changed"),
        "clients:care-team": {
            "primary_therapist": str(cast.colleague.pk),
            "cover_therapists": [str(cast.therapist.pk)],
        },
        "clients:portal-access": {
            "email": "friend@home.example",
            "full_name": "A Friend",
            "relationship": "self",
        },
        "clients:consent-new": consent_form_data(
            ConsentKind.TREATMENT, "client", "Pia Pearson", cast.clinic.today()
        ),
        "clients:consent-withdraw": {"reason": "Changed her mind"},
        "visits:book": visit_form_data(membership_of(cast.therapist, cast.clinic), tomorrow),
        "visits:status": {"status": "cancelled"},
    }
    return data.get(page.name, {})


def expected(role: str, page: Page) -> str:
    if role == "anonymous":
        return "sign-in"
    if role == "client_login":
        return "portal"
    if role in ("admin", "therapist"):
        return "allowed"
    if role == "colleague":
        return "403" if page.manage else "allowed"
    return "404"  # another branch, another organisation, or a colleague who is not assigned


def state_of_pia(cast: Cast) -> tuple[object, ...]:
    pia = Client.objects.get(pk=cast.pia.pk)
    return (
        pia.notes,
        pia.archived_at,
        pia.primary_therapist_id,
        sorted(str(u.pk) for u in pia.cover_therapists.all()),
        sorted((str(c.pk), c.withdrawn_at) for c in Consent.objects.filter(client=pia)),
        sorted((str(v.pk), v.status) for v in Visit.objects.filter(client=pia)),
        ClientLink.objects.filter(client=pia).count(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES, ids=str)
def test_each_client_page_is_open_to_the_right_people_only(
    cast: Cast, scene: Scene, as_role: AsRole, page: Page, role: str
) -> None:
    web = as_role(role)
    before = state_of_pia(cast)
    url = url_of(page, cast, scene)
    response = web.get(url) if page.method == "get" else web.post(url, data_of(page, cast))
    outcome = expected(role, page)

    if outcome == "allowed":
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert not response["Location"].startswith(reverse("accounts:sign-in"))
            assert response["Location"] != reverse("clients:portal")
            assert page.method == "post"
        return
    if outcome == "sign-in":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in") + "?next=")
    elif outcome == "portal":
        assert response.status_code == 302
        assert response["Location"] == reverse("clients:portal")
    else:
        assert response.status_code == int(outcome)
    text = page_text(response)
    assert "Pearson" not in text
    assert "900111" not in text
    assert state_of_pia(cast) == before


@pytest.mark.django_db
def test_a_colleague_who_sees_only_assigned_clients_still_opens_their_own(
    cast: Cast, as_role: AsRole
) -> None:
    web = as_role("assigned_only_colleague")
    for name in ("clients:detail", "clients:edit", "clients:care-team", "clients:portal-access"):
        assert web.get(reverse(name, kwargs={"client_id": cast.cal.pk})).status_code == 200
    listed = web.get(reverse("clients:list")).context["page"].object_list
    assert [c.first_name for c in listed] == ["Cal"]


@pytest.mark.django_db
def test_cover_lets_a_colleague_in_without_the_right_to_manage(cast: Cast, as_role: AsRole) -> None:
    web = as_role("assigned_only_colleague")
    cast.pia.cover_therapists.add(cast.colleague)
    assert web.get(reverse("clients:detail", kwargs={"client_id": cast.pia.pk})).status_code == 200
    archive = reverse("clients:archive", kwargs={"client_id": cast.pia.pk})
    assert web.post(archive).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["branch_therapist", "outsider", "assigned_only_colleague"])
def test_a_client_list_never_shows_clients_someone_may_not_see(
    cast: Cast, as_role: AsRole, role: str
) -> None:
    web = as_role(role)
    for query in ("", "pearson", "pia@home", "900111"):
        text = page_text(web.get(reverse("clients:list"), {"q": query}))
        assert "Pearson" not in text
    archived = page_text(web.get(reverse("clients:list"), {"archived": "1", "q": "pearson"}))
    assert "Pearson" not in archived


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["clients:list", "clients:create"])
def test_the_client_list_and_new_client_form_are_for_clinic_members(
    cast: Cast, as_role: AsRole, name: str, role: str
) -> None:
    response = as_role(role).get(reverse(name))
    if role == "anonymous":
        assert response["Location"].startswith(reverse("accounts:sign-in") + "?next=")
    elif role == "client_login":
        assert response["Location"] == reverse("clients:portal")
    else:
        assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "client_login", "branch_therapist", "outsider"])
def test_nobody_outside_the_clinic_adds_a_client_to_it(
    cast: Cast, as_role: AsRole, role: str
) -> None:
    as_role(role).post(reverse("clients:create"), client_form_data())
    assert not Client.objects.filter(clinic=cast.clinic, last_name="Newman").exists()

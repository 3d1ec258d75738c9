from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client as WebClient

from stretchwise.accounts.models import ApiToken
from stretchwise.accounts.tokens import create_token, revoke_token
from stretchwise.audit.models import AccessEntry
from stretchwise.clients.models import Client
from stretchwise.clinics.models import Membership
from tests.cast import Cast

PROBLEM = "application/problem+json"


def bearer(cast: Cast, user: Any = None) -> tuple[WebClient, ApiToken]:
    user = user or cast.therapist
    membership = Membership.objects.filter(user=user).first()
    assert membership is not None
    token, secret = create_token(user, membership, "script")
    return WebClient(headers={"Authorization": f"Bearer {secret}"}), token


def send(web: WebClient, method: str, url: str, body: object = None) -> Any:
    return web.generic(
        method,
        url,
        data=json.dumps(body) if body is not None else "",
        content_type="application/json",
    )


@pytest.mark.django_db
def test_a_token_lists_the_clients_its_owner_may_see_with_paging_and_search(cast: Cast) -> None:
    web, _ = bearer(cast)
    page = web.get("/api/v1/clients", {"limit": 2})
    assert page.status_code == 200
    data = page.json()
    assert data["count"] == 3
    assert len(data["items"]) == 2
    assert [i["last_name"] for i in data["items"]] == ["Cooper", "Pearson"]
    found = web.get("/api/v1/clients", {"q": "pia pear"}).json()
    assert [i["id"] for i in found["items"]] == [str(cast.pia.pk)]


@pytest.mark.django_db
def test_a_client_of_another_organisation_is_not_found(cast: Cast) -> None:
    web, _ = bearer(cast)
    response = web.get(f"/api/v1/clients/{cast.oscar.pk}")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert "Oscar" not in response.content.decode()


@pytest.mark.django_db
def test_creating_a_client_validates_like_the_form_and_stores_nothing_when_wrong(
    cast: Cast,
) -> None:
    web, _ = bearer(cast)
    before = Client.objects.count()
    response = send(
        web,
        "POST",
        "/api/v1/clients",
        {
            "first_name": "Ne\u0000d",
            "last_name": "Nash",
            "date_of_birth": "2099-01-01",
            "phone": "12",
        },
    )
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert set(problem["errors"]) == {"first_name", "date_of_birth", "phone"}
    assert "future" in problem["errors"]["date_of_birth"][0]
    assert Client.objects.count() == before


@pytest.mark.django_db
def test_a_minor_needs_a_guardian_through_the_api_too(cast: Cast) -> None:
    web, _ = bearer(cast)
    young = {"first_name": "Tia", "last_name": "Tan", "date_of_birth": "2015-06-01"}
    assert send(web, "POST", "/api/v1/clients", young).json()["errors"].keys() >= {"guardian_name"}
    young.update(guardian_name="Tom Tan", guardian_phone="07700 900222")
    created = send(web, "POST", "/api/v1/clients", young)
    assert created.status_code == 201
    body = created.json()
    assert body["primary_therapist_id"] == str(cast.therapist.pk)
    assert body["sex"] == "not_recorded"


@pytest.mark.django_db
def test_patch_changes_only_what_is_sent(cast: Cast) -> None:
    web, _ = bearer(cast)
    response = send(web, "PATCH", f"/api/v1/clients/{cast.pia.pk}", {"phone": "07700 900999"})
    assert response.status_code == 200
    cast.pia.refresh_from_db()
    assert cast.pia.phone == "07700 900999"
    assert cast.pia.email == "pia@home.example"


@pytest.mark.django_db
def test_only_the_primary_therapist_or_an_admin_archives_through_the_api(cast: Cast) -> None:
    colleague, _ = bearer(cast, cast.colleague)
    refused = send(colleague, "POST", f"/api/v1/clients/{cast.pia.pk}/archive")
    assert refused.status_code == 403
    assert refused["Content-Type"] == PROBLEM
    web, _ = bearer(cast)
    assert send(web, "POST", f"/api/v1/clients/{cast.pia.pk}/archive").json()["archived"] is True
    assert str(cast.pia.pk) not in web.get("/api/v1/clients").content.decode()
    assert web.get("/api/v1/clients", {"archived": "true"}).json()["count"] == 1
    assert send(web, "POST", f"/api/v1/clients/{cast.pia.pk}/restore").json()["archived"] is False


@pytest.mark.django_db
def test_bad_parameters_and_bodies_get_problem_details_not_errors(cast: Cast) -> None:
    web, _ = bearer(cast)
    cases = [
        web.get("/api/v1/clients", {"limit": 1000}),
        web.get("/api/v1/clients", {"offset": -1}),
        web.get("/api/v1/clients", {"q": "a\u0000b"}),
        web.generic("POST", "/api/v1/clients", "{not json", content_type="application/json"),
        send(web, "POST", "/api/v1/clients", {"first_name": 5}),
        web.get("/api/v1/clients/not-a-uuid"),
    ]
    for response in cases:
        assert response.status_code in (200, 400, 404, 422), response.content
        if response.status_code != 200:
            assert response["Content-Type"] == PROBLEM
            assert response.json()["detail"]


@pytest.mark.django_db
def test_without_a_token_or_session_the_api_asks_for_one(cast: Cast) -> None:
    response = WebClient().get("/api/v1/clients")
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response["WWW-Authenticate"].startswith("Bearer")
    wrong = WebClient(headers={"Authorization": "Bearer sw_not-a-real-token"}).get(
        "/api/v1/clients"
    )
    assert wrong.status_code == 401


@pytest.mark.django_db
def test_a_revoked_token_stops_working_at_once(cast: Cast) -> None:
    web, token = bearer(cast)
    assert web.get("/api/v1/clients").status_code == 200
    revoke_token(token)
    assert web.get("/api/v1/clients").status_code == 401


@pytest.mark.django_db
def test_a_token_of_someone_who_left_the_clinic_stops_working(cast: Cast) -> None:
    web, _ = bearer(cast)
    Membership.objects.filter(user=cast.therapist).update(is_active=False)
    assert web.get("/api/v1/clients").status_code == 401


@pytest.mark.django_db
def test_every_use_of_a_token_is_logged_with_the_token_id(cast: Cast) -> None:
    web, token = bearer(cast)
    web.get(f"/api/v1/clients/{cast.pia.pk}")
    web.get(f"/api/v1/clients/{cast.oscar.pk}")  # refused, still a use of the token
    shown, refused = AccessEntry.objects.filter(token_id=token.pk).order_by("seq")
    assert set(shown.records.values_list("kind", flat=True)) == {"client", "api_token"}
    assert refused.status == 404
    assert list(refused.records.values_list("kind", flat=True)) == ["api_token"]
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.django_db
def test_the_token_secret_is_shown_once_and_stored_only_as_a_digest(
    cast: Cast, signed_in: Any
) -> None:
    web = signed_in(cast.therapist)
    response = web.post("/accounts/tokens/", {"name": "nightly export"})
    secret = response.context["secret"]
    assert secret.startswith("sw_")
    token = ApiToken.objects.get(name="nightly export")
    assert secret not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert token.prefix == secret[:9]
    assert secret not in web.get("/accounts/tokens/").content.decode()


@pytest.mark.django_db
def test_the_session_needs_a_csrf_token_to_write(cast: Cast) -> None:
    web = WebClient(enforce_csrf_checks=True)
    web.force_login(cast.therapist)
    assert web.get("/api/v1/clients").status_code == 200
    refused = send(
        web,
        "POST",
        "/api/v1/clients",
        {"first_name": "A", "last_name": "B", "date_of_birth": "1990-01-01"},
    )
    assert refused.status_code == 403
    assert refused["Content-Type"] == PROBLEM


@pytest.mark.django_db
def test_the_openapi_document_and_docs_page_are_served(cast: Cast) -> None:
    schema = WebClient().get("/api/v1/openapi.json").json()
    assert "/api/v1/clients" in schema["paths"]
    docs = WebClient().get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()


@pytest.mark.django_db
def test_a_method_the_api_does_not_answer_gets_a_problem_not_a_page(cast: Cast) -> None:
    web, _ = bearer(cast)
    response = web.delete(f"/api/v1/clients/{cast.pia.pk}")
    assert response.status_code == 405
    assert response["Content-Type"] == PROBLEM
    assert "GET" in response.json()["detail"]

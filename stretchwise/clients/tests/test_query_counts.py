"""The client list does the same small number of queries for 10 clients as for 60."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client as WebClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from stretchwise.clients.models import ConsentKind, record_consent
from tests.cast import Cast, SignIn, client_at

MAX_QUERIES = 12


def add_clients(cast: Cast, how_many: int) -> None:
    therapists = [cast.therapist, cast.colleague, cast.admin]
    for n in range(how_many):
        client = client_at(
            cast.clinic, f"Zara{n:02d}", "Zimmer", therapists[n % 3], phone=f"07700 900{n:03d}"
        )
        client.cover_therapists.add(therapists[(n + 1) % 3])
        record_consent(
            client,
            kind=ConsentKind.TREATMENT,
            given_by="client",
            given_by_name=client.full_name,
            method="paper",
            given_on=date(2025, 1, 6),
            by=cast.therapist,
        )


def queries_for(web: WebClient, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert web.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("how_many", [10, 60])
@pytest.mark.parametrize("params", [{}, {"q": "zimmer"}, {"page": "2"}, {"archived": "1"}])
def test_the_client_list_does_a_bounded_number_of_queries(
    cast: Cast,
    signed_in: SignIn,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    how_many: int,
    params: dict[str, str],
) -> None:
    add_clients(cast, how_many)
    web = signed_in(cast.admin)
    web.get(reverse("clients:list"))  # the access log's first entry for the clinic starts its chain
    with django_assert_max_num_queries(MAX_QUERIES):
        assert web.get(reverse("clients:list"), params).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin", "colleague"])
def test_the_client_list_does_as_many_queries_for_60_clients_as_for_10(
    cast: Cast, signed_in: SignIn, role: str
) -> None:
    web = signed_in(getattr(cast, role))
    url = reverse("clients:list")
    web.get(url)
    add_clients(cast, 10)
    with_10 = queries_for(web, url)
    add_clients(cast, 50)
    with_60 = queries_for(web, url)
    assert with_10 == with_60

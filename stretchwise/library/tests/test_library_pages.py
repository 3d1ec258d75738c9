from __future__ import annotations

import pytest
from django.test import Client as WebClient

from stretchwise.audit.models import AccessEntry
from stretchwise.library.knowledge import knowledge_base


@pytest.mark.django_db
def test_the_library_is_open_without_signing_in_and_leaves_no_log() -> None:
    web = WebClient()
    kb = knowledge_base()
    stretch = next(iter(kb.stretches.values()))
    pages = [
        "/library/",
        f"/library/stretches/{stretch.id}/",
        "/library/conditions/",
        "/library/conditions/sciatica/",
        "/library/techniques/",
        "/library/techniques/pnf-crac/",
        "/library/safety/",
        "/library/safety/cauda-equina-signs/",
        "/library/references/",
    ]
    for page in pages:
        assert web.get(page).status_code == 200, page
    assert not AccessEntry.objects.exists()


@pytest.mark.django_db
def test_filters_narrow_the_stretches_by_region_and_technique() -> None:
    kb = knowledge_base()
    response = WebClient().get("/library/", {"region": "hamstrings", "technique": "static"})
    shown = response.context["page"].object_list
    assert shown
    assert all(s.region == "hamstrings" for s in shown)
    assert all("static" in [d.technique for d in s.techniques] for s in shown)
    assert len(shown) < len(kb.assisted)


@pytest.mark.django_db
def test_a_stretch_page_shows_cues_dosing_movements_and_who_must_not_receive_it() -> None:
    kb = knowledge_base()
    stretch = next(s for s in kb.assisted if "loaded-spinal-flexion" in s.loads)
    html = WebClient().get(f"/library/stretches/{stretch.id}/").content.decode()
    assert stretch.cues[0][:20] in html.replace("&#x27;", "'")
    assert "Dosing by technique" in html
    assert "Who must not receive it" in html
    assert kb.contraindications["osteoporosis"].name in html


@pytest.mark.django_db
def test_an_unknown_slug_is_a_clear_404() -> None:
    assert WebClient().get("/library/stretches/no-such-stretch/").status_code == 404


@pytest.mark.django_db
def test_library_pages_are_revalidated_by_etag() -> None:
    web = WebClient()
    first = web.get("/library/techniques/")
    again = web.get("/library/techniques/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


@pytest.mark.django_db
def test_the_stretch_api_inlines_targets_and_dosing_and_answers_304_when_unchanged() -> None:
    web = WebClient()
    response = web.get("/api/v1/stretches", {"limit": "5", "region": "hamstrings"})
    assert response.status_code == 200
    body = response.json()
    assert body["knowledge_base_version"] == knowledge_base().version
    item = body["items"][0]
    assert item["targets"][0]["name"]
    assert item["technique_doses"][0]["technique"]["name"]
    again = web.get(
        "/api/v1/stretches",
        {"limit": "5", "region": "hamstrings"},
        headers={"If-None-Match": response["ETag"]},
    )
    assert again.status_code == 304


@pytest.mark.django_db
def test_the_library_api_serves_each_catalogue_by_slug() -> None:
    web = WebClient()
    for path in (
        "/api/v1/conditions/sciatica",
        "/api/v1/techniques/static",
        "/api/v1/contraindications/cauda-equina-signs",
        "/api/v1/references/sharman-2006",
    ):
        assert web.get(path).status_code == 200, path
    missing = web.get("/api/v1/stretches/no-such-stretch")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"
    assert web.get("/api/v1/stretches", {"limit": 1000}).status_code == 422

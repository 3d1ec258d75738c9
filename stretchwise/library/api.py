"""The public, read-only library API. Reference data: no sign-in, not on the access log.

The knowledge base only changes with a deployment, so each answer is serialised once per process
and validated with an ETag made of the knowledge-base version and the request's parameters.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from pydantic import BaseModel

from stretchwise.api.problems import Problem
from stretchwise.library.knowledge import KnowledgeBase, knowledge_base
from stretchwise.library.schema import (
    Condition,
    Contraindication,
    Dosing,
    Reference,
    Stretch,
    Technique,
)
from stretchwise.library.views import StretchFilters, filter_stretches

router = Router(auth=None)
PUBLIC_ERRORS = {404: Problem, 422: Problem}


class Named(BaseModel):
    id: str
    name: str


class TechniqueDose(BaseModel):
    technique: Named
    dosing: Dosing
    repetitions_default: float
    contractions: bool
    reaches_end_range: bool


class StretchOut(Stretch):
    region_name: str
    targets: list[Named]
    technique_doses: list[TechniqueDose]


class StretchPage(BaseModel):
    count: int
    limit: int
    offset: int
    knowledge_base_version: str
    items: list[StretchOut]


class Page(BaseModel):
    count: int
    knowledge_base_version: str
    items: list[dict[str, Any]]


class StretchQuery(Schema):
    q: str = Field("", max_length=80)
    region: str = Field("", max_length=80)
    muscle: str = Field("", max_length=80)
    technique: str = Field("", max_length=80)
    position: str = Field("", max_length=80)
    equipment: str = Field("", max_length=80)
    condition: str = Field("", max_length=80)
    kind: str = Field("assisted", pattern="^(assisted|self|all)$")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=100_000)


def stretch_out(kb: KnowledgeBase, s: Stretch) -> StretchOut:
    doses = []
    for d in s.techniques:
        t = kb.techniques[d.technique]
        doses.append(
            TechniqueDose(
                technique=Named(id=t.id, name=t.name),
                dosing=d,
                repetitions_default=(d.repetitions or t.repetitions).default,
                contractions=t.contractions,
                reaches_end_range=t.reaches_end_range,
            )
        )
    return StretchOut(
        **s.model_dump(),
        region_name=kb.regions[s.region].name,
        targets=[Named(id=m, name=kb.muscles[m].name) for m in s.primary],
        technique_doses=doses,
    )


_PREPARED: dict[tuple[object, ...], bytes] = {}
PREPARED_LIMIT = 4096  # distinct filter combinations kept; far more than real use produces


def cached_json(request: HttpRequest, key: tuple[object, ...], build: Any) -> HttpResponse:
    """Serialise an answer once per knowledge-base version; answer 304 when the client has it."""
    kb = knowledge_base()
    full_key = (kb.version, kb.overlay_hash, *key)
    etag = '"' + hashlib.sha256(repr(full_key).encode()).hexdigest()[:20] + '"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        body = _PREPARED.get(full_key)
        if body is None:
            body = build().model_dump_json().encode()
            if len(_PREPARED) >= PREPARED_LIMIT:
                _PREPARED.clear()
            _PREPARED[full_key] = body
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=300"
    return response


@router.get(
    "/stretches",
    response={200: StretchPage, **PUBLIC_ERRORS},
    operation_id="list_stretches",
    url_name="list_stretches",
    summary="Search and filter stretches",
)
def list_stretches(request: HttpRequest, query: Query[StretchQuery]) -> HttpResponse:
    params = query.dict()

    def build() -> StretchPage:
        kb = knowledge_base()
        filters = StretchFilters(
            **{k: v for k, v in params.items() if k not in ("limit", "offset")}
        )
        found = filter_stretches(kb, filters)
        window = found[query.offset : query.offset + query.limit]
        return StretchPage(
            count=len(found),
            limit=query.limit,
            offset=query.offset,
            knowledge_base_version=kb.version,
            items=[stretch_out(kb, s) for s in window],
        )

    return cached_json(request, ("stretches", tuple(sorted(params.items()))), build)


def _entry(catalogue: dict[str, Any], slug: str, what: str) -> Any:
    if slug not in catalogue:
        raise Http404(f"There is no {what} '{slug}' in the library.")
    return catalogue[slug]


@router.get(
    "/stretches/{slug}",
    response={200: StretchOut, **PUBLIC_ERRORS},
    operation_id="get_stretch",
    url_name="get_stretch",
    summary="One stretch, with targets and dosing",
)
def get_stretch(request: HttpRequest, slug: str) -> HttpResponse:
    kb = knowledge_base()
    stretch = _entry(kb.stretches, slug, "stretch")
    return cached_json(request, ("stretch", slug), lambda: stretch_out(kb, stretch))


def _catalogue_routes(name: str, model: type[BaseModel], what: str) -> None:
    def list_view(request: HttpRequest) -> HttpResponse:
        def build() -> Page:
            kb = knowledge_base()
            entries = getattr(kb, name)
            return Page(
                count=len(entries),
                knowledge_base_version=kb.version,
                items=[e.model_dump(mode="json", by_alias=True) for e in entries.values()],
            )

        return cached_json(request, (name,), build)

    def detail_view(request: HttpRequest, slug: str) -> HttpResponse:
        entry = _entry(getattr(knowledge_base(), name), slug, what)
        return cached_json(request, (name, slug), lambda: entry)

    router.add_api_operation(
        f"/{name}",
        ["GET"],
        list_view,
        response={200: Page, **PUBLIC_ERRORS},
        operation_id=f"list_{name}",
        url_name=f"list_{name}",
        summary=f"All {name.replace('_', ' ')}",
    )
    router.add_api_operation(
        f"/{name}/{{slug}}",
        ["GET"],
        detail_view,
        response={200: model, **PUBLIC_ERRORS},
        operation_id=f"get_{what.replace(' ', '_')}",
        url_name=f"get_{what.replace(' ', '_')}",
        summary=f"One {what}",
    )


_catalogue_routes("conditions", Condition, "condition")
_catalogue_routes("techniques", Technique, "technique")
_catalogue_routes("contraindications", Contraindication, "contraindication")
_catalogue_routes("references", Reference, "reference")

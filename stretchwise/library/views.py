"""The public library: reference data, no sign-in, no personal data, not on the access log."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import condition

from stretchwise.library.knowledge import KnowledgeBase, knowledge_base
from stretchwise.library.pictogram import render as render_pictogram
from stretchwise.library.safety import who_must_not_receive
from stretchwise.library.schema import Stretch

PAGE_SIZE = 24


def kb_etag(request: HttpRequest, *args: object, **kwargs: object) -> str:
    """The base is static between deployments, so its version is a perfect validator."""
    return f'"{knowledge_base().version}-{knowledge_base().overlay_hash}"'


@dataclass(frozen=True)
class StretchFilters:
    q: str = ""
    region: str = ""
    muscle: str = ""
    technique: str = ""
    position: str = ""
    equipment: str = ""
    condition: str = ""
    kind: str = "assisted"

    @classmethod
    def from_query(cls, request: HttpRequest) -> StretchFilters:
        def get(name: str, default: str = "") -> str:
            return request.GET.get(name, default).replace("\x00", "").strip()[:80]

        return cls(
            q=get("q"),
            region=get("region"),
            muscle=get("muscle"),
            technique=get("technique"),
            position=get("position"),
            equipment=get("equipment"),
            condition=get("condition"),
            kind=get("kind", "assisted")
            if get("kind", "assisted") in ("assisted", "self", "all")
            else "assisted",
        )


def filter_stretches(kb: KnowledgeBase, f: StretchFilters) -> list[Stretch]:
    condition_muscles: set[str] = set()
    if f.condition and f.condition in kb.conditions:
        condition_muscles = {m.muscle for m in kb.conditions[f.condition].priority_muscles}
    words = f.q.lower().split()
    found = []
    for s in kb.stretches.values():
        if f.kind != "all" and s.kind != f.kind:
            continue
        if f.region and s.region != f.region:
            continue
        if f.muscle and f.muscle not in s.primary + s.secondary:
            continue
        if f.technique and f.technique not in [d.technique for d in s.techniques]:
            continue
        if f.position and s.position != f.position:
            continue
        if f.equipment and f.equipment not in s.equipment:
            continue
        if f.condition and not condition_muscles & set(s.primary):
            continue
        haystack = " ".join(
            [s.name, *(kb.muscles[m].name for m in s.primary if m in kb.muscles)]
        ).lower()
        if any(w not in haystack for w in words):
            continue
        found.append(s)
    return sorted(found, key=lambda s: (s.region, s.name))


@condition(etag_func=kb_etag)
def library_home(request: HttpRequest) -> HttpResponse:
    kb = knowledge_base()
    filters = StretchFilters.from_query(request)
    stretches = filter_stretches(kb, filters)
    page = Paginator(stretches, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"kb": kb, "filters": filters, "page": page, "count": len(stretches)}
    template = (
        "library/_stretch_cards.html" if getattr(request, "htmx", False) else "library/home.html"
    )
    return render(request, template, context)


def _get(catalogue: dict[str, object], slug: str, what: str) -> object:
    entry = catalogue.get(slug)
    if entry is None:
        raise Http404(f"No {what} called '{slug}' in the library.")
    return entry


@condition(etag_func=kb_etag)
def stretch_detail(request: HttpRequest, slug: str) -> HttpResponse:
    kb = knowledge_base()
    stretch = _get(kb.stretches, slug, "stretch")  # type: ignore[arg-type]
    assert isinstance(stretch, Stretch)
    context = {
        "kb": kb,
        "stretch": stretch,
        "conflicts": who_must_not_receive(kb, stretch),
        "pictogram": mark_safe(render_pictogram(stretch.pose, stretch.name))
        if stretch.pose
        else "",
        "conditions": [
            c
            for c in kb.conditions.values()
            if {m.muscle for m in c.priority_muscles} & set(stretch.primary)
        ],
    }
    return render(request, "library/stretch.html", context)


@condition(etag_func=kb_etag)
def catalogue_page(request: HttpRequest, catalogue: str) -> HttpResponse:
    kb = knowledge_base()
    entries = getattr(kb, catalogue)
    return render(request, f"library/{catalogue}.html", {"kb": kb, "entries": entries.values()})


@condition(etag_func=kb_etag)
def entry_page(request: HttpRequest, catalogue: str, slug: str) -> HttpResponse:
    kb = knowledge_base()
    entry = _get(getattr(kb, catalogue), slug, catalogue.rstrip("s"))
    stretches: list[Stretch] = []
    if catalogue == "conditions":
        muscles = {m.muscle for m in entry.priority_muscles}  # type: ignore[attr-defined]
        stretches = [s for s in kb.assisted if muscles & set(s.primary)]
    elif catalogue == "techniques":
        stretches = [s for s in kb.assisted if slug in [d.technique for d in s.techniques]]
    return render(
        request,
        f"library/{catalogue.rstrip('s')}.html",
        {"kb": kb, "entry": entry, "stretches": stretches},
    )

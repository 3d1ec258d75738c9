"""The JSON API root: /api/v1/. Each domain app contributes a router."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from stretchwise import __version__
from stretchwise.api.auth import SessionAuth, TokenAuth
from stretchwise.api.problems import problem
from stretchwise.clients.api import router as clients_router
from stretchwise.library.api import router as library_router
from stretchwise.plans.api import router as plans_router
from stretchwise.screening.api import public as screening_public
from stretchwise.screening.api import router as screening_router

api = NinjaAPI(
    title="Stretchwise API",
    version="1",
    description=(
        f"Stretchwise {__version__}. Errors are RFC 9457 problem details "
        "(`application/problem+json`). See docs/api.md."
    ),
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth(csrf=True)],
    docs_url="/docs",
)
api.add_router("/clients", clients_router, tags=["clients"])
api.add_router("", library_router, tags=["library"])
api.add_router("", screening_router, tags=["screening"])
api.add_router("", screening_public, tags=["screening"])
api.add_router("", plans_router, tags=["plans"])


def readable_location(location: tuple[object, ...]) -> str:
    parts = [str(p) for p in location if p not in ("body", "payload", "query", "path")]
    return ".".join(parts) or "request"


@api.exception_handler(NinjaValidationError)
def invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(readable_location(tuple(error.get("loc", ()))), []).append(
            str(error.get("msg", "is not valid"))
        )
    return problem(request, 422, "The request has values that are not valid; see errors.", errors)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem(
        request,
        401,
        "Sign in, or send a personal API token as `Authorization: Bearer sw_…`.",
        headers={"WWW-Authenticate": 'Bearer realm="stretchwise"'},
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(request, 404, str(exc) or "There is nothing at this address you may see.")


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem(request, 403, str(exc) or "You may not do this.")


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(request, exc.status_code, str(exc))

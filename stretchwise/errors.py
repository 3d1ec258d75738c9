"""Error pages: problem details under /api/, designed pages everywhere else."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from stretchwise.api.problems import problem


def _answer(request: HttpRequest, status: int, detail: str, template: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return problem(request, status, detail)
    return render(request, template, {"detail": detail}, status=status)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _answer(request, 404, "There is nothing at this address you may see.", "404.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    detail = str(exception) or "You may not do this." if exception else "You may not do this."
    return _answer(request, 403, detail, "403.html")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _answer(request, 400, "The request could not be understood.", "400.html")


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return problem(request, 500, "Something went wrong on our side. It has been logged.")
    # No context processors: the database may be the thing that failed.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)


def api_problems(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Middleware: under /api/, an error Django or ninja answered in HTML becomes a problem."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        is_problem = response.get("Content-Type", "").startswith("application/problem+json")
        if request.path.startswith("/api/") and response.status_code >= 400 and not is_problem:
            if response.status_code == 405:
                allowed = response.get("Allow", "")
                return problem(
                    request,
                    405,
                    f"This address answers {allowed or 'other methods'} only.",
                    headers={"Allow": allowed} if allowed else None,
                )
            return problem(request, response.status_code, response.reason_phrase)
        return response

    return middleware

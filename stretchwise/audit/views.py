from __future__ import annotations

import csv
from datetime import datetime, time, timedelta

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from stretchwise.accounts.models import User
from stretchwise.audit.forms import AccessLogFilter
from stretchwise.audit.log import note_access
from stretchwise.audit.models import AccessEntry, Action
from stretchwise.clients.models import Client
from stretchwise.clinics.access import ClinicRequest, admin_required

PAGE_SIZE = 50


def filtered_entries(form: AccessLogFilter) -> QuerySet[AccessEntry]:
    clinic = form.clinic
    entries = AccessEntry.objects.filter(clinic=clinic)
    if not form.is_valid():
        return entries.none()
    data = form.cleaned_data
    if data["person"]:
        entries = entries.filter(actor_id=data["person"].pk)
    if data["client"]:
        matching = Client.objects.filter(clinic=clinic).search(data["client"]).values("pk")
        entries = entries.filter(records__record_id__in=matching).distinct()
    if data["action"]:
        entries = entries.filter(action=data["action"])
    if data["since"]:
        entries = entries.filter(at__gte=datetime.combine(data["since"], time.min, clinic.tz))
    if data["until"]:
        end = datetime.combine(data["until"] + timedelta(days=1), time.min, clinic.tz)
        entries = entries.filter(at__lt=end)
    return entries.order_by("-seq").prefetch_related("records")


def with_names(request: ClinicRequest, entries: list[AccessEntry]) -> list[dict[str, object]]:
    """Resolve ids to names for the admin reading the log; the log itself keeps only ids."""
    actor_ids = {e.actor_id for e in entries if e.actor_id}
    client_ids = {r.record_id for e in entries for r in e.records.all() if r.kind == "client"}
    actors = dict(User.objects.filter(pk__in=actor_ids).values_list("pk", "full_name"))
    clients = {
        c.pk: c for c in Client.objects.filter(pk__in=client_ids, clinic=request.membership.clinic)
    }
    note_access(request, "client", request.membership.clinic_id, clients, Action.VIEW)
    rows = []
    for entry in entries:
        records = list(entry.records.all())
        rows.append(
            {
                "entry": entry,
                "actor": actors.get(entry.actor_id, "—") if entry.actor_id else "—",
                "clients": [clients[r.record_id] for r in records if r.record_id in clients],
                "other_records": sum(1 for r in records if r.kind != "client"),
                "missing": sum(
                    1 for r in records if r.kind == "client" and r.record_id not in clients
                ),
            }
        )
    return rows


@admin_required
def access_log(request: ClinicRequest) -> HttpResponse:
    form = AccessLogFilter(request.GET or None, clinic=request.membership.clinic)
    if not request.GET:
        form = AccessLogFilter({}, clinic=request.membership.clinic)
    entries = filtered_entries(form)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": with_names(request, list(page.object_list)),
        "query": query.urlencode(),
    }
    return render(request, "audit/access_log.html", context, status=400 if form.errors else 200)


def cell(value: object) -> str:
    """Spreadsheets run a cell starting with = + - @ as a formula; make it plain text."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class Echo:
    def write(self, value: str) -> str:
        return value


@admin_required
def access_log_csv(request: ClinicRequest) -> HttpResponseBase:
    form = AccessLogFilter(request.GET or {}, clinic=request.membership.clinic)
    if not form.is_valid():
        return access_log(request)
    clinic = request.membership.clinic
    entries = filtered_entries(form)
    actors = dict(
        User.objects.filter(pk__in=entries.exclude(actor_id=None).values("actor_id")).values_list(
            "pk", "full_name"
        )
    )
    note_access(request, "access_log", clinic.pk, [clinic.pk], Action.EXPORT)
    writer = csv.writer(Echo())

    def rows() -> object:
        yield writer.writerow(
            [
                "seq",
                "at",
                "actor_id",
                "actor",
                "token_id",
                "ip_address",
                "method",
                "route",
                "action",
                "status",
                "records",
                "hash",
                "previous_hash",
            ]
        )
        for entry in entries.iterator(chunk_size=1000):
            yield writer.writerow(
                [
                    entry.seq,
                    entry.at.astimezone(clinic.tz).isoformat(),
                    entry.actor_id or "",
                    cell(actors.get(entry.actor_id, "")) if entry.actor_id else "",
                    entry.token_id or "",
                    entry.ip_address or "",
                    entry.method,
                    entry.route,
                    entry.action,
                    entry.status,
                    " ".join(f"{r.kind}:{r.record_id}" for r in entry.records.all()),
                    entry.hash,
                    entry.previous_hash,
                ]
            )

    filename = f"access-log-{clinic.today().isoformat()}.csv"
    return StreamingHttpResponse(
        rows(),  # type: ignore[arg-type]
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )

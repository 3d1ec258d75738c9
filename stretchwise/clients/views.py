from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from stretchwise.accounts.invitations import send_invitation
from stretchwise.accounts.models import User
from stretchwise.audit.log import note_access, note_action
from stretchwise.audit.models import Action
from stretchwise.clients.access import (
    can_manage,
    clients_for_member,
    get_client_for_login,
    get_client_for_member,
    get_client_to_manage,
    note_clients,
)
from stretchwise.clients.consent_texts import consent_text
from stretchwise.clients.forms import (
    CareTeamForm,
    ClientForm,
    ConsentForm,
    PortalAccessForm,
    WithdrawConsentForm,
)
from stretchwise.clients.models import (
    Client,
    ConsentKind,
    GivenBy,
    add_client,
    archive_client,
    consents_in_force,
    link_login,
    record_consent,
    restore_client,
    revoke_link,
    withdraw_consent,
)
from stretchwise.clinics.access import ClinicRequest, SignedInRequest, member_required
from stretchwise.screening.models import clearance_for, latest_intake
from stretchwise.visits.forms import VisitForm
from stretchwise.visits.models import Visit

PAGE_SIZE = 25
LIST_FIELDS = (
    "id", "clinic_id", "first_name", "last_name", "preferred_name", "date_of_birth", "phone",
)  # fmt: skip


def status_for(form: object) -> int:
    """A form sent back with errors answers 400, so scripts and tests can tell."""
    return 400 if getattr(form, "errors", None) else 200


@member_required
def client_list(request: ClinicRequest) -> HttpResponse:
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    show_archived = request.GET.get("archived") == "1"
    clients = clients_for_member(request)
    clients = clients.archived() if show_archived else clients.active()
    # Only what a row shows: the list is the busiest page, and unused columns cost conversions.
    clients = (
        clients.search(query)
        .select_related("primary_therapist")
        .only(*LIST_FIELDS, "primary_therapist__full_name")
    )
    page = Paginator(clients, PAGE_SIZE).get_page(request.GET.get("page"))
    note_clients(request, page.object_list, Action.LIST)
    kept_filters = {"q": query} if query else {}  # carried to the next and previous pages
    if show_archived:
        kept_filters["archived"] = "1"
    context = {
        "page": page,
        "query": query,
        "keep": urlencode(kept_filters),
        "show_archived": show_archived,
        "today": request.membership.clinic.today(),
    }
    template = "clients/_client_rows.html" if request.htmx else "clients/client_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])  # the partial and the page share one URL
    return response


@member_required
def client_detail(request: ClinicRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_member(request, client_id)
    membership = request.membership
    visits = client.visits.select_related("therapist").order_by("-starts_at")[:20]
    context = {
        "client": client,
        "consents": consents_in_force(client),
        "consent_history": client.consents.select_related("recorded_by").all(),
        "consent_kinds": ConsentKind.choices,
        "visits": visits,
        "cover_therapists": client.cover_therapists.all(),
        "portal_links": client.links.filter(revoked_at__isnull=True).select_related("user"),
        "can_manage": can_manage(membership, client),
        "visit_form": VisitForm(clinic=client.clinic, initial={"therapist": request.user.pk}),
        "clearance": clearance_for(client),
    }
    return render(request, "clients/client_detail.html", context)


@member_required
def client_create(request: ClinicRequest) -> HttpResponse:
    membership = request.membership
    initial = {"primary_therapist": request.user.pk if membership.treats_clients else None}
    form = ClientForm(
        request.POST or None,
        clinic=membership.clinic,
        age_of_majority=settings.AGE_OF_MAJORITY,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        client = add_client(form.save(commit=False), membership, by=request.user)
        note_clients(request, [client], Action.CREATE)
        messages.success(request, f"{client.full_name} is added. Record their consent next.")
        return redirect("clients:detail", client_id=client.pk)
    return render(
        request,
        "clients/client_form.html",
        {"form": form, "client": None, "age_of_majority": settings.AGE_OF_MAJORITY},
        status=status_for(form),
    )


@member_required
def client_edit(request: ClinicRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_member(request, client_id)
    form = ClientForm(
        request.POST or None,
        instance=client,
        clinic=client.clinic,
        age_of_majority=settings.AGE_OF_MAJORITY,
        may_assign=can_manage(request.membership, client),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        note_action(request, Action.UPDATE)
        messages.success(request, "Client details saved.")
        return redirect("clients:detail", client_id=client.pk)
    return render(
        request,
        "clients/client_form.html",
        {"form": form, "client": client, "age_of_majority": settings.AGE_OF_MAJORITY},
        status=status_for(form),
    )


@require_POST
@member_required
def client_archive(request: ClinicRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_to_manage(request, client_id)
    archive_client(client, by=request.user)
    note_action(request, Action.ARCHIVE)
    messages.success(request, f"{client.full_name} is archived. Nothing was deleted.")
    return redirect("clients:detail", client_id=client.pk)


@require_POST
@member_required
def client_restore(request: ClinicRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_to_manage(request, client_id)
    restore_client(client)
    note_action(request, Action.RESTORE)
    messages.success(request, f"{client.full_name} is back on the active list.")
    return redirect("clients:detail", client_id=client.pk)


@member_required
def care_team(request: ClinicRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_to_manage(request, client_id)
    initial = {
        "primary_therapist": client.primary_therapist,
        "cover_therapists": list(client.cover_therapists.all()),
    }
    form = CareTeamForm(request.POST or None, clinic=client.clinic, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            client.primary_therapist = form.cleaned_data["primary_therapist"]
            client.save(update_fields=["primary_therapist", "updated_at"])
            client.cover_therapists.set(form.cleaned_data["cover_therapists"])
        messages.success(request, "Care team saved.")
        return redirect("clients:detail", client_id=client.pk)
    return render(
        request, "clients/care_team.html", {"form": form, "client": client}, status=status_for(form)
    )


@member_required
def consent_new(request: ClinicRequest, client_id: uuid.UUID, kind: str) -> HttpResponse:
    client = get_client_for_member(request, client_id)
    if kind not in ConsentKind.values:
        raise Http404("There is no such consent.")
    text = consent_text(kind)
    initial = {
        "kind": kind,
        "given_on": client.today(),
        "given_by": GivenBy.GUARDIAN if client.is_minor else GivenBy.CLIENT,
        "given_by_name": client.guardian_name if client.is_minor else client.full_name,
        "chaperone_offered": False,
    }
    form = ConsentForm(request.POST or None, client=client, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        consent = record_consent(
            client,
            kind=kind,
            given_by=data["given_by"],
            given_by_name=data["given_by_name"],
            method=data["method"],
            given_on=data["given_on"],
            chaperone_offered=data["chaperone_offered"],
            chaperone_wanted=data["chaperone_wanted"],
            by=request.user,
        )
        note_access(request, "consent", client.clinic_id, [consent.pk], Action.CREATE)
        messages.success(request, f"Consent recorded: {text.title.lower()}.")
        return redirect("clients:detail", client_id=client.pk)
    context = {"form": form, "client": client, "text": text, "kind": kind}
    return render(request, "clients/consent_form.html", context, status=status_for(form))


@member_required
def consent_withdraw(
    request: ClinicRequest, client_id: uuid.UUID, consent_id: uuid.UUID
) -> HttpResponse:
    client = get_client_for_member(request, client_id)
    consent = get_object_or_404(client.consents.in_force(), pk=consent_id)
    note_access(request, "consent", client.clinic_id, [consent.pk])
    form = WithdrawConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        withdraw_consent(consent, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "The withdrawal is recorded.")
        return redirect("clients:detail", client_id=client.pk)
    context = {"form": form, "client": client, "consent": consent}
    return render(request, "clients/consent_withdraw.html", context, status=status_for(form))


@member_required
def portal_access(request: ClinicRequest, client_id: uuid.UUID) -> HttpResponse:
    # Giving someone sight of a health record is a care-team decision, not any colleague's.
    client = get_client_to_manage(request, client_id)
    initial = {
        "email": client.guardian_email if client.is_minor else client.email,
        "full_name": client.guardian_name if client.is_minor else client.full_name,
        "relationship": "guardian" if client.is_minor else "self",
    }
    form = PortalAccessForm(request.POST or None, client=client, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            user = User.objects.filter(email=data["email"]).first()
            is_new = user is None
            if user is None:
                user = User.objects.create_user(data["email"], full_name=data["full_name"])
            link = link_login(client, user, data["relationship"], by=request.user)
        note_access(request, "client_link", client.clinic_id, [link.user_id], Action.CREATE)
        if is_new:
            send_invitation(request, user, invited_by=request.user, place=client.clinic.name)
        else:
            send_mail(
                subject=f"You can now see a record at {client.clinic.name}",
                message=(
                    f"Hello {user.full_name},\n\n{client.clinic.name} has linked the record of "
                    f"{client.first_name} to your Stretchwise login. Sign in to see it.\n"
                ),
                from_email=None,
                recipient_list=[user.email],
            )
        # The same words either way, so staff cannot learn whether an address has an account.
        messages.success(request, f"Access given. {user.email} has been sent an e-mail.")
        return redirect("clients:detail", client_id=client.pk)
    context = {"form": form, "client": client}
    return render(request, "clients/portal_access.html", context, status=status_for(form))


@require_POST
@member_required
def portal_revoke(request: ClinicRequest, client_id: uuid.UUID, user_id: uuid.UUID) -> HttpResponse:
    client = get_client_to_manage(request, client_id)
    link = get_object_or_404(client.links.filter(revoked_at__isnull=True), user_id=user_id)
    revoke_link(link, by=request.user)
    note_access(request, "client_link", client.clinic_id, [link.user_id], Action.UPDATE)
    messages.success(request, f"{link.user.email} can no longer see this record.")
    return redirect("clients:detail", client_id=client.pk)


@login_required
def portal(request: SignedInRequest) -> HttpResponse:
    """A client's own home: the records they may see (their own, and any in their care)."""
    records = Client.objects.linked_to(request.user).select_related("clinic")
    if request.membership is not None and not records.exists():
        return redirect("clinics:dashboard")
    note_clients(request, records, Action.LIST)
    return render(request, "clients/portal.html", {"records": records})


@login_required
def portal_record(request: SignedInRequest, client_id: uuid.UUID) -> HttpResponse:
    client = get_client_for_login(request, client_id)
    # A client login has no clinic of its own for the middleware to choose: show the record's.
    timezone.activate(client.clinic.tz)
    context = {
        "client": client,
        "consents": consents_in_force(client),
        "upcoming": Visit.objects.filter(client=client).upcoming().select_related("therapist"),
        "intake": latest_intake(client),
    }
    return render(request, "clients/portal_record.html", context)

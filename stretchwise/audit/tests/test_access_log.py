from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client as WebClient
from django.urls import reverse

from stretchwise.audit.models import AccessedRecord, AccessEntry, AppendOnlyError
from stretchwise.audit.verify import verify_clinic
from tests.cast import Cast

SignIn = Callable[[object], WebClient]


@pytest.mark.django_db
def test_opening_a_client_writes_one_entry_naming_only_its_id(
    cast: Cast, signed_in: SignIn
) -> None:
    signed_in(cast.therapist).get(reverse("clients:detail", args=[cast.pia.pk]))
    entry = AccessEntry.objects.get()
    assert entry.actor_id == cast.therapist.pk
    assert entry.clinic_id == cast.clinic.pk
    assert entry.action == "view"
    assert entry.route == "clients:detail"
    assert list(entry.records.values_list("kind", "record_id")) == [("client", cast.pia.pk)]
    stored = " ".join(str(v) for v in AccessEntry.objects.values().get().values())
    assert "Pia" not in stored
    assert "Pearson" not in stored


@pytest.mark.django_db
def test_pages_without_client_data_are_not_logged(cast: Cast, signed_in: SignIn) -> None:
    signed_in(cast.admin).get(reverse("clinics:team"))
    signed_in(cast.admin).get(reverse("clinics:settings"))
    assert not AccessEntry.objects.exists()


@pytest.mark.django_db
def test_a_refused_request_shows_nothing_and_writes_nothing(cast: Cast, signed_in: SignIn) -> None:
    response = signed_in(cast.outsider).get(reverse("clients:detail", args=[cast.pia.pk]))
    assert response.status_code == 404
    assert not AccessEntry.objects.exists()


@pytest.mark.django_db
def test_each_clinic_has_its_own_chain_numbered_from_one(cast: Cast, signed_in: SignIn) -> None:
    for _ in range(3):
        signed_in(cast.therapist).get(reverse("clients:detail", args=[cast.pia.pk]))
    signed_in(cast.outsider).get(reverse("clients:detail", args=[cast.oscar.pk]))
    riverside = AccessEntry.objects.filter(clinic=cast.clinic).order_by("seq")
    assert list(riverside.values_list("seq", flat=True)) == [1, 2, 3]
    assert riverside[1].previous_hash == riverside[0].hash
    assert AccessEntry.objects.get(clinic=cast.other_clinic).seq == 1
    assert verify_clinic(cast.clinic.pk).broken is None
    assert verify_clinic(cast.other_clinic.pk).entries == 1


@pytest.mark.django_db
def test_entries_refuse_to_be_changed_or_deleted_through_the_app(
    cast: Cast, signed_in: SignIn
) -> None:
    signed_in(cast.therapist).get(reverse("clients:list"))
    entry = AccessEntry.objects.get()
    entry.action = "update"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


@pytest.mark.django_db
def test_audit_verify_reports_the_first_broken_link(cast: Cast, signed_in: SignIn) -> None:
    for _ in range(4):
        signed_in(cast.therapist).get(reverse("clients:detail", args=[cast.pia.pk]))
    call_command("audit", "verify")  # intact: no error
    with connection.cursor() as cursor:
        # A tamperer with database rights: on PostgreSQL they must first switch triggers off.
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute("UPDATE audit_accessentry SET status = 204 WHERE seq = 3")
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")
    report = verify_clinic(cast.clinic.pk)
    assert report.broken is not None
    assert report.broken.seq == 3
    with pytest.raises(CommandError, match="1 chain"):
        call_command("audit", "verify", "--clinic", str(cast.clinic.pk))


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_postgresql_itself_refuses_to_change_the_log(cast: Cast, signed_in: SignIn) -> None:
    assert connection.vendor == "postgresql", "the Makefile runs postgres_only tests on PostgreSQL"
    signed_in(cast.therapist).get(reverse("clients:list"))
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessEntry.objects.update(status=500)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessedRecord.objects.all().delete()


@pytest.mark.django_db
def test_the_admin_filters_the_log_by_client_and_exports_it(cast: Cast, signed_in: SignIn) -> None:
    signed_in(cast.therapist).get(reverse("clients:detail", args=[cast.pia.pk]))
    signed_in(cast.colleague).get(reverse("clients:detail", args=[cast.cal.pk]))
    admin = signed_in(cast.admin)
    page = admin.get(reverse("audit:log"), {"client": "Cooper"})
    assert page.status_code == 200
    assert len(page.context["rows"]) == 1
    assert page.context["rows"][0]["entry"].actor_id == cast.colleague.pk
    by_person = admin.get(reverse("audit:log"), {"person": str(cast.therapist.pk)})
    assert [r["entry"].actor_id for r in by_person.context["rows"]] == [cast.therapist.pk]
    csv = admin.get(reverse("audit:csv"), {"action": "view"})
    assert csv["Content-Type"].startswith("text/csv")
    text = b"".join(csv.streaming_content).decode()  # type: ignore[attr-defined]
    assert text.splitlines()[0].startswith("seq,at,actor_id")
    assert str(cast.pia.pk) in text
    assert "Pearson" not in text


@pytest.mark.django_db
def test_the_log_filter_explains_an_impossible_date_range(cast: Cast, signed_in: SignIn) -> None:
    response = signed_in(cast.admin).get(
        reverse("audit:log"), {"since": "2026-05-02", "until": "2026-05-01"}
    )
    assert response.status_code == 400
    assert "before the start date" in response.content.decode()


@pytest.mark.django_db
def test_dates_the_log_cannot_hold_get_a_message_not_an_error(
    cast: Cast, signed_in: SignIn
) -> None:
    admin = signed_in(cast.admin)
    for query in ({"until": "9999-12-31"}, {"since": "0001-01-01"}):
        assert admin.get(reverse("audit:log"), query).status_code == 400
        assert admin.get(reverse("audit:csv"), query).status_code == 400


@pytest.mark.django_db
def test_a_form_sent_back_with_errors_is_logged_because_it_showed_the_record(
    cast: Cast, signed_in: SignIn
) -> None:
    url = reverse("clients:edit", args=[cast.pia.pk])
    response = signed_in(cast.therapist).post(url, {"first_name": ""})
    assert response.status_code == 400
    entry = AccessEntry.objects.get()
    assert entry.status == 400
    assert list(entry.records.values_list("record_id", flat=True)) == [cast.pia.pk]


@pytest.mark.django_db
def test_every_token_use_is_logged_even_when_refused(cast: Cast) -> None:
    from stretchwise.accounts.tokens import create_token
    from stretchwise.clinics.models import Membership

    membership = Membership.objects.get(user=cast.therapist, clinic=cast.clinic)
    token, secret = create_token(cast.therapist, membership, "script")
    web = WebClient(headers={"Authorization": f"Bearer {secret}"})
    assert web.get(f"/api/v1/clients/{cast.oscar.pk}").status_code == 404
    entry = AccessEntry.objects.get(token_id=token.pk)
    assert entry.status == 404
    assert list(entry.records.values_list("kind", flat=True)) == ["api_token"]


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_clients_address_is_logged(
    cast: Cast, signed_in: SignIn, settings: object
) -> None:
    settings.TRUSTED_PROXIES = 1  # type: ignore[attr-defined]
    signed_in(cast.therapist).get(
        reverse("clients:detail", args=[cast.pia.pk]),
        headers={"X-Forwarded-For": "10.9.9.9, 203.0.113.7"},
        REMOTE_ADDR="127.0.0.1",
    )
    assert AccessEntry.objects.get().ip_address == "203.0.113.7"


@pytest.mark.django_db
def test_with_a_chain_key_the_log_verifies_only_with_that_key(
    cast: Cast, signed_in: SignIn, settings: object
) -> None:
    settings.AUDIT_CHAIN_KEY = "kept-outside-the-database"  # type: ignore[attr-defined]
    signed_in(cast.therapist).get(reverse("clients:detail", args=[cast.pia.pk]))
    assert verify_clinic(cast.clinic.pk).broken is None
    settings.AUDIT_CHAIN_KEY = ""  # type: ignore[attr-defined]
    assert verify_clinic(cast.clinic.pk).broken is not None


@pytest.mark.django_db
def test_the_csv_export_never_hands_a_spreadsheet_a_formula(cast: Cast, signed_in: SignIn) -> None:
    cast.colleague.full_name = "=HYPERLINK(1)"
    cast.colleague.save()
    signed_in(cast.colleague).get(reverse("clients:detail", args=[cast.cal.pk]))
    csv = signed_in(cast.admin).get(reverse("audit:csv"))
    text = b"".join(csv.streaming_content).decode()  # type: ignore[attr-defined]
    assert "'=HYPERLINK(1)" in text

"""The small named cast every Django test uses, built in code (no fixtures files).

- Riverside clinic (organisation "Supple"): Ada the admin, Theo the therapist, Cora a colleague.
- Hillside, a second branch of the same organisation, where Hugo works.
- Northway, another organisation: Otto the outsider and his client Oscar.
- Clients at Riverside: Pia (Theo's, with her own login), Kit (Pia's child, Theo's),
  Cal (Cora's). Pia's login sees Pia and Kit.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.test import Client as WebClient

from stretchwise.accounts.models import User
from stretchwise.clients.models import Client, ClientLink
from stretchwise.clinics.models import Clinic, Membership, Organisation, Role
from stretchwise.screening.document import Intake

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

    Response = _MonkeyPatchedWSGIResponse  # what the test client answers

PASSWORD = "correct horse battery staple"


@dataclass
class Cast:
    organisation: Organisation
    clinic: Clinic
    branch: Clinic
    other_clinic: Clinic
    admin: User
    therapist: User
    colleague: User
    branch_therapist: User
    outsider: User
    client_login: User
    pia: Client
    kit: Client
    cal: Client
    oscar: Client


def person(email: str, name: str) -> User:
    return User.objects.create_user(email, PASSWORD, full_name=name)


def member(user: User, clinic: Clinic, role: str = Role.THERAPIST) -> Membership:
    return Membership.objects.create(user=user, clinic=clinic, role=role, treats_clients=True)


def client_at(
    clinic: Clinic, first: str, last: str, therapist: User | None, **extra: object
) -> Client:
    defaults: dict[str, object] = {"date_of_birth": date(1980, 5, 17), "sex": "female"}
    defaults.update(extra)
    return Client.objects.create(
        clinic=clinic,
        first_name=first,
        last_name=last,
        primary_therapist=therapist,
        **defaults,
    )


def make_cast() -> Cast:
    organisation = Organisation.objects.create(name="Supple")
    clinic = Clinic.objects.create(
        organisation=organisation, name="Riverside", time_zone="Europe/London"
    )
    branch = Clinic.objects.create(
        organisation=organisation, name="Hillside", time_zone="Europe/London"
    )
    other = Clinic.objects.create(
        organisation=Organisation.objects.create(name="Northway"),
        name="Northway",
        time_zone="America/Toronto",
    )
    admin = person("ada@riverside.example", "Ada Admin")
    therapist = person("theo@riverside.example", "Theo Therapist")
    colleague = person("cora@riverside.example", "Cora Colleague")
    branch_therapist = person("hugo@hillside.example", "Hugo Hillside")
    outsider = person("otto@northway.example", "Otto Outsider")
    member(admin, clinic, Role.ADMIN)
    member(therapist, clinic)
    member(colleague, clinic)
    member(branch_therapist, branch)
    member(outsider, other, Role.ADMIN)
    pia = client_at(
        clinic, "Pia", "Pearson", therapist, email="pia@home.example", phone="07700 900111"
    )
    kit = client_at(
        clinic,
        "Kit",
        "Pearson",
        therapist,
        date_of_birth=date(2016, 2, 29),
        guardian_name="Pia Pearson",
        guardian_phone="07700 900111",
    )
    cal = client_at(clinic, "Cal", "Cooper", colleague, sex="male")
    oscar = client_at(other, "Oscar", "Olsen", outsider, sex="male")
    client_login = person("pia@home.example", "Pia Pearson")
    ClientLink.objects.create(user=client_login, client=pia, relationship="self")
    ClientLink.objects.create(user=client_login, client=kit, relationship="guardian")
    return Cast(
        organisation=organisation,
        clinic=clinic,
        branch=branch,
        other_clinic=other,
        admin=admin,
        therapist=therapist,
        colleague=colleague,
        branch_therapist=branch_therapist,
        outsider=outsider,
        client_login=client_login,
        pia=pia,
        kit=kit,
        cal=cal,
        oscar=oscar,
    )


# --- Helpers for the Django tests: who is signed in, and what forms post. ---

# The `signed_in` and `as_role` fixtures of conftest.py.
SignIn = Callable[[object], WebClient]
AsRole = Callable[[str], WebClient]

# Who the access tests sign in as. "assigned_only_colleague" is Cora after the admin has chosen
# that therapists see only the clients they are assigned to.
ROLES = (
    "admin",
    "therapist",
    "colleague",
    "assigned_only_colleague",
    "branch_therapist",
    "outsider",
    "client_login",
    "anonymous",
)


def user_for(cast: Cast, role: str) -> User | None:
    """The person behind a role name of ROLES; None for someone not signed in."""
    if role == "anonymous":
        return None
    if role == "assigned_only_colleague":
        return cast.colleague
    user: User = getattr(cast, role)
    return user


def membership_of(user: User, clinic: Clinic) -> Membership:
    return Membership.objects.get(user=user, clinic=clinic)


def client_form_data(**changes: str) -> dict[str, str]:
    """What the client form posts for a new adult client, with some fields changed."""
    data = {
        "first_name": "Nora",
        "last_name": "Newman",
        "preferred_name": "",
        "date_of_birth": "1975-04-03",
        "sex": "female",
        "email": "nora@home.example",
        "phone": "07700 900222",
        "address": "1 Quay Street",
        "emergency_contact_name": "Ned Newman",
        "emergency_contact_relationship": "Partner",
        "emergency_contact_phone": "07700 900223",
        "doctor_name": "Dr Dee",
        "doctor_practice": "Quay Practice",
        "doctor_address": "2 Quay Street",
        "doctor_phone": "01632 960 200",
        "doctor_email": "dee@practice.example",
        "guardian_name": "",
        "guardian_relationship": "",
        "guardian_phone": "",
        "guardian_email": "",
        "primary_therapist": "",
        "notes": "Stiff neck after long drives.",
    }
    data.update(changes)
    return data


def client_form_data_of(client: Client, **changes: str) -> dict[str, str]:
    """What the edit form posts for an existing client when only `changes` are made."""
    data = {
        name: str(getattr(client, name))
        for name in client_form_data()
        if name != "primary_therapist"
    }
    data["primary_therapist"] = str(client.primary_therapist_id or "")
    data.update(changes)
    return data


def consent_form_data(
    kind: str, given_by: str, name: str, given_on: date, /, **changes: str
) -> dict[str, str]:
    data = {
        "kind": kind,
        "given_by": given_by,
        "given_by_name": name,
        "method": "signed_on_tablet",
        "given_on": given_on.isoformat(),
        "read_confirmed": "on",
    }
    data.update(changes)
    return data


def visit_form_data(
    therapist: Membership, day: date, start: str = "10:00", minutes: int = 60
) -> dict[str, str]:
    return {
        "day": day.isoformat(),
        "start": start,
        "minutes": str(minutes),
        "therapist": str(therapist.pk),
    }


def page_text(response: Response) -> str:
    """The page as a person reads it: HTML entities turned back into characters."""
    return html.unescape(response.content.decode())


def assert_form_refused(response: Response, field: str | None, words: str) -> None:
    """The form came back with 400, saying `words` about `field` (None: the whole form)."""
    assert response.status_code == 400, response.status_code
    form = response.context["form"]
    errors = form.errors.get(field or "__all__", [])
    assert any(words in error for error in errors), form.errors
    assert words in page_text(response)


def fine_answers() -> dict[str, str]:
    """Every yes/no safety question of the knowledge base answered "no"."""
    from stretchwise.library.knowledge import knowledge_base

    kb = knowledge_base()
    return {q.id: "no" for q in kb.questions.values() if q.answer == "yes_no_unknown"}


def fractured_wrist(on: date) -> Intake:
    """An intake with nothing wrong but a left wrist broken a month ago (a local referral)."""
    answers = fine_answers() | {"recent-fracture": "yes"}
    return Intake.model_validate(
        {
            "date": on.isoformat(),
            "age_years": 40,
            "sex": "female",
            "answers": answers,
            "sites": [
                {
                    "kind": "recent-fracture",
                    "area": "wrist-hand",
                    "side": "left",
                    "date": (on - timedelta(days=30)).isoformat(),
                }
            ],
            "consent_confirmed": True,
        }
    )

"""The small named cast every Django test uses, built in code (no fixtures files).

- Riverside clinic (organisation "Supple"): Ada the admin, Theo the therapist, Cora a colleague.
- Hillside, a second branch of the same organisation, where Hugo works.
- Northway, another organisation: Otto the outsider and his client Oscar.
- Clients at Riverside: Pia (Theo's, with her own login), Kit (Pia's child, Theo's),
  Cal (Cora's). Pia's login sees Pia and Kit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from stretchwise.accounts.models import User
from stretchwise.clients.models import Client, ClientLink
from stretchwise.clinics.models import Clinic, Membership, Organisation, Role

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

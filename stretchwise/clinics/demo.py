"""The demo clinic that `make run` shows: a living clinic, rebuilt the same way every time.

Every record has a fixed id derived from its name, so running it again refreshes rather than
duplicates; visits move with today's date so the dashboard always has something to show.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction

from stretchwise.accounts.models import User
from stretchwise.clients.models import Client, ClientLink, Consent, ConsentKind, record_consent
from stretchwise.clinics.models import Clinic, Membership, Organisation, Role
from stretchwise.library.knowledge import knowledge_base
from stretchwise.screening.document import Intake
from stretchwise.screening.models import IntakeVersion, Source, submit_intake
from stretchwise.visits.models import Visit, VisitStatus

DEMO_PASSWORD = "stretch-demo-2026"
NAMESPACE = uuid.UUID("5d7f2a52-6c1e-4c2b-9a53-0c8d8f0e2b11")


def demo_id(name: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, name)


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str


@dataclass(frozen=True)
class DemoClient:
    first: str
    last: str
    born: date
    sex: str
    group: str
    therapist: str  # key into the team
    visits: tuple[int, ...] = ()  # days from today; negative = attended, positive = booked
    guardian: str = ""


TEAM = {
    "admin": ("admin@demo.stretchwise.example", "Olivia Hart", Role.ADMIN, True),
    "maya": ("maya@demo.stretchwise.example", "Maya Okafor", Role.THERAPIST, True),
    "tom": ("tom@demo.stretchwise.example", "Tom Lindqvist", Role.THERAPIST, True),
}

CLIENTS = [
    DemoClient(
        "Helen",
        "Marsh",
        date(1971, 3, 14),
        "female",
        "Chronic low back pain, 3 years; desk-based accountant.",
        "maya",
        (-21, -14, -7, 0),
    ),
    DemoClient(
        "Rajesh",
        "Patel",
        date(1983, 9, 2),
        "male",
        "Chronic neck and shoulder pain; long hours at a laptop.",
        "maya",
        (-10, -3, 4),
    ),
    DemoClient(
        "Aoife",
        "Byrne",
        date(1990, 6, 21),
        "female",
        "Sciatica on the left with piriformis tightness.",
        "tom",
        (-5, 0),
    ),
    DemoClient(
        "George",
        "Whitaker",
        date(1952, 11, 8),
        "male",
        "Knee osteoarthritis, both knees; wants to walk the dog further.",
        "tom",
        (-28, -14),
    ),
    DemoClient(
        "Margaret",
        "Ellis",
        date(1948, 1, 30),
        "female",
        "Hip osteoarthritis on the right; senior, uses a stick outdoors.",
        "maya",
        (2,),
    ),
    DemoClient(
        "Sofia",
        "Romano",
        date(1979, 4, 17),
        "female",
        "Fibromyalgia; flares after poor sleep.",
        "maya",
        (-12, -5, 1),
    ),
    DemoClient(
        "Daniel",
        "Kim",
        date(1995, 12, 3),
        "male",
        "Desk worker with postural strain in the upper back.",
        "tom",
        (),
    ),
    DemoClient(
        "Lena",
        "Fischer",
        date(1999, 8, 25),
        "female",
        "Amateur triathlete: tight calves and hamstrings.",
        "tom",
        (-2, 5),
    ),
    DemoClient(
        "Arthur",
        "Bell",
        date(1944, 7, 11),
        "male",
        "Senior: stiffness on rising, wants to keep gardening.",
        "maya",
        (),
    ),
    DemoClient(
        "Priya",
        "Sharma",
        date(1986, 2, 9),
        "female",
        "Post-rehabilitation after an ankle sprain; discharged by physio.",
        "tom",
        (-9, 0),
    ),
    DemoClient(
        "Owen",
        "Clarke",
        date(1968, 10, 19),
        "male",
        "Chronic low back pain with hip flexor tightness; drives for work.",
        "maya",
        (),
    ),
    DemoClient(
        "Jamie",
        "Marsh",
        date(2011, 5, 5),
        "male",
        "Youth footballer with tight hamstrings; Helen's son.",
        "tom",
        (3,),
        guardian="Helen Marsh",
    ),
]

CLIENT_LOGIN = ("helen@demo.stretchwise.example", "Helen Marsh")

# Health answers for the clients already seen, so the clearance, assessment and plan pages have
# something to show: (conditions, painful areas, answers other than "no", details).
INTAKES: dict[str, tuple[list[str], list[str], dict[str, str], dict[str, object]]] = {
    "Helen Marsh": (["chronic-low-back-pain", "desk-workers"], ["lumbar-spine"], {}, {}),
    "Rajesh Patel": (["chronic-neck-shoulder-pain", "desk-workers"], ["neck", "shoulder"], {}, {}),
    "Aoife Byrne": (
        ["sciatica"],
        ["buttock", "thigh-back"],
        {"radiating-limb-symptoms": "yes"},
        {},
    ),
    "George Whitaker": (["knee-osteoarthritis", "seniors"], ["knee"], {"hypertension": "yes"}, {}),
    "Sofia Romano": (["fibromyalgia"], ["neck", "lumbar-spine", "hip"], {}, {}),
    "Lena Fischer": (["athletes"], ["calf"], {}, {}),
    "Priya Sharma": (
        ["post-rehabilitation"],
        ["ankle-foot"],
        {"recent-fracture": "unknown", "acute-injury": "yes"},
        {"sites": [{"kind": "acute-injury", "area": "ankle-foot", "side": "right"}]},
    ),
}


def demo_logins() -> list[DemoLogin]:
    logins = [DemoLogin(email, role.label) for email, _, role, _ in TEAM.values()]
    logins.append(DemoLogin(CLIENT_LOGIN[0], "Client (and guardian of Jamie Marsh)"))
    return logins


def _user(email: str, full_name: str) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.full_name = full_name
        user.save()
    return user


@transaction.atomic
def create_demo_clinic(today: date | None = None) -> Clinic:
    organisation, _ = Organisation.objects.update_or_create(
        id=demo_id("organisation"), defaults={"name": "Supple Stretch Studios"}
    )
    clinic, _ = Clinic.objects.update_or_create(
        id=demo_id("clinic"),
        defaults={
            "organisation": organisation,
            "name": "Supple Stretch — Riverside",
            "time_zone": "Europe/London",
        },
    )
    today = today or clinic.today()
    team: dict[str, User] = {}
    for key, (email, name, role, treats) in TEAM.items():
        team[key] = _user(email, name)
        Membership.objects.update_or_create(
            user=team[key],
            clinic=clinic,
            defaults={"role": role, "treats_clients": treats, "is_active": True},
        )
    for spec in CLIENTS:
        _demo_client(clinic, spec, team, today)
    helen_login = _user(*CLIENT_LOGIN)
    for name, relationship in (("Helen Marsh", "self"), ("Jamie Marsh", "guardian")):
        ClientLink.objects.get_or_create(
            user=helen_login,
            client_id=demo_id(f"client:{name}"),
            defaults={"relationship": relationship},
        )
    return clinic


def _demo_client(clinic: Clinic, spec: DemoClient, team: dict[str, User], today: date) -> None:
    name = f"{spec.first} {spec.last}"
    slug = f"{spec.first.lower()}.{spec.last.lower()}"
    defaults: dict[str, object] = {
        "clinic": clinic,
        "first_name": spec.first,
        "last_name": spec.last,
        "date_of_birth": spec.born,
        "sex": spec.sex,
        "email": f"{slug}@example.com",
        "phone": f"07700 900{demo_id(name).int % 900 + 100:03d}",
        "notes": spec.group,
        "primary_therapist": team[spec.therapist],
        "doctor_name": "Dr Anna Reeves",
        "doctor_practice": "Riverside Medical Practice",
        "doctor_address": "12 Mill Lane\nRiverside RV1 2AB",
        "doctor_phone": "01632 960 100",
        "emergency_contact_name": spec.guardian or "Next of kin",
        "emergency_contact_relationship": "Parent" if spec.guardian else "Partner",
        "emergency_contact_phone": "07700 900 555",
        "guardian_name": spec.guardian,
        "guardian_relationship": "Mother" if spec.guardian else "",
        "guardian_phone": "07700 900 321" if spec.guardian else "",
        "archived_at": None,
    }
    client, _ = Client.objects.update_or_create(id=demo_id(f"client:{name}"), defaults=defaults)
    first_day = today + timedelta(days=min((*spec.visits, 0)) - 7)
    Client.objects.filter(pk=client.pk).update(
        created_at=datetime.combine(first_day, time(10), tzinfo=clinic.tz)
    )
    if spec.visits and not Consent.objects.filter(client=client).exists():
        for kind in (ConsentKind.TREATMENT, ConsentKind.DATA_PROCESSING):
            consent = record_consent(
                client,
                kind=kind,
                given_by="guardian" if spec.guardian else "client",
                given_by_name=spec.guardian or name,
                method="signed_on_tablet",
                given_on=first_day,
                by=team[spec.therapist],
            )
            consent.recorded_at = datetime.combine(first_day, time(10, 5), tzinfo=clinic.tz)
            consent.save(update_fields=["recorded_at"])
    if name in INTAKES and not IntakeVersion.objects.filter(client=client).exists():
        _demo_intake(client, spec, team[spec.therapist], first_day)
    for index, offset in enumerate(spec.visits):
        day = today + timedelta(days=offset)
        hour = 9 + (index * 2 + len(spec.first)) % 8
        starts_at = datetime.combine(day, time(hour, 0), tzinfo=clinic.tz)
        status = VisitStatus.ATTENDED if offset < 0 else VisitStatus.BOOKED
        Visit.objects.update_or_create(
            id=demo_id(f"visit:{name}:{index}"),
            defaults={
                "client": client,
                "therapist": team[spec.therapist],
                "starts_at": starts_at,
                "minutes": 60,
                "status": status,
                "created_by": team["admin"],
            },
        )


def _demo_intake(client: Client, spec: DemoClient, therapist: User, on: date) -> None:
    conditions, regions, answers, details = INTAKES[f"{spec.first} {spec.last}"]
    kb = knowledge_base()
    every_no = {q.id: "no" for q in kb.questions.values() if q.answer == "yes_no_unknown"}
    intake = Intake.model_validate(
        {
            "date": on.isoformat(),
            "date_of_birth": spec.born.isoformat(),
            "sex": spec.sex,
            "conditions": conditions,
            "pain": {"now": 3, "average": 4, "worst": 6, "regions": regions},
            "answers": every_no | answers,
            "consent_confirmed": True,
            **details,
        }
    )
    submit_intake(client, intake, Source.THERAPIST, therapist)

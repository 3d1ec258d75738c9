"""Fill a fresh database for the benchmarks: one clinic, one therapist, N clients.

Run with DJANGO_SETTINGS_MODULE and DATABASE_URL set; prints the API token's secret.
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta

import django


def main(count: int) -> None:
    django.setup()
    from stretchwise.accounts.models import User
    from stretchwise.accounts.tokens import create_token
    from stretchwise.clients.models import Client
    from stretchwise.clinics.models import Clinic, Membership, Organisation, Role

    rng = random.Random(20261124)
    firsts = [
        "Ada",
        "Ben",
        "Cleo",
        "Dev",
        "Eva",
        "Finn",
        "Gita",
        "Hal",
        "Ines",
        "Jon",
        "Kai",
        "Lea",
        "Mo",
        "Nia",
        "Omar",
        "Pam",
        "Quin",
        "Rosa",
        "Sam",
        "Tara",
        "Uma",
        "Vik",
    ]
    lasts = [
        "Abbott",
        "Baker",
        "Chen",
        "Diaz",
        "Evans",
        "Fox",
        "Gray",
        "Hill",
        "Iqbal",
        "Jones",
        "Khan",
        "Lopez",
        "Moss",
        "Nagy",
        "Owen",
        "Park",
        "Quinn",
        "Reed",
        "Shah",
        "Tran",
    ]
    organisation = Organisation.objects.create(name="Bench")
    clinic = Clinic.objects.create(organisation=organisation, name="Bench", time_zone="UTC")
    therapist = User.objects.create_user(
        "bench@bench.example", "bench-password-2026", full_name="Bench Therapist"
    )
    membership = Membership.objects.create(user=therapist, clinic=clinic, role=Role.THERAPIST)
    born = date(1940, 1, 1)
    batch = [
        Client(
            clinic=clinic,
            first_name=rng.choice(firsts),
            last_name=f"{rng.choice(lasts)}{i % 97}",
            date_of_birth=born + timedelta(days=rng.randrange(0, 365 * 60)),
            sex=rng.choice(["female", "male", "not_recorded"]),
            phone=f"07700 9{i:05d}",
            email=f"client{i}@bench.example",
            primary_therapist=therapist,
        )
        for i in range(count)
    ]
    Client.objects.bulk_create(batch, batch_size=1000)
    _token, secret = create_token(therapist, membership, "bench")
    print(secret)


if __name__ == "__main__":
    main(int(sys.argv[1]))

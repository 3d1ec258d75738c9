from __future__ import annotations

import zoneinfo
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.db import transaction

from stretchwise.accounts.invitations import set_password_path
from stretchwise.accounts.models import User, normalise_email
from stretchwise.clinics.models import Clinic, DoctorTerm, Membership, Organisation, Role


class Command(BaseCommand):
    help = (
        "Start a new organisation with its first clinic and its admin, and print the one-time "
        "link the admin opens to choose a password."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="Name of the organisation (the clinic or chain)")
        parser.add_argument("--clinic", help="Name of the first clinic (default: as organisation)")
        parser.add_argument("--time-zone", default="UTC", help="e.g. Europe/London")
        parser.add_argument(
            "--doctor-term",
            default=DoctorTerm.GP,
            choices=DoctorTerm.values,
            help="The clinic's word for the family doctor",
        )
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-name", required=True)
        parser.add_argument(
            "--base-url", default="http://127.0.0.1:8000", help="Where the site is served"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = normalise_email(options["admin_email"])
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not an e-mail address.") from None
        if options["time_zone"] not in zoneinfo.available_timezones():
            raise CommandError(f"Unknown time zone {options['time_zone']!r}, e.g. Europe/London.")
        if User.objects.filter(email=email).exists():
            raise CommandError(f"{email} already has an account; use another address.")
        with transaction.atomic():
            organisation = Organisation.objects.create(name=options["organisation"])
            clinic = Clinic.objects.create(
                organisation=organisation,
                name=options["clinic"] or options["organisation"],
                time_zone=options["time_zone"],
                doctor_term=options["doctor_term"],
            )
            admin = User.objects.create_user(email, full_name=options["admin_name"])
            Membership.objects.create(
                user=admin, clinic=clinic, role=Role.ADMIN, treats_clients=True
            )
        link = options["base_url"].rstrip("/") + set_password_path(admin)
        self.stdout.write(self.style.SUCCESS(f"Created {clinic.name} with admin {email}."))
        self.stdout.write(f"Send them this link to choose a password (valid for 3 days):\n{link}")

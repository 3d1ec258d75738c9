from __future__ import annotations

import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stretchwise.audit.verify import verify_clinic
from stretchwise.clinics.models import Clinic


class Command(BaseCommand):
    help = "Work with the access log. `audit verify` checks every clinic's hash chain."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser("verify", help="Check the chains and report the first broken link")
        verify.add_argument("--clinic", help="Only this clinic (its id)")

    def handle(self, *args: Any, **options: Any) -> None:
        clinics = Clinic.objects.order_by("name")
        if options.get("clinic"):
            try:
                clinics = clinics.filter(pk=uuid.UUID(options["clinic"]))
            except ValueError:
                raise CommandError(f"{options['clinic']!r} is not a clinic id.") from None
            if not clinics.exists():
                raise CommandError(f"No clinic has the id {options['clinic']}.")
        broken = 0
        for clinic in clinics:
            report = verify_clinic(clinic.pk)
            if report.broken is None:
                self.stdout.write(
                    f"ok      {clinic.name} ({clinic.pk}): {report.entries} entries, "
                    f"head {report.head_hash[:16] or '-'}"
                )
            else:
                broken += 1
                self.stdout.write(
                    self.style.ERROR(
                        f"BROKEN  {clinic.name} ({clinic.pk}): at entry {report.broken.seq}, "
                        f"{report.broken.reason}"
                    )
                )
        if broken:
            raise CommandError(f"{broken} chain(s) broken.")

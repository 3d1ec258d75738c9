from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from stretchwise.clinics.demo import DEMO_PASSWORD, create_demo_clinic, demo_logins


class Command(BaseCommand):
    help = "Create or refresh the demo clinic (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        clinic = create_demo_clinic()
        self.stdout.write(self.style.SUCCESS(f"Demo clinic ready: {clinic.name}"))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for login in demo_logins():
            self.stdout.write(f"  {login.email:<38} {login.role}")

"""Run daily (cron): `python manage.py clearance_reminders`. Tells volunteers, and whoever posted
the roles they are approved for, about clearances expiring within 30 days (once each)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from village.community.actions import remind_expiring_clearances


class Command(BaseCommand):
    help = "Queue reminders about volunteers' clearances that expire within 30 days. Run daily."

    def handle(self, *args: object, **options: object) -> None:
        reminded = remind_expiring_clearances()
        self.stdout.write(f"Clearances reminded: {reminded}")

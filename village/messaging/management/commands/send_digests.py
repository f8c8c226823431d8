"""Run once a day (cron): `python manage.py send_digests`. Sends each person who chose a daily
summary for some messages one message gathering them (see `messaging.actions.digests`)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from village.messaging.actions.digests import send_digests


class Command(BaseCommand):
    help = "Send each person's daily summary of the messages waiting for it (none to a person with nothing waiting)."

    def handle(self, *args: object, **options: object) -> None:
        sent = send_digests()
        self.stdout.write(f"{sent} daily summaries sent.")

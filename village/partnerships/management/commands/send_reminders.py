"""Run daily (cron): `python manage.py send_reminders`. Queues agreement-expiry and overdue reminders."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from village.messaging.actions import retry_failed_deliveries
from village.partnerships.tasks import send_reminders_task


class Command(BaseCommand):
    help = "Queue reminders: agreements ending in 60, 30 and 7 days; overdue milestones and tasks. Run daily."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="Pretend today is this date (YYYY-MM-DD), for testing.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options.get("date") or timezone.localdate().isoformat()
        with transaction.atomic():
            retried = retry_failed_deliveries()
            transaction.on_commit(lambda: send_reminders_task.enqueue(today))
        self.stdout.write(f"Reminders queued for {today}; {retried} failed deliveries retried.")

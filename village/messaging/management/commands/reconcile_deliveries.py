"""Run every few minutes (cron): `python manage.py reconcile_deliveries`. Settles deliveries left
"being sent" by a worker that stopped (see `messaging.actions.reconcile_sending`), and sends the
messages that waited for the end of someone's quiet hours (`messaging.actions.release_due`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from village.messaging.actions import reconcile_sending
from village.messaging.actions.waiting import release_due


class Command(BaseCommand):
    help = (
        'Settle deliveries left "being sent" by a worker that stopped (texts are looked up, emails held), '
        "and send messages whose quiet hours are over."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            counts = reconcile_sending()
            released = release_due()
        texts, emails = counts["texts_retried"], counts["emails_stopped"]
        self.stdout.write(f"{texts} texts to look up and retry; {emails} emails held for a person.")
        self.stdout.write(f"{released} messages sent after quiet hours.")

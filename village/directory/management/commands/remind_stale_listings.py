"""Remind partner staff, through the outbox, of directory listings nobody has checked for a while."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from village.directory.reminders import remind_stale_listings


class Command(BaseCommand):
    help = "Remind partner staff of directory listings not verified within VILLAGE_STALE_LISTING_DAYS."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(f"reminders: {remind_stale_listings()}")

"""Run daily (cron): `python manage.py mentoring_check_ins`. Once a month, asks both sides of every
mentoring match active for two weeks or more how it goes (the family in its language by the
channels it chose, the mentor by email in theirs); a month already asked is left alone."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from village.community.actions.mentoring import request_check_ins


class Command(BaseCommand):
    help = "Ask this month's mentoring check-ins of the matches not asked yet. Run daily."

    def handle(self, *args: object, **options: object) -> None:
        asked = request_check_ins()
        self.stdout.write(f"Check-ins asked: {asked}")
